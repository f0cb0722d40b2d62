package http_test

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/internal/httpgen"
	"github.com/bia-go/bia/internal/plugintest"
	"github.com/bia-go/bia/runtime/transport/http"
)

// TestPluginAndServerAgree checks that a rule protoc-gen-go-http rejects
// is rejected by HandleUnary with the same messages, and that a rule the
// plugin accepts registers: both take the binding plan from one compiler.
func TestPluginAndServerAgree(t *testing.T) {
	const messages = `syntax = "proto3";
package x.v1;
import "google/api/annotations.proto";
import "google/protobuf/wrappers.proto";
option go_package = "example.com/x/v1;xv1";
message Inner { string id = 1; }
message Req {
  string name = 1;
  string book_id = 2;
  Inner inner = 3;
  repeated string tags = 4;
  map<string, string> labels = 5;
  google.protobuf.StringValue wrapped = 6;
}
message Res { string id = 1; repeated Inner items = 2; }
`
	tests := []struct {
		name     string
		rule     http.Rule // as the generated code would write it
		option   string    // the same rule as a google.api.http option
		accepted bool
	}{
		{"GET with a body that is also a path variable", http.Rule{Method: "GET", Pattern: "/v1/{name}", Body: "name"},
			`get: "/v1/{name}" body: "name"`, false},
		{"unknown path field", http.Rule{Method: "GET", Pattern: "/v1/{nope}"}, `get: "/v1/{nope}"`, false},
		{"repeated path field", http.Rule{Method: "GET", Pattern: "/v1/{tags}"}, `get: "/v1/{tags}"`, false},
		{"map path field", http.Rule{Method: "GET", Pattern: "/v1/{labels}"}, `get: "/v1/{labels}"`, false},
		{"message path field", http.Rule{Method: "GET", Pattern: "/v1/{inner}"}, `get: "/v1/{inner}"`, false},
		{"through a scalar", http.Rule{Method: "GET", Pattern: "/v1/{name.id}"}, `get: "/v1/{name.id}"`, false},
		{"one field twice", http.Rule{Method: "GET", Pattern: "/v1/{book_id}/{bookId}"}, `get: "/v1/{book_id}/{bookId}"`, false},
		{"nested body", http.Rule{Method: "POST", Pattern: "/v1/x", Body: "inner.id"}, `post: "/v1/x" body: "inner.id"`, false},
		{"unknown response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "nope"}, `get: "/v1/x" response_body: "nope"`, false},
		{"bad template", http.Rule{Method: "GET", Pattern: "/v1/**/x"}, `get: "/v1/**/x"`, false},
		{"any-method custom rule", http.Rule{Method: "*", Pattern: "/v1/x"}, `custom: {kind: "*" path: "/v1/x"}`, false},
		{"every problem at once", http.Rule{Method: "GET", Pattern: "/v1/{nope}", Body: "*", ResponseBody: "nope"},
			`get: "/v1/{nope}" body: "*" response_body: "nope"`, false},
		{"wrapper and JSON names", http.Rule{Method: "PATCH", Pattern: "/v1/{wrapped}/{bookId}", Body: "inner", ResponseBody: "items"},
			`patch: "/v1/{wrapped}/{bookId}" body: "inner" response_body: "items"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := plugintest.Request(t, plugintest.RequestOptions{
				Sources: map[string]string{"x/v1/x.proto": messages +
					`service S { rpc M(Req) returns (Res) { option (google.api.http) = {` + tt.option + `}; } }`},
				Files: []string{"x/v1/x.proto"},
			})
			g := httpgen.New()
			resp := plugintest.Run(t, req, g.Run)

			files, err := protodesc.NewFiles(&descriptorpb.FileDescriptorSet{File: req.GetProtoFile()})
			if err != nil {
				t.Fatal(err)
			}
			in, out := dynamicType(t, files, "x.v1.Req"), dynamicType(t, files, "x.v1.Res")
			r := tt.rule
			r.Operation = "/x.v1.S/M"
			msg := panicMessage(func() {
				http.HandleDynamic(http.NewServer(), r, in, out,
					func(context.Context, proto.Message) (proto.Message, error) { return nil, nil })
			})

			if tt.accepted {
				if resp.GetError() != "" || msg != "" {
					t.Fatalf("plugin error %q, registration panic %q; want both to accept", resp.GetError(), msg)
				}
				return
			}
			if resp.GetError() == "" || msg == "" {
				t.Fatalf("plugin error %q, registration panic %q; want both to reject", resp.GetError(), msg)
			}
			// Each plugin line is "file: service S method M: rule GET
			// "/p": <problem>"; each problem must be in the panic.
			for _, line := range strings.Split(resp.GetError(), "\n") {
				problem := line[strings.Index(line, `": `)+3:]
				if strings.HasPrefix(line, "x/v1/x.proto: service x.v1.S method M: rule: custom kind") {
					problem = line[strings.LastIndex(line, `": `)+3:] // "custom kind "*": <problem>"
				}
				if !strings.Contains(msg, problem) {
					t.Errorf("the plugin says %q; the registration panic %q does not", problem, msg)
				}
			}
		})
	}
}

func dynamicType(t *testing.T, files interface {
	FindDescriptorByName(protoreflect.FullName) (protoreflect.Descriptor, error)
}, name string) protoreflect.MessageType {
	t.Helper()
	d, err := files.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		t.Fatal(err)
	}
	return dynamicpb.NewMessageType(d.(protoreflect.MessageDescriptor))
}
