package httpgen_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/internal/httpgen"
)

// TestRunRoutes checks the routes of valid rules: the http.Rule literals
// the generated registration passes to HandleUnary, in order, and the rule
// each client method sends.
func TestRunRoutes(t *testing.T) {
	tests := []struct {
		name      string
		services  string
		parameter string
		want      []rule
	}{
		{
			name: "names by JSON name",
			services: `service S { rpc Create(Req) returns (Res) { option (google.api.http) = {
  post: "/v1/{bookId}"
  body: "inner"
  response_body: "innerValue"
}; } }`,
			// The pattern stays as written; the bodies become proto names.
			want: []rule{
				{For: "Create", Method: "POST", Pattern: "/v1/{bookId}", Body: "inner", ResponseBody: "inner_value", Operation: "OperationSCreate"},
				{For: "client Create", Method: "POST", Pattern: "/v1/{bookId}", Body: "inner", ResponseBody: "inner_value", Operation: "OperationSCreate"},
			},
		},
		{
			name:     "wrapper, nested and number variables",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{wrapped}/{inner.id}/{count}:get"}; } }`,
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{wrapped}/{inner.id}/{count}:get", Operation: "OperationSGet"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{wrapped}/{inner.id}/{count}:get", Operation: "OperationSGet"},
			},
		},
		{
			name:     "variable inside the body field",
			services: `service S { rpc Update(Req) returns (Res) { option (google.api.http) = {patch: "/v1/{inner.id=items/*}" body: "inner"}; } }`,
			want: []rule{
				{For: "Update", Method: "PATCH", Pattern: "/v1/{inner.id=items/*}", Body: "inner", Operation: "OperationSUpdate"},
				{For: "client Update", Method: "PATCH", Pattern: "/v1/{inner.id=items/*}", Body: "inner", Operation: "OperationSUpdate"},
			},
		},
		{
			name:     "DELETE with a body",
			services: `service S { rpc Delete(Req) returns (Res) { option (google.api.http) = {delete: "/v1/{name}" body: "*" response_body: "items"}; } }`,
			want: []rule{
				{For: "Delete", Method: "DELETE", Pattern: "/v1/{name}", Body: "*", ResponseBody: "items", Operation: "OperationSDelete"},
				{For: "client Delete", Method: "DELETE", Pattern: "/v1/{name}", Body: "*", ResponseBody: "items", Operation: "OperationSDelete"},
			},
		},
		{
			name:     "custom method",
			services: `service S { rpc Find(Req) returns (Res) { option (google.api.http) = {custom: {kind: "PROPFIND" path: "/v1/{name=**}"}}; } }`,
			want: []rule{
				{For: "Find", Method: "PROPFIND", Pattern: "/v1/{name=**}", Operation: "OperationSFind"},
				{For: "client Find", Method: "PROPFIND", Pattern: "/v1/{name=**}", Operation: "OperationSFind"},
			},
		},
		{
			name: "one template, other methods or verbs",
			services: `service S {
  rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}"}; }
  rpc Delete(Req) returns (Res) { option (google.api.http) = {delete: "/v1/{name}"}; }
  rpc Undelete(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}:undelete"}; }
}`,
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "Delete", Method: "DELETE", Pattern: "/v1/{name}", Operation: "OperationSDelete"},
				{For: "Undelete", Method: "GET", Pattern: "/v1/{name}:undelete", Operation: "OperationSUndelete"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Delete", Method: "DELETE", Pattern: "/v1/{name}", Operation: "OperationSDelete"},
				{For: "client Undelete", Method: "GET", Pattern: "/v1/{name}:undelete", Operation: "OperationSUndelete"},
			},
		},
		{
			name: "additional bindings in order, the client sends the first",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {
  get: "/v1/{name}"
  additional_bindings {post: "/v1/{name}:get" body: "*"}
  additional_bindings {get: "/v2/{name}" response_body: "inner_value"}
}; } }`,
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "Get", Method: "POST", Pattern: "/v1/{name}:get", Body: "*", Operation: "OperationSGet"},
				{For: "Get", Method: "GET", Pattern: "/v2/{name}", ResponseBody: "inner_value", Operation: "OperationSGet"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
			},
		},
		{
			name: "streams of every kind are routed; unannotated methods are left out",
			services: `service S {
  rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}"}; }
  rpc Plain(Req) returns (Res);
  rpc Watch(Req) returns (stream Res) { option (google.api.http) = {get: "/v1/{name}:watch"}; }
  rpc Upload(stream Req) returns (Res) { option (google.api.http) = {post: "/v1/{name}:upload" body: "*"}; }
  rpc Chat(stream Req) returns (stream Res) { option (google.api.http) = {get: "/v1/{name}:chat"}; }
  rpc Quiet(stream Req) returns (stream Res);
}`,
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "Watch", Method: "GET", Pattern: "/v1/{name}:watch", Operation: "OperationSWatch"},
				{For: "Upload", Method: "POST", Pattern: "/v1/{name}:upload", Body: "*", Operation: "OperationSUpload"},
				{For: "Chat", Method: "GET", Pattern: "/v1/{name}:chat", Operation: "OperationSChat"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Watch", Method: "GET", Pattern: "/v1/{name}:watch", Operation: "OperationSWatch"},
				{For: "client Upload", Method: "POST", Pattern: "/v1/{name}:upload", Body: "*", Operation: "OperationSUpload"},
				{For: "client Chat", Method: "GET", Pattern: "/v1/{name}:chat", Operation: "OperationSChat"},
			},
		},
		{
			name: "default routes with omitempty=false",
			services: `service S {
  rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}"}; }
  rpc Plain(Req) returns (Res);
  rpc Chat(stream Req) returns (stream Res);
}`,
			parameter: "omitempty=false",
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "Plain", Method: "POST", Pattern: "/x.v1.S/Plain", Body: "*", Operation: "OperationSPlain"},
				{For: "Chat", Method: "POST", Pattern: "/x.v1.S/Chat", Body: "*", Operation: "OperationSChat"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Plain", Method: "POST", Pattern: "/x.v1.S/Plain", Body: "*", Operation: "OperationSPlain"},
				{For: "client Chat", Method: "POST", Pattern: "/x.v1.S/Chat", Body: "*", Operation: "OperationSChat"},
			},
		},
		{
			name:      "default routes with a prefix",
			services:  `service S { rpc Plain(Req) returns (Res); }`,
			parameter: "omitempty=false,omitempty_prefix=/api/v2",
			want: []rule{
				{For: "Plain", Method: "POST", Pattern: "/api/v2/x.v1.S/Plain", Body: "*", Operation: "OperationSPlain"},
				{For: "client Plain", Method: "POST", Pattern: "/api/v2/x.v1.S/Plain", Body: "*", Operation: "OperationSPlain"},
			},
		},
		{
			name:      "a prefix alone routes nothing more",
			services:  `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}"}; } rpc Plain(Req) returns (Res); }`,
			parameter: "omitempty_prefix=/api",
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := run(t, httpProto(tt.services), tt.parameter)
			if resp.GetError() != "" {
				t.Fatalf("plugin failed: %s", resp.GetError())
			}
			if len(resp.GetFile()) != 1 {
				t.Fatalf("generated %d files, want 1", len(resp.GetFile()))
			}
			if diff := cmp.Diff(tt.want, rules(t, resp.GetFile()[0].GetContent())); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOptions checks that the options of New set what the parameters set.
func TestOptions(t *testing.T) {
	services := `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}"}; } rpc Plain(Req) returns (Res); }`
	tests := []struct {
		name      string
		opts      []httpgen.Option
		parameter string
		want      []rule
	}{
		{
			name: "defaults",
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
			},
		},
		{
			name: "OmitEmpty(true)",
			opts: []httpgen.Option{httpgen.OmitEmpty(true)},
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
			},
		},
		{
			name: "OmitEmpty(false) with a prefix",
			opts: []httpgen.Option{httpgen.OmitEmpty(false), httpgen.OmitEmptyPrefix("/rpc")},
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "Plain", Method: "POST", Pattern: "/rpc/x.v1.S/Plain", Body: "*", Operation: "OperationSPlain"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Plain", Method: "POST", Pattern: "/rpc/x.v1.S/Plain", Body: "*", Operation: "OperationSPlain"},
			},
		},
		{
			name:      "a parameter overrides an option",
			opts:      []httpgen.Option{httpgen.OmitEmpty(false)},
			parameter: "omitempty=true",
			want: []rule{
				{For: "Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
				{For: "client Get", Method: "GET", Pattern: "/v1/{name}", Operation: "OperationSGet"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := runWith(t, httpgen.New(tt.opts...), httpProto(services), tt.parameter)
			if resp.GetError() != "" {
				t.Fatalf("plugin failed: %s", resp.GetError())
			}
			if diff := cmp.Diff(tt.want, rules(t, resp.GetFile()[0].GetContent())); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}
