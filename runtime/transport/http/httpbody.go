package http

import (
	"fmt"
	nethttp "net/http"
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

func tooLarge(limit int64) *errors.Error {
	return errors.New(nethttp.StatusRequestEntityTooLarge, ReasonPayloadTooLarge,
		fmt.Sprintf("request body larger than %d bytes", limit))
}

func unsupportedType(contentType, why string) *errors.Error {
	return errors.New(nethttp.StatusUnsupportedMediaType, ReasonUnsupportedMediaType,
		fmt.Sprintf("unsupported Content-Type %q: %s", contentType, why))
}
