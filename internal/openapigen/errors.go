package openapigen

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/errorsgen"
	"github.com/bia-go/bia/internal/fieldrules"
	"github.com/bia-go/bia/internal/httprule"
)

// reason is an error reason an operation can answer with, and why.
type reason struct {
	code   int
	name   string
	reason string
}

// errorSchemaName is the component of the error body.
func (d *docBuilder) errorSchemaName() string {
	if d.g.statusErrors {
		return "google.rpc.Status"
	}
	return "bia.Error"
}

// errorComponent returns the schema of the error body the server writes
// in its configured format.
func (d *docBuilder) errorComponent() *object {
	if d.g.statusErrors {
		return newObject().set("type", "object").
			set("description", "An error as google.rpc.Status: the gRPC code, a message, and details (google.rpc.ErrorInfo with the reason and metadata; google.rpc.BadRequest with field violations).").
			set("properties", newObject().
				set("code", newObject().set("type", "integer").set("format", "int32")).
				set("message", newObject().set("type", "string")).
				set("details", newObject().set("type", "array").set("items", newObject().set("type", "object").
					set("properties", newObject().set("@type", newObject().set("type", "string"))).
					set("required", []any{"@type"}).set("additionalProperties", true)))).
			set("required", []any{"code", "message"})
	}
	return newObject().set("type", "object").
		set("description", "An error: the HTTP status as code, a stable reason in UPPER_SNAKE_CASE, a message for humans, and metadata. Validation errors list their field violations in metadata: violations (their number), violation_<i>_field, violation_<i>_rule, violation_<i>_message.").
		set("properties", newObject().
			set("code", newObject().set("type", "integer").set("format", "int32")).
			set("reason", newObject().set("type", "string")).
			set("message", newObject().set("type", "string")).
			set("metadata", newObject().set("type", "object").set("additionalProperties", newObject().set("type", "string")))).
		set("required", []any{"code", "reason", "message", "metadata"})
}

// responses returns the responses of an operation: the reply, then the
// errors it can answer with, grouped by HTTP status, then the default
// error.
func (d *docBuilder) responses(r route) *object {
	out := newObject()
	switch streamingOf(r.method) {
	case serverStream:
		out.set("200", d.streamReply(r))
	case clientStream:
		out.set("101", newObject().set("description", "Switching Protocols: the WebSocket is open; x-websocket says what its frames carry."))
	default:
		out.set("200", d.reply(r))
	}
	groups := map[int][]reason{}
	for _, rs := range d.reasons(r) {
		groups[rs.code] = append(groups[rs.code], rs)
	}
	codes := make([]int, 0, len(groups))
	for c := range groups {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	for _, c := range codes {
		var lines []string
		var names []any
		for _, rs := range groups[c] {
			lines = append(lines, fmt.Sprintf("- %s: %s", rs.name, rs.reason))
			names = append(names, rs.name)
		}
		resp := newObject().set("description", http.StatusText(c)+". Reasons:\n"+strings.Join(lines, "\n")).
			set("content", d.errorContent()).
			set("x-error-reasons", names)
		out.set(fmt.Sprint(c), resp)
	}
	if !d.g.noDefault {
		out.set("default", newObject().set("description", "Any other error.").set("content", d.errorContent()))
	}
	return out
}

func (d *docBuilder) errorContent() *object {
	return newObject().set("application/json", newObject().set("schema",
		newObject().set("$ref", "#/components/schemas/"+d.errorSchemaName())))
}

// reply returns the successful response of a route: the reply message or
// its response_body field as proto3 JSON (binary protobuf too for a
// message), or raw bytes for a google.api.HttpBody.
func (d *docBuilder) reply(r route) *object {
	schema, kind := d.replySchema(r.plan)
	content := newObject()
	switch kind {
	case rawBytes:
		content.set("*/*", newObject().set("schema", binarySchema()))
	case jsonOnly:
		content.set("application/json", newObject().set("schema", schema))
	default:
		content.set("application/json", newObject().set("schema", schema))
		content.set("application/x-protobuf", newObject().set("schema", binarySchema()))
	}
	return newObject().set("description", "OK").set("content", content)
}

// replySchema returns the JSON schema of what a plan replies with (nil for
// raw bytes) and its kind.
func (d *docBuilder) replySchema(p *httprule.Plan) (*object, payloadKind) {
	switch fd := p.ResponseField; {
	case fd == nil && isHTTPBody(p.Output), fd != nil && fd.Message() != nil && !fd.IsList() && !fd.IsMap() && isHTTPBody(fd.Message()):
		return nil, rawBytes
	case fd == nil:
		return d.schemas.ref(p.Output), messagePayload
	case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
		return d.schemas.field(fd), messagePayload
	default:
		return d.schemas.field(fd), jsonOnly
	}
}

// reasons returns the error reasons a route can answer with: those the
// server itself gives for what the route reads, VALIDATION when the request
// has rules, and every value of the error enums of the service's proto
// package, by their codes.
func (d *docBuilder) reasons(r route) []reason {
	p := r.plan
	out := []reason{{400, "INVALID_ARGUMENT", "a path variable, query parameter or body that cannot be bound to the request"}}
	if fieldrules.HasRules(p.Input, fieldrules.PGV) || fieldrules.HasRules(p.Input, fieldrules.Protovalidate) {
		out = append(out, reason{400, "VALIDATION", "the request breaks validation rules; the error lists every field violation"})
	}
	if p.HasBody() && streamingOf(r.method) != clientStream { // a WebSocket's body is frames
		out = append(out,
			reason{408, "REQUEST_TIMEOUT", "the request body stopped arriving"},
			reason{413, "PAYLOAD_TOO_LARGE", "the request body is over the server's limit"},
			reason{415, "UNSUPPORTED_MEDIA_TYPE", "a body in a media type the server does not read"})
	}
	out = append(out, reason{500, "INTERNAL", "the server failed"})
	return append(out, d.enumReasons(r.service.Desc.ParentFile().Package())...)
}

// enumReasons returns the values of the error enums declared in proto
// package pkg, with their codes and comments.
func (d *docBuilder) enumReasons(pkg protoreflect.FullName) []reason {
	var out []reason
	for _, f := range d.plugin.Files {
		if f.Desc.Package() != pkg {
			continue
		}
		visit := func(e *protogen.Enum) {
			for _, v := range e.Values {
				if code := errorsgen.EffectiveCode(v.Desc); code >= 100 && code <= 599 {
					why := strings.Join(strings.Fields(string(v.Comments.Leading)), " ")
					if why == "" {
						why = string(e.Desc.FullName()) + "." + string(v.Desc.Name())
					}
					out = append(out, reason{code, string(v.Desc.Name()), why})
				}
			}
		}
		for _, e := range f.Enums {
			visit(e)
		}
		var walk func([]*protogen.Message)
		walk = func(ms []*protogen.Message) {
			for _, m := range ms {
				for _, e := range m.Enums {
					visit(e)
				}
				walk(m.Messages)
			}
		}
		walk(f.Messages)
	}
	return out
}
