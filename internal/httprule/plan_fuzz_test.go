package httprule_test

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/bia-go/bia/internal/httprule"
)

// FuzzCompile compiles arbitrary rules against fixed message types (the
// descriptor messages have scalar, enum, message, repeated and oneof
// fields) and checks the plan's invariants: Compile never panics, and a
// plan it returns binds what its rule says.
func FuzzCompile(f *testing.F) {
	in := (&descriptorpb.FieldDescriptorProto{}).ProtoReflect().Descriptor()
	out := (&descriptorpb.FileDescriptorProto{}).ProtoReflect().Descriptor()
	for _, seed := range []httprule.Rule{
		{Method: "GET", Pattern: "/v1/{name}/{number}"},
		{Method: "POST", Pattern: "/v1/{name=a/*}:x", Body: "options", ResponseBody: "message_type"},
		{Method: "PATCH", Pattern: "/v1/{jsonName}", Body: "*"},
		{Method: "GET", Pattern: "/v1/{options.deprecated}/**", Body: "name"},
		{Method: "*", Pattern: "/{label}/{type}/{proto3_optional}"},
		{Method: "PUT", Pattern: "/{name}/{json_name}", Body: "typeName", ResponseBody: "syntax"},
		{Method: "REPORT", Pattern: "/{options}", ResponseBody: "a.b"},
	} {
		f.Add(seed.Method, seed.Pattern, seed.Body, seed.ResponseBody)
	}
	f.Fuzz(func(t *testing.T, method, pattern, body, responseBody string) {
		r := httprule.Rule{Method: method, Pattern: pattern, Body: body, ResponseBody: responseBody}
		p, err := httprule.Compile(r, in, out)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if p.Rule != r || p.Input != in || p.Output != out {
			t.Fatalf("plan of %+v names another rule or types", r)
		}
		if len(p.Vars) != len(p.Template.Variables) {
			t.Fatalf("%d vars for %d template variables", len(p.Vars), len(p.Template.Variables))
		}
		if method == "GET" && p.HasBody() {
			t.Fatalf("GET rule %+v has a body", r)
		}
		skip := map[string]bool{}
		for _, s := range p.QuerySkip {
			skip[s] = true
		}
		for i, v := range p.Vars {
			if v.Start != p.Template.Variables[i].Start || v.Multi != p.Template.MultiSegment(i) {
				t.Fatalf("var %d does not match its template variable", i)
			}
			names := make([]string, len(v.Fields))
			for j, fd := range v.Fields {
				names[j] = string(fd.Name())
				if j < len(v.Fields)-1 && (fd.Message() == nil || fd.IsList() || fd.IsMap()) {
					t.Fatalf("var %s goes through %s, not a singular message", v.Path(), fd.Name())
				}
			}
			if strings.Join(names, ".") != v.ProtoPath {
				t.Fatalf("var %s: proto path %q, fields %q", v.Path(), v.ProtoPath, names)
			}
			if k := v.Value.Kind(); k == protoreflect.MessageKind || k == protoreflect.GroupKind || v.Value.IsList() || v.Value.IsMap() {
				t.Fatalf("var %s binds a %s", v.Path(), k)
			}
			if !p.BodyAll && !skip[v.ProtoPath] {
				t.Fatalf("the query may set path variable %s", v.ProtoPath)
			}
		}
		switch {
		case body == "":
			if p.HasBody() {
				t.Fatal("a body without body")
			}
		case body == "*":
			if !p.BodyAll || p.QuerySkip != nil || p.QueryFields() != nil {
				t.Fatalf(`body "*" plan: %+v`, p)
			}
		default:
			if p.BodyField == nil || p.BodyField.ContainingMessage() != in || !skip[string(p.BodyField.Name())] {
				t.Fatalf("body %q: field %v", body, p.BodyField)
			}
		}
		if (responseBody == "") != (p.ResponseField == nil) || p.ResponseField != nil && p.ResponseField.ContainingMessage() != out {
			t.Fatalf("response_body %q: field %v", responseBody, p.ResponseField)
		}
		for _, fd := range p.QueryFields() {
			if fd == p.BodyField {
				t.Fatalf("query field %s is the body field", fd.Name())
			}
		}
	})
}
