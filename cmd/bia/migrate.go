package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/bia-go/bia/internal/migrate"
)

// migrateCmd is `bia migrate [dir]`: a Kratos v2 project's Go code moved
// to Bia's packages, with every use left to do listed.
func migrateCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bia migrate [dir]")
		fmt.Fprintln(stderr, "rewrites the Go files under dir (default .) from Kratos v2 packages to Bia's and lists what is left")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errors.New("migrate: want at most one directory")
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	rep, err := migrate.Run(dir)
	if err != nil {
		return err
	}
	for _, f := range rep.Changed {
		fmt.Fprintln(stdout, "rewrote", f)
	}
	if len(rep.Notes) > 0 {
		fmt.Fprintf(stdout, "\n%d uses left to you:\n", len(rep.Notes))
		for _, n := range rep.Notes {
			fmt.Fprintln(stdout, " ", n)
		}
	}
	fmt.Fprintln(stdout, "\nnext: go get github.com/bia-go/bia && go mod tidy, regenerate with bia generate, then go build ./...")
	return nil
}
