package openapigen

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/bia-go/bia/internal/fieldrules"
	"github.com/bia-go/bia/internal/httprule"
)

// standardMethods are the HTTP methods an OpenAPI path item has a key for.
var standardMethods = map[string]bool{"GET": true, "PUT": true, "POST": true, "DELETE": true, "PATCH": true, "HEAD": true, "OPTIONS": true, "TRACE": true}

// route is one binding of a method, compiled.
type route struct {
	service *protogen.Service
	method  *protogen.Method
	plan    *httprule.Plan
	index   int // 0 for the google.api.http rule, i for additional_bindings[i-1]
}

// operation returns the OpenAPI operation of r.
func (d *docBuilder) operation(r route) *object {
	op := newObject()
	op.set("tags", []any{string(r.service.Desc.Name())})
	summary, description := splitComment(string(r.method.Comments.Leading))
	if summary != "" {
		op.set("summary", summary)
	}
	if description != "" {
		op.set("description", description)
	}
	id := string(r.service.Desc.Name()) + "_" + string(r.method.Desc.Name())
	if r.index > 0 {
		id += fmt.Sprintf("_%d", r.index)
	}
	op.set("operationId", id)
	if !standardMethods[r.plan.Rule.Method] {
		op.set("x-http-method", r.plan.Rule.Method)
	}
	if params := d.parameters(r.plan); len(params) > 0 {
		op.set("parameters", params)
	}
	if r.plan.HasBody() {
		op.set("requestBody", d.requestBody(r.plan))
	}
	op.set("responses", d.responses(r))
	if isDeprecated(r.method.Desc.Options()) || isDeprecated(r.service.Desc.Options()) {
		op.set("deprecated", true)
	}
	return op
}

// openAPIPath returns the OpenAPI path of a template: each variable one
// {name} (its segments' literals go into its pattern), the custom verb
// kept ("/v1/{name}:publish").
func openAPIPath(t *httprule.Template) string {
	var b strings.Builder
	for i := 0; i < len(t.Segments); {
		b.WriteByte('/')
		if vi := t.VariableAt(i); vi >= 0 {
			v := t.Variables[vi]
			b.WriteString("{" + v.Path() + "}")
			i = v.End
			continue
		}
		switch s := t.Segments[i]; s.Kind {
		case httprule.Literal:
			b.WriteString(s.Decoded())
		case httprule.Wildcard:
			b.WriteString("*")
		default:
			b.WriteString("**")
		}
		i++
	}
	if len(t.Segments) == 0 {
		b.WriteByte('/')
	}
	if t.Verb != "" {
		b.WriteString(":" + t.Verb)
	}
	return b.String()
}

// variablePattern is the regular expression of a variable's value, or ""
// when it is one plain segment (OpenAPI's own rule for path parameters).
func variablePattern(t *httprule.Template, v httprule.PathVar) string {
	segs := t.Segments[v.Start:v.End]
	if len(segs) == 1 && segs[0].Kind == httprule.Wildcard {
		return ""
	}
	parts := make([]string, len(segs))
	for i, s := range segs {
		switch s.Kind {
		case httprule.Literal:
			parts[i] = quoteRegexp(s.Decoded())
		case httprule.Wildcard:
			parts[i] = "[^/]+"
		default:
			parts[i] = ".*"
		}
	}
	p := strings.Join(parts, "/")
	if n := len(segs); n > 1 && segs[n-1].Kind == httprule.DeepWildcard {
		// "a/**" matches "a" too: the '/' before ** is optional.
		p = strings.Join(parts[:n-1], "/") + "(/.*)?"
	}
	return "^" + p + "$"
}

// parameters returns the path and query parameters of a plan.
func (d *docBuilder) parameters(p *httprule.Plan) []any {
	var out []any
	for _, v := range p.Vars {
		schema := d.schemas.value(v.Value)
		if pat := variablePattern(p.Template, v); pat != "" {
			schema.set("pattern", pat)
		}
		param := newObject().set("name", v.Path()).set("in", "path").set("required", true)
		if desc := d.schemas.comments(v.Fields[len(v.Fields)-1]); desc != "" {
			param.set("description", desc)
		}
		if v.Multi {
			param.set("x-multi-segment", true)
			param.set("description", strings.TrimSpace(param.valueString("description")+
				" Several path segments: '/' between them is sent as is, a '/' inside one as %2F."))
		}
		param.set("schema", schema)
		out = append(out, param)
	}
	if p.BodyAll {
		return out
	}
	skip := map[string]bool{}
	for _, s := range p.QuerySkip {
		skip[s] = true
	}
	for _, fd := range p.QueryFields() {
		out = d.queryParams(out, fd, "", string(fd.Name()), skip, map[protoreflect.FullName]bool{})
	}
	return out
}

// maxQueryDepth bounds how deep query parameters of nested messages are
// listed: a recursive message would otherwise list forever.
const maxQueryDepth = 4

// queryParams appends the query parameters of fd: one for a scalar, enum,
// well-known type or repeated scalar; one deepObject for a map; those of
// its fields for a message. prefix is the JSON path of the message holding
// fd, protoPath fd's proto path (for skip).
func (d *docBuilder) queryParams(out []any, fd protoreflect.FieldDescriptor, prefix, protoPath string, skip map[string]bool, seen map[protoreflect.FullName]bool) []any {
	if skip[protoPath] {
		return out
	}
	name := d.schemas.jsonName(fd)
	if prefix != "" {
		name = prefix + "." + name
	}
	md := fd.Message()
	switch {
	case fd.IsMap():
		return append(out, newObject().set("name", name).set("in", "query").set("style", "deepObject").set("explode", true).
			set("schema", d.schemas.field(fd)))
	case fd.IsList():
		if md != nil && d.schemas.wellKnown(md) == nil {
			return out // a query cannot carry repeated messages
		}
		return append(out, newObject().set("name", name).set("in", "query").set("style", "form").set("explode", true).
			set("schema", d.schemas.field(fd)))
	case md != nil && d.schemas.wellKnown(md) == nil:
		if seen[md.FullName()] || strings.Count(name, ".") >= maxQueryDepth {
			return out
		}
		seen[md.FullName()] = true
		defer delete(seen, md.FullName())
		fields := md.Fields()
		for i := range fields.Len() {
			sub := fields.Get(i)
			out = d.queryParams(out, sub, name, protoPath+"."+string(sub.Name()), skip, seen)
		}
		return out
	}
	schema := d.schemas.value(fd)
	if md == nil {
		applyRulesOf(schema, fd)
	}
	param := newObject().set("name", name).set("in", "query")
	if desc := d.schemas.comments(fd); desc != "" {
		param.set("description", desc)
	}
	return append(out, param.set("schema", schema))
}

// requestBody returns the request body of a plan: the whole request
// (body "*") or the body field, path variables left out, in the media
// types the server reads.
func (d *docBuilder) requestBody(p *httprule.Plan) *object {
	x := exclusions{}
	for _, v := range p.Vars {
		x.exclude(v.ProtoPath)
	}
	content := newObject()
	var schema *object
	switch fd := p.BodyField; {
	case p.BodyAll:
		if isHTTPBody(p.Input) {
			return newObject().set("content", newObject().set("*/*", newObject().set("schema", newObject().set("type", "string").set("format", "binary"))))
		}
		schema = d.schemas.message(p.Input, x)
	case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
		if isHTTPBody(fd.Message()) {
			return newObject().set("content", newObject().set("*/*", newObject().set("schema", newObject().set("type", "string").set("format", "binary"))))
		}
		if sub, ok := x[string(fd.Name())]; ok && sub != nil {
			schema = d.schemas.message(fd.Message(), sub)
		} else {
			schema = d.schemas.ref(fd.Message())
		}
	default: // a repeated, map or scalar field: JSON only
		content.set("application/json", newObject().set("schema", d.schemas.field(fd)))
		return newObject().set("content", content)
	}
	content.set("application/json", newObject().set("schema", schema))
	content.set("application/x-www-form-urlencoded", newObject().set("schema", schema))
	content.set("application/x-protobuf", newObject().set("schema", newObject().set("type", "string").set("format", "binary")))
	return newObject().set("content", content)
}

// isHTTPBody reports google.api.HttpBody, which carries raw bytes.
func isHTTPBody(md protoreflect.MessageDescriptor) bool {
	return md.FullName() == "google.api.HttpBody"
}

// applyRulesOf writes the rules of a singular field into its schema.
func applyRulesOf(o *object, fd protoreflect.FieldDescriptor) {
	applyRules(o, fieldrules.Field(fd), fieldrules.Value)
}

// splitComment splits a leading comment into its first paragraph (the
// summary, on one line) and the rest.
func splitComment(c string) (summary, description string) {
	first, rest, _ := strings.Cut(paragraphs(c), "\n\n")
	return first, rest
}

func isDeprecated(opts protoreflect.ProtoMessage) bool {
	switch o := opts.(type) {
	case *descriptorpb.MethodOptions:
		return o.GetDeprecated()
	case *descriptorpb.ServiceOptions:
		return o.GetDeprecated()
	}
	return false
}

// valueString returns the string under key, or "".
func (o *object) valueString(key string) string {
	s, _ := o.vals[key].(string)
	return s
}
