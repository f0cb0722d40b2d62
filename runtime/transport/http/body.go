package http

import (
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"sync"
	"time"

	"github.com/bia-go/bia/runtime/errors"
)

// buffers recycles the byte slices that request bodies are read into and
// replies are marshalled into. A body buffer is free again once the body is
// decoded (the JSON, protobuf and form decoders copy what they keep; an
// HttpBody body is handed to the handler, so it is never read into a
// pooled buffer), a reply buffer once ResponseWriter.Write returned (it
// copies or sends the bytes).
type buffers struct{ pool sync.Pool }

// maxPooledBuffer is the largest buffer kept for reuse, so one huge request
// does not pin its memory.
const maxPooledBuffer = 64 << 10

func (b *buffers) get() *[]byte {
	if p, ok := b.pool.Get().(*[]byte); ok {
		return p
	}
	buf := make([]byte, 0, 1024)
	return &buf
}

func (b *buffers) put(p *[]byte) {
	if cap(*p) > maxPooledBuffer {
		return
	}
	*p = (*p)[:0]
	b.pool.Put(p)
}

// readBody reads the request body into buf and returns it: at most
// MaxBodySize bytes (413 PAYLOAD_TOO_LARGE beyond, the connection then
// closed), 400 INVALID_ARGUMENT if reading fails, 408 REQUEST_TIMEOUT when
// the client stalls (see BodyReadTimeout).
//
// The buffer grows as bytes arrive, never ahead of them: a client that
// declares a large Content-Length and sends nothing costs no memory.
func (s *Server) readBody(w nethttp.ResponseWriter, r *nethttp.Request, buf []byte) ([]byte, error) {
	buf = buf[:0]
	if r.Body == nil || r.Body == nethttp.NoBody {
		return buf, nil
	}
	limit := s.opts.maxBodySize
	if limit > 0 && r.ContentLength > limit {
		// The body stays unread; do not reuse the connection.
		w.Header().Set("Connection", "close")
		return nil, tooLarge(limit)
	}
	dl := s.startBodyDeadline(w)
	buf, err := s.readBodyInto(w, r, buf, &dl)
	dl.stop(err == nil)
	return buf, err
}

// readBodyInto is the reading loop of readBody.
func (s *Server) readBodyInto(w nethttp.ResponseWriter, r *nethttp.Request, buf []byte, dl *bodyDeadline) ([]byte, error) {
	limit := s.opts.maxBodySize
	hint := capHint(r.ContentLength, limit)
	for {
		if len(buf) == cap(buf) {
			if hint < 0 || int64(cap(buf)) < hint {
				buf = growBody(buf, hint)
			} else {
				// As large as the body can be: one more read, into a
				// byte on the stack, should give io.EOF.
				var probe [1]byte
				n, err := r.Body.Read(probe[:])
				buf = append(buf, probe[:n]...)
				if err2 := s.bodyError(w, limit, len(buf), err); err2 != nil {
					return nil, err2
				}
				if err == io.EOF {
					return buf, nil
				}
				continue
			}
		}
		n, err := r.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err2 := s.bodyError(w, limit, len(buf), err); err2 != nil {
			return nil, err2
		}
		if err == io.EOF {
			return buf, nil
		}
		if n > 0 {
			dl.progress(len(buf))
		}
	}
}

// bodyError is the error of a body read that returned err with size bytes
// read so far: 413 over the limit, 408 on the read deadline, 400 on other
// failures, nil otherwise (io.EOF included).
func (s *Server) bodyError(w nethttp.ResponseWriter, limit int64, size int, err error) error {
	if limit > 0 && int64(size) > limit {
		w.Header().Set("Connection", "close")
		return tooLarge(limit)
	}
	if err == nil || err == io.EOF {
		return nil
	}
	w.Header().Set("Connection", "close")
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return errors.New(nethttp.StatusRequestTimeout, errors.ReasonRequestTimeout,
			"the request body stopped arriving (the server's body read timeout passed)")
	}
	return badRequest("cannot read the request body: %v", err)
}

// capHint is the size a body buffer never needs to exceed: the declared
// length, or one byte over the limit (to tell a body over it), or -1 when
// neither bounds it.
func capHint(contentLength, limit int64) int64 {
	switch {
	case contentLength >= 0:
		return contentLength
	case limit > 0:
		return limit + 1
	}
	return -1
}

// growBody returns buf with more room: double its capacity (at least 4
// KiB), but no more than hint when hint >= 0.
func growBody(buf []byte, hint int64) []byte {
	n := max(2*cap(buf), 4096)
	if hint >= 0 && int64(n) > hint {
		n = int(hint)
	}
	if n <= cap(buf) {
		n = cap(buf) + 1
	}
	grown := make([]byte, len(buf), n)
	copy(grown, buf)
	return grown
}

// bodyDeadline keeps a read deadline on the connection while a body is
// read: idle after the last progress, and never later than the minimum
// rate allows (idle plus one second per BodyMinRate bytes received since
// the start), so a client trickling bytes is cut as surely as one that
// stops.
type bodyDeadline struct {
	rc    readDeadliner // nil: no deadline
	start time.Time
	idle  time.Duration
	rate  int64
}

// startBodyDeadline sets the first deadline; the result has a nil rc when
// the server has no body timeout, a ReadTimeout (which bounds the whole
// request, and which a later deadline must not extend), or a
// ResponseWriter that cannot set read deadlines (a test recorder, or a
// filter's wrapper without Unwrap).
func (s *Server) startBodyDeadline(w nethttp.ResponseWriter) bodyDeadline {
	d := bodyDeadline{idle: s.opts.bodyTimeout, rate: s.opts.bodyMinRate}
	if d.idle <= 0 || s.opts.readTimeout > 0 {
		return d
	}
	rc := findReadDeadliner(w)
	if rc == nil {
		return d
	}
	d.start = time.Now()
	if rc.SetReadDeadline(d.start.Add(d.idle)) == nil {
		d.rc = rc
	}
	return d
}

// readDeadliner is what sets a connection's (or an HTTP/2 stream's) read
// deadline: net/http's ResponseWriters.
type readDeadliner interface {
	SetReadDeadline(time.Time) error
}

// findReadDeadliner returns what sets the read deadline of w, unwrapping
// it as net/http.ResponseController does, or nil. Unlike the controller it
// costs nothing when there is none (a test recorder), where the
// controller formats an error.
func findReadDeadliner(w nethttp.ResponseWriter) readDeadliner {
	for {
		switch t := w.(type) {
		case readDeadliner:
			return t
		case interface{ Unwrap() nethttp.ResponseWriter }:
			w = t.Unwrap()
		default:
			return nil
		}
	}
}

// progress moves the deadline after a read brought the body to size
// bytes.
func (d *bodyDeadline) progress(size int) {
	if d.rc == nil {
		return
	}
	next := time.Now().Add(d.idle)
	if d.rate > 0 {
		byRate := d.start.Add(d.idle + time.Duration(int64(size)*int64(time.Second)/d.rate))
		if byRate.Before(next) {
			next = byRate
		}
	}
	_ = d.rc.SetReadDeadline(next)
}

// stop ends the deadline after a body read whole: net/http then watches
// the connection for the client going away, and a deadline passing would
// cancel the call. After a failed read the deadline stays: passed when the
// client stalled, so net/http closes the connection at once instead of
// waiting to discard the rest of the body; still running when the body
// was too large, so net/http discards a little of it (letting the client
// read the 413) and then closes.
func (d *bodyDeadline) stop(ok bool) {
	if ok && d.rc != nil {
		_ = d.rc.SetReadDeadline(time.Time{})
	}
}

func tooLarge(limit int64) *errors.Error {
	return errors.New(nethttp.StatusRequestEntityTooLarge, errors.ReasonPayloadTooLarge,
		fmt.Sprintf("request body larger than %d bytes", limit))
}

func unsupportedType(contentType, why string) *errors.Error {
	return errors.New(nethttp.StatusUnsupportedMediaType, errors.ReasonUnsupportedMediaType,
		fmt.Sprintf("unsupported Content-Type %q: %s", contentType, why))
}

func badRequest(format string, a ...any) *errors.Error {
	return errors.Newf(nethttp.StatusBadRequest, errors.ReasonInvalidArgument, format, a...)
}
