package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// e2eVersion is the version the checkout is published as in the test's
// module proxy.
const e2eVersion = "v0.1.0-e2etest"

// TestInstalledCLI runs bia as a user installs it: the committed checkout
// is published to a file-based module proxy (a go mod zip of HEAD), and
// with an empty module cache and nothing but Go on PATH (no protoc, buf
// or npm) the test runs go install for bia and the plugins, then
// bia new demo, bia generate, go test ./... and the demo's server, and
// calls it.
func TestInstalledCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("installs bia from a module proxy")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "-C", repo, "rev-parse", "HEAD").Output(); err != nil || len(out) == 0 {
		t.Skip("not a git checkout: nothing to publish")
	}
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	publish(t, repo, proxy)

	// Go's environment: an empty module cache, the proxy of the checkout
	// first, then the modules this machine already has (no network).
	goroot := runtime.GOROOT()
	bin := filepath.Join(tmp, "bin")
	goModCache := strings.TrimSpace(goEnv(t, "GOMODCACHE"))
	env := append(os.Environ(),
		"GOMODCACHE="+filepath.Join(tmp, "modcache"),
		"GOPATH="+filepath.Join(tmp, "gopath"),
		"GOBIN="+bin,
		"GOFLAGS=-modcacherw",
		"GOPROXY=file://"+proxy+",file://"+filepath.Join(goModCache, "cache", "download"),
		"GOSUMDB=off",
		"GOTOOLCHAIN=local",
		"PATH="+bin+string(os.PathListSeparator)+filepath.Join(goroot, "bin"),
	)
	run := func(dir, name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	for _, tool := range []string{"protoc", "buf", "npm"} {
		if p := lookPath(env, tool); p != "" {
			t.Fatalf("%s is on the test's PATH: %s", tool, p)
		}
	}
	for _, cmd := range []string{"bia", "protoc-gen-go-http", "protoc-gen-go-errors", "protoc-gen-openapi"} {
		run(tmp, filepath.Join(goroot, "bin", "go"), "install", "github.com/bia-go/bia/cmd/"+cmd+"@"+e2eVersion)
	}
	if out := run(tmp, filepath.Join(bin, "bia"), "version"); !strings.Contains(out, e2eVersion) {
		t.Errorf("bia version: %s", out)
	}

	start := time.Now()
	run(tmp, filepath.Join(bin, "bia"), "new", "demo")
	demo := filepath.Join(tmp, "demo")
	run(demo, filepath.Join(bin, "bia"), "generate")
	run(demo, filepath.Join(goroot, "bin", "go"), "test", "./...")

	// go run ./cmd/demo, built first so the server starts at once.
	run(demo, filepath.Join(goroot, "bin", "go"), "build", "-o", filepath.Join(tmp, "demo-server"), "./cmd/demo")
	httpAddr, grpcAddr := freeAddr(t), freeAddr(t)
	conf := filepath.Join(tmp, "config.yaml")
	if err := os.WriteFile(conf, fmt.Appendf(nil, "server:\n  http: %q\n  grpc: %q\n", httpAddr, grpcAddr), 0o644); err != nil {
		t.Fatal(err)
	}
	server := exec.CommandContext(t.Context(), filepath.Join(tmp, "demo-server"), "-conf", conf)
	var logs bytes.Buffer
	server.Stdout, server.Stderr = &logs, &logs
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = server.Process.Signal(os.Interrupt)
		_ = server.Wait()
	})
	var body []byte
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := nethttp.Get("http://" + httpAddr + "/v1/greetings/bia")
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo server never answered: %v\n%s", err, logs.String())
		}
	}
	var reply struct{ Message string }
	if err := json.Unmarshal(body, &reply); err != nil || reply.Message != "Hello bia" {
		t.Errorf("GET /v1/greetings/bia = %s", body)
	}
	t.Logf("bia new to the first call: %v (bia generate, go test, build and start included; module cache empty)", time.Since(start).Round(time.Millisecond))
}

// publish writes the committed checkout as version e2eVersion of
// github.com/bia-go/bia into a file-based module proxy at dir.
func publish(t *testing.T, repo, dir string) {
	t.Helper()
	vdir := filepath.Join(dir, "github.com", "bia-go", "bia", "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		t.Fatal(err)
	}
	m := module.Version{Path: "github.com/bia-go/bia", Version: e2eVersion}
	var zip bytes.Buffer
	if err := modzip.CreateFromVCS(&zip, m, repo, "HEAD", ""); err != nil {
		t.Fatal(err)
	}
	mod, err := exec.Command("git", "-C", repo, "show", "HEAD:go.mod").Output()
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"list":               []byte(e2eVersion + "\n"),
		e2eVersion + ".info": fmt.Appendf(nil, `{"Version":%q,"Time":"2026-12-03T00:00:00Z"}`, e2eVersion),
		e2eVersion + ".mod":  mod,
		e2eVersion + ".zip":  zip.Bytes(),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(vdir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func goEnv(t *testing.T, key string) string {
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// lookPath finds name on the PATH of env.
func lookPath(env []string, name string) string {
	path := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() {
			return filepath.Join(dir, name)
		}
	}
	return ""
}

// freeAddr returns a loopback address with a free port.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
