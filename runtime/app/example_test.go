package app_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/bia-go/bia/runtime/app"
)

func Example() {
	var a *app.App
	step := func(name string) func(context.Context) error {
		return func(context.Context) error {
			fmt.Println(name)
			return nil
		}
	}
	a = app.New(
		app.Name("greeter"),
		app.Logger(slog.New(slog.DiscardHandler)),
		app.BeforeStart(step("before start")),
		app.AfterStart(step("after start"), func(context.Context) error {
			return a.Stop() // a real service waits for SIGINT or SIGTERM
		}),
		app.BeforeStop(step("before stop")),
		app.AfterStop(step("after stop")),
	)
	if err := a.Run(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// before start
	// after start
	// before stop
	// after stop
}

// Every error of a run is returned, joined.
func ExampleApp_Run_errors() {
	errFlush := errors.New("flush failed")
	errClose := errors.New("close failed")
	var a *app.App
	a = app.New(
		app.Name("greeter"),
		app.Logger(slog.New(slog.DiscardHandler)),
		app.AfterStart(func(context.Context) error { return a.Stop() }),
		app.BeforeStop(func(context.Context) error { return errFlush }),
		app.AfterStop(func(context.Context) error { return errClose }),
	)
	err := a.Run()
	fmt.Println(errors.Is(err, errFlush), errors.Is(err, errClose))
	fmt.Println(err)
	// Output:
	// true true
	// app: before stop: flush failed
	// app: after stop: close failed
}

func ExampleFromContext() {
	var a *app.App
	a = app.New(
		app.ID("instance-1"),
		app.Name("greeter"),
		app.Version("v1.0.0"),
		app.Logger(slog.New(slog.DiscardHandler)),
		app.AfterStart(func(ctx context.Context) error {
			if info, ok := app.FromContext(ctx); ok {
				fmt.Println(info.Name(), info.Version(), info.ID())
			}
			return a.Stop()
		}),
	)
	if err := a.Run(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// greeter v1.0.0 instance-1
}
