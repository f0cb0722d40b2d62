package openapigen_test

import (
	"bytes"
	"strings"
	"testing"

	_ "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate" // makes buf/validate/validate.proto importable
	_ "github.com/envoyproxy/protoc-gen-validate/validate"                      // makes validate/validate.proto importable
	_ "google.golang.org/genproto/googleapis/api/annotations"                   // makes google/api/annotations.proto importable
	_ "google.golang.org/genproto/googleapis/api/httpbody"                      // makes google/api/httpbody.proto importable
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/openapigen"
	"github.com/bia-go/bia/internal/plugintest"
)

// goldenRuns are the runs of protoc-gen-openapi in testdata/buf.gen.yaml.
var goldenRuns = []plugintest.RequestOptions{
	{
		ImportPaths: []string{"../../testdata/proto"},
		Files: []string{"errorstest/v1/errors.proto", "httptest/v1/errors.proto", "httptest/v1/library.proto",
			"pvtest/v1/users.proto", "validatetest/v1/accounts.proto"},
		Parameter: "title=Bia test API,version=1.0.0",
	},
	{
		ImportPaths: []string{"../../testdata/proto"},
		Files:       []string{"httptest/omitempty/v1/echo.proto"},
		Parameter:   "format=json,output=service,naming=proto,errors=status,omitempty=false,omitempty_prefix=/api",
	},
}

func run(t *testing.T, opts plugintest.RequestOptions) *pluginpb.CodeGeneratorResponse {
	t.Helper()
	g := openapigen.New()
	return plugintest.RunWith(t, protogen.Options{ParamFunc: g.SetParameter}, plugintest.Request(t, opts), g.Run)
}

// TestGolden checks that in-process generation gives the committed golden
// documents, which check-generated also compares with buf's output.
func TestGolden(t *testing.T) {
	all := new(pluginpb.CodeGeneratorResponse)
	for _, opts := range goldenRuns {
		resp := run(t, opts)
		if resp.GetError() != "" {
			t.Fatalf("%s: %s", opts.Parameter, resp.GetError())
		}
		all.File = append(all.File, resp.GetFile()...)
	}
	if got := len(all.GetFile()); got != 2 {
		t.Errorf("generated %d files, want 2 (openapi.yaml, Echo.openapi.json)", got)
	}
	plugintest.Golden(t, all, "../../testdata/golden/openapi")
}

// TestDeterministic checks that two runs write the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := run(t, goldenRuns[0]), run(t, goldenRuns[0])
	if len(a.GetFile()) != 1 || !bytes.Equal([]byte(a.GetFile()[0].GetContent()), []byte(b.GetFile()[0].GetContent())) {
		t.Error("two runs wrote different documents")
	}
}

func TestParameterErrors(t *testing.T) {
	for _, param := range []string{"format=xml", "output=each", "naming=camel", "errors=rfc7807", "filename=a/b", "nope=1",
		"default_response=maybe", "enum_type=integer", "fq_schema_naming=false", "circular_depth=x", "output_mode=source_relative"} {
		g := openapigen.New()
		name, value, _ := strings.Cut(param, "=")
		if err := g.SetParameter(name, value); err == nil || !strings.Contains(err.Error(), "protoc-gen-openapi") {
			t.Errorf("%s: error %v", param, err)
		}
	}
}

// TestRuleErrors checks that a rule protoc-gen-go-http rejects fails the
// document with the same message.
func TestRuleErrors(t *testing.T) {
	resp := run(t, plugintest.RequestOptions{
		Sources: map[string]string{"x/v1/x.proto": `syntax = "proto3";
package x.v1;
import "google/api/annotations.proto";
option go_package = "example.com/x/v1";
message Req { string name = 1; }
service S { rpc Get(Req) returns (Req) { option (google.api.http) = {get: "/v1/{nope}"}; } }`},
		Files: []string{"x/v1/x.proto"},
	})
	want := `x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{nope}": path variable {nope}: no field "nope" in message x.v1.Req`
	if resp.GetError() != want || len(resp.GetFile()) != 0 {
		t.Errorf("error %q, %d files; want %q", resp.GetError(), len(resp.GetFile()), want)
	}
}

// TestGnosticParameters checks that gnostic's parameters which say what
// this generator does anyway are accepted, so a Kratos project's options
// keep working, and that description and default_response take effect.
func TestGnosticParameters(t *testing.T) {
	g := openapigen.New()
	for _, p := range []string{"enum_type=string", "fq_schema_naming=true", "circular_depth=2", "output_mode=merged",
		"description=About it.", "default_response=false", "format=json"} {
		name, value, _ := strings.Cut(p, "=")
		if err := g.SetParameter(name, value); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	resp := plugintest.RunWith(t, protogen.Options{ParamFunc: g.SetParameter}, plugintest.Request(t, plugintest.RequestOptions{
		Sources: map[string]string{"x/v1/x.proto": `syntax = "proto3";
package x.v1;
import "google/api/annotations.proto";
option go_package = "example.com/x/v1";
message Req { string name = 1; }
service S { rpc Get(Req) returns (Req) { option (google.api.http) = {get: "/v1/{name}"}; } }`},
		Files: []string{"x/v1/x.proto"},
	}), g.Run)
	doc := resp.GetFile()[0].GetContent()
	if !strings.Contains(doc, `"description": "About it."`) || strings.Contains(doc, `"default":`) {
		t.Errorf("document without the description or with a default response:\n%s", doc)
	}
}
