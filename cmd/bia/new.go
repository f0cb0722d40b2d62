package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"runtime/debug"

	"github.com/bia-go/bia/internal/generate"
	"github.com/bia-go/bia/internal/scaffold"
)

const biaModule = "github.com/bia-go/bia"

// newCmd is `bia new NAME`: a runnable project from the embedded
// templates, its code generated and its module tidied.
func newCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	module := fs.String("module", "", "the Go module path (default: NAME)")
	version := fs.String("bia", "", "the version of "+biaModule+" to require (default: this bia's)")
	replace := fs.String("replace", "", "use the Bia checkout in this directory instead of a released version")
	noTidy := fs.Bool("no-tidy", false, "do not run go mod tidy (which fetches modules through the Go module proxy)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bia new [-module path] [-bia version] [-replace dir] [-no-tidy] NAME")
		fs.PrintDefaults()
	}
	if err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("new: want one NAME")
	}
	name := fs.Arg(0)
	p := scaffold.Project{Name: name, Module: *module, BiaVersion: *version}
	if *replace != "" {
		abs, err := filepath.Abs(*replace)
		if err != nil {
			return err
		}
		p.BiaReplace = abs
		if p.BiaVersion == "" {
			p.BiaVersion = "v0.0.0-00010101000000-000000000000"
		}
	}
	if p.BiaVersion == "" {
		v, ok := ownVersion()
		if !ok {
			return errors.New("new: this bia is a development build: pass -bia with a released version, or -replace with a checkout")
		}
		p.BiaVersion = v
	}
	if _, err := scaffold.New(name, p); err != nil {
		return err
	}
	if _, err := generate.Run(ctx, generate.Options{Dir: name}); err != nil {
		return fmt.Errorf("new: generating the code of %s: %v", name, err)
	}
	if !*noTidy {
		cmd := exec.CommandContext(ctx, "go", "mod", "tidy")
		cmd.Dir, cmd.Stdout, cmd.Stderr = name, stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("new: go mod tidy in %s: %v", name, err)
		}
	}
	fmt.Fprintf(stdout, "created %s: cd %s && make run (then curl localhost:8000/v1/greetings/bia)\n", name, name)
	return nil
}

// ownVersion returns the released version of Bia this binary was built
// from: the main module's when bia was installed, the dependency's when it
// runs as a tool of another module.
func ownVersion() (string, bool) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", false
	}
	if bi.Main.Path == biaModule {
		return bi.Main.Version, bi.Main.Version != "" && bi.Main.Version != "(devel)"
	}
	for _, d := range bi.Deps {
		if d.Path == biaModule && d.Replace == nil {
			return d.Version, true
		}
	}
	return "", false
}

// parseInterspersed parses flags placed before or after the arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, rest...))
}
