package httpgen_test

import (
	"os/exec"
	"testing"

	_ "google.golang.org/genproto/googleapis/api/httpbody" // makes google/api/httpbody.proto importable
	"google.golang.org/protobuf/types/pluginpb"

	_ "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate" // makes buf/validate/validate.proto importable
	"github.com/bia-go/bia/internal/httpgen"
	"github.com/bia-go/bia/internal/plugintest"
	_ "github.com/envoyproxy/protoc-gen-validate/validate" // makes validate/validate.proto importable
	_ "github.com/google/gnostic-models/openapiv3"         // makes openapiv3/annotations.proto importable
)

// goldenRuns are the runs of protoc-gen-go-http in testdata/buf.gen.yaml:
// the default parameters on the Library, Accounts and Users files, and
// omitempty=false with a prefix on the Echo file.
var goldenRuns = []plugintest.RequestOptions{
	{
		ImportPaths: []string{"../../testdata/proto"},
		Files:       []string{"httptest/v1/errors.proto", "httptest/v1/library.proto", "validatetest/v1/accounts.proto", "pvtest/v1/users.proto"},
		Parameter:   "paths=source_relative",
	},
	{
		ImportPaths: []string{"../../testdata/proto"},
		Files:       []string{"httptest/omitempty/v1/echo.proto"},
		Parameter:   "paths=source_relative,omitempty=false,omitempty_prefix=/api",
	},
}

// TestGolden checks that in-process generation gives the committed golden
// files, which buf writes with the plugin binary (testdata/buf.gen.yaml).
func TestGolden(t *testing.T) {
	all := new(pluginpb.CodeGeneratorResponse)
	for _, opts := range goldenRuns {
		g := httpgen.New()
		resp := plugintest.RunWith(t, protogenOptions(g), plugintest.Request(t, opts), g.Run)
		if resp.GetError() != "" {
			t.Fatalf("%s: plugin failed: %s", opts.Parameter, resp.GetError())
		}
		all.File = append(all.File, resp.GetFile()...)
	}
	// errors.proto declares no service: no file.
	if got := len(all.GetFile()); got != 4 {
		t.Errorf("generated %d files, want 4 (library_http.pb.go, accounts_http.pb.go, users_http.pb.go, echo_http.pb.go)", got)
	}
	plugintest.Golden(t, all, "../../testdata/golden", plugintest.OwnedFiles("*_http.pb.go"))
}

// TestGoldenPackageVet runs go vet on the golden packages: the generated
// code compiles against runtime/transport/http (the generic HandleUnary
// infers its types from the generated calls) and passes vet's checks.
func TestGoldenPackageVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not in PATH")
	}
	// A pattern rooted in testdata must be a relative path: the go command
	// leaves testdata out of import-path patterns.
	cmd := exec.CommandContext(t.Context(), goTool, "vet", "./testdata/golden/httptest/...")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet ./testdata/golden/httptest/...: %v\n%s", err, out)
	}
	if len(out) != 0 {
		t.Fatalf("go vet ./testdata/golden/httptest/... printed:\n%s", out)
	}
}
