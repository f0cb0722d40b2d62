package http

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/httprule"
	"github.com/bia-go/bia/runtime/errors"
)

// pathVar is how one template variable is written into the request.
type pathVar struct {
	name  string                         // field path as written, for errors
	path  []protoreflect.FieldDescriptor // from the request to the leaf field
	value protoreflect.FieldDescriptor   // the scalar set: the leaf, or its wrapper's "value"
	multi bool                           // may span segments: keep reserved escapes
}

// resolveField finds a field of md by proto name, then by JSON name.
func resolveField(md protoreflect.MessageDescriptor, name string) protoreflect.FieldDescriptor {
	if fd := md.Fields().ByName(protoreflect.Name(name)); fd != nil {
		return fd
	}
	return md.Fields().ByJSONName(name)
}

// wrapperTypes are the google.protobuf wrappers a path variable may set.
var wrapperTypes = map[protoreflect.FullName]bool{
	"google.protobuf.DoubleValue": true, "google.protobuf.FloatValue": true,
	"google.protobuf.Int64Value": true, "google.protobuf.UInt64Value": true,
	"google.protobuf.Int32Value": true, "google.protobuf.UInt32Value": true,
	"google.protobuf.BoolValue": true, "google.protobuf.StringValue": true,
	"google.protobuf.BytesValue": true,
}

// compileVars resolves the template's variables against the request
// message, or returns an error saying which variable and field is wrong.
func compileVars(tmpl *httprule.Template, md protoreflect.MessageDescriptor) ([]pathVar, error) {
	vars := make([]pathVar, len(tmpl.Variables))
	for i, v := range tmpl.Variables {
		pv := pathVar{name: v.Path(), multi: tmpl.MultiSegment(i)}
		cur := md
		for j, name := range v.FieldPath {
			fd := resolveField(cur, name)
			if fd == nil {
				return nil, fmt.Errorf("path variable {%s}: %s has no field %q", pv.name, cur.FullName(), name)
			}
			pv.path = append(pv.path, fd)
			if fd.IsList() || fd.IsMap() {
				return nil, fmt.Errorf("path variable {%s}: field %s is repeated or a map; path variables bind singular fields", pv.name, fd.FullName())
			}
			last := j == len(v.FieldPath)-1
			isMsg := fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind
			switch {
			case !last && !isMsg:
				return nil, fmt.Errorf("path variable {%s}: field %s is not a message, so it has no field %q", pv.name, fd.FullName(), v.FieldPath[j+1])
			case !last:
				cur = fd.Message()
			case isMsg && wrapperTypes[fd.Message().FullName()]:
				pv.value = fd.Message().Fields().ByName("value")
			case isMsg:
				return nil, fmt.Errorf("path variable {%s}: field %s is a message (%s); path variables bind scalar, enum and wrapper fields", pv.name, fd.FullName(), fd.Message().FullName())
			default:
				pv.value = fd
			}
		}
		vars[i] = pv
	}
	return vars, nil
}

// skipPaths returns the proto-name field paths of the variables.
func skipPaths(vars []pathVar) []string {
	out := make([]string, len(vars))
	for i, v := range vars {
		names := make([]string, len(v.path))
		for j, fd := range v.path {
			names[j] = string(fd.Name())
		}
		out[i] = strings.Join(names, ".")
	}
	return out
}

// set decodes the raw value of the variable and writes it into msg.
func (v *pathVar) set(msg protoreflect.Message, raw string) error {
	var s string
	var err error
	if v.multi {
		s, err = unescapeMulti(raw)
	} else {
		s, err = url.PathUnescape(raw)
	}
	if err != nil {
		return badRequest("path variable {%s}: invalid percent-encoding in %q", v.name, raw)
	}
	val, err := parsePathScalar(v.value, s)
	if err != nil {
		return badRequest("path variable {%s}: %q: %v", v.name, s, err)
	}
	m := msg
	for _, fd := range v.path[:len(v.path)-1] {
		m = m.Mutable(fd).Message()
	}
	if leaf := v.path[len(v.path)-1]; leaf != v.value {
		m = m.Mutable(leaf).Message() // a wrapper
	}
	m.Set(v.value, val)
	return nil
}

func badRequest(format string, a ...any) *errors.Error {
	return errors.Newf(400, ReasonInvalidArgument, format, a...)
}

// parsePathScalar parses a decoded path value for a scalar or enum field,
// with the query rules: bools true/false/1/0, enums by name or number,
// bytes in standard or URL-safe base64 (padded or not), decimal numbers in
// range, floats including NaN and Infinity.
func parsePathScalar(fd protoreflect.FieldDescriptor, s string) (protoreflect.Value, error) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		if !utf8.ValidString(s) {
			return protoreflect.Value{}, fmt.Errorf("invalid UTF-8 for string field %s", fd.Name())
		}
		return protoreflect.ValueOfString(s), nil
	case protoreflect.BoolKind:
		switch s {
		case "true", "1":
			return protoreflect.ValueOfBool(true), nil
		case "false", "0":
			return protoreflect.ValueOfBool(false), nil
		}
		return protoreflect.Value{}, fmt.Errorf("not a bool (want true, false, 1 or 0) for field %s", fd.Name())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		n, err := strconv.ParseInt(s, 10, 32)
		return protoreflect.ValueOfInt32(int32(n)), numError(err, "int32", fd)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		n, err := strconv.ParseInt(s, 10, 64)
		return protoreflect.ValueOfInt64(n), numError(err, "int64", fd)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		n, err := strconv.ParseUint(s, 10, 32)
		return protoreflect.ValueOfUint32(uint32(n)), numError(err, "uint32", fd)
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		n, err := strconv.ParseUint(s, 10, 64)
		return protoreflect.ValueOfUint64(n), numError(err, "uint64", fd)
	case protoreflect.FloatKind:
		f, err := strconv.ParseFloat(s, 32)
		return protoreflect.ValueOfFloat32(float32(f)), numError(err, "float", fd)
	case protoreflect.DoubleKind:
		f, err := strconv.ParseFloat(s, 64)
		return protoreflect.ValueOfFloat64(f), numError(err, "double", fd)
	case protoreflect.BytesKind:
		b, err := decodeBase64(s)
		if err != nil {
			return protoreflect.Value{}, fmt.Errorf("not base64 (standard or URL-safe, padded or not) for bytes field %s", fd.Name())
		}
		return protoreflect.ValueOfBytes(b), nil
	case protoreflect.EnumKind:
		ed := fd.Enum()
		if ev := ed.Values().ByName(protoreflect.Name(s)); ev != nil {
			return protoreflect.ValueOfEnum(ev.Number()), nil
		}
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil || (ed.IsClosed() && ed.Values().ByNumber(protoreflect.EnumNumber(n)) == nil) {
			return protoreflect.Value{}, fmt.Errorf("not a value of enum %s for field %s", ed.FullName(), fd.Name())
		}
		return protoreflect.ValueOfEnum(protoreflect.EnumNumber(n)), nil
	}
	// compileVars admits no other kind.
	return protoreflect.Value{}, fmt.Errorf("field %s of kind %s cannot be set from a path", fd.Name(), fd.Kind())
}

func numError(err error, typ string, fd protoreflect.FieldDescriptor) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, strconv.ErrRange):
		return fmt.Errorf("out of range for %s field %s", typ, fd.Name())
	default:
		return fmt.Errorf("not a valid %s for field %s", typ, fd.Name())
	}
}

// decodeBase64 accepts standard and URL-safe base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
	enc := base64.StdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
	}
	if !strings.HasSuffix(s, "=") {
		enc = enc.WithPadding(base64.NoPadding)
	}
	return enc.DecodeString(s)
}

// decodeVariable decodes the raw value of variable i of tmpl: fully for a
// single-segment variable, keeping escaped reserved characters for a
// multi-segment one.
func decodeVariable(tmpl *httprule.Template, i int, raw string) (string, error) {
	if tmpl.MultiSegment(i) {
		return unescapeMulti(raw)
	}
	return url.PathUnescape(raw)
}

// reserved is the RFC 6570 reserved set: a multi-segment value keeps these
// escaped, so "%2F" inside a segment stays distinct from the '/' between
// segments.
const reserved = ":/?#[]@!$&'()*+,;="

// unescapeMulti decodes every percent-escape of s except those of reserved
// characters, which stay as written.
func unescapeMulti(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", url.EscapeError(s[i:min(i+3, len(s))])
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if strings.IndexByte(reserved, c) >= 0 {
			b.WriteString(s[i : i+3])
		} else {
			b.WriteByte(c)
		}
		i += 2
	}
	return b.String(), nil
}

// unescapeInto appends the percent-decoded s to dst; ok is false when s has
// an invalid escape.
func unescapeInto(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			dst = append(dst, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return nil, false
		}
		dst = append(dst, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return dst, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
