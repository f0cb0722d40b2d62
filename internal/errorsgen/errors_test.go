package errorsgen_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/errorsgen"
	"github.com/bia-go/bia/internal/plugintest"
	errorspb "github.com/bia-go/bia/proto/errors"
)

// errorProto returns a proto file of package x.v1 (Go package xv1 unless
// goPackage is set) importing errors/errors.proto, with body appended.
func errorProto(goPackage, body string) string {
	if goPackage == "" {
		goPackage = "example.com/x/v1;xv1"
	}
	return fmt.Sprintf("syntax = \"proto3\";\npackage x.v1;\nimport \"errors/errors.proto\";\noption go_package = %q;\n%s", goPackage, body)
}

// TestRunErrors checks that every invalid input is a plugin error, not a
// panic nor a bad file, that the message names the file, the enum and the
// value, and that nothing is generated.
func TestRunErrors(t *testing.T) {
	tests := []struct {
		name     string
		sources  map[string]string
		generate []string // default: x/v1/x.proto
		want     []string // the lines of the error
	}{
		{
			name: "value code above 599",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  ERROR_REASON_UNSPECIFIED = 0;
  USER_NOT_FOUND = 1 [(errors.code) = 700];
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.ErrorReason value USER_NOT_FOUND: code 700 outside 100-599"},
		},
		{
			name: "value code below 100",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  ERROR_REASON_UNSPECIFIED = 0;
  USER_NOT_FOUND = 1 [(errors.code) = 99];
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.ErrorReason value USER_NOT_FOUND: code 99 outside 100-599"},
		},
		{
			name: "negative value code",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  NEGATIVE = 0 [(errors.code) = -404];
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.ErrorReason value NEGATIVE: code -404 outside 100-599"},
		},
		{
			name: "default code 600 used by values",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
message Outer {
  enum Reason {
    option (errors.default_code) = 600;
    INHERITS = 0;
    OWN = 1 [(errors.code) = 404];
  }
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.Outer.Reason value INHERITS: code 600 (default_code of the enum) outside 100-599"},
		},
		{
			name: "default code 600 used by no value",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  option (errors.default_code) = 600;
  OWN = 0 [(errors.code) = 404];
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.ErrorReason: default_code 600 outside 100-599"},
		},
		{
			name: "collision in one enum",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  option (errors.default_code) = 500;
  SYSTEM_ERROR = 0;
  systemError = 1;
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.ErrorReason value systemError: Go name SystemError (functions IsSystemError, ErrorSystemError) collides with enum x.v1.ErrorReason value SYSTEM_ERROR in x/v1/x.proto"},
		},
		{
			name: "collision in one proto2 enum",
			sources: map[string]string{"x/v1/x.proto": `syntax = "proto2";
package x.v1;
import "errors/errors.proto";
option go_package = "example.com/x/v1;xv1";
enum ErrorReason {
  option (errors.default_code) = 500;
  SYSTEM_ERROR = 0;
  System_Error = 1;
}`},
			want: []string{"x/v1/x.proto: enum x.v1.ErrorReason value System_Error: Go name SystemError (functions IsSystemError, ErrorSystemError) collides with enum x.v1.ErrorReason value SYSTEM_ERROR in x/v1/x.proto"},
		},
		{
			name: "collision across two enums",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum A {
  SYSTEM_ERROR = 0 [(errors.code) = 500];
}
message M {
  enum B {
    systemError = 0 [(errors.code) = 503];
  }
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.M.B value systemError: Go name SystemError (functions IsSystemError, ErrorSystemError) collides with enum x.v1.A value SYSTEM_ERROR in x/v1/x.proto"},
		},
		{
			name: "collision across two files of one Go package",
			sources: map[string]string{
				"x/v1/a.proto": errorProto("", `
enum A {
  SYSTEM_ERROR = 0 [(errors.code) = 500];
}`),
				"x/v1/b.proto": errorProto("", `
enum B {
  System_Error = 0 [(errors.code) = 500];
}`),
			},
			generate: []string{"x/v1/a.proto", "x/v1/b.proto"},
			want:     []string{"x/v1/b.proto: enum x.v1.B value System_Error: Go name SystemError (functions IsSystemError, ErrorSystemError) collides with enum x.v1.A value SYSTEM_ERROR in x/v1/a.proto"},
		},
		{
			name: "collision with an imported file of the Go package",
			sources: map[string]string{
				"x/v1/a.proto": errorProto("", `
enum A {
  SYSTEM_ERROR = 0 [(errors.code) = 500];
}`),
				"x/v1/b.proto": errorProto("", `
import "x/v1/a.proto";
enum B {
  System_Error = 0 [(errors.code) = 500];
}`),
			},
			generate: []string{"x/v1/b.proto"},
			want:     []string{"x/v1/b.proto: enum x.v1.B value System_Error: Go name SystemError (functions IsSystemError, ErrorSystemError) collides with enum x.v1.A value SYSTEM_ERROR in x/v1/a.proto"},
		},
		{
			name: "collision with a protoc-gen-go type",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  Reason = 0 [(errors.code) = 500];
}`)},
			want: []string{"x/v1/x.proto: enum x.v1.ErrorReason value Reason: function ErrorReason collides with the Go type of enum x.v1.ErrorReason in x/v1/x.proto"},
		},
		{
			name: "name that is not a Go identifier",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  _1ST_ERROR = 0 [(errors.code) = 500];
}`)},
			want: []string{`x/v1/x.proto: enum x.v1.ErrorReason value _1ST_ERROR: Go name "1stError" is not a Go identifier`},
		},
		{
			name: "name that converts to nothing",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  __ = 0 [(errors.code) = 500];
}`)},
			want: []string{`x/v1/x.proto: enum x.v1.ErrorReason value __: Go name "" is not a Go identifier`},
		},
		{
			name: "every problem is reported",
			sources: map[string]string{"x/v1/x.proto": errorProto("", `
enum ErrorReason {
  option (errors.default_code) = 1000;
  FIRST = 0;
  SECOND_ONE = 1 [(errors.code) = 404];
  secondOne = 2 [(errors.code) = 404];
}`)},
			want: []string{
				"x/v1/x.proto: enum x.v1.ErrorReason value FIRST: code 1000 (default_code of the enum) outside 100-599",
				"x/v1/x.proto: enum x.v1.ErrorReason value secondOne: Go name SecondOne (functions IsSecondOne, ErrorSecondOne) collides with enum x.v1.ErrorReason value SECOND_ONE in x/v1/x.proto",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			generate := tt.generate
			if generate == nil {
				generate = []string{"x/v1/x.proto"}
			}
			req := plugintest.Request(t, plugintest.RequestOptions{Sources: tt.sources, Files: generate})
			resp := plugintest.Run(t, req, errorsgen.Run)
			if diff := cmp.Diff(tt.want, strings.Split(resp.GetError(), "\n")); diff != "" {
				t.Errorf("error lines (-want +got):\n%s", diff)
			}
			if n := len(resp.GetFile()); n != 0 {
				t.Errorf("generated %d files despite the error", n)
			}
		})
	}
}

// TestRunSeparatePackages checks that equal Go names in different Go
// packages are no collision.
func TestRunSeparatePackages(t *testing.T) {
	req := plugintest.Request(t, plugintest.RequestOptions{
		Sources: map[string]string{
			"x/v1/a.proto": errorProto("example.com/x/v1/a;a", `
enum A {
  SYSTEM_ERROR = 0 [(errors.code) = 500];
}`),
			"x/v1/b.proto": errorProto("example.com/x/v1/b;b", `
enum B {
  System_Error = 0 [(errors.code) = 500];
}`),
		},
		Files: []string{"x/v1/a.proto", "x/v1/b.proto"},
	})
	resp := plugintest.Run(t, req, errorsgen.Run)
	if resp.GetError() != "" {
		t.Fatalf("unexpected error: %s", resp.GetError())
	}
	var names []string
	for _, f := range resp.GetFile() {
		names = append(names, f.GetName())
	}
	want := []string{"example.com/x/v1/a/a_errors.pb.go", "example.com/x/v1/b/b_errors.pb.go"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("generated files (-want +got):\n%s", diff)
	}
}

// TestGenerateFile checks GenerateFile on one file: a file without error
// values gives no file and no error; an invalid one gives the error.
func TestGenerateFile(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantFile bool
		wantErr  string
	}{
		{
			name: "no error enum",
			body: `
enum Color {
  COLOR_UNSPECIFIED = 0;
  COLOR_RED = 1;
}`,
		},
		{
			name: "only values without code",
			body: `
enum CodesOnly {
  CODES_ONLY_UNSPECIFIED = 0 [(errors.code) = 0];
}`,
		},
		{
			name: "error enum",
			body: `
enum ErrorReason {
  USER_NOT_FOUND = 0 [(errors.code) = 404];
}`,
			wantFile: true,
		},
		{
			name: "invalid code",
			body: `
enum ErrorReason {
  USER_NOT_FOUND = 0 [(errors.code) = 700];
}`,
			wantErr: "x/v1/x.proto: enum x.v1.ErrorReason value USER_NOT_FOUND: code 700 outside 100-599",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := plugintest.Request(t, plugintest.RequestOptions{
				Sources: map[string]string{"x/v1/x.proto": errorProto("", tt.body)},
				Files:   []string{"x/v1/x.proto"},
			})
			var (
				gotFile bool
				gotErr  string
			)
			plugintest.Run(t, req, func(gen *protogen.Plugin) error {
				g, err := errorsgen.GenerateFile(gen, gen.FilesByPath["x/v1/x.proto"])
				gotFile = g != nil
				if err != nil {
					gotErr = err.Error()
				}
				return nil
			})
			if gotFile != tt.wantFile || gotErr != tt.wantErr {
				t.Errorf("GenerateFile = (file %v, error %q), want (file %v, error %q)", gotFile, gotErr, tt.wantFile, tt.wantErr)
			}
		})
	}
}

// TestRunKratosErrorsProto checks that an enum importing Kratos's copy of
// errors/errors.proto (same file, Kratos's go_package) generates as one
// importing Bia's: the plugin reads the annotations by field number.
func TestRunKratosErrorsProto(t *testing.T) {
	kratos := strings.Replace(errorspb.Source(), "github.com/bia-go/bia/proto/errors;errorspb", "github.com/go-kratos/kratos/v2/errors;errors", 1)
	enum := `
enum ErrorReason {
  option (errors.default_code) = 500;
  USER_NOT_FOUND = 0 [(errors.code) = 404];
  CONTENT_MISSING = 1;
}`
	var contents []string
	for _, errorsProto := range []string{errorspb.Source(), kratos} {
		req := plugintest.Request(t, plugintest.RequestOptions{
			Sources: map[string]string{"x/v1/x.proto": errorProto("", enum), errorspb.Path: errorsProto},
			Files:   []string{"x/v1/x.proto"},
		})
		resp := plugintest.Run(t, req, errorsgen.Run)
		if resp.GetError() != "" || len(resp.GetFile()) != 1 {
			t.Fatalf("error %q, %d files", resp.GetError(), len(resp.GetFile()))
		}
		contents = append(contents, resp.GetFile()[0].GetContent())
	}
	if contents[0] != contents[1] {
		t.Errorf("the two copies generate different code:\n%s\n---\n%s", contents[0], contents[1])
	}
	for _, want := range []string{"errors.Match(err, 404, \"USER_NOT_FOUND\")", "errors.Match(err, 500, \"CONTENT_MISSING\")"} {
		if !strings.Contains(contents[0], want) {
			t.Errorf("the generated code lacks %s", want)
		}
	}
}
