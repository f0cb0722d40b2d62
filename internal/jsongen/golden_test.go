package jsongen_test

import (
	"strings"
	"testing"

	"github.com/bia-go/bia/internal/jsongen"
	"github.com/bia-go/bia/internal/plugintest"
)

// goldenFiles are the test protos whose generated code is committed under
// testdata/golden (testdata/buf.gen.yaml writes it with the plugin binary).
var goldenFiles = []string{
	"jsontest/v1/types.proto", "jsontest/v1/other.proto", "jsontest/v1/legacy.proto",
	"httptest/v1/library.proto", "httptest/v1/errors.proto", "httptest/omitempty/v1/echo.proto",
	"errorstest/v1/errors.proto", "errorstest/v1/plain.proto",
	"validatetest/v1/accounts.proto", "pvtest/v1/users.proto",
}

// TestGolden checks that in-process generation gives the committed golden
// files: a stale golden file fails it.
func TestGolden(t *testing.T) {
	req := plugintest.Request(t, plugintest.RequestOptions{
		ImportPaths: []string{"../../testdata/proto", "../../third_party"},
		Files:       goldenFiles,
		Parameter:   "paths=source_relative",
	})
	resp := plugintest.Run(t, req, jsongen.Run)
	for _, f := range resp.GetFile() {
		if strings.Contains(f.GetName(), "legacy") {
			t.Errorf("generated %s for a proto2 file", f.GetName())
		}
	}
	plugintest.Golden(t, resp, "../../testdata/golden", plugintest.OwnedFiles("*_json.pb.go"))
}
