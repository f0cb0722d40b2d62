package httprule

import (
	"errors"
	"fmt"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Rule is one HTTP binding of an RPC method as written in a
// google.api.http rule or one of its additional_bindings.
type Rule struct {
	// Method is the HTTP method: "GET", "PUT", "POST", "DELETE", "PATCH",
	// or the kind of a custom rule as written.
	Method string
	// Pattern is the path template as written.
	Pattern string
	// Body is "" (no body), "*" (the body is the whole request) or the
	// name (proto or JSON) of the top-level request field the body fills.
	Body string
	// ResponseBody is "" (the reply is the whole response message) or the
	// name (proto or JSON) of the top-level response field sent as the
	// reply.
	ResponseBody string
}

// Plan is how one rule binds its method's messages to HTTP: the ONE
// interpretation of a rule, which the plugin generates from, the server
// binds requests and writes replies with, the client builds requests with,
// and the OpenAPI generator describes. Build it with [Compile].
type Plan struct {
	// Rule is the rule the plan was compiled from.
	Rule Rule
	// Template is the parsed path template.
	Template *Template
	// Input and Output are the request and reply message types.
	Input, Output protoreflect.MessageDescriptor
	// Vars are the path variables, in template order: Vars[i] is
	// Template.Variables[i] resolved against Input.
	Vars []PathVar
	// BodyAll is true for body "*": the body is the whole request, and the
	// query binds nothing.
	BodyAll bool
	// BodyField is the top-level request field the body fills (body
	// "field"); nil for no body and for body "*".
	BodyField protoreflect.FieldDescriptor
	// ResponseField is the top-level reply field sent as the reply
	// (response_body); nil when the reply is the whole message.
	ResponseField protoreflect.FieldDescriptor
	// QuerySkip are the dotted proto-name paths of the fields the query
	// never binds: the path variables and the body field. Everything else
	// of Input may come from the query, unless BodyAll.
	QuerySkip []string
}

// PathVar is a template variable resolved against the request message.
type PathVar struct {
	// Variable is the variable as written in the template.
	Variable
	// Fields lead from the request message to the bound field, one per
	// name of the variable's field path.
	Fields []protoreflect.FieldDescriptor
	// Value is the scalar field the path value sets: the last of Fields,
	// or the "value" field of the wrapper message it is.
	Value protoreflect.FieldDescriptor
	// ProtoPath is the dotted proto-name path of the bound field,
	// "shelf.name", whatever names the template used.
	ProtoPath string
	// Multi reports a multi-segment variable (`{name=shelves/*}`,
	// `{path=**}`): its value keeps '/' and is escaped and decoded as a
	// path, not as one segment.
	Multi bool
}

// HasBody reports whether requests of the rule carry a body.
func (p *Plan) HasBody() bool { return p.BodyAll || p.BodyField != nil }

// QueryFields returns the top-level request fields the query may set, in
// declaration order: every field but the body field and the fields a path
// variable binds whole. A message field holding a path variable deeper
// ({shelf.name}) is listed, as its other fields may come from the query.
// It returns nil for body "*".
func (p *Plan) QueryFields() []protoreflect.FieldDescriptor {
	if p.BodyAll {
		return nil
	}
	whole := make(map[protoreflect.FieldDescriptor]bool, len(p.Vars)+1)
	if p.BodyField != nil {
		whole[p.BodyField] = true
	}
	for _, v := range p.Vars {
		if len(v.Fields) == 1 {
			whole[v.Fields[0]] = true
		}
	}
	var out []protoreflect.FieldDescriptor
	fields := p.Input.Fields()
	for i := range fields.Len() {
		if fd := fields.Get(i); !whole[fd] {
			out = append(out, fd)
		}
	}
	return out
}

// Buildable reports why a client cannot build a request path from this
// rule alone, or nil when it can: a `*` or `**` outside a variable matches
// segments no request field supplies.
func (p *Plan) Buildable() error {
	for i, s := range p.Template.Segments {
		if s.Kind != Literal && p.Template.VariableAt(i) < 0 {
			return fmt.Errorf("a wildcard outside a variable: a client has no field to fill segment %d of %q with", i+1, p.Rule.Pattern)
		}
	}
	return nil
}

// Compile checks the rule r of a method with request type in and reply
// type out, and returns its plan. The error joins every problem found
// ([errors.Join]; each is a separate error, in the order below), with
// messages that name what is wrong but not the method, which callers add:
//
//   - the HTTP method: empty, "*", or not an RFC 9110 token;
//   - the template: a *[Error] from [Parse], with its offset (then
//     nothing else is checked);
//   - each path variable: a name no field has (names are proto or JSON
//     names, dotted through singular message fields), a repeated, map or
//     message field (google.protobuf wrappers are scalars here), the same
//     field captured twice;
//   - the body: not a top-level request field, the field a path variable
//     binds, a body on a GET rule;
//   - the response_body: not a top-level reply field.
func Compile(r Rule, in, out protoreflect.MessageDescriptor) (*Plan, error) {
	var problems []error
	fail := func(format string, a ...any) { problems = append(problems, fmt.Errorf(format, a...)) }
	if err := CheckMethod(r.Method); err != nil {
		problems = append(problems, err)
	}
	tmpl, err := Parse(r.Pattern)
	if err != nil {
		return nil, errors.Join(append(problems, err)...)
	}
	p := &Plan{Rule: r, Template: tmpl, Input: in, Output: out}

	captured := make(map[string]string) // proto path → variable as written
	for i, v := range tmpl.Variables {
		pv, err := resolveVar(in, v)
		if err != nil {
			fail("path variable {%s}: %v", v.Path(), err)
			continue
		}
		if prev, ok := captured[pv.ProtoPath]; ok {
			fail("path variables {%s} and {%s} capture the same field %s", prev, v.Path(), pv.ProtoPath)
			continue
		}
		captured[pv.ProtoPath] = v.Path()
		pv.Multi = tmpl.MultiSegment(i)
		p.Vars = append(p.Vars, pv)
		p.QuerySkip = append(p.QuerySkip, pv.ProtoPath)
	}

	switch r.Body {
	case "":
	case "*":
		p.BodyAll = true
	default:
		fd, err := topLevel(in, r.Body)
		if err != nil {
			fail("body %q: %v", r.Body, err)
			break
		}
		p.BodyField = fd
		p.QuerySkip = append(p.QuerySkip, string(fd.Name()))
		if v, ok := captured[string(fd.Name())]; ok {
			fail("body %q: the field is also the path variable {%s}", r.Body, v)
		}
	}
	if r.Method == "GET" && r.Body != "" {
		fail("body %q: a GET rule cannot have a body (http.proto)", r.Body)
	}
	if r.ResponseBody != "" {
		fd, err := topLevel(out, r.ResponseBody)
		if err != nil {
			fail("response_body %q: %v", r.ResponseBody, err)
		} else {
			p.ResponseField = fd
		}
	}
	if p.BodyAll {
		p.QuerySkip = nil
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return p, nil
}

// CheckMethod reports why m cannot be the HTTP method of a rule: it is
// empty, "*" (any method, which google.api.http allows in custom rules but
// no server can route), or not an RFC 9110 token.
func CheckMethod(m string) error {
	switch {
	case m == "":
		return errors.New("no HTTP method")
	case m == "*":
		return errors.New(`HTTP method "*" (any method) is not supported`)
	}
	for i := range len(m) {
		c := m[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return fmt.Errorf("%q is not an HTTP method name", m)
		}
	}
	return nil
}

// resolveVar resolves the field path of v in md: every name but the last
// must be a singular message field, the last a singular scalar, enum or
// wrapper field.
func resolveVar(md protoreflect.MessageDescriptor, v Variable) (PathVar, error) {
	pv := PathVar{Variable: v, Fields: make([]protoreflect.FieldDescriptor, 0, len(v.FieldPath))}
	names := make([]string, 0, len(v.FieldPath))
	for i, name := range v.FieldPath {
		if i > 0 {
			prev := pv.Fields[i-1]
			switch {
			case prev.IsMap():
				return pv, fmt.Errorf("field %s is a map, not a message", strings.Join(names, "."))
			case prev.IsList():
				return pv, fmt.Errorf("field %s is repeated, not a message", strings.Join(names, "."))
			case prev.Message() == nil:
				return pv, fmt.Errorf("field %s is a %s, not a message", strings.Join(names, "."), prev.Kind())
			}
			md = prev.Message()
		}
		fd := FieldByName(md, name)
		if fd == nil {
			return pv, fmt.Errorf("no field %q in message %s", name, md.FullName())
		}
		pv.Fields = append(pv.Fields, fd)
		names = append(names, string(fd.Name()))
	}
	leaf := pv.Fields[len(pv.Fields)-1]
	const binds = "a path variable binds a singular scalar, enum or wrapper field"
	switch {
	case leaf.IsMap():
		return pv, fmt.Errorf("field %s is a map; %s", leaf.Name(), binds)
	case leaf.IsList():
		return pv, fmt.Errorf("field %s is repeated; %s", leaf.Name(), binds)
	case leaf.Message() != nil && !IsWrapper(leaf.Message()):
		return pv, fmt.Errorf("field %s is a message (%s); %s", leaf.Name(), leaf.Message().FullName(), binds)
	case leaf.Message() != nil:
		pv.Value = leaf.Message().Fields().ByName("value")
	default:
		pv.Value = leaf
	}
	pv.ProtoPath = strings.Join(names, ".")
	return pv, nil
}

// FieldByName returns the field of md whose proto name, or else JSON
// name, is name; nil if none. Rules may name fields either way.
func FieldByName(md protoreflect.MessageDescriptor, name string) protoreflect.FieldDescriptor {
	if fd := md.Fields().ByName(protoreflect.Name(name)); fd != nil {
		return fd
	}
	return md.Fields().ByJSONName(name)
}

// topLevel returns the top-level field of md named name, as body and
// response_body must name one.
func topLevel(md protoreflect.MessageDescriptor, name string) (protoreflect.FieldDescriptor, error) {
	if strings.Contains(name, ".") {
		return nil, fmt.Errorf("not a top-level field of message %s (http.proto: the field must be at the top level)", md.FullName())
	}
	fd := FieldByName(md, name)
	if fd == nil {
		return nil, fmt.Errorf("no field %q in message %s", name, md.FullName())
	}
	return fd, nil
}

// IsWrapper reports whether md is one of the google.protobuf wrapper
// messages (Int32Value...), which rules and queries bind like the scalar
// they wrap.
func IsWrapper(md protoreflect.MessageDescriptor) bool {
	switch md.FullName() {
	case "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
		"google.protobuf.Int64Value", "google.protobuf.UInt64Value",
		"google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue":
		return true
	}
	return false
}
