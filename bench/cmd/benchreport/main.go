// Command benchreport reads the output of `go test -bench . -benchmem`
// (usually with -count 5) on stdin and prints one table per benchmark
// group: for each framework its median ns/op and the spread of the runs
// around it, its median B/op and allocs/op, its ns/op as a multiple of the
// baseline's and its allocs/op minus the baseline's.
//
//	go test -run '^$' -bench . -benchmem -count 5 | go run ./cmd/benchreport
//
// The baseline of a group is the first of the frameworks named by
// -baseline (default "floor,servemux") that the group has. Failure lines
// of the input ("--- FAIL", "FAIL", "panic:") are copied to stderr and
// make the exit status 1, after the tables; so does input without any
// benchmark result.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bia-go/bia/bench/internal/report"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "benchreport:", err)
		}
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchreport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	baseline := fs.String("baseline", "floor,servemux", "comma-separated `frameworks` to compare with, in order of preference")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	res, err := report.Parse(stdin)
	if err != nil {
		return err
	}
	for _, line := range res.Context {
		fmt.Fprintln(stdout, line)
	}
	if len(res.Context) > 0 {
		fmt.Fprintln(stdout)
	}
	if err := report.Write(stdout, res.Groups(), strings.Split(*baseline, ",")); err != nil {
		return err
	}
	for _, line := range res.Failures {
		fmt.Fprintln(stderr, line)
	}
	switch {
	case len(res.Failures) > 0:
		return errors.New("the benchmarks failed")
	case len(res.Runs) == 0:
		return errors.New("no benchmark results in the input")
	}
	return nil
}
