package generate_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bia-go/bia/internal/generate"
)

// TestSameAsBuf runs every buf.gen.yaml of the repository with bia's
// engine and checks that it writes exactly the committed files, which
// buf generate wrote (check-generated keeps them current).
func TestSameAsBuf(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	templates := []string{"buf.gen.yaml", "examples/helloworld/buf.gen.yaml", "testdata/buf.gen.yaml",
		"internal/kratostest/buf.gen.yaml", "internal/kratostest/buf.gen.kratos.yaml", "bench/buf.gen.yaml"}
	for _, tmpl := range templates {
		t.Run(tmpl, func(t *testing.T) {
			out := t.TempDir()
			res, err := generate.Run(t.Context(), generate.Options{Dir: repo, Template: tmpl, Output: out})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			err = filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				n++
				rel, _ := filepath.Rel(out, path)
				got, _ := os.ReadFile(path)
				want, err := os.ReadFile(filepath.Join(repo, rel))
				if err != nil {
					t.Errorf("%s: generated, but buf writes no such file", rel)
				} else if !bytes.Equal(got, want) {
					t.Errorf("%s: differs from buf's output", rel)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 || n != res.Files {
				t.Errorf("%d files written, %d reported", n, res.Files)
			}
		})
	}
}

// TestDefaultTemplate checks a project without buf.gen.yaml: Bia's
// default plugins write their files next to the .proto.
func TestDefaultTemplate(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "buf.yaml", "version: v2\nmodules:\n  - path: api\n")
	write(t, dir, "api/shop/v1/shop.proto", `syntax = "proto3";
package shop.v1;
import "errors/errors.proto";
import "google/api/annotations.proto";
option go_package = "example.com/shop/api/shop/v1;v1";
service Shop { rpc Get(Req) returns (Req) { option (google.api.http) = {get: "/v1/{id}"}; } }
message Req { string id = 1; }
enum ErrorReason { option (errors.default_code) = 500; NOT_FOUND = 0 [(errors.code) = 404]; }
`)
	if _, err := generate.Run(t.Context(), generate.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	got, _ := filepath.Glob(filepath.Join(dir, "api/shop/v1/*.go"))
	for i := range got {
		got[i] = filepath.Base(got[i])
	}
	want := []string{"shop.pb.go", "shop_errors.pb.go", "shop_grpc.pb.go", "shop_http.pb.go"}
	if !slices.Equal(got, want) {
		t.Errorf("generated %v, want %v", got, want)
	}
}

// TestTemplateWithoutInputs checks that a buf.gen.yaml without inputs
// generates the workspace's modules, as buf generate does.
func TestTemplateWithoutInputs(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "buf.yaml", "version: v2\nmodules:\n  - path: api\n")
	write(t, dir, "gen.yaml", "version: v2\nplugins:\n  - local: protoc-gen-go\n    out: gen\n    opt: paths=source_relative\n")
	write(t, dir, "api/shop/v1/shop.proto", "syntax = \"proto3\";\npackage shop.v1;\noption go_package = \"example.com/shop/v1;v1\";\nmessage Req { string id = 1; }\n")
	if _, err := generate.Run(t.Context(), generate.Options{Dir: dir, Template: "gen.yaml"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen/shop/v1/shop.pb.go")); err != nil {
		t.Error(err)
	}
}

// TestBundledImports checks that a project imports the third-party
// protos Bia needs without a copy of its own.
func TestBundledImports(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "api/shop/v1/shop.proto", `syntax = "proto3";
package shop.v1;
import "buf/validate/validate.proto";
import "errors/errors.proto";
import "google/api/annotations.proto";
import "google/api/field_behavior.proto";
import "google/api/httpbody.proto";
import "google/protobuf/timestamp.proto";
import "openapiv3/annotations.proto";
import "validate/validate.proto";
option go_package = "example.com/shop/api/shop/v1;v1";
option (openapi.v3.document) = {info: {title: "Shop"}};
service Shop {
  rpc Get(Req) returns (google.api.HttpBody) { option (google.api.http) = {get: "/v1/{id}"}; }
}
message Req {
  string id = 1 [(buf.validate.field).string.min_len = 1, (google.api.field_behavior) = REQUIRED];
  string name = 2 [(validate.rules).string.max_len = 10];
  google.protobuf.Timestamp at = 3;
}
enum ErrorReason { option (errors.default_code) = 500; NOT_FOUND = 0 [(errors.code) = 404]; }
`)
	if _, err := generate.Run(t.Context(), generate.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
}

// TestCompileErrors checks that every compile error is reported with
// its file, line and column, and nothing is written.
func TestCompileErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/v1/a.proto", "syntax = \"proto3\";\npackage a.v1;\nmessage A { strin x = 1; }\n")
	write(t, dir, "b/v1/b.proto", "syntax = \"proto3\";\npackage b.v1;\nimport \"nope/nope.proto\";\n")
	_, err := generate.Run(t.Context(), generate.Options{Dir: dir})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"a/v1/a.proto:3:13", "b/v1/b.proto:3:8"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*/v1/*.go")); len(files) != 0 {
		t.Errorf("files written: %v", files)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
