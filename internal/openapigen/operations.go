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

// operation returns the OpenAPI operation of r, whose path parameters are
// params.
func (d *docBuilder) operation(r route, params []pathParam) *object {
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
	// The rule as written: OpenAPI's path spells multi-segment variables
	// out, tools matching operations to protos need the template.
	op.set("x-http-rule", r.plan.Rule.Method+" "+r.plan.Rule.Pattern)
	if !standardMethods[r.plan.Rule.Method] && streamingOf(r.method) != clientStream {
		op.set("x-http-method", r.plan.Rule.Method)
	}
	if ps := d.parameters(r.plan, params); len(ps) > 0 {
		op.set("parameters", ps)
	}
	kind := streamingOf(r.method)
	if r.plan.HasBody() && kind != clientStream {
		op.set("requestBody", d.requestBody(r.plan))
	}
	if kind != unary {
		op.set("x-streaming", streamName(r.method))
	}
	if kind == clientStream {
		op.set("x-websocket", d.webSocket(r))
	}
	op.set("responses", d.responses(r))
	if isDeprecated(r.method.Desc.Options()) || isDeprecated(r.service.Desc.Options()) {
		op.set("deprecated", true)
	}
	merge(op, operationAnnotation(r.method.Desc))
	return op
}

// pathParam is one parameter of an OpenAPI path: a whole path variable,
// one `*` segment of a variable spanning several segments (whose literal
// segments are written into the path), or the `**` rest of a path.
type pathParam struct {
	name string
	v    *httprule.PathVar // nil for a wildcard outside any variable
	// whole: the parameter is the variable's whole value; rest: it takes
	// the rest of the path, '/' included.
	whole, rest bool
}

// openAPIPath returns the OpenAPI path of a plan's template and its
// parameters. OpenAPI path parameters hold one segment, so a variable of
// several segments is written out: {name=shelves/*} becomes
// shelves/{name.shelves}, whose value the field receives as
// "shelves/<value>"; a trailing `**` is one parameter taking the rest of
// the path. A custom verb stays in the path ("/v1/{name}:publish").
func openAPIPath(p *httprule.Plan) (string, []pathParam) {
	t := p.Template
	var (
		b      strings.Builder
		params []pathParam
		used   = map[string]int{}
	)
	name := func(base string) string {
		used[base]++
		if n := used[base]; n > 1 {
			return fmt.Sprintf("%s%d", base, n)
		}
		return base
	}
	vars := map[int]*httprule.PathVar{}
	for i := range p.Vars {
		vars[p.Vars[i].Start] = &p.Vars[i]
	}
	for i := 0; i < len(t.Segments); {
		if v := vars[i]; v != nil {
			segs := t.Segments[v.Start:v.End]
			if len(segs) == 1 {
				b.WriteString("/{" + v.Path() + "}")
				params = append(params, pathParam{name: v.Path(), v: v, whole: true, rest: segs[0].Kind == httprule.DeepWildcard})
				i = v.End
				continue
			}
			prev := ""
			for _, sg := range segs {
				switch sg.Kind {
				case httprule.Literal:
					b.WriteString("/" + sg.Decoded())
					prev = sg.Decoded()
				default:
					base := v.Path() + "." + prev
					if prev == "" {
						base = v.Path() + ".part"
					}
					n := name(base)
					b.WriteString("/{" + n + "}")
					params = append(params, pathParam{name: n, v: v, rest: sg.Kind == httprule.DeepWildcard})
					prev = ""
				}
			}
			i = v.End
			continue
		}
		switch sg := t.Segments[i]; sg.Kind {
		case httprule.Literal:
			b.WriteString("/" + sg.Decoded())
		default:
			n := name("segment")
			b.WriteString("/{" + n + "}")
			params = append(params, pathParam{name: n, rest: sg.Kind == httprule.DeepWildcard})
		}
		i++
	}
	if len(t.Segments) == 0 {
		b.WriteByte('/')
	}
	if t.Verb != "" {
		b.WriteString(":" + t.Verb)
	}
	return b.String(), params
}

// variableText writes a variable's template for descriptions:
// "shelves/{name.shelves}/books/{name.books}".
func variableText(t *httprule.Template, v *httprule.PathVar, params []pathParam) string {
	var parts []string
	k := 0
	for _, sg := range t.Segments[v.Start:v.End] {
		if sg.Kind == httprule.Literal {
			parts = append(parts, sg.Decoded())
			continue
		}
		for k < len(params) && params[k].v != v {
			k++
		}
		if k < len(params) {
			parts = append(parts, "{"+params[k].name+"}")
			k++
		}
	}
	return strings.Join(parts, "/")
}

// parameters returns the path parameters params and the query parameters
// of a plan.
func (d *docBuilder) parameters(p *httprule.Plan, params []pathParam) []any {
	var out []any
	for _, pp := range params {
		param := newObject().set("name", pp.name).set("in", "path").set("required", true)
		var schema *object
		var desc string
		switch {
		case pp.v == nil:
			schema, desc = newObject().set("type", "string"), "Any path segment: the route binds it to no field."
		case pp.whole:
			schema = d.schemas.value(pp.v.Value)
			if pp.v.Value.Message() == nil {
				applyRulesOf(schema, pp.v.Value)
			}
			desc = d.schemas.comments(pp.v.Fields[len(pp.v.Fields)-1])
			if pp.name != pp.v.Path() {
				desc = strings.TrimSpace(fmt.Sprintf("The field %s. %s", pp.v.Path(), desc))
			}
		default:
			schema = newObject().set("type", "string")
			desc = fmt.Sprintf("Part of %s, which is %s.", pp.v.Path(), variableText(p.Template, pp.v, params))
		}
		if pp.rest {
			desc = strings.TrimSpace(desc + " The rest of the path: '/' between segments is sent as is (reserved characters allowed).")
			param.set("x-allow-reserved", true)
		}
		if desc != "" {
			param.set("description", desc)
		}
		out = append(out, param.set("schema", schema))
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
	schema, kind := d.bodySchema(p)
	content := newObject()
	switch kind {
	case rawBytes:
		content.set("*/*", newObject().set("schema", binarySchema()))
	case jsonOnly:
		content.set("application/json", newObject().set("schema", schema))
	default:
		content.set("application/json", newObject().set("schema", schema))
		content.set("application/x-www-form-urlencoded", newObject().set("schema", schema))
		content.set("application/x-protobuf", newObject().set("schema", binarySchema()))
	}
	return newObject().set("content", content)
}

// payloadKind is what a request body or reply is on the wire.
type payloadKind int

const (
	messagePayload payloadKind = iota // a message: JSON, form or binary protobuf
	jsonOnly                          // a repeated, map or scalar field: JSON only
	rawBytes                          // a google.api.HttpBody: raw bytes
)

// bodySchema returns the JSON schema of what a plan reads from the body
// (nil for raw bytes) and its kind.
func (d *docBuilder) bodySchema(p *httprule.Plan) (*object, payloadKind) {
	x := exclusions{}
	for _, v := range p.Vars {
		x.exclude(v.ProtoPath)
	}
	switch fd := p.BodyField; {
	case p.BodyAll && isHTTPBody(p.Input):
		return nil, rawBytes
	case p.BodyAll:
		return d.schemas.message(p.Input, x), messagePayload
	case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
		if isHTTPBody(fd.Message()) {
			return nil, rawBytes
		}
		if sub, ok := x[string(fd.Name())]; ok && sub != nil {
			return d.schemas.message(fd.Message(), sub), messagePayload
		}
		return d.schemas.ref(fd.Message()), messagePayload
	default:
		return d.schemas.field(fd), jsonOnly
	}
}

// binarySchema is the schema of raw bytes.
func binarySchema() *object {
	return newObject().set("type", "string").set("format", "binary")
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
