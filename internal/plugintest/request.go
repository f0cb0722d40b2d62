package plugintest

import (
	"context"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	errorspb "github.com/bia-go/bia/proto/errors"
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
	resolvers := protocompile.CompositeResolver{
		&protocompile.SourceResolver{Accessor: protocompile.SourceAccessorFromMap(opts.Sources)},
	}
	if len(opts.ImportPaths) > 0 {
		resolvers = append(resolvers, &protocompile.SourceResolver{ImportPaths: opts.ImportPaths})
	}
	// errors/errors.proto is compiled from Bia's source: its Go package
	// registers nothing (see package errorspb).
	resolvers = append(resolvers, &protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{errorspb.Path: errorspb.Source()}),
	})
	resolvers = append(resolvers, protocompile.WithStandardImports(protocompile.ResolverFunc(fromRegistry)))
	compiler := protocompile.Compiler{
		Resolver:       resolvers,
		SourceInfoMode: protocompile.SourceInfoStandard,
	}
	files, err := compiler.Compile(context.Background(), opts.Files...)
	if err != nil {
		t.Fatalf("plugintest.Request: compiling %s: %v", strings.Join(opts.Files, ", "), err)
	}

	req := &pluginpb.CodeGeneratorRequest{FileToGenerate: opts.Files}
	if opts.Parameter != "" {
		req.Parameter = proto.String(opts.Parameter)
	}
	seen := make(map[string]bool)
	var add func(fd protoreflect.FileDescriptor)
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imports := fd.Imports()
		for i := range imports.Len() {
			add(imports.Get(i).FileDescriptor)
		}
		req.ProtoFile = append(req.ProtoFile, fileProto(fd))
	}
	for _, f := range files {
		add(f)
		req.SourceFileDescriptors = append(req.SourceFileDescriptors, fileProto(f))
	}
	return req
}

// fromRegistry resolves path from the descriptors linked into the binary.
func fromRegistry(path string) (protocompile.SearchResult, error) {
	fd, err := protoregistry.GlobalFiles.FindFileByPath(path)
	if err != nil {
		return protocompile.SearchResult{}, err
	}
	return protocompile.SearchResult{Desc: fd}, nil
}

// fileProto returns the descriptor proto of fd, with its source info. A
// fresh copy, so the request owns all of its messages.
func fileProto(fd protoreflect.FileDescriptor) *descriptorpb.FileDescriptorProto {
	if res, ok := fd.(linker.Result); ok {
		return proto.CloneOf(res.FileDescriptorProto())
	}
	return protodesc.ToFileDescriptorProto(fd)
}
