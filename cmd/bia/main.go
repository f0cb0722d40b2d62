// Command bia is Bia's command line, which needs nothing but Go (no
// protoc, no buf, no plugin binaries):
//
//	go install github.com/bia-go/bia/cmd/bia@latest
//	bia new shop                                       # a runnable project
//	bia proto add api/order/v1/order.proto             # a CRUD API
//	bia generate                                       # as buf generate, from buf.yaml and buf.gen.yaml
//	bia proto server api/order/v1/order.proto -t internal/service
//	bia migrate                                        # a Kratos v2 project's Go code to Bia
//	bia version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
)

func main() {
	// bia runs for seconds and allocates heavily (compiled descriptors,
	// generated Go parsed and printed again): unless the user chose a GOGC,
	// trade memory for time. On a 1,000-method proto this takes a run from
	// about 2.0 s to 1.7 s for 100 MB more (bench/scripts/generate-speed.sh).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2) // the usage is printed
		}
		fmt.Fprintln(os.Stderr, "bia:", err)
		os.Exit(1)
	}
}

// run runs the command args names.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return fmt.Errorf("no command")
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return nil
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		usage(stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd.run(ctx, args[1:], stdout, stderr)
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"generate": {"generate code from .proto files (as buf generate)", generateCmd},
		"new":      {"create a project: API, service, servers, configs, Makefile, a test", newCmd},
		"proto":    {"add an API (proto add x.proto) or its service stubs (proto server x.proto -t dir)", protoCmd},
		"migrate":  {"move a Kratos v2 project's Go code to Bia, listing what is left", migrateCmd},
		"version":  {"print the version", versionCmd},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: bia <command> [arguments]")
	fmt.Fprintln(w)
	for _, name := range []string{"new", "proto", "generate", "migrate", "version"} {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands()[name].summary)
	}
}
