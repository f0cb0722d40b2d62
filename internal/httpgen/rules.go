package httpgen

import (
	"fmt"
	"strings"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/httprule"
)

// methodBindings returns the checked routes of the unary method m: its
// google.api.http rule and the rule's additional bindings, or the default
// route when m has no rule and g routes every method. A method without a
// route gives none and no problem.
func (g *Generator) methodBindings(f *protogen.File, s *protogen.Service, m *protogen.Method) ([]binding, []error) {
	at := where(f, s, m)
	if !proto.HasExtension(m.Desc.Options(), annotations.E_Http) {
		if !g.routeAll {
			return nil, nil
		}
		pattern := fmt.Sprintf("%s/%s/%s", g.prefix, s.Desc.FullName(), m.Desc.Name())
		b, errs := compile(m, "default rule", "POST", pattern, &annotations.HttpRule{Body: "*"})
		return []binding{b}, prefixed(at, errs)
	}
	rule, _ := proto.GetExtension(m.Desc.Options(), annotations.E_Http).(*annotations.HttpRule)
	rules := append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...)
	var (
		bindings []binding
		problems []error
	)
	for i, r := range rules {
		label := "rule"
		if i > 0 {
			label = fmt.Sprintf("additional_bindings[%d]", i-1)
			if len(r.GetAdditionalBindings()) > 0 {
				problems = append(problems, fmt.Errorf("%s: %s: nested additional_bindings are not allowed (http.proto)", at, label))
				continue
			}
		}
		method, tmpl, err := methodAndTemplate(r)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %s: %w", at, label, err))
			continue
		}
		b, errs := compile(m, label, method, tmpl, r)
		if len(errs) > 0 {
			problems = append(problems, prefixed(at, errs)...)
			continue
		}
		bindings = append(bindings, b)
	}
	return bindings, problems
}

// prefixed puts at before every error of errs.
func prefixed(at string, errs []error) []error {
	for i, err := range errs {
		errs[i] = fmt.Errorf("%s: %w", at, err)
	}
	return errs
}

// methodAndTemplate returns the HTTP method and the path template of r.
func methodAndTemplate(r *annotations.HttpRule) (method, tmpl string, err error) {
	switch p := r.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		return "GET", p.Get, nil
	case *annotations.HttpRule_Put:
		return "PUT", p.Put, nil
	case *annotations.HttpRule_Post:
		return "POST", p.Post, nil
	case *annotations.HttpRule_Delete:
		return "DELETE", p.Delete, nil
	case *annotations.HttpRule_Patch:
		return "PATCH", p.Patch, nil
	case *annotations.HttpRule_Custom:
		kind := p.Custom.GetKind()
		switch {
		case kind == "":
			return "", "", fmt.Errorf("custom rule with no kind (the HTTP method)")
		case kind == "*":
			return "", "", fmt.Errorf("custom kind \"*\" (any HTTP method) is not supported")
		case !isToken(kind):
			return "", "", fmt.Errorf("custom kind %q is not an HTTP method name", kind)
		}
		return kind, p.Custom.GetPath(), nil
	}
	return "", "", fmt.Errorf("no HTTP method and path: set one of get, put, post, delete, patch or custom")
}

// isToken reports whether s is an RFC 9110 token, the syntax of a method.
func isToken(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// compile checks the rule r of m, with the given HTTP method and template,
// and returns its route. It reports every problem of the rule: the
// template, each path variable, the body and the response body.
func compile(m *protogen.Method, label, method, pattern string, r *annotations.HttpRule) (binding, []error) {
	b := binding{
		label:   fmt.Sprintf("%s %s %q", label, method, pattern),
		method:  method,
		pattern: pattern,
	}
	tmpl, err := httprule.Parse(pattern)
	if err != nil {
		return b, []error{fmt.Errorf("%s: %w", b.label, err)}
	}
	b.tmpl = tmpl
	var problems []error
	fail := func(format string, a ...any) {
		problems = append(problems, fmt.Errorf("%s: %s", b.label, fmt.Sprintf(format, a...)))
	}
	in, out := m.Input.Desc, m.Output.Desc

	// Path variables: a singular scalar, enum or wrapper, each field once.
	captured := make(map[string]string) // proto path -> variable as written
	for _, v := range tmpl.Variables {
		fields, err := resolve(in, v.FieldPath)
		if err != nil {
			fail("path variable {%s}: %v", v.Path(), err)
			continue
		}
		if err := checkPathField(fields[len(fields)-1]); err != nil {
			fail("path variable {%s}: %v", v.Path(), err)
			continue
		}
		path := protoPath(fields)
		if prev, ok := captured[path]; ok {
			fail("path variables {%s} and {%s} capture the same field %s", prev, v.Path(), path)
			continue
		}
		captured[path] = v.Path()
	}

	// Body: none, "*" or a top-level field that no variable captures.
	switch body := r.GetBody(); body {
	case "", "*":
		b.body = body
	default:
		fd, err := topLevel(in, body)
		if err != nil {
			fail("body %q: %v", body, err)
			break
		}
		b.body = string(fd.Name())
		if v, ok := captured[b.body]; ok {
			fail("body %q: the field is also the path variable {%s}", body, v)
		}
	}
	if method == "GET" && b.body != "" {
		fail("body %q: a GET rule cannot have a body (http.proto)", r.GetBody())
	}

	// Response body: the whole reply or a top-level field.
	if rb := r.GetResponseBody(); rb != "" {
		fd, err := topLevel(out, rb)
		if err != nil {
			fail("response_body %q: %v", rb, err)
		} else {
			b.responseBody = string(fd.Name())
		}
	}
	return b, problems
}

// resolve returns the fields a dotted field path names in md, one per
// name. Each name is a proto name or a JSON name; every name but the last
// must be a singular message field.
func resolve(md protoreflect.MessageDescriptor, path []string) ([]protoreflect.FieldDescriptor, error) {
	fields := make([]protoreflect.FieldDescriptor, 0, len(path))
	for i, name := range path {
		if i > 0 {
			prev := fields[i-1]
			switch {
			case prev.IsMap():
				return nil, fmt.Errorf("field %s is a map, not a message", protoPath(fields))
			case prev.IsList():
				return nil, fmt.Errorf("field %s is repeated, not a message", protoPath(fields))
			case prev.Message() == nil:
				return nil, fmt.Errorf("field %s is a %s, not a message", protoPath(fields), prev.Kind())
			}
			md = prev.Message()
		}
		fd := field(md, name)
		if fd == nil {
			return nil, fmt.Errorf("no field %q in message %s", name, md.FullName())
		}
		fields = append(fields, fd)
	}
	return fields, nil
}

// field returns the field of md with the proto name or JSON name name, or
// nil.
func field(md protoreflect.MessageDescriptor, name string) protoreflect.FieldDescriptor {
	if fd := md.Fields().ByName(protoreflect.Name(name)); fd != nil {
		return fd
	}
	return md.Fields().ByJSONName(name)
}

// topLevel returns the top-level field of md named name (proto or JSON
// name), as body and response_body must name one.
func topLevel(md protoreflect.MessageDescriptor, name string) (protoreflect.FieldDescriptor, error) {
	if strings.Contains(name, ".") {
		return nil, fmt.Errorf("not a top-level field of message %s (http.proto: the field must be at the top level)", md.FullName())
	}
	fd := field(md, name)
	if fd == nil {
		return nil, fmt.Errorf("no field %q in message %s", name, md.FullName())
	}
	return fd, nil
}

// checkPathField reports why fd cannot be bound from a path segment, if it
// cannot: only singular scalars, enums and wrapper messages can.
func checkPathField(fd protoreflect.FieldDescriptor) error {
	switch {
	case fd.IsMap():
		return fmt.Errorf("field %s is a map; a path variable binds a singular scalar, enum or wrapper field", fd.Name())
	case fd.IsList():
		return fmt.Errorf("field %s is repeated; a path variable binds a singular scalar, enum or wrapper field", fd.Name())
	case fd.Message() != nil && !isWrapper(fd.Message()):
		return fmt.Errorf("field %s is a message (%s); a path variable binds a singular scalar, enum or wrapper field",
			fd.Name(), fd.Message().FullName())
	}
	return nil
}

// isWrapper reports whether md is a google.protobuf wrapper type, which the
// runtime binds like the scalar it wraps.
func isWrapper(md protoreflect.MessageDescriptor) bool {
	switch md.FullName() {
	case "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
		"google.protobuf.Int64Value", "google.protobuf.UInt64Value",
		"google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue":
		return true
	}
	return false
}

// protoPath joins the proto names of fields with dots.
func protoPath(fields []protoreflect.FieldDescriptor) string {
	names := make([]string, len(fields))
	for i, fd := range fields {
		names[i] = string(fd.Name())
	}
	return strings.Join(names, ".")
}
