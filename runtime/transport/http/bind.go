package http

import (
	"fmt"
	"net/url"
	"strings"

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

// decode percent-decodes the raw path value of the variable: fully for a
// single segment, all but reserved characters for several.
func (v *pathVar) decode(raw string) (string, error) {
	var s string
	var err error
	if v.multi {
		s, err = unescapeMulti(raw)
	} else {
		s, err = url.PathUnescape(raw)
	}
	if err != nil {
		return "", badRequest("path variable {%s}: invalid percent-encoding in %q", v.name, raw)
	}
	return s, nil
}

func badRequest(format string, a ...any) *errors.Error {
	return errors.Newf(400, ReasonInvalidArgument, format, a...)
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
