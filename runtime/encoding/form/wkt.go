package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/jsonname"
)

// wkt classifies the well-known message types that a query gives as one
// value, in their proto3 JSON form.
type wkt uint8

const (
	notWKT       wkt = iota
	wktTimestamp     // RFC 3339
	wktDuration      // "1.5s" (Go's "1h30m" accepted too)
	wktFieldMask     // comma list of lowerCamel paths
	wktWrapper       // Int32Value etc.: the wrapped scalar
	wktJSON          // Struct, ListValue: JSON text
	wktValue         // Value: JSON text, where null is a value
)

func wktOf(md protoreflect.MessageDescriptor) wkt {
	name := md.FullName()
	if name.Parent() != "google.protobuf" {
		return notWKT
	}
	switch name.Name() {
	case "Timestamp":
		return wktTimestamp
	case "Duration":
		return wktDuration
	case "FieldMask":
		return wktFieldMask
	case "DoubleValue", "FloatValue", "Int64Value", "UInt64Value", "Int32Value",
		"UInt32Value", "BoolValue", "StringValue", "BytesValue":
		return wktWrapper
	case "Struct", "ListValue":
		return wktJSON
	case "Value":
		return wktValue
	}
	return notWKT
}

// parseMessage sets the fields of m, a new message of a well-known type,
// from the text s.
func (e *elem) parseMessage(s string, m protoreflect.Message) error {
	switch e.wkt {
	case wktTimestamp:
		if err := unmarshalJSONString(s, m); err != nil {
			return errors.New("not an RFC 3339 timestamp between years 1 and 9999, e.g. 2006-01-02T15:04:05Z")
		}
	case wktDuration:
		if unmarshalJSONString(s, m) == nil {
			return nil
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return errors.New(`not a duration, e.g. "1.5s"`)
		}
		fields := m.Descriptor().Fields()
		m.Set(fields.ByNumber(1), protoreflect.ValueOfInt64(int64(d/time.Second)))
		m.Set(fields.ByNumber(2), protoreflect.ValueOfInt32(int32(d%time.Second)))
	case wktFieldMask:
		return parseFieldMask(s, m)
	case wktWrapper:
		v, err := parseScalar(e.inner.Kind(), nil, s)
		if err != nil {
			return err
		}
		m.Set(e.inner, v)
	case wktJSON, wktValue:
		if err := protojson.Unmarshal([]byte(s), m.Interface()); err != nil {
			return errors.New("not valid JSON for " + string(m.Descriptor().FullName()))
		}
	}
	return nil
}

// unmarshalJSONString reads s as the JSON string form of m's type.
func unmarshalJSONString(s string, m protoreflect.Message) error {
	b, _ := json.Marshal(s) // a Go string always marshals
	return protojson.Unmarshal(b, m.Interface())
}

// parseFieldMask splits s at commas, skips empty paths and converts each
// lowerCamel path to snake_case; snake_case paths are kept as they are.
func parseFieldMask(s string, m protoreflect.Message) error {
	list := m.Mutable(m.Descriptor().Fields().ByNumber(1)).List()
	for p := range strings.SplitSeq(s, ",") {
		if p == "" {
			continue
		}
		path := snakeCase(p)
		if !protoreflect.FullName(path).IsValid() {
			return errors.New("invalid field mask path " + quote(p))
		}
		list.Append(protoreflect.ValueOfString(path))
	}
	return nil
}

// formatMessage is the inverse of parseMessage.
func (e *elem) formatMessage(m protoreflect.Message) (string, error) {
	switch e.wkt {
	case wktTimestamp, wktDuration:
		b, err := protojson.Marshal(m.Interface())
		if err != nil {
			return "", errors.New("invalid " + string(m.Descriptor().FullName()))
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return s, nil
	case wktFieldMask:
		return formatFieldMask(m)
	case wktWrapper:
		return formatScalar(e.inner.Kind(), nil, m.Get(e.inner))
	}
	// Struct, ListValue, Value.
	b, err := protojson.Marshal(m.Interface())
	if err != nil {
		return "", errors.New("invalid " + string(m.Descriptor().FullName()))
	}
	// protojson varies its whitespace between runs; compact it so the query
	// is stable.
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// formatFieldMask writes each path in lowerCamel when that converts back to
// the same path, and as it is otherwise (parseFieldMask keeps snake_case).
func formatFieldMask(m protoreflect.Message) (string, error) {
	list := m.Get(m.Descriptor().Fields().ByNumber(1)).List()
	var b strings.Builder
	for i := range list.Len() {
		p := list.Get(i).String()
		if !protoreflect.FullName(p).IsValid() || snakeCase(p) != p {
			return "", errors.New("field mask path " + quote(p) + " has no query form")
		}
		if i > 0 {
			b.WriteByte(',')
		}
		if c := camelCase(p); snakeCase(c) == p {
			p = c
		}
		b.WriteString(p)
	}
	return b.String(), nil
}

// snakeCase turns each ASCII upper-case letter into '_' and its lower case,
// as proto3 JSON does for field mask paths.
func snakeCase(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' }) < 0 {
		return s
	}
	return string(jsonname.AppendSnake(make([]byte, 0, len(s)+4), s))
}

// camelCase drops each '_' and upper-cases a lower-case letter after it,
// as proto3 JSON does for field mask paths.
func camelCase(s string) string { return string(jsonname.AppendCamel(make([]byte, 0, len(s)), s)) }
