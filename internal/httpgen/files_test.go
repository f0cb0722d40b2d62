package httpgen_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/internal/httpgen"
	"github.com/bia-go/bia/internal/plugintest"
)

// TestRunFiles checks which files are generated, and their names.
func TestRunFiles(t *testing.T) {
	const header = "syntax = \"proto3\";\npackage x.v1;\nimport \"google/api/annotations.proto\";\noption go_package = \"example.com/x/v1;xv1\";\nmessage M {string name = 1;}\n"
	tests := []struct {
		name      string
		sources   map[string]string
		files     []string
		parameter string
		want      []string
	}{
		{
			name:    "no service",
			sources: map[string]string{"x/v1/x.proto": header},
			files:   []string{"x/v1/x.proto"},
		},
		{
			name:    "services without routes",
			sources: map[string]string{"x/v1/x.proto": header + "service S { rpc A(M) returns (M); rpc B(stream M) returns (M); }"},
			files:   []string{"x/v1/x.proto"},
		},
		{
			name:    "a client stream with a rule is a route",
			sources: map[string]string{"x/v1/x.proto": header + "service S { rpc B(stream M) returns (M) { option (google.api.http) = {post: \"/b\" body: \"*\"}; } }"},
			files:   []string{"x/v1/x.proto"},
			want:    []string{"example.com/x/v1/x_http.pb.go"},
		},
		{
			name:    "a service with a route",
			sources: map[string]string{"x/v1/x.proto": header + "service S { rpc A(M) returns (M) { option (google.api.http) = {get: \"/a\"}; } }"},
			files:   []string{"x/v1/x.proto"},
			want:    []string{"example.com/x/v1/x_http.pb.go"},
		},
		{
			name:      "paths=source_relative",
			sources:   map[string]string{"x/v1/x.proto": header + "service S { rpc A(M) returns (M) { option (google.api.http) = {get: \"/a\"}; } }"},
			files:     []string{"x/v1/x.proto"},
			parameter: "paths=source_relative",
			want:      []string{"x/v1/x_http.pb.go"},
		},
		{
			name:      "module=",
			sources:   map[string]string{"x/v1/x.proto": header + "service S { rpc A(M) returns (M) { option (google.api.http) = {get: \"/a\"}; } }"},
			files:     []string{"x/v1/x.proto"},
			parameter: "module=example.com/x",
			want:      []string{"v1/x_http.pb.go"},
		},
		{
			name:    "a default route makes a file",
			sources: map[string]string{"x/v1/x.proto": header + "service S { rpc A(M) returns (M); }"},
			files:   []string{"x/v1/x.proto"},
			// Without omitempty=false: no file (see "services without routes").
			parameter: "omitempty=false",
			want:      []string{"example.com/x/v1/x_http.pb.go"},
		},
		{
			name: "proto2 and editions",
			sources: map[string]string{
				"x/v1/a.proto": "syntax = \"proto2\";\npackage x.v1;\nimport \"google/api/annotations.proto\";\noption go_package = \"example.com/x/v1;xv1\";\nmessage A {optional string name = 1;}\nservice SA { rpc Get(A) returns (A) { option (google.api.http) = {get: \"/a/{name}\"}; } }",
				"x/v1/b.proto": "edition = \"2023\";\npackage x.v1;\nimport \"google/api/annotations.proto\";\noption go_package = \"example.com/x/v1;xv1\";\nmessage B {string name = 1;}\nservice SB { rpc Get(B) returns (B) { option (google.api.http) = {get: \"/b/{name}\"}; } }",
			},
			files: []string{"x/v1/a.proto", "x/v1/b.proto"},
			want:  []string{"example.com/x/v1/a_http.pb.go", "example.com/x/v1/b_http.pb.go"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := plugintest.Request(t, plugintest.RequestOptions{Sources: tt.sources, Files: tt.files, Parameter: tt.parameter})
			g := httpgen.New()
			resp := plugintest.RunWith(t, protogenOptions(g), req, g.Run)
			if resp.GetError() != "" {
				t.Fatalf("plugin failed: %s", resp.GetError())
			}
			var names []string
			for _, f := range resp.GetFile() {
				names = append(names, f.GetName())
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("generated files (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunCollisionsAcrossFiles checks the Go name collision check across
// the files of one Go package, and that separate Go packages never
// collide.
func TestRunCollisionsAcrossFiles(t *testing.T) {
	file := func(goPackage, body string) string {
		return "syntax = \"proto3\";\npackage x.v1;\nimport \"google/api/annotations.proto\";\noption go_package = \"" + goPackage + "\";\n" + body
	}
	a := "message M {}\nservice A { rpc BC(M) returns (M) { option (google.api.http) = {post: \"/a\" body: \"*\"}; } }"
	b := "import \"x/v1/a.proto\";\nservice AB { rpc C(M) returns (M) { option (google.api.http) = {post: \"/b\" body: \"*\"}; } }"
	tests := []struct {
		name     string
		sources  map[string]string
		generate []string
		want     string
	}{
		{
			name:     "one Go package, both generated",
			sources:  map[string]string{"x/v1/a.proto": file("example.com/x/v1;xv1", a), "x/v1/b.proto": file("example.com/x/v1;xv1", b)},
			generate: []string{"x/v1/a.proto", "x/v1/b.proto"},
			want:     "x/v1/b.proto: service x.v1.AB: generated Go name OperationABC collides with the HTTP code of service x.v1.A in x/v1/a.proto",
		},
		{
			name:     "one Go package, the other file imported",
			sources:  map[string]string{"x/v1/a.proto": file("example.com/x/v1;xv1", a), "x/v1/b.proto": file("example.com/x/v1;xv1", b)},
			generate: []string{"x/v1/b.proto"},
			want:     "x/v1/b.proto: service x.v1.AB: generated Go name OperationABC collides with the HTTP code of service x.v1.A in x/v1/a.proto",
		},
		{
			name:     "one Go package, a message of the other file",
			sources:  map[string]string{"x/v1/a.proto": file("example.com/x/v1;xv1", "message ABHTTPServer {}"), "x/v1/b.proto": file("example.com/x/v1;xv1", strings.Replace(b, "(M) returns (M)", "(ABHTTPServer) returns (ABHTTPServer)", 1))},
			generate: []string{"x/v1/b.proto"},
			want:     "x/v1/b.proto: service x.v1.AB: generated Go name ABHTTPServer collides with the message x.v1.ABHTTPServer in x/v1/a.proto",
		},
		{
			name:     "two Go packages",
			sources:  map[string]string{"x/v1/a.proto": file("example.com/x/v1/a;a", a), "x/v1/b.proto": file("example.com/x/v1/b;b", b)},
			generate: []string{"x/v1/a.proto", "x/v1/b.proto"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := plugintest.Request(t, plugintest.RequestOptions{Sources: tt.sources, Files: tt.generate})
			g := httpgen.New()
			resp := plugintest.RunWith(t, protogenOptions(g), req, g.Run)
			if got := resp.GetError(); got != tt.want {
				t.Errorf("error = %q, want %q", got, tt.want)
			}
		})
	}
}
