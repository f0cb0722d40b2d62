package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/bia-go/bia/internal/scaffold"
)

// protoCmd is `bia proto add FILE` and `bia proto server FILE -t DIR`.
func protoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	usage := func() {
		fmt.Fprintln(stderr, "usage: bia proto add api/x/v1/x.proto")
		fmt.Fprintln(stderr, "       bia proto server api/x/v1/x.proto [-t internal/service]")
	}
	if len(args) == 0 {
		usage()
		return errors.New("proto: want add or server")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage()
		return flag.ErrHelp
	case "add":
		if len(args) != 2 {
			usage()
			return errors.New("proto add: want one .proto path")
		}
		if err := scaffold.ProtoAdd(".", args[1]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s: bia generate, then bia proto server %s -t internal/service\n", args[1], args[1])
		return nil
	case "server":
		fs := flag.NewFlagSet("proto server", flag.ContinueOnError)
		fs.SetOutput(stderr)
		target := fs.String("t", "internal/service", "the directory (Go package) of the service stubs")
		if err := parseInterspersed(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			usage()
			return errors.New("proto server: want one .proto path")
		}
		written, kept, err := scaffold.ProtoServer(ctx, ".", fs.Arg(0), *target)
		if err != nil {
			return err
		}
		for _, f := range written {
			fmt.Fprintln(stdout, "created", f)
		}
		for _, f := range kept {
			fmt.Fprintln(stdout, "kept", f, "(exists: not overwritten)")
		}
		return nil
	}
	usage()
	return fmt.Errorf("proto: unknown subcommand %q", args[0])
}
