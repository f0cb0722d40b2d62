package plugintest

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/protoimage"
)

// RequestOptions describes the .proto files of a CodeGeneratorRequest.
type RequestOptions struct {
	// Files are the paths of the files to generate, as a proto import
	// names them (e.g. "errorstest/v1/errors.proto"). Required.
	Files []string

	// Sources maps proto paths to file contents. They are searched first,
	// for Files and imports alike, so a test can declare its .proto files
	// inline. Default: none.
	Sources map[string]string

	// ImportPaths are the directories searched, in order, after Sources.
	// Default: none.
	ImportPaths []string

	// Parameter is the plugin parameter, e.g. "paths=source_relative".
	// Default: "" (no parameter).
	Parameter string
}

// Request compiles the files of opts in-process, with comments, and returns
// the CodeGeneratorRequest protoc or buf would send a plugin for them.
//
// An import is resolved from Sources, then ImportPaths, then Bia's
// errors/errors.proto, then the file descriptors linked into the test
// binary (protoregistry.GlobalFiles), so a test makes
// "google/api/annotations.proto" importable with a blank import of its Go
// package. The request lists every
// file, imports first, in ProtoFile, and the files to generate in
// SourceFileDescriptors too. A compilation error fails the test.
func Request(t testing.TB, opts RequestOptions) *pluginpb.CodeGeneratorRequest {
	t.Helper()
	if len(opts.Files) == 0 {
		t.Fatal("plugintest.Request: no Files to generate")
	}
	files, err := protoimage.Compile(context.Background(), protoimage.Options{
		Files: opts.Files, Sources: opts.Sources, ImportPaths: opts.ImportPaths,
	})
	if err != nil {
		t.Fatalf("plugintest.Request: compiling %s: %v", strings.Join(opts.Files, ", "), err)
	}
	return protoimage.Request(files, opts.Parameter)
}
