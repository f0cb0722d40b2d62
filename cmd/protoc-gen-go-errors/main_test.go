package main_test

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/errorsgen"
	"github.com/bia-go/bia/internal/plugintest"
)

// TestBinary builds the plugin and runs it as protoc or buf would: request
// on stdin, response on stdout.
func TestBinary(t *testing.T) {
	bin := plugintest.Build(t, ".")

	t.Run("version", func(t *testing.T) {
		if got, want := bin.Version(t), "protoc-gen-go-errors "+errorsgen.Version+"\n"; got != want {
			t.Errorf("--version printed %q, want %q", got, want)
		}
	})

	// run runs the plugin on the files of opts; a failed run gives a nil
	// response and the plugin's stderr.
	run := func(t *testing.T, opts plugintest.RequestOptions) (*pluginpb.CodeGeneratorResponse, string) {
		t.Helper()
		return bin.Run(t, plugintest.Request(t, opts))
	}

	// testProtos are the files of testdata/buf.gen.yaml.
	testProtos := func(parameter string) plugintest.RequestOptions {
		return plugintest.RequestOptions{
			ImportPaths: []string{"../../testdata/proto"},
			Files:       []string{"errorstest/v1/errors.proto", "errorstest/v1/plain.proto", "httptest/v1/errors.proto"},
			Parameter:   parameter,
		}
	}

	t.Run("golden", func(t *testing.T) {
		resp, stderr := run(t, testProtos("paths=source_relative"))
		if resp == nil {
			t.Fatalf("plugin failed: %s", stderr)
		}
		plugintest.Golden(t, resp, "../../testdata/golden", plugintest.OwnedFiles("*_errors.pb.go"))
		const features = pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL | pluginpb.CodeGeneratorResponse_FEATURE_SUPPORTS_EDITIONS
		if got := resp.GetSupportedFeatures(); got != uint64(features) {
			t.Errorf("supported features = %b, want %b", got, features)
		}
	})

	t.Run("module parameter", func(t *testing.T) {
		resp, stderr := run(t, testProtos("module=github.com/bia-go/bia"))
		if resp == nil || resp.GetError() != "" || len(resp.GetFile()) != 2 {
			t.Fatalf("response %v, stderr %q; want two files", resp, stderr)
		}
		if got, want := resp.GetFile()[0].GetName(), "testdata/golden/errorstest/v1/errors_errors.pb.go"; got != want {
			t.Errorf("file name = %q, want %q", got, want)
		}
	})

	t.Run("unknown parameter", func(t *testing.T) {
		// protogen rejects the request: the plugin fails with a message.
		resp, stderr := run(t, testProtos("paths=source_relative,colour=blue"))
		if resp != nil || !strings.Contains(stderr, "unknown parameter colour=blue") {
			t.Errorf("response %v, stderr %q; want a failure naming the parameter", resp, stderr)
		}
	})

	t.Run("plugin error", func(t *testing.T) {
		// Errors of the input are in the response, for protoc to print.
		resp, stderr := run(t, plugintest.RequestOptions{
			Sources: map[string]string{"x/v1/x.proto": `syntax = "proto3";
package x.v1;
import "errors/errors.proto";
option go_package = "example.com/x/v1;xv1";
enum ErrorReason {
  USER_NOT_FOUND = 0 [(errors.code) = 700];
}`},
			Files: []string{"x/v1/x.proto"},
		})
		want := "x/v1/x.proto: enum x.v1.ErrorReason value USER_NOT_FOUND: code 700 outside 100-599"
		if resp == nil || resp.GetError() != want || len(resp.GetFile()) != 0 {
			t.Errorf("response %v, stderr %q; want error %q", resp, stderr, want)
		}
	})
}
