package errorspb_test

import (
	"context"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/testing/protocmp"

	errorspb "github.com/bia-go/bia/proto/errors"
)

// TestFileProto checks that the descriptor written in Go is what the
// source compiles to.
func TestFileProto(t *testing.T) {
	c := protocompile.Compiler{Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{errorspb.Path: errorspb.Source()}),
	})}
	files, err := c.Compile(context.Background(), errorspb.Path)
	if err != nil {
		t.Fatal(err)
	}
	got := protodesc.ToFileDescriptorProto(files[0])
	got.SourceCodeInfo = nil
	if diff := cmp.Diff(got, errorspb.FileProto(), protocmp.Transform()); diff != "" {
		t.Errorf("FileProto (-compiled +written):\n%s", diff)
	}
}

// TestRegister checks that linking the package registers nothing and
// that Register adds the file once.
func TestRegister(t *testing.T) {
	if _, err := protoregistry.GlobalFiles.FindFileByPath(errorspb.Path); err == nil {
		t.Fatal("errors/errors.proto is registered by linking the package")
	}
	if !errorspb.Register() {
		t.Fatal("Register did not register the file")
	}
	if errorspb.Register() {
		t.Error("Register registered the file twice")
	}
	fd, err := protoregistry.GlobalFiles.FindFileByPath(errorspb.Path)
	if err != nil || fd.Extensions().ByName("default_code").Number() != 1108 {
		t.Errorf("the registered file: %v", err)
	}
}
