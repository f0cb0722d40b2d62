package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/bia-go/bia/internal/grpcgen"
)

// versionCmd prints bia's module version and the plugins built in.
func versionCmd(_ context.Context, _ []string, stdout, _ io.Writer) error {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintln(stdout, "bia", v)
	fmt.Fprintln(stdout, "built in: protoc-gen-go, protoc-gen-go-grpc", grpcgen.Version, "(output), protoc-gen-validate, protoc-gen-go-http, protoc-gen-go-errors, protoc-gen-openapi")
	return nil
}
