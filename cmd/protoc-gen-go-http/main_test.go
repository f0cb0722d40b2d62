package main_test

import (
	"strings"
	"testing"

	_ "google.golang.org/genproto/googleapis/api/annotations" // makes google/api/annotations.proto importable
	_ "google.golang.org/genproto/googleapis/api/httpbody"    // makes google/api/httpbody.proto importable
	"google.golang.org/protobuf/types/pluginpb"

	_ "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate" // makes buf/validate/validate.proto importable
	"github.com/bia-go/bia/internal/httpgen"
	"github.com/bia-go/bia/internal/plugintest"
	_ "github.com/envoyproxy/protoc-gen-validate/validate" // makes validate/validate.proto importable
	_ "github.com/google/gnostic-models/openapiv3"         // makes openapiv3/annotations.proto importable
)

// TestBinary builds the plugin and runs it as protoc or buf would: request
// on stdin, response on stdout.
func TestBinary(t *testing.T) {
	bin := plugintest.Build(t, ".")

	t.Run("version", func(t *testing.T) {
		if got, want := bin.Version(t), "protoc-gen-go-http "+httpgen.Version+"\n"; got != want {
			t.Errorf("--version printed %q, want %q", got, want)
		}
	})

	// run runs the plugin on the files of opts; a failed run gives a nil
	// response and the plugin's stderr.
	run := func(t *testing.T, opts plugintest.RequestOptions) (*pluginpb.CodeGeneratorResponse, string) {
		t.Helper()
		return bin.Run(t, plugintest.Request(t, opts))
	}

	// library and echo are the runs of testdata/buf.gen.yaml.
	library := func(parameter string) plugintest.RequestOptions {
		return plugintest.RequestOptions{
			ImportPaths: []string{"../../testdata/proto"},
			Files:       []string{"httptest/v1/errors.proto", "httptest/v1/library.proto", "validatetest/v1/accounts.proto", "pvtest/v1/users.proto"},
			Parameter:   parameter,
		}
	}
	echo := func(parameter string) plugintest.RequestOptions {
		return plugintest.RequestOptions{
			ImportPaths: []string{"../../testdata/proto"},
			Files:       []string{"httptest/omitempty/v1/echo.proto"},
			Parameter:   parameter,
		}
	}

	t.Run("golden", func(t *testing.T) {
		all := new(pluginpb.CodeGeneratorResponse)
		for _, opts := range []plugintest.RequestOptions{
			library("paths=source_relative"),
			echo("paths=source_relative,omitempty=false,omitempty_prefix=/api"),
		} {
			resp, stderr := run(t, opts)
			if resp == nil {
				t.Fatalf("plugin failed: %s", stderr)
			}
			const features = pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL | pluginpb.CodeGeneratorResponse_FEATURE_SUPPORTS_EDITIONS
			if got := resp.GetSupportedFeatures(); got != uint64(features) {
				t.Errorf("supported features = %b, want %b", got, features)
			}
			all.File = append(all.File, resp.GetFile()...)
		}
		plugintest.Golden(t, all, "../../testdata/golden", plugintest.OwnedFiles("*_http.pb.go"))
	})

	t.Run("module parameter", func(t *testing.T) {
		resp, stderr := run(t, library("module=github.com/bia-go/bia"))
		if resp == nil || resp.GetError() != "" || len(resp.GetFile()) != 3 {
			t.Fatalf("response %v, stderr %q; want three files (library, accounts, users)", resp, stderr)
		}
		if got, want := resp.GetFile()[0].GetName(), "testdata/golden/httptest/v1/library_http.pb.go"; got != want {
			t.Errorf("file name = %q, want %q", got, want)
		}
	})

	t.Run("omitempty parameter", func(t *testing.T) {
		// Without omitempty=false the Echo service keeps only EchoGet.
		resp, stderr := run(t, echo("paths=source_relative,omitempty=true"))
		if resp == nil || resp.GetError() != "" || len(resp.GetFile()) != 1 {
			t.Fatalf("response %v, stderr %q; want one file", resp, stderr)
		}
		content := resp.GetFile()[0].GetContent()
		if !strings.Contains(content, "OperationEchoEchoGet") || strings.Contains(content, "OperationEchoPing") {
			t.Errorf("omitempty=true: want only the route of EchoGet, got:\n%s", content)
		}
	})

	t.Run("invalid parameters", func(t *testing.T) {
		// protogen rejects the request: the plugin fails with a message.
		for parameter, want := range map[string]string{
			"paths=source_relative,colour=blue": "unknown parameter colour=blue",
			"omitempty=maybe":                   "parameter omitempty=maybe: want true or false",
			"omitempty_prefix=api":              "parameter omitempty_prefix=api: ",
		} {
			resp, stderr := run(t, echo(parameter))
			if resp != nil || !strings.Contains(stderr, want) {
				t.Errorf("%s: response %v, stderr %q; want a failure containing %q", parameter, resp, stderr, want)
			}
		}
	})

	t.Run("plugin error", func(t *testing.T) {
		// Errors of the input are in the response, for protoc to print.
		resp, stderr := run(t, plugintest.RequestOptions{
			Sources: map[string]string{"x/v1/x.proto": `syntax = "proto3";
package x.v1;
import "google/api/annotations.proto";
option go_package = "example.com/x/v1;xv1";
message M { string name = 1; }
service S {
  rpc Get(M) returns (M) { option (google.api.http) = {get: "/v1/{nme}"}; }
}`},
			Files: []string{"x/v1/x.proto"},
		})
		want := `x/v1/x.proto: service x.v1.S method Get: rule GET "/v1/{nme}": path variable {nme}: no field "nme" in message x.v1.M`
		if resp == nil || resp.GetError() != want || len(resp.GetFile()) != 0 {
			t.Errorf("response %v, stderr %q; want error %q", resp, stderr, want)
		}
	})
}
