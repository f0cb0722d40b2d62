package http

import (
	"fmt"
	"mime"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// clientFormat returns the format of a request content type and the media
// type sent in the Content-Type header.
func clientFormat(contentType string) (format, string, error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, "", fmt.Errorf("content type %q cannot be parsed: %w", contentType, err)
	}
	switch mt {
	case mimeJSON:
		return formatJSON, mimeJSON, nil
	case mimeProto, mimeProtoAlt:
		return formatProto, mt, nil
	case mimeForm:
		return formatForm, mimeForm, nil
	}
	return 0, "", fmt.Errorf("content type %q is not one the client encodes (%s, %s, %s or %s)",
		contentType, mimeJSON, mimeProto, mimeProtoAlt, mimeForm)
}

// acceptFor is the Accept header asking for replies in the encoding of
// requests: JSON for forms, which are a request encoding only.
func acceptFor(f format, mediaType string) string {
	if f == formatForm {
		return mimeJSON
	}
	return mediaType
}

// body returns the request body for msg and its Content-Type; ok is false
// when the rule sends no body. mediaType is the type of format f.
//
//   - body "*": msg in format f;
//   - body "field", a message field: that field in format f, nothing when
//     it is unset (the server then leaves it unset too);
//   - body "field", a repeated, map or scalar field: its proto3 JSON value
//     (an array, an object, a scalar), whatever f is, as the server reads
//     no other format there;
//   - a google.api.HttpBody request or body field: its data, with its
//     content type (none when empty).
func (p *callPlan) body(msg protoreflect.Message, f format, mediaType string, codec Codec) (data []byte, contentType string, ok bool, err error) {
	target := msg
	switch {
	case p.bodyAll:
	case p.bodyField == nil:
		return nil, "", false, nil
	case !isMessageField(p.bodyField):
		data, err = marshalFieldJSON(protojson.MarshalOptions{}, msg, p.bodyField)
		return data, mimeJSON, true, err
	case !msg.Has(p.bodyField):
		return nil, "", false, nil
	default:
		target = msg.Get(p.bodyField).Message()
	}
	if isHTTPBody(target.Descriptor()) {
		fields := target.Descriptor().Fields()
		return target.Get(fields.ByName("data")).Bytes(), target.Get(fields.ByName("content_type")).String(), true, nil
	}
	switch f {
	case formatCodec:
		data, err = codec.Marshal(target.Interface())
	case formatProto:
		data, err = proto.Marshal(target.Interface())
	case formatForm:
		data, err = FormCodec{}.Marshal(target.Interface())
	default:
		data, err = protojson.Marshal(target.Interface())
	}
	return data, mediaType, true, err
}

// decodeReply decodes a successful reply body into out, according to its
// Content-Type: into the response_body field when the rule has one, raw
// into a google.api.HttpBody, with an added codec of its type, as proto3
// JSON (also when the reply has no Content-Type) or binary protobuf
// otherwise. An empty body leaves out as it is.
func (p *callPlan) decodeReply(codecs *codecSet, contentType string, data []byte, out protoreflect.Message) error {
	fd := p.resField
	if fd != nil && !isMessageField(fd) {
		if len(data) == 0 {
			return nil
		}
		if f, err := replyFormat(contentType); err != nil || f != formatJSON {
			return fmt.Errorf("reply field %s is not a message, so it must come as JSON, not %q", fd.Name(), contentType)
		}
		return decodeFieldJSON(protojson.UnmarshalOptions{DiscardUnknown: true}, data, out, fd)
	}
	target := func() protoreflect.Message {
		if fd != nil {
			return out.Mutable(fd).Message()
		}
		return out
	}
	md := out.Descriptor()
	if fd != nil {
		md = fd.Message()
	}
	if isHTTPBody(md) {
		setHTTPBody(target(), contentType, data)
		return nil
	}
	if len(data) == 0 {
		return nil
	}
	if c := codecs.lookup(contentType); c != nil {
		return c.Unmarshal(data, target().Interface())
	}
	f, err := replyFormat(contentType)
	if err != nil {
		return err
	}
	if f == formatProto {
		return proto.Unmarshal(data, target().Interface())
	}
	return protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(data, target().Interface())
}

// replyFormat is the format of a reply from its Content-Type: JSON when
// there is none.
func replyFormat(contentType string) (format, error) {
	if contentType == "" {
		return formatJSON, nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, fmt.Errorf("reply Content-Type %q cannot be parsed: %w", contentType, err)
	}
	switch mt {
	case mimeJSON:
		return formatJSON, nil
	case mimeProto, mimeProtoAlt:
		return formatProto, nil
	}
	return 0, fmt.Errorf("reply Content-Type %q is neither %s nor %s", contentType, mimeJSON, mimeProto)
}
