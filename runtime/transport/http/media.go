package http

import (
	"fmt"
	"mime"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// Media types Bia reads and writes itself.
const (
	mimeJSON     = "application/json"
	mimeProto    = "application/x-protobuf"
	mimeProtoAlt = "application/proto"
	mimeForm     = "application/x-www-form-urlencoded"
	mimeOctet    = "application/octet-stream"
)

// medium is one entry of a media table: a media type and the codec that
// reads and writes bodies of that type.
type medium struct {
	// mediaType is the type, lower case, without parameters; replies of
	// this medium are sent with it as their Content-Type.
	mediaType string
	// label names the encoding in error messages: "JSON", "protobuf".
	label    string
	codec    Codec
	appender AppendMarshaler // codec as an AppendMarshaler; nil if it is not one
	// textual media types take only the UTF-8 charset.
	textual bool
	// reply media types are offered by Accept negotiation; a form is a
	// request encoding only.
	reply bool
}

// mediaTable maps media types to codecs: the one place where a
// Content-Type is parsed, a reply type negotiated and a body encoded or
// decoded, for the server and the client alike. It is built once (per
// server, per client) and read-only afterwards.
type mediaTable struct {
	byType  map[string]*medium // by media type, and by common Content-Type spellings
	json    *medium            // no Content-Type means JSON
	offers  []*medium          // reply types, in order of preference on ties
	streams []streamMedium     // server stream types, in order of preference on ties
	known   string             // the media types read, for error messages
	// fieldIn and fieldOut read and write repeated, map and scalar body
	// and response_body fields, which are always proto3 JSON.
	fieldIn  protojson.UnmarshalOptions
	fieldOut protojson.MarshalOptions
}

// newMediaTable returns the table of the built-in media types, JSON
// through json, and then the added codecs, each replacing the entry of its
// media type or adding one. It fails on a nil codec or a ContentType that
// does not parse.
func newMediaTable(json JSONCodec, added []Codec) (*mediaTable, error) {
	t := &mediaTable{
		byType:   make(map[string]*medium),
		streams:  streamMedia(),
		fieldIn:  json.unmarshalOptions(),
		fieldOut: json.marshalOptions(),
	}
	builtIn := []*medium{
		{mediaType: mimeJSON, label: "JSON", codec: json, textual: true, reply: true},
		{mediaType: mimeProto, label: "protobuf", codec: ProtoCodec{}, reply: true},
		{mediaType: mimeProtoAlt, label: "protobuf", codec: ProtoCodec{}, reply: true},
		{mediaType: mimeForm, label: "form", codec: FormCodec{}, textual: true},
	}
	for _, m := range builtIn {
		t.add(m)
	}
	for _, c := range added {
		if c == nil {
			return nil, fmt.Errorf("http: nil Codec")
		}
		mt, _, err := mime.ParseMediaType(c.ContentType())
		if err != nil {
			return nil, fmt.Errorf("http: codec %q: content type %q: %w", c.Name(), c.ContentType(), err)
		}
		m := &medium{mediaType: mt, label: c.Name(), codec: c, reply: true}
		if prev := t.byType[mt]; prev != nil {
			m.textual, m.reply = prev.textual, prev.reply
		}
		t.add(m)
	}
	t.json = t.byType[mimeJSON]
	// Fast lookups of the spellings clients send most, without parsing.
	for _, s := range []string{"application/json; charset=utf-8", "application/json;charset=utf-8", "application/json; charset=UTF-8"} {
		t.byType[s] = t.json
	}
	names := make([]string, 0, len(t.offers)+1)
	for _, m := range t.offers {
		names = append(names, m.mediaType)
	}
	t.known = strings.Join(append(names, mimeForm), ", ")
	return t, nil
}

// add puts m in the table, replacing the entry of its type in place (so
// the order of reply offers stays: built-in types first).
func (t *mediaTable) add(m *medium) {
	m.appender, _ = m.codec.(AppendMarshaler)
	if prev := t.byType[m.mediaType]; prev != nil {
		*prev = *m
		return
	}
	t.byType[m.mediaType] = m
	if m.reply {
		t.offers = append(t.offers, m)
	}
}

// lookup returns the medium of a Content-Type header value: JSON when it
// is empty, else the entry of its media type. A type that does not parse,
// that no codec reads, or a textual type with a charset other than UTF-8
// gives a 415 UNSUPPORTED_MEDIA_TYPE error naming the type. The common
// spellings cost a map lookup.
func (t *mediaTable) lookup(contentType string) (*medium, error) {
	if contentType == "" {
		return t.json, nil
	}
	if m := t.byType[contentType]; m != nil {
		return m, nil
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, unsupportedType(contentType, "it cannot be parsed")
	}
	m := t.byType[mt]
	if m == nil {
		return nil, unsupportedType(contentType, "the types read are "+t.known)
	}
	if cs, ok := params["charset"]; ok && m.textual && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return nil, unsupportedType(contentType, "only the utf-8 charset is supported")
	}
	return m, nil
}

// bodyTarget is where a body goes: the whole message, or one of its
// fields (a body "field" rule, a response_body).
type bodyTarget struct {
	// field is the field the body fills; nil for the whole message.
	field protoreflect.FieldDescriptor
	// form is a form Decoder built once for the type of the message the
	// body fills; nil to build one per call.
	form *form.Decoder
}

// decode decodes data, a body with the given Content-Type, into msg or
// into its tgt.field:
//
//   - a repeated, map or scalar field reads only proto3 JSON (an array, an
//     object, a scalar);
//   - a google.api.HttpBody receives data and the Content-Type as they
//     are, whatever they are;
//   - any other message is decoded by the codec of the Content-Type.
//
// An empty body leaves anything but an HttpBody untouched. Errors are 415
// for a type that cannot be read, 400 for a body that does not decode.
func (t *mediaTable) decode(contentType string, data []byte, msg protoreflect.Message, tgt *bodyTarget) error {
	if fd := tgt.field; fd != nil && !isMessageField(fd) {
		if len(data) == 0 {
			return nil
		}
		if m, err := t.lookup(contentType); err != nil || m != t.json {
			return unsupportedType(contentType, fmt.Sprintf("body field %s is not a message; send it as JSON", fd.Name()))
		}
		return decodeFieldJSON(t.fieldIn, data, msg, fd)
	}
	target := msg
	if tgt.field != nil {
		if len(data) == 0 && !isHTTPBody(tgt.field.Message()) {
			return nil
		}
		target = msg.Mutable(tgt.field).Message()
	}
	if isHTTPBody(target.Descriptor()) {
		setHTTPBody(target, contentType, data)
		return nil
	}
	if len(data) == 0 {
		return nil
	}
	m, err := t.lookup(contentType)
	if err != nil {
		return err
	}
	if fc, ok := m.codec.(FormCodec); ok && tgt.form != nil {
		err = fc.unmarshalWith(tgt.form, data, target.Interface())
	} else {
		err = m.codec.Unmarshal(data, target.Interface())
	}
	if err != nil {
		return badRequest("invalid %s body: %v", m.label, err)
	}
	return nil
}

// encode encodes msg, or its field fd when fd is not nil, as a body of
// medium m, and returns the bytes and their Content-Type:
//
//   - a repeated, map or scalar field as proto3 JSON, whatever m is;
//   - a google.api.HttpBody as its data, with its content type ("" when
//     it has none);
//   - any other message with m's codec, appended to *buf when the codec
//     is an AppendMarshaler and buf is not nil (*buf is then the grown
//     buffer, for reuse).
//
// The bytes may alias msg (an HttpBody's data) or *buf.
func (t *mediaTable) encode(m *medium, buf *[]byte, msg protoreflect.Message, fd protoreflect.FieldDescriptor) ([]byte, string, error) {
	if fd != nil && !isMessageField(fd) {
		b, err := marshalFieldJSON(t.fieldOut, msg, fd)
		return b, mimeJSON, err
	}
	target := msg
	if fd != nil {
		target = msg.Get(fd).Message()
	}
	if isHTTPBody(target.Descriptor()) {
		data, ct := httpBodyOf(target)
		return data, ct, nil
	}
	if m.appender != nil && buf != nil {
		b, err := m.appender.MarshalAppend((*buf)[:0], target.Interface())
		if err == nil {
			*buf = b
		}
		return b, m.mediaType, err
	}
	b, err := m.codec.Marshal(target.Interface())
	return b, m.mediaType, err
}

// isMessageField reports a singular message field.
func isMessageField(fd protoreflect.FieldDescriptor) bool {
	return fd.Message() != nil && !fd.IsList() && !fd.IsMap()
}
