package harness

import (
	"bytes"
	"net/http"
)

// Recorder is a minimal net/http.ResponseWriter for benchmarks: Reset
// empties it for the next request while keeping its header map and body
// buffer, so recording a reply costs next to nothing after the first one.
// Unlike httptest.ResponseRecorder it keeps no snapshot of the header and
// implements none of net/http's optional interfaces (Flusher, Hijacker)
// but io.StringWriter.
type Recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{header: make(http.Header)} }

// Header returns the reply header map.
func (w *Recorder) Header() http.Header { return w.header }

// WriteHeader records code unless a status was recorded already.
func (w *Recorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

// Write appends p to the body, recording status 200 first if no status was
// recorded, as net/http does.
func (w *Recorder) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.body.Write(p)
}

// WriteString is Write for a string, without converting it to a byte
// slice (net/http's ResponseWriter has it too, for io.WriteString).
func (w *Recorder) WriteString(s string) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.body.WriteString(s)
}

// Code returns the recorded status: 200 when the handler wrote nothing and
// called no WriteHeader, as net/http would send.
func (w *Recorder) Code() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Body returns the recorded body; it is valid until the next Reset or
// Write.
func (w *Recorder) Body() []byte { return w.body.Bytes() }

// Reset forgets the recorded status, header and body, keeping the memory
// for the next request.
func (w *Recorder) Reset() {
	clear(w.header)
	w.code = 0
	w.body.Reset()
}
