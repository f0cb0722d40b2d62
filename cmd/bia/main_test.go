package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewProject runs the project commands as a user does, in a fresh
// directory, offline (the module cache is the only source of modules):
// bia new makes a project whose test passes; proto add and proto server
// add an API and its stub, which build; a second proto server keeps the
// stub.
func TestNewProject(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a project")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	bia := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if err := run(t.Context(), args, &out, &errb); err != nil {
			t.Fatalf("bia %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		return out.String()
	}
	goCmd := func(args ...string) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "go", args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	bia("new", "-replace", repo, "demo")
	t.Chdir("demo")
	goCmd("test", "./...")

	bia("proto", "add", "api/shop/v1/shop.proto")
	if !strings.Contains(bia("generate"), "generated") {
		t.Error("bia generate printed no summary")
	}
	if out := bia("proto", "server", "api/shop/v1/shop.proto", "-t", "internal/service"); !strings.Contains(out, "created internal/service/shopservice.go") {
		t.Errorf("proto server: %s", out)
	}
	goCmd("vet", "./...")
	if out := bia("proto", "server", "api/shop/v1/shop.proto"); !strings.Contains(out, "kept") {
		t.Errorf("a second proto server: %s, want the stub kept", out)
	}
	for _, f := range []string{"api/shop/v1/shop_http.pb.go", "api/demo/v1/openapi.yaml", "cmd/demo/main.go"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

// TestErrors checks that misuse is an error with a message, not a panic.
func TestErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{}, {"nope"}, {"new"}, {"new", "Bad-Name"}, {"proto"}, {"proto", "add", "x.proto"}, {"generate"}} {
		var out, errb bytes.Buffer
		if err := run(t.Context(), args, &out, &errb); err == nil {
			t.Errorf("bia %v: no error", args)
		}
	}
}

// TestHelp checks that -h prints the usage of every command and changes
// nothing (migrate once took -h for a directory).
func TestHelp(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{"-h"}, {"help"}, {"new", "-h"}, {"proto", "-h"}, {"generate", "-h"}, {"migrate", "-h"}} {
		var out, errb bytes.Buffer
		err := run(t.Context(), args, &out, &errb)
		if err != nil && !errors.Is(err, flag.ErrHelp) {
			t.Errorf("bia %v: %v", args, err)
		}
		if !strings.Contains(out.String()+errb.String(), "usage: bia") {
			t.Errorf("bia %v printed no usage: %q", args, out.String()+errb.String())
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("help wrote %d files", len(entries))
	}
}
