package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/bia-go/bia/internal/generate"
)

// generateCmd is `bia generate [-template file] [-o dir] [paths...]`.
func generateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tmpl := fs.String("template", "", "the buf.gen.yaml to run (default: buf.gen.yaml, or Bia's default plugins without one)")
	out := fs.String("o", "", "write the output under this directory instead of the project's (as buf's --output)")
	quiet := fs.Bool("q", false, "print nothing but errors")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bia generate [-template buf.gen.yaml] [-o dir] [-q] [paths...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := generate.Options{Template: *tmpl, Output: *out, Paths: fs.Args()}
	if !*quiet {
		opts.Progress = stdout
	}
	res, err := generate.Run(ctx, opts)
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stdout, "generated %d files from %d protos in %v\n", res.Files, res.Protos, res.Took.Round(1e6))
	}
	return nil
}
