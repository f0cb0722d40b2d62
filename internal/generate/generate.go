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
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bufbuild/protocompile/linker"
	"google.golang.org/protobuf/proto"
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
	// Every plugin run is a job; the jobs run concurrently (each
	// builds its own plugin model from its request), and nothing is
	// written unless all of them succeed.
	var jobs []*job
	enc := encodings{}
	for _, pl := range tmpl.Plugins {
		for _, set := range requests(compiled, pl, enc) {
			jobs = append(jobs, &job{plugin: pl, set: set})
		}
	}
	runJobs(ctx, dir, jobs)
	w := &writer{dir: dir}
	if opts.Output != "" {
		w.dir = opts.Output
	}
	for _, j := range jobs {
		if j.err != nil {
			return Result{}, fmt.Errorf("protoc-gen-%s: %v", j.plugin.Name, j.err)
		}
	}
	for _, j := range jobs {
		if j.resp == nil {
			continue
		}
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "protoc-gen-%s: %d files from %s\n", j.plugin.Name, len(j.resp.GetFile()), j.set.label)
		}
		if err := w.add(j.plugin.Out, j.resp.GetFile()); err != nil {
			w.wait()
			return Result{}, fmt.Errorf("protoc-gen-%s: %v", j.plugin.Name, err)
		}
	}
	n, err := w.wait()
	return Result{Protos: len(files), Files: n, Took: time.Since(start)}, err
}

// job is one plugin run on one set of files.
type job struct {
	plugin bufconfig.Plugin
	set    fileSet
	resp   *pluginpb.CodeGeneratorResponse // nil when the filters left no file
	err    error
}

// runJobs runs the jobs, as many at once as there are CPUs.
func runJobs(ctx context.Context, dir string, jobs []*job) {
	builtin := builtins()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, j := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			req, err := j.set.request(j.plugin)
			if err != nil || len(req.FileToGenerate) == 0 {
				j.err = err
				return
			}
			if run, ok := builtin[j.plugin.Name]; ok {
				j.resp, j.err = run(req)
			} else {
				j.resp, j.err = runCommand(ctx, dir, j.plugin.Command, req)
			}
			if j.err == nil && j.resp.GetError() != "" {
				j.err = fmt.Errorf("%s", j.resp.GetError())
			}
		})
	}
	wg.Wait()
}

func template(dir, name string, ws *bufconfig.Workspace) (*bufconfig.Template, error) {
	if name == "" {
		name = "buf.gen.yaml"
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return Default(ws.Roots), nil
		}
	}
	t, err := bufconfig.ReadTemplate(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	if len(t.Inputs) == 0 {
		// As buf generate without an input: the workspace, every module.
		for _, r := range ws.Roots {
			t.Inputs = append(t.Inputs, bufconfig.Input{Directory: r})
		}
	}
	return t, nil
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
	// wire is the request without parameter, encoded once and shared by
	// every plugin run on the same files: each run decodes its own copy,
	// as a plugin binary would from its stdin.
	wire func() ([]byte, error)
}

// encodings shares the encoded request of each distinct set of files.
type encodings map[string]func() ([]byte, error)

// of returns the shared encoder of files.
func (e encodings) of(files []linker.File) func() ([]byte, error) {
	var key strings.Builder
	for _, f := range files {
		key.WriteString(f.Path())
		key.WriteByte(0)
	}
	if enc, ok := e[key.String()]; ok {
		return enc
	}
	enc := sync.OnceValues(func() ([]byte, error) {
		return proto.Marshal(protoimage.Request(files, ""))
	})
	e[key.String()] = enc
	return enc
}

// requests splits the compiled files into the requests of a plugin: one
// per directory, or one for all with strategy all.
func requests(files []linker.File, pl bufconfig.Plugin, enc encodings) []fileSet {
	if pl.All {
		return []fileSet{{label: fmt.Sprintf("%d protos", len(files)), files: files, wire: enc.of(files)}}
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
		out = append(out, fileSet{label: d, files: byDir[d], wire: enc.of(byDir[d])})
	}
	return out
}

// request builds the request of the set for pl, with its type filters.
func (s fileSet) request(pl bufconfig.Plugin) (*pluginpb.CodeGeneratorRequest, error) {
	b, err := s.wire()
	if err != nil {
		return nil, err
	}
	req := new(pluginpb.CodeGeneratorRequest)
	if err := proto.Unmarshal(b, req); err != nil {
		return nil, err
	}
	if p := pl.Parameter(); p != "" {
		req.Parameter = proto.String(p)
	}
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
