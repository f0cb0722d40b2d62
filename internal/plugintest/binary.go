package plugintest

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"
)

// Binary is a plugin command built from source, run as protoc or buf runs
// plugins: a CodeGeneratorRequest on stdin, the response on stdout.
type Binary struct {
	path string
}

// Build builds the plugin main package in dir (e.g. "." from the plugin's
// own test) into a temporary directory of t. It skips t under -short,
// since building takes a while, and when no go command is on PATH.
func Build(t testing.TB, dir string) *Binary {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the plugin binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not in PATH")
	}
	bin := filepath.Join(t.TempDir(), "plugin")
	if out, err := exec.Command(goTool, "build", "-o", bin, dir).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", dir, err, out)
	}
	return &Binary{path: bin}
}

// Version runs the binary with --version and returns what it printed.
func (b *Binary) Version(t testing.TB) string {
	t.Helper()
	out, err := exec.Command(b.path, "--version").Output()
	if err != nil {
		t.Fatalf("--version: %v", err)
	}
	return string(out)
}

// Run sends req to the binary. A run that exits non-zero gives a nil
// response; stderr is the plugin's standard error either way.
func (b *Binary) Run(t testing.TB, req *pluginpb.CodeGeneratorRequest) (resp *pluginpb.CodeGeneratorResponse, stderr string) {
	t.Helper()
	in, err := proto.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(b.path)
	cmd.Stdin = bytes.NewReader(in)
	var errBuf strings.Builder
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	if err != nil {
		return nil, errBuf.String()
	}
	resp = new(pluginpb.CodeGeneratorResponse)
	if err := proto.Unmarshal(out, resp); err != nil {
		t.Fatalf("plugin response: %v", err)
	}
	return resp, errBuf.String()
}
