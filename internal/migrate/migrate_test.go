package migrate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/internal/migrate"
)

// TestMigrateFixture migrates a Kratos v2 project written for the test
// (several packages: app, servers with options, middleware, errors,
// metadata, clients, a Kratos logger, a generated file) and checks that
// the result compiles against Bia, and that every use it could not map
// is listed, file:line, with what to do.
func TestMigrateFixture(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a project that links Kratos")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/kratosproject")); err != nil {
		t.Fatal(err)
	}
	rep, err := migrate.Run(dir)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, n := range rep.Notes {
		rel, _ := filepath.Rel(dir, n.Pos.Filename)
		notes = append(notes, rel+":"+itoa(n.Pos.Line)+" "+n.Use)
	}
	want := []string{
		"api/greeter/v1/greeter_http.pb.go:8 github.com/go-kratos/kratos/v2/transport/http",
		"cmd/server/main.go:23 http.ResponseEncoder",
		"internal/client/client.go:14 grpc.WithDiscovery",
		"internal/client/client.go:19 http.WithBlock",
		"internal/service/service.go:45 http.ResponseWriter",
		"internal/service/service.go:45 http.Request",
		"internal/service/service.go:50 errors.Status",
	}
	slices.Sort(notes)
	slices.Sort(want)
	if diff := cmp.Diff(want, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	for _, n := range rep.Notes {
		if n.Hint == "" {
			t.Errorf("%s: no hint", n)
		}
	}
	main, _ := os.ReadFile(filepath.Join(dir, "cmd/server/main.go"))
	for _, want := range []string{`"github.com/bia-go/bia/runtime/app"`, "app.New(", "*slog.Logger", "slog.New(slog.NewTextHandler(os.Stdout, nil)).With("} {
		if !strings.Contains(string(main), want) {
			t.Errorf("main.go lacks %s:\n%s", want, main)
		}
	}

	// The result builds against Bia, with what is left on Kratos.
	mod := filepath.Join(dir, "go.mod")
	b, _ := os.ReadFile(mod)
	b = append(b, []byte("\nrequire github.com/bia-go/bia v0.0.0-00010101000000-000000000000\n\nreplace github.com/bia-go/bia => "+repo+"\n")...)
	if err := os.WriteFile(mod, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"mod", "tidy"}, {"vet", "./..."}} {
		cmd := exec.CommandContext(t.Context(), "go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
