// Command protoprint writes .proto files of the descriptors linked into
// it, for the imports no package registry this project reaches ships as
// source: buf/validate/validate.proto (protovalidate's rules), whose Go
// package is the one the runtime links, so the .proto buf compiles and the
// descriptor the validator reads are the same. scripts/fetch-protos.sh runs
// it:
//
//	go run ./internal/cmd/protoprint -out third_party buf/validate/validate.proto
//
// The printed file has no comments (descriptors carry none); it compiles
// to the linked descriptor (internal/fieldrules tests check that).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	_ "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"github.com/jhump/protoreflect/v2/protoprint"
	"google.golang.org/protobuf/reflect/protoregistry"
)

func main() {
	out := flag.String("out", ".", "the directory the files are written under, by their import paths")
	flag.Parse()
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "protoprint:", err)
		os.Exit(1)
	}
}

func run(out string, paths []string) error {
	if len(paths) == 0 {
		return fmt.Errorf("no file named: give import paths such as buf/validate/validate.proto")
	}
	for _, path := range paths {
		fd, err := protoregistry.GlobalFiles.FindFileByPath(path)
		if err != nil {
			return fmt.Errorf("%s is not linked into this program: %w", path, err)
		}
		dst := filepath.Join(out, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		f, err := os.Create(dst)
		if err != nil {
			return err
		}
		var p protoprint.Printer
		if err := p.PrintProtoFile(fd, f); err != nil {
			_ = f.Close()
			return fmt.Errorf("printing %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}
