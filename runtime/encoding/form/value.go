package form

import (
	"encoding/base64"
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// elem describes one value slot: a singular field, an element of a
// repeated field or the value of a map field.
type elem struct {
	kind  protoreflect.Kind
	enum  protoreflect.EnumDescriptor  // for EnumKind
	wkt   wkt                          // for MessageKind and GroupKind
	inner protoreflect.FieldDescriptor // the "value" field of a wrapper
}

func newElem(fd protoreflect.FieldDescriptor) elem {
	e := elem{kind: fd.Kind(), enum: fd.Enum()}
	if md := fd.Message(); md != nil {
		e.wkt = wktOf(md)
		if e.wkt == wktWrapper {
			e.inner = md.Fields().ByNumber(1)
		}
	}
	return e
}

func (e *elem) isMessage() bool {
	return e.kind == protoreflect.MessageKind || e.kind == protoreflect.GroupKind
}

// bindable reports whether a query value can set the slot: scalars, enums
// and well-known types with a string form.
func (e *elem) bindable() bool {
	return !e.isMessage() || e.wkt != notWKT
}

// hasEmptyForm reports whether "" is a value of the slot. An empty value
// for any other slot is ignored (as grpc-gateway does), so a blank HTML form
// input leaves a number unset instead of failing.
func (e *elem) hasEmptyForm() bool {
	switch e.kind {
	case protoreflect.StringKind, protoreflect.BytesKind:
		return true
	case protoreflect.MessageKind, protoreflect.GroupKind:
		switch e.wkt {
		case wktFieldMask:
			return true
		case wktWrapper:
			k := e.inner.Kind()
			return k == protoreflect.StringKind || k == protoreflect.BytesKind
		}
	}
	return false
}

// nullIsValue reports whether the text "null" is a value of a message
// slot rather than "leave unset": it is for google.protobuf.Value, the JSON
// null. (The google.protobuf.NullValue enum parses "null" itself.)
func (e *elem) nullIsValue() bool {
	return e.wkt == wktValue
}

// parseScalar parses s as a value of a scalar or enum kind.
func parseScalar(kind protoreflect.Kind, enum protoreflect.EnumDescriptor, s string) (protoreflect.Value, error) {
	switch kind {
	case protoreflect.StringKind:
		if !utf8.ValidString(s) {
			return protoreflect.Value{}, errors.New("invalid UTF-8 in a string field")
		}
		return protoreflect.ValueOfString(s), nil
	case protoreflect.BoolKind:
		b, ok := parseBool(s)
		if !ok {
			return protoreflect.Value{}, errors.New("not a bool (want true, false, 1 or 0)")
		}
		return protoreflect.ValueOfBool(b), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		n, err := parseInt32(s)
		if err != nil {
			return protoreflect.Value{}, numError(err, "int32")
		}
		return protoreflect.ValueOfInt32(n), nil
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		n, err := parseInt64(s)
		if err != nil {
			return protoreflect.Value{}, numError(err, "int64")
		}
		return protoreflect.ValueOfInt64(n), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		n, err := parseUint32(s)
		if err != nil {
			return protoreflect.Value{}, numError(err, "uint32")
		}
		return protoreflect.ValueOfUint32(n), nil
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		n, err := parseUint64(s)
		if err != nil {
			return protoreflect.Value{}, numError(err, "uint64")
		}
		return protoreflect.ValueOfUint64(n), nil
	case protoreflect.FloatKind:
		f, err := parseFloat32(s)
		if err != nil {
			return protoreflect.Value{}, numError(err, "float")
		}
		return protoreflect.ValueOfFloat32(f), nil
	case protoreflect.DoubleKind:
		f, err := parseFloat64(s)
		if err != nil {
			return protoreflect.Value{}, numError(err, "double")
		}
		return protoreflect.ValueOfFloat64(f), nil
	case protoreflect.BytesKind:
		b, err := parseBytes(s)
		if err != nil {
			return protoreflect.Value{}, errors.New("not base64 (standard or URL-safe, padded or not)")
		}
		return protoreflect.ValueOfBytes(b), nil
	case protoreflect.EnumKind:
		return parseEnum(enum, s)
	}
	return protoreflect.Value{}, errors.New("unsupported field kind " + kind.String())
}

func parseBool(s string) (value, ok bool) {
	switch s {
	case "true", "1", "t", "T":
		return true, true
	case "false", "0", "f", "F":
		return false, true
	}
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// The number parsers of the integer and floating-point kinds, shared by
// parseScalar and the typed methods of Key, so that generated binding code
// accepts exactly what the generic engine accepts: decimal integers
// range-checked for the type, and what strconv.ParseFloat takes (decimal,
// hexadecimal, "NaN", "Inf", "Infinity", signed), range-checked too.

func parseInt32(s string) (int32, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	return int32(n), err
}

func parseInt64(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

func parseUint32(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err
}

func parseUint64(s string) (uint64, error) { return strconv.ParseUint(s, 10, 64) }

func parseFloat32(s string) (float32, error) {
	f, err := strconv.ParseFloat(s, 32)
	return float32(f), err
}

func parseFloat64(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

func numError(err error, typ string) error {
	if errors.Is(err, strconv.ErrRange) {
		return errors.New("out of range for " + typ)
	}
	return errors.New("not a valid " + typ)
}

// parseBytes accepts standard and URL-safe base64, padded or not.
func parseBytes(s string) ([]byte, error) {
	enc := base64.StdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
	}
	if len(s)%4 != 0 {
		enc = enc.WithPadding(base64.NoPadding)
	}
	b := make([]byte, enc.DecodedLen(len(s)))
	n, err := enc.Decode(b, []byte(s))
	return b[:n], err
}

const nullValueName = "google.protobuf.NullValue"

func parseEnum(enum protoreflect.EnumDescriptor, s string) (protoreflect.Value, error) {
	if v := enum.Values().ByName(protoreflect.Name(s)); v != nil {
		return protoreflect.ValueOfEnum(v.Number()), nil
	}
	if s == "null" && enum.FullName() == nullValueName {
		return protoreflect.ValueOfEnum(0), nil
	}
	n, err := parseInt32(s)
	if err != nil {
		return protoreflect.Value{}, errors.New("not a value of enum " + string(enum.FullName()))
	}
	num := protoreflect.EnumNumber(n)
	if enum.IsClosed() && enum.Values().ByNumber(num) == nil {
		return protoreflect.Value{}, errors.New("not a value of closed enum " + string(enum.FullName()))
	}
	return protoreflect.ValueOfEnum(num), nil
}

// formatScalar is the inverse of parseScalar: the text Encode writes.
func formatScalar(kind protoreflect.Kind, enum protoreflect.EnumDescriptor, v protoreflect.Value) (string, error) {
	switch kind {
	case protoreflect.StringKind:
		s := v.String()
		if !utf8.ValidString(s) {
			return "", errors.New("invalid UTF-8 in a string field")
		}
		return s, nil
	case protoreflect.BoolKind:
		return strconv.FormatBool(v.Bool()), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.FormatInt(v.Int(), 10), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.FormatUint(v.Uint(), 10), nil
	case protoreflect.FloatKind:
		return formatFloat(v.Float(), 32), nil
	case protoreflect.DoubleKind:
		return formatFloat(v.Float(), 64), nil
	case protoreflect.BytesKind:
		return base64.StdEncoding.EncodeToString(v.Bytes()), nil
	case protoreflect.EnumKind:
		num := v.Enum()
		if ev := enum.Values().ByNumber(num); ev != nil {
			return string(ev.Name()), nil
		}
		if enum.IsClosed() {
			return "", errors.New("not a value of closed enum " + string(enum.FullName()))
		}
		return strconv.FormatInt(int64(num), 10), nil
	}
	return "", errors.New("unsupported field kind " + kind.String())
}

// formatFloat writes the proto3 JSON spellings of the special values.
func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}
