package http

import (
	"bytes"
	"io"
	nethttp "net/http"
	"strconv"
	"sync"
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

// readBody reads the request body into buf (grown as needed) and returns
// it: at most limit bytes (no limit when limit <= 0), 413
// PAYLOAD_TOO_LARGE beyond, 400 if reading fails. A body of known length
// is read in one piece: net/http enforces Content-Length, so no limiting
// reader is needed.
func readBody(w nethttp.ResponseWriter, r *nethttp.Request, limit int64, buf []byte) ([]byte, error) {
	if r.Body == nil || r.Body == nethttp.NoBody {
		return buf[:0], nil
	}
	if limit > 0 && r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	if n := r.ContentLength; n >= 0 {
		if int64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(r.Body, buf); err != nil {
			return nil, badRequest("cannot read the request body: %v", err)
		}
		return buf, nil
	}
	// Unknown length (chunked): read at most one byte past the limit.
	var rd io.Reader = r.Body
	if limit > 0 {
		rd = io.LimitReader(r.Body, limit+1)
	}
	bb := bytes.NewBuffer(buf[:0])
	if _, err := bb.ReadFrom(rd); err != nil {
		return nil, badRequest("cannot read the request body: %v", err)
	}
	if limit > 0 && int64(bb.Len()) > limit {
		// The rest of the body stays unread; do not reuse the connection.
		w.Header().Set("Connection", "close")
		return nil, tooLarge(limit)
	}
	return bb.Bytes(), nil
}

// Header values shared by every response. Each slice has len == cap, so a
// Header.Add on the same key copies instead of writing into it.
var (
	headerJSON  = []string{mimeJSON}
	headerProto = []string{mimeProto}
	headerAlt   = []string{mimeProtoAlt}
	headerVary  = []string{"Accept"}
)

// setContentType sets the Content-Type of a response without allocating
// for the types Bia writes most.
func setContentType(h nethttp.Header, contentType string) {
	switch contentType {
	case mimeJSON:
		h["Content-Type"] = headerJSON
	case mimeProto:
		h["Content-Type"] = headerProto
	case mimeProtoAlt:
		h["Content-Type"] = headerAlt
	default:
		h.Set("Content-Type", contentType)
	}
}

// addVaryAccept records that the reply depends on the Accept header.
func addVaryAccept(h nethttp.Header) {
	if _, ok := h["Vary"]; ok {
		h.Add("Vary", "Accept")
		return
	}
	h["Vary"] = headerVary
}

// chunkThreshold is the body size up to which net/http sets Content-Length
// itself (its buffer before it switches to chunked encoding); larger
// bodies get an explicit Content-Length.
const chunkThreshold = 2048

// writeBody writes a 200 response.
func writeBody(w nethttp.ResponseWriter, contentType string, b []byte) {
	h := w.Header()
	setContentType(h, contentType)
	if len(b) > chunkThreshold {
		h.Set("Content-Length", strconv.Itoa(len(b)))
	}
	w.WriteHeader(nethttp.StatusOK)
	_, _ = w.Write(b)
}
