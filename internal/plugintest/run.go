package plugintest

import (
	"testing"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/protoimage"
)

// Run runs the plugin function f on req the way protogen.Options{}.Run
// would in a plugin binary, and returns the response: an error returned by
// f is in the response's Error, not a test failure, so tests can check
// error messages. See [RunWith] for a plugin with its own parameters.
func Run(t testing.TB, req *pluginpb.CodeGeneratorRequest, f func(*protogen.Plugin) error) *pluginpb.CodeGeneratorResponse {
	t.Helper()
	return RunWith(t, protogen.Options{}, req, f)
}

// RunWith is [Run] with the protogen options of the plugin (e.g. a
// ParamFunc for its parameters).
//
// The request goes through a wire round trip first, as it would through a
// pipe: options of the compiled files become the Go types linked into the
// binary (e.g. the extensions a plugin reads with proto.GetExtension).
// A request that protogen rejects (e.g. an unknown parameter) fails the
// test.
func RunWith(t testing.TB, opts protogen.Options, req *pluginpb.CodeGeneratorRequest, f func(*protogen.Plugin) error) *pluginpb.CodeGeneratorResponse {
	t.Helper()
	resp, err := protoimage.Run(req, opts, f)
	if err != nil {
		t.Fatalf("plugintest.Run: %v", err)
	}
	return resp
}
