package httpgen_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/httpgen"
	"github.com/bia-go/bia/internal/httprule"
	"github.com/bia-go/bia/internal/plugintest"
)

// httpProto returns the file x/v1/x.proto of package x.v1: the messages
// Req and Res, which have fields of every shape a rule can name, and
// services.
func httpProto(services string) map[string]string {
	return map[string]string{"x/v1/x.proto": `syntax = "proto3";
package x.v1;
import "google/api/annotations.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
option go_package = "example.com/x/v1;xv1";

message Inner {
  string id = 1;
}

message Req {
  string name = 1;
  string book_id = 2;
  Inner inner = 3;
  repeated string tags = 4;
  map<string, string> labels = 5;
  google.protobuf.Timestamp time = 6;
  google.protobuf.StringValue wrapped = 7;
  repeated Inner inners = 8;
  map<string, Inner> inner_map = 9;
  int32 count = 10;
}

message Res {
  string id = 1;
  Inner inner_value = 2;
  repeated Inner items = 3;
}
` + services}
}

// TestRunErrors checks that every invalid rule is a plugin error, not a
// panic nor a bad file, that the message names the file, the service, the
// method and the rule, and that nothing is generated.
func TestRunErrors(t *testing.T) {
	tests := []struct {
		name      string
		services  string
		parameter string
		want      []string // the lines of the error
	}{
		// Templates.
		{
			name:     "invalid template",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{name": path template "/v1/{name": at offset 4: unclosed variable "name"`},
		},
		{
			name: "invalid template in an additional binding",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {
  get: "/v1/{name}"
  additional_bindings {get: "/v1/**/x"}
}; } }`,
			want: []string{`x/v1/x.proto: service x.v1.S method Get: additional_bindings[0] GET "/v1/**/x": path template "/v1/**/x": at offset 7: '**' must be the last segment`},
		},
		{
			name:     "template that is not a path",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "v1/{name}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "v1/{name}": path template "v1/{name}": at offset 0: template must start with '/'`},
		},

		// Path variables.
		{
			name:     "variable naming an unknown field",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{nme}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{nme}": path variable {nme}: no field "nme" in message x.v1.Req`},
		},
		{
			name:     "variable naming an unknown nested field",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{inner.name}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{inner.name}": path variable {inner.name}: no field "name" in message x.v1.Inner`},
		},
		{
			name:     "variable through a scalar",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name.id}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{name.id}": path variable {name.id}: field name is a string, not a message`},
		},
		{
			name:     "variable through a repeated message",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{inners.id}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{inners.id}": path variable {inners.id}: field inners is repeated, not a message`},
		},
		{
			name:     "variable through a map",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{inner_map.id}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{inner_map.id}": path variable {inner_map.id}: field inner_map is a map, not a message`},
		},
		{
			name:     "repeated variable",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{tags}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{tags}": path variable {tags}: field tags is repeated; a path variable binds a singular scalar, enum or wrapper field`},
		},
		{
			name:     "map variable",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{labels}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{labels}": path variable {labels}: field labels is a map; a path variable binds a singular scalar, enum or wrapper field`},
		},
		{
			name:     "message variable",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{inner}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{inner}": path variable {inner}: field inner is a message (x.v1.Inner); a path variable binds a singular scalar, enum or wrapper field`},
		},
		{
			name:     "well-known message variable",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{time}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{time}": path variable {time}: field time is a message (google.protobuf.Timestamp); a path variable binds a singular scalar, enum or wrapper field`},
		},
		{
			name:     "one field by proto name and JSON name",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{book_id}/{bookId}"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{book_id}/{bookId}": path variables {book_id} and {bookId} capture the same field book_id`},
		},

		// Bodies.
		{
			name:     "body naming an unknown field",
			services: `service S { rpc Create(Req) returns (Res) { option (google.api.http) = {post: "/v1/x" body: "nope"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Create: rule POST "/v1/x": body "nope": no field "nope" in message x.v1.Req`},
		},
		{
			name:     "body naming a nested field",
			services: `service S { rpc Create(Req) returns (Res) { option (google.api.http) = {post: "/v1/x" body: "inner.id"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Create: rule POST "/v1/x": body "inner.id": not a top-level field of message x.v1.Req (http.proto: the field must be at the top level)`},
		},
		{
			name:     "body that is a path variable",
			services: `service S { rpc Create(Req) returns (Res) { option (google.api.http) = {post: "/v1/{name}" body: "name"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Create: rule POST "/v1/{name}": body "name": the field is also the path variable {name}`},
		},
		{
			name:     "body by JSON name that is a path variable by proto name",
			services: `service S { rpc Create(Req) returns (Res) { option (google.api.http) = {post: "/v1/{book_id}" body: "bookId"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Create: rule POST "/v1/{book_id}": body "bookId": the field is also the path variable {book_id}`},
		},
		{
			name:     "GET with the request as the body",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/x" body: "*"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/x": body "*": a GET rule cannot have a body (http.proto)`},
		},
		{
			name:     "GET with a field as the body",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/x" body: "inner"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/x": body "inner": a GET rule cannot have a body (http.proto)`},
		},
		{
			name:     "response body naming an unknown field",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/x" response_body: "nope"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/x": response_body "nope": no field "nope" in message x.v1.Res`},
		},
		{
			name:     "response body naming a nested field",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/x" response_body: "inner_value.id"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/x": response_body "inner_value.id": not a top-level field of message x.v1.Res (http.proto: the field must be at the top level)`},
		},

		// Rule shapes.
		{
			name:     "rule without a pattern",
			services: `service S { rpc Create(Req) returns (Res) { option (google.api.http) = {body: "*"}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Create: rule: no HTTP method and path: set one of get, put, post, delete, patch or custom`},
		},
		{
			name: "additional binding without a pattern",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {
  get: "/v1/x"
  additional_bindings {body: "*"}
}; } }`,
			want: []string{`x/v1/x.proto: service x.v1.S method Get: additional_bindings[0]: no HTTP method and path: set one of get, put, post, delete, patch or custom`},
		},
		{
			name: "nested additional bindings",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {
  get: "/v1/x"
  additional_bindings {
    get: "/v1/y"
    additional_bindings {get: "/v1/z"}
  }
}; } }`,
			want: []string{`x/v1/x.proto: service x.v1.S method Get: additional_bindings[0]: nested additional_bindings are not allowed (http.proto)`},
		},
		{
			name:     "custom rule without a kind",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {custom: {path: "/v1/x"}}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule: custom kind "": no HTTP method`},
		},
		{
			name:     "custom rule for any method",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {custom: {kind: "*" path: "/v1/x"}}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule: custom kind "*": HTTP method "*" (any method) is not supported`},
		},
		{
			name:     "custom kind that is not a method name",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {custom: {kind: "GET ME" path: "/v1/x"}}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule: custom kind "GET ME": "GET ME" is not an HTTP method name`},
		},
		{
			name:     "custom rule without a path",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {custom: {kind: "REPORT"}}; } }`,
			want:     []string{`x/v1/x.proto: service x.v1.S method Get: rule REPORT "": path template "": at offset 0: empty template; it must start with '/'`},
		},

		// Conflicts.
		{
			name: "the same template shape in two methods",
			services: `service S {
  rpc GetA(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}"}; }
  rpc GetB(Req) returns (Res) { option (google.api.http) = {get: "/v1/{book_id}"}; }
}`,
			want: []string{`x/v1/x.proto: service x.v1.S method GetB: rule GET "/v1/{book_id}" conflicts with rule GET "/v1/{name}" of method GetA: both match exactly the same requests`},
		},
		{
			name: "neither rule more specific",
			services: `service S {
  rpc GetA(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}/books:get"}; }
  rpc GetB(Req) returns (Res) { option (google.api.http) = {get: "/v1/shelves/{book_id=**}:get"}; }
}`,
			want: []string{`x/v1/x.proto: service x.v1.S method GetB: rule GET "/v1/shelves/{book_id=**}:get" conflicts with rule GET "/v1/{name}/books:get" of method GetA: some request matches both and neither is more specific`},
		},
		{
			name: "overlapping bindings of one method",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {
  get: "/v1/{name=shelves/*}"
  additional_bindings {get: "/v1/shelves/{book_id}"}
}; } }`,
			want: []string{`x/v1/x.proto: service x.v1.S method Get: additional_bindings[0] GET "/v1/shelves/{book_id}" conflicts with rule GET "/v1/{name=shelves/*}" of method Get: both match exactly the same requests`},
		},
		{
			name: "conflicting custom methods",
			services: `service S {
  rpc A(Req) returns (Res) { option (google.api.http) = {custom: {kind: "REPORT" path: "/v1/{name}/x"}}; }
  rpc B(Req) returns (Res) { option (google.api.http) = {custom: {kind: "REPORT" path: "/v1/x/{book_id}"}}; }
}`,
			want: []string{`x/v1/x.proto: service x.v1.S method B: rule REPORT "/v1/x/{book_id}" conflicts with rule REPORT "/v1/{name}/x" of method A: some request matches both and neither is more specific`},
		},
		{
			name: "rule with the shape of a default route",
			services: `service S {
  rpc A(Req) returns (Res) { option (google.api.http) = {post: "/x.v1.S/B" body: "*"}; }
  rpc B(Req) returns (Res);
}`,
			parameter: "omitempty=false",
			want:      []string{`x/v1/x.proto: service x.v1.S method B: default rule POST "/x.v1.S/B" conflicts with rule POST "/x.v1.S/B" of method A: both match exactly the same requests`},
		},

		// Go names.
		{
			name: "generated name taken by a message",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/x"}; } }
message SHTTPClient {}`,
			want: []string{`x/v1/x.proto: service x.v1.S: generated Go name SHTTPClient collides with the message x.v1.SHTTPClient in x/v1/x.proto`},
		},
		{
			name: "generated name taken by an enum",
			services: `service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/x"}; } }
enum OperationSGet { OPERATION_S_GET_UNSPECIFIED = 0; }`,
			want: []string{`x/v1/x.proto: service x.v1.S: generated Go name OperationSGet collides with the enum x.v1.OperationSGet in x/v1/x.proto`},
		},
		{
			name: "two services generating one operation name",
			services: `service A { rpc BC(Req) returns (Res) { option (google.api.http) = {get: "/v1/a"}; } }
service AB { rpc C(Req) returns (Res) { option (google.api.http) = {get: "/v1/a"}; } }`,
			want: []string{`x/v1/x.proto: service x.v1.AB: generated Go name OperationABC collides with the HTTP code of service x.v1.A in x/v1/x.proto`},
		},

		// Every problem at once.
		{
			name: "every problem is reported",
			services: `service S {
  rpc A(Req) returns (Res) { option (google.api.http) = {get: "/v1/{nope}" body: "*" response_body: "nope"}; }
  rpc B(Req) returns (Res) { option (google.api.http) = {get: "/v1/{tags}"}; }
}`,
			want: []string{
				`x/v1/x.proto: service x.v1.S method A: rule GET "/v1/{nope}": path variable {nope}: no field "nope" in message x.v1.Req`,
				`x/v1/x.proto: service x.v1.S method A: rule GET "/v1/{nope}": body "*": a GET rule cannot have a body (http.proto)`,
				`x/v1/x.proto: service x.v1.S method A: rule GET "/v1/{nope}": response_body "nope": no field "nope" in message x.v1.Res`,
				`x/v1/x.proto: service x.v1.S method B: rule GET "/v1/{tags}": path variable {tags}: field tags is repeated; a path variable binds a singular scalar, enum or wrapper field`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := run(t, httpProto(tt.services), tt.parameter)
			if diff := cmp.Diff(tt.want, strings.Split(resp.GetError(), "\n")); diff != "" {
				t.Errorf("error lines (-want +got):\n%s", diff)
			}
			if n := len(resp.GetFile()); n != 0 {
				t.Errorf("generated %d files despite the error", n)
			}
		})
	}
}

// TestRunTemplateError checks that a template error wraps the
// *httprule.Error of the parser, with its offset.
func TestRunTemplateError(t *testing.T) {
	req := plugintest.Request(t, plugintest.RequestOptions{
		Sources: httpProto(`service S { rpc Get(Req) returns (Res) { option (google.api.http) = {get: "/v1/{name}/x//y"}; } }`),
		Files:   []string{"x/v1/x.proto"},
	})
	var err error
	plugintest.Run(t, req, func(gen *protogen.Plugin) error {
		err = httpgen.New().Run(gen)
		return err
	})
	var perr *httprule.Error
	if !errors.As(err, &perr) {
		t.Fatalf("error %v does not wrap an *httprule.Error", err)
	}
	want := &httprule.Error{Template: "/v1/{name}/x//y", Pos: 13, Msg: perr.Msg}
	if diff := cmp.Diff(want, perr); diff != "" {
		t.Errorf("template error (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("at offset %d", perr.Pos)) {
		t.Errorf("error %q does not name the offset", err)
	}
}
