package plugintest

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/pluginpb"
)

// GoldenOption configures [Golden].
type GoldenOption func(*goldenConfig)

type goldenConfig struct {
	patterns []string
}

// OwnedFiles declares which files of the golden directory the plugin under
// test writes: those whose base name matches one of patterns (path.Match
// syntax, e.g. "*_errors.pb.go"). Only owned files count as extra when the
// plugin did not generate them, so the outputs of several plugins can share
// a directory. Default: every file of the directory is owned.
func OwnedFiles(patterns ...string) GoldenOption {
	return func(c *goldenConfig) { c.patterns = append(c.patterns, patterns...) }
}

// Golden compares the files of resp with the committed files of goldenDir:
// the generated file <name> with goldenDir/<name>. A differing file fails
// the test with a diff; so does a missing golden file, an owned golden file
// that was not generated (see [OwnedFiles]), an error in resp, or an
// insertion point. Every failure says to run `make generate`, which
// rewrites the golden files.
func Golden(t testing.TB, resp *pluginpb.CodeGeneratorResponse, goldenDir string, opts ...GoldenOption) {
	t.Helper()
	var cfg goldenConfig
	for _, o := range opts {
		o(&cfg)
	}
	if resp.GetError() != "" {
		t.Fatalf("plugin failed: %s", resp.GetError())
	}
	generated := make(map[string]bool, len(resp.GetFile()))
	for _, f := range resp.GetFile() {
		name := f.GetName()
		generated[name] = true
		if f.GetInsertionPoint() != "" {
			t.Errorf("%s: insertion point %q is not supported by golden tests", name, f.GetInsertionPoint())
			continue
		}
		want, err := os.ReadFile(filepath.Join(goldenDir, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: generated but no golden file in %s; run `make generate`", name, goldenDir)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		// Line by line, so the diff shows whole lines.
		if diff := cmp.Diff(strings.SplitAfter(string(want), "\n"), strings.SplitAfter(f.GetContent(), "\n")); diff != "" {
			t.Errorf("%s: generated code differs from the golden file (-golden +generated); run `make generate`:\n%s", name, diff)
		}
	}
	err := filepath.WalkDir(goldenDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(goldenDir, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if !generated[name] && cfg.owns(name) {
			t.Errorf("%s: golden file in %s is no longer generated; run `make generate` and delete it", name, goldenDir)
		}
		return nil
	})
	if err != nil {
		t.Errorf("reading golden directory: %v", err)
	}
}

// owns reports whether the golden file name belongs to the plugin.
func (c goldenConfig) owns(name string) bool {
	if len(c.patterns) == 0 {
		return true
	}
	base := path.Base(name)
	for _, p := range c.patterns {
		if ok, _ := path.Match(p, base); ok {
			return true
		}
	}
	return false
}
