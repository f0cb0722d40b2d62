// Package generate is `bia generate`: it compiles a project's .proto files
// in-process and runs its plugins on them, as `buf generate` would with
// the project's buf.yaml and buf.gen.yaml, with no protoc, buf or plugin
// binary. protoc-gen-go, protoc-gen-go-grpc, protoc-gen-validate and Bia's
// plugins are built in; another plugin runs as buf runs it, from its local
// command. Without a buf.gen.yaml, Default is used.
package generate

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bufbuild/protocompile/linker"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/bufconfig"
	"github.com/bia-go/bia/internal/protoimage"
)

// Options configure Run.
type Options struct {
	// Dir is the project directory, where buf.yaml is and paths are
	// relative to. Default: the current directory.
	Dir string
	// Template is the buf.gen.yaml to run, relative to Dir. Default:
	// buf.gen.yaml when it exists, else Default.
	Template string
	// Paths limit generation to these files or directories (relative to
	// Dir). Default: every input file.
	Paths []string
	// Output is the directory the plugins' out directories are relative
	// to, as buf's --output. Default: Dir.
	Output string
	// Progress receives a line per plugin run. Default: none.
	Progress io.Writer
}

// Default is the template used without a buf.gen.yaml: the Go code of
// messages, gRPC, HTTP and errors next to each .proto file.
func Default(roots []string) *bufconfig.Template {
	t := &bufconfig.Template{}
	for _, r := range roots {
		t.Inputs = append(t.Inputs, bufconfig.Input{Directory: r})
	}
	for _, name := range []string{"go", "go-grpc", "go-http", "go-errors"} {
		for _, r := range roots {
			t.Plugins = append(t.Plugins, bufconfig.Plugin{Name: name, Out: r, Opt: []string{"paths=source_relative"}})
		}
	}
	return t
}

// Result counts what Run did.
type Result struct {
	Protos, Files int
	Took          time.Duration
}

// Run generates the code of the project in opts.Dir.
func Run(ctx context.Context, opts Options) (Result, error) {
	start := time.Now()
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	ws, err := bufconfig.ReadWorkspace(dir)
	if err != nil {
		return Result{}, err
	}
	tmpl, err := template(dir, opts.Template, ws)
	if err != nil {
		return Result{}, err
	}
	p := &project{dir: dir, roots: ws.Roots}
	files, err := p.inputFiles(tmpl.Inputs, opts.Paths)
	if err != nil {
		return Result{}, err
	}
	if len(files) == 0 {
		return Result{}, fmt.Errorf("no .proto files to generate in %s", dir)
	}
	var importPaths []string
	for _, r := range ws.Roots {
		importPaths = append(importPaths, filepath.Join(dir, r))
	}
	compiled, err := protoimage.Compile(ctx, protoimage.Options{ImportPaths: importPaths, Files: files})
	if err != nil {
		return Result{}, err
	}
	w := &writer{dir: dir}
	if opts.Output != "" {
		w.dir = opts.Output
	}
	builtin := builtins()
	for _, pl := range tmpl.Plugins {
		for _, set := range requests(compiled, pl) {
			req, err := set.request(pl)
			if err != nil {
				return Result{}, fmt.Errorf("protoc-gen-%s: %v", pl.Name, err)
			}
			if len(req.FileToGenerate) == 0 {
				continue
			}
			var resp *pluginpb.CodeGeneratorResponse
			if run, ok := builtin[pl.Name]; ok {
				resp, err = run(req)
			} else {
				resp, err = runCommand(ctx, dir, pl.Command, req)
			}
			if err == nil && resp.GetError() != "" {
				err = fmt.Errorf("%s", resp.GetError())
			}
			if err != nil {
				return Result{}, fmt.Errorf("protoc-gen-%s: %v", pl.Name, err)
			}
			if opts.Progress != nil {
				fmt.Fprintf(opts.Progress, "protoc-gen-%s: %d files from %s\n", pl.Name, len(resp.GetFile()), set.label)
			}
			if err := w.add(pl.Out, resp.GetFile()); err != nil {
				return Result{}, fmt.Errorf("protoc-gen-%s: %v", pl.Name, err)
			}
		}
	}
	n, err := w.wait()
	return Result{Protos: len(files), Files: n, Took: time.Since(start)}, err
}

func template(dir, name string, ws *bufconfig.Workspace) (*bufconfig.Template, error) {
	if name == "" {
		name = "buf.gen.yaml"
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return Default(ws.Roots), nil
		}
	}
	return bufconfig.ReadTemplate(filepath.Join(dir, name))
}

// project finds the files of a project.
type project struct {
	dir   string
	roots []string
}

// importPath returns the path of a file (relative to the project) as
// imports name it: relative to the module root holding it.
func (p *project) importPath(rel string) (string, bool) {
	best := ""
	found := false
	for _, r := range p.roots {
		prefix := r + string(filepath.Separator)
		if r == "." {
			prefix = ""
		}
		if strings.HasPrefix(rel, prefix) && (!found || len(r) > len(best)) {
			best, found = r, true
		}
	}
	if !found {
		return "", false
	}
	if best == "." {
		return filepath.ToSlash(rel), true
	}
	return filepath.ToSlash(strings.TrimPrefix(rel, best+string(filepath.Separator))), true
}

// inputFiles returns the import paths of the inputs' .proto files, sorted,
// limited to only when set.
func (p *project) inputFiles(inputs []bufconfig.Input, only []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	within := func(rel string, prefixes []string) bool {
		for _, x := range prefixes {
			x = filepath.Clean(x)
			if rel == x || strings.HasPrefix(rel, x+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	for _, in := range inputs {
		err := filepath.WalkDir(filepath.Join(p.dir, in.Directory), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(path, ".proto") {
				return nil
			}
			rel, err := filepath.Rel(p.dir, path)
			if err != nil {
				return err
			}
			if (len(in.Paths) > 0 && !within(rel, in.Paths)) || within(rel, in.ExcludePaths) || (len(only) > 0 && !within(rel, only)) {
				return nil
			}
			ip, ok := p.importPath(rel)
			if !ok {
				return fmt.Errorf("%s: not in a module of buf.yaml (%s)", rel, strings.Join(p.roots, ", "))
			}
			if !seen[ip] {
				seen[ip] = true
				out = append(out, ip)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// fileSet is the files of one plugin request.
type fileSet struct {
	label string
	files []linker.File
}

// requests splits the compiled files into the requests of a plugin: one
// per directory, or one for all with strategy all.
func requests(files []linker.File, pl bufconfig.Plugin) []fileSet {
	if pl.All {
		return []fileSet{{label: fmt.Sprintf("%d protos", len(files)), files: files}}
	}
	byDir := map[string][]linker.File{}
	var dirs []string
	for _, f := range files {
		d := filepath.ToSlash(filepath.Dir(f.Path()))
		if _, ok := byDir[d]; !ok {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], f)
	}
	slices.Sort(dirs)
	out := make([]fileSet, 0, len(dirs))
	for _, d := range dirs {
		out = append(out, fileSet{label: d, files: byDir[d]})
	}
	return out
}

// request builds the request of the set for pl, with its type filters.
func (s fileSet) request(pl bufconfig.Plugin) (*pluginpb.CodeGeneratorRequest, error) {
	req := protoimage.Request(s.files, pl.Parameter())
	return req, filterTypes(req, pl.Types, pl.ExcludeTypes)
}

// writer writes generated files concurrently.
type writer struct {
	dir   string
	wg    sync.WaitGroup
	mu    sync.Mutex
	errs  []error
	count int
}

func (w *writer) add(out string, files []*pluginpb.CodeGeneratorResponse_File) error {
	for _, f := range files {
		if f.GetInsertionPoint() != "" {
			return fmt.Errorf("%s: insertion points are not supported", f.GetName())
		}
		name := filepath.Clean(filepath.FromSlash(f.GetName()))
		if filepath.IsAbs(name) || strings.HasPrefix(name, "..") {
			return fmt.Errorf("%s: a generated file outside the output directory", f.GetName())
		}
		path := filepath.Join(w.dir, out, name)
		content := f.GetContent()
		w.wg.Go(func() {
			err := os.MkdirAll(filepath.Dir(path), 0o755)
			if err == nil {
				err = writeIfChanged(path, content)
			}
			w.mu.Lock()
			defer w.mu.Unlock()
			w.count++
			if err != nil {
				w.errs = append(w.errs, err)
			}
		})
	}
	return nil
}

func (w *writer) wait() (int, error) {
	w.wg.Wait()
	if len(w.errs) > 0 {
		return w.count, fmt.Errorf("writing: %v", w.errs[0])
	}
	return w.count, nil
}

// writeIfChanged writes content unless the file has it already, so
// unchanged files keep their modification time (and Go's build cache).
func writeIfChanged(path, content string) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == content {
		return nil
	}
	return os.WriteFile(path, []byte(content), 0o644)
}
