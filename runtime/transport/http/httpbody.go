package http

import (
	"bytes"
	"fmt"
	nethttp "net/http"
	"strconv"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/runtime/errors"
)

// httpBodyName is the message that carries raw bytes and their content type
// instead of being encoded: a request (or body field) of this type receives
// the body as is, a reply (or response_body field) is written as is.
const httpBodyName protoreflect.FullName = "google.api.HttpBody"

func isHTTPBody(md protoreflect.MessageDescriptor) bool {
	return md != nil && md.FullName() == httpBodyName
}

// setHTTPBody fills a google.api.HttpBody from a request body.
func setHTTPBody(m protoreflect.Message, contentType string, data []byte) {
	fields := m.Descriptor().Fields()
	if contentType != "" {
		m.Set(fields.ByName("content_type"), protoreflect.ValueOfString(strings.ToValidUTF8(contentType, "\uFFFD")))
	}
	m.Set(fields.ByName("data"), protoreflect.ValueOfBytes(data))
}

// writeHTTPBody writes a google.api.HttpBody as the response: its data with
// its content type, application/octet-stream when it has none.
func writeHTTPBody(w nethttp.ResponseWriter, m protoreflect.Message) {
	fields := m.Descriptor().Fields()
	ct := m.Get(fields.ByName("content_type")).String()
	if ct == "" {
		ct = mimeOctet
	}
	writeBody(w, ct, m.Get(fields.ByName("data")).Bytes())
}

// writeBody writes a 200 response.
func writeBody(w nethttp.ResponseWriter, contentType string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(nethttp.StatusOK)
	_, _ = w.Write(b)
}

// readBody reads the request body, at most limit bytes (no limit when
// limit <= 0): 413 PAYLOAD_TOO_LARGE beyond, 400 if reading fails.
func readBody(w nethttp.ResponseWriter, r *nethttp.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == nethttp.NoBody {
		return nil, nil
	}
	if limit > 0 && r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	body := r.Body
	if limit > 0 {
		body = nethttp.MaxBytesReader(w, r.Body, limit)
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	if _, err := buf.ReadFrom(body); err != nil {
		var mbe *nethttp.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(limit)
		}
		return nil, badRequest("cannot read the request body: %v", err)
	}
	return buf.Bytes(), nil
}

func tooLarge(limit int64) *errors.Error {
	return errors.New(nethttp.StatusRequestEntityTooLarge, ReasonPayloadTooLarge,
		fmt.Sprintf("request body larger than %d bytes", limit))
}

func unsupportedType(contentType, why string) *errors.Error {
	return errors.New(nethttp.StatusUnsupportedMediaType, ReasonUnsupportedMediaType,
		fmt.Sprintf("unsupported Content-Type %q: %s", contentType, why))
}
