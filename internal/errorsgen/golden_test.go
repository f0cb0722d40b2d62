package errorsgen_test

import (
	"os/exec"
	"testing"

	"github.com/bia-go/bia/internal/errorsgen"
	"github.com/bia-go/bia/internal/plugintest"
)

// TestGolden checks that in-process generation gives the committed golden
// files, which buf writes with the plugin binary (testdata/buf.gen.yaml).
func TestGolden(t *testing.T) {
	req := plugintest.Request(t, plugintest.RequestOptions{
		ImportPaths: []string{"../../testdata/proto"},
		Files:       []string{"errorstest/v1/errors.proto", "errorstest/v1/plain.proto", "httptest/v1/errors.proto"},
		Parameter:   "paths=source_relative",
	})
	resp := plugintest.Run(t, req, errorsgen.Run)
	if got := len(resp.GetFile()); got != 2 {
		t.Errorf("generated %d files, want 2 (plain.proto has no error enum)", got)
	}
	plugintest.Golden(t, resp, "../../testdata/golden", plugintest.OwnedFiles("*_errors.pb.go"))
}

// TestGoldenPackageVet runs go vet on the golden package: the generated
// code compiles against runtime/errors and passes vet's checks (printf
// wrappers included). Importing the package in this test already proves it
// compiles; vet adds the analyzers.
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
	cmd := exec.CommandContext(t.Context(), goTool, "vet", "./testdata/golden/...")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet ./testdata/golden/...: %v\n%s", err, out)
	}
	if len(out) != 0 {
		t.Fatalf("go vet ./testdata/golden/... printed:\n%s", out)
	}
}
