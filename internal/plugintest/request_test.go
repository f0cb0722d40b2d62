package plugintest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/plugintest"
)

// writeFile writes content to dir/name, creating directories.
func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const mainProto = `syntax = "proto3";
package a.v1;
import "b/v1/b.proto";
import "errors/errors.proto";
option go_package = "example.com/a/v1;av1";

// Leading comment of M.
message M {
  b.v1.B b = 1; // Trailing comment of b.
}
`

const depProto = `syntax = "proto3";
package b.v1;
import "google/protobuf/descriptor.proto";
option go_package = "example.com/b/v1;bv1";
message B {}
`

func TestRequest(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b/v1/b.proto", depProto)
	req := plugintest.Request(t, plugintest.RequestOptions{
		Sources:     map[string]string{"a/v1/a.proto": mainProto},
		ImportPaths: []string{dir},
		Files:       []string{"a/v1/a.proto"},
		Parameter:   "paths=source_relative",
	})

	var files []string
	for _, f := range req.GetProtoFile() {
		files = append(files, f.GetName())
	}
	// Dependency order: every file after its imports.
	want := []string{"google/protobuf/descriptor.proto", "b/v1/b.proto", "errors/errors.proto", "a/v1/a.proto"}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("ProtoFile (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a/v1/a.proto"}, req.GetFileToGenerate()); diff != "" {
		t.Errorf("FileToGenerate (-want +got):\n%s", diff)
	}
	if got := req.GetParameter(); got != "paths=source_relative" {
		t.Errorf("Parameter = %q", got)
	}
	if n := len(req.GetSourceFileDescriptors()); n != 1 || req.GetSourceFileDescriptors()[0].GetName() != "a/v1/a.proto" {
		t.Errorf("SourceFileDescriptors: %d files, want a/v1/a.proto only", n)
	}

	// The comments reach the plugin.
	var leading, trailing string
	resp := plugintest.Run(t, req, func(gen *protogen.Plugin) error {
		m := gen.FilesByPath["a/v1/a.proto"].Messages[0]
		leading, trailing = string(m.Comments.Leading), string(m.Fields[0].Comments.Trailing)
		return nil
	})
	if resp.GetError() != "" {
		t.Fatalf("plugin error: %s", resp.GetError())
	}
	if leading != " Leading comment of M.\n" || trailing != " Trailing comment of b.\n" {
		t.Errorf("comments = %q, %q", leading, trailing)
	}
}

func TestRequestResolutionOrder(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	writeFile(t, first, "b/v1/b.proto", depProto)
	writeFile(t, second, "b/v1/b.proto", "this is not proto and must not be read")
	writeFile(t, second, "a/v1/a.proto", "this is not proto either")
	req := plugintest.Request(t, plugintest.RequestOptions{
		Sources:     map[string]string{"a/v1/a.proto": mainProto},
		ImportPaths: []string{first, second},
		Files:       []string{"a/v1/a.proto"},
	})
	if n := len(req.GetProtoFile()); n != 4 {
		t.Errorf("%d files in the request, want 4", n)
	}
}

func TestRequestFailures(t *testing.T) {
	tests := []struct {
		name string
		opts plugintest.RequestOptions
		want string
	}{
		{
			name: "no files",
			opts: plugintest.RequestOptions{},
			want: "plugintest.Request: no Files to generate",
		},
		{
			name: "syntax error",
			opts: plugintest.RequestOptions{
				Sources: map[string]string{"x.proto": `syntax = "proto3"; message {`},
				Files:   []string{"x.proto"},
			},
			want: "plugintest.Request: compiling x.proto: x.proto:1:",
		},
		{
			name: "missing import",
			opts: plugintest.RequestOptions{
				Sources: map[string]string{"x.proto": `syntax = "proto3"; import "nowhere/y.proto";`},
				Files:   []string{"x.proto"},
			},
			want: "nowhere/y.proto",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req *pluginpb.CodeGeneratorRequest
			r := record(t, func(tb testing.TB) { req = plugintest.Request(tb, tt.opts) })
			if !r.fatal || req != nil {
				t.Fatalf("Request did not fail the test (fatal %v, request %v)", r.fatal, req != nil)
			}
			if len(r.errors) != 1 || !strings.Contains(r.errors[0], tt.want) {
				t.Errorf("failure %q, want it to contain %q", r.errors, tt.want)
			}
		})
	}
}
