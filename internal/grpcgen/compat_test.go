package grpcgen_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate" // makes buf/validate/validate.proto importable
	_ "github.com/envoyproxy/protoc-gen-validate/validate"                      // makes validate/validate.proto importable
	_ "github.com/google/gnostic-models/openapiv3"                              // makes openapiv3/annotations.proto importable
	_ "google.golang.org/genproto/googleapis/api/annotations"                   // makes google/api/annotations.proto importable
	_ "google.golang.org/genproto/googleapis/api/httpbody"                      // makes google/api/httpbody.proto importable
	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/grpcgen"
	"github.com/bia-go/bia/internal/plugintest"
)

// The buf module roots of the repository, where the sources of the
// committed _grpc.pb.go files are.
var roots = []string{"proto", "examples/helloworld/api", "testdata/proto", "bench/proto", "internal/kratostest/proto"}

// TestSameAsPlugin checks that every _grpc.pb.go file of the repository,
// written by protoc-gen-go-grpc through buf, is what Run writes for its
// source.
func TestSameAsPlugin(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var importPaths []string
	for _, r := range roots {
		importPaths = append(importPaths, filepath.Join(repo, r))
	}
	var files []string
	err = filepath.WalkDir(repo, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "third_party" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_grpc.pb.go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("found %d _grpc.pb.go files", len(files))
	}
	for _, path := range files {
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		source := sourceOf(t, path)
		req := plugintest.Request(t, plugintest.RequestOptions{ImportPaths: importPaths, Files: []string{source}})
		resp := plugintest.RunWith(t, protogen.Options{ParamFunc: grpcgen.SetParameter}, req, grpcgen.Run)
		if resp.GetError() != "" || len(resp.GetFile()) != 1 {
			t.Fatalf("%s: error %q, %d files", source, resp.GetError(), len(resp.GetFile()))
		}
		if got := resp.GetFile()[0].GetContent(); got != string(want) {
			t.Errorf("%s: Run writes other bytes than protoc-gen-go-grpc (%s):\n%s", source, path, firstDiff(got, string(want)))
		}
	}
}

// sourceOf reads the "// source: " line of a generated file.
func sourceOf(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), "// source: "); ok {
			return s
		}
	}
	t.Fatalf("%s has no source line", path)
	return ""
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + itoa(i+1) + ":\n got: " + g[i] + "\nwant: " + w[i]
		}
	}
	return "lengths differ: got " + itoa(len(g)) + " lines, want " + itoa(len(w))
}

func itoa(i int) string { return strconv.Itoa(i) }
