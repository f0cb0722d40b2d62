package form_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/cmd/protoc-gen-go/internal_gengo"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

var update = flag.Bool("update", false, "rewrite the generated test types in "+genDir)

// genDir holds the Go types protoc-gen-go generates for the test protos,
// which the tests decode into: Go structs without generated binding code,
// bound through protoreflect.
const genDir = "internal/formtestpb"

// opaqueProto and hybridProto are generated with the opaque and hybrid Go
// APIs, whose messages Decode binds as any other.
const (
	opaqueProto = `
syntax = "proto3";
package formtest.opaque.v1;

message Opaque {
  string name = 1;
  repeated string tags = 2;
  int32 size = 3;
  Opaque child = 4;
}
`
	hybridProto = `
syntax = "proto3";
package formtest.hybrid.v1;

message Hybrid {
  string name = 1;
  repeated string tags = 2;
  int32 size = 3;
  Hybrid child = 4;
}
`
)

// TestGeneratedTestTypes checks that genDir is what protoc-gen-go (run
// here as a library) generates from the test protos; -update rewrites it.
func TestGeneratedTestTypes(t *testing.T) {
	sources := map[string]string{
		"formtest/v1/rich.proto":          richProto,
		"formtest/v1/legacy.proto":        legacyProto,
		"formtest/opaque/v1/opaque.proto": opaqueProto,
		"formtest/hybrid/v1/hybrid.proto": hybridProto,
	}
	compiler := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: protocompile.SourceAccessorFromMap(sources),
		}),
	}
	names := []string{"formtest/v1/legacy.proto", "formtest/v1/rich.proto", "formtest/opaque/v1/opaque.proto", "formtest/hybrid/v1/hybrid.proto"}
	files, err := compiler.Compile(context.Background(), names...)
	if err != nil {
		t.Fatalf("compiling test protos: %v", err)
	}
	params := []string{"paths=source_relative", "apilevelMformtest/opaque/v1/opaque.proto=API_OPAQUE", "apilevelMformtest/hybrid/v1/hybrid.proto=API_HYBRID"}
	for _, name := range names {
		params = append(params, "M"+name+"=github.com/bia-go/bia/runtime/encoding/form/"+genDir+";formtestpb")
	}
	req := &pluginpb.CodeGeneratorRequest{
		FileToGenerate: names,
		Parameter:      proto.String(strings.Join(params, ",")),
	}
	seen := make(map[string]bool)
	for _, f := range files {
		req.ProtoFile = appendWithImports(req.ProtoFile, f, seen)
	}

	internal_gengo.GenerateVersionMarkers = false // keep the files stable across protobuf releases
	gen, err := protogen.Options{}.New(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range gen.Files {
		if f.Generate {
			internal_gengo.GenerateFile(gen, f)
		}
	}
	resp := gen.Response()
	if resp.Error != nil {
		t.Fatal(resp.GetError())
	}
	// One file per proto, and the hybrid API adds a _protoopaque.pb.go
	// for builds with the protoopaque tag.
	if len(resp.File) != len(names)+1 {
		t.Fatalf("generated %d files, want %d", len(resp.File), len(names)+1)
	}
	for _, f := range resp.File {
		path := filepath.Join(genDir, filepath.Base(f.GetName()))
		if *update {
			if err := os.WriteFile(path, []byte(f.GetContent()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, []byte(f.GetContent())) {
			t.Errorf("%s is not what protoc-gen-go generates (err %v); run `make generate`", path, err)
		}
	}
}

// appendWithImports appends f's descriptor after those of its imports,
// each once, as a CodeGeneratorRequest lists them.
func appendWithImports(out []*descriptorpb.FileDescriptorProto, f protoreflect.FileDescriptor, seen map[string]bool) []*descriptorpb.FileDescriptorProto {
	if seen[f.Path()] {
		return out
	}
	seen[f.Path()] = true
	for i := range f.Imports().Len() {
		out = appendWithImports(out, f.Imports().Get(i).FileDescriptor, seen)
	}
	return append(out, protodesc.ToFileDescriptorProto(f))
}
