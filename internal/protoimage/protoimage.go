// Package protoimage compiles .proto files in-process (protocompile: no
// protoc, no buf) into the CodeGeneratorRequest a protoc plugin receives,
// and runs plugins written with protogen on it. `bia generate` and the
// plugin tests build their requests here, so both see what buf would
// send.
//
//	files, err := protoimage.Compile(ctx, protoimage.Options{
//		ImportPaths: []string{"api"},
//		Files:       []string{"greeter/v1/greeter.proto"},
//	})
//	req := protoimage.Request(files, "paths=source_relative")
//	resp := protoimage.Run(req, protogen.Options{}, gengo)
package protoimage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"github.com/bufbuild/protocompile/reporter"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	errorspb "github.com/bia-go/bia/proto/errors"
)

// Options says what to compile.
type Options struct {
	// Files are the paths of the files to compile, as imports name them
	// ("greeter/v1/greeter.proto"). Required.
	Files []string
	// Sources maps proto paths to contents, searched first. Default: none.
	Sources map[string]string
	// ImportPaths are the directories searched, in order, after Sources.
	// Default: none.
	ImportPaths []string
}

// Compile compiles the files of opts with their comments. An import is
// resolved from Sources, then ImportPaths, then Bia's errors/errors.proto,
// then the descriptors linked into the binary (the well-known types and
// whatever the program links: google/api, validate, buf/validate...), so a
// project needs no copy of those. Errors name file:line:column.
func Compile(ctx context.Context, opts Options) ([]linker.File, error) {
	if len(opts.Files) == 0 {
		return nil, fmt.Errorf("protoimage: no files to compile")
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
	files, problems := compile(ctx, resolvers, opts.Files)
	if len(problems) > 0 && len(opts.Files) > 1 {
		// The compiler reports an import it cannot find only when nothing
		// else failed: compile each file alone to find every problem.
		seen := map[string]bool{}
		problems = problems[:0]
		for _, f := range opts.Files {
			_, ps := compile(ctx, resolvers, []string{f})
			for _, p := range ps {
				if !seen[p] {
					seen[p] = true
					problems = append(problems, p)
				}
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return files, nil
}

// compile compiles files, returning every problem reported.
func compile(ctx context.Context, resolver protocompile.Resolver, files []string) ([]linker.File, []string) {
	var problems []string
	compiler := protocompile.Compiler{
		Resolver:       resolver,
		SourceInfoMode: protocompile.SourceInfoStandard,
		Reporter: reporter.NewReporter(func(err reporter.ErrorWithPos) error {
			problems = append(problems, err.Error())
			return nil // report every error, not only the first
		}, nil),
	}
	res, err := compiler.Compile(ctx, files...)
	if err != nil && !errors.Is(err, reporter.ErrInvalidSource) {
		problems = append(problems, err.Error()) // an import not found, an I/O error
	}
	if len(problems) == 0 && err != nil {
		problems = append(problems, err.Error())
	}
	return res, problems
}

// Request returns the CodeGeneratorRequest for files, as protoc or buf
// sends it: every file imports first in ProtoFile, the files to generate
// in FileToGenerate and SourceFileDescriptors, no compiler version.
func Request(files []linker.File, parameter string) *pluginpb.CodeGeneratorRequest {
	req := &pluginpb.CodeGeneratorRequest{}
	if parameter != "" {
		req.Parameter = proto.String(parameter)
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
		req.ProtoFile = append(req.ProtoFile, FileProto(fd))
	}
	for _, f := range files {
		add(f)
		req.FileToGenerate = append(req.FileToGenerate, f.Path())
		req.SourceFileDescriptors = append(req.SourceFileDescriptors, FileProto(f))
	}
	return req
}

// Run runs the plugin f on req as its binary would run it: the request
// goes through the wire first (options become the Go types linked into
// the binary), and the plugin's error is the response's error. An error
// is returned only when protogen rejects the request (an unknown
// parameter, a missing go_package).
func Run(req *pluginpb.CodeGeneratorRequest, opts protogen.Options, f func(*protogen.Plugin) error) (*pluginpb.CodeGeneratorResponse, error) {
	b, err := proto.Marshal(req)
	if err != nil {
		return nil, err
	}
	in := new(pluginpb.CodeGeneratorRequest)
	if err := proto.Unmarshal(b, in); err != nil {
		return nil, err
	}
	return RunDecoded(in, opts, f)
}

// RunDecoded is [Run] for a request decoded from the wire by the caller
// (with proto.Unmarshal, so its options are the linked Go types): it
// skips Run's round trip, which matters on large inputs when one encoded
// request feeds several plugins. The plugin may modify req.
func RunDecoded(req *pluginpb.CodeGeneratorRequest, opts protogen.Options, f func(*protogen.Plugin) error) (*pluginpb.CodeGeneratorResponse, error) {
	gen, err := opts.New(req)
	if err != nil {
		return nil, err
	}
	if err := f(gen); err != nil {
		gen.Error(err)
	}
	return gen.Response(), nil
}

// fromRegistry resolves path from the descriptors linked into the binary.
func fromRegistry(path string) (protocompile.SearchResult, error) {
	fd, err := protoregistry.GlobalFiles.FindFileByPath(path)
	if err != nil {
		return protocompile.SearchResult{}, err
	}
	return protocompile.SearchResult{Desc: fd}, nil
}

// FileProto returns the descriptor proto of fd with its source info: a
// fresh copy, so a request owns all of its messages.
func FileProto(fd protoreflect.FileDescriptor) *descriptorpb.FileDescriptorProto {
	if res, ok := fd.(linker.Result); ok {
		return proto.CloneOf(res.FileDescriptorProto())
	}
	return protodesc.ToFileDescriptorProto(fd)
}
