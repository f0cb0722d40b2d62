package http

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// httpBodyName is the message that carries raw bytes and their content type
// instead of being encoded: a request (or body field) of this type receives
// the body as is, a reply (or response_body field) is written as is.
const httpBodyName protoreflect.FullName = "google.api.HttpBody"

func isHTTPBody(md protoreflect.MessageDescriptor) bool {
	return md != nil && md.FullName() == httpBodyName
}

// setHTTPBody fills a google.api.HttpBody from a body and its Content-Type.
func setHTTPBody(m protoreflect.Message, contentType string, data []byte) {
	fields := m.Descriptor().Fields()
	if contentType != "" {
		m.Set(fields.ByName("content_type"), protoreflect.ValueOfString(strings.ToValidUTF8(contentType, "\uFFFD")))
	}
	m.Set(fields.ByName("data"), protoreflect.ValueOfBytes(data))
}

// httpBodyOf returns the data and the content type of a
// google.api.HttpBody.
func httpBodyOf(m protoreflect.Message) ([]byte, string) {
	fields := m.Descriptor().Fields()
	return m.Get(fields.ByName("data")).Bytes(), m.Get(fields.ByName("content_type")).String()
}
