package app_test

import (
	"context"
	"os"
	"syscall"
	"testing"

	"github.com/bia-go/bia/runtime/app"
)

// The signal tests are not parallel: a signal reaches every app of the
// process that listens for it.

func TestSignal(t *testing.T) {
	tests := []struct {
		name string
		opts []app.Option
		sig  syscall.Signal
	}{
		{name: "custom", opts: []app.Option{app.Signal(syscall.SIGUSR1)}, sig: syscall.SIGUSR1},
		{name: "custom among several", opts: []app.Option{app.Signal(syscall.SIGUSR2, syscall.SIGUSR1)}, sig: syscall.SIGUSR1},
		// Without a Signal option the app handles SIGTERM; were it not
		// handled, it would end the test process.
		{name: "default SIGTERM", sig: syscall.SIGTERM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			srv := &fakeServer{name: "s1", rec: rec}
			opts := append([]app.Option{
				app.Server(srv),
				app.Logger(nil),
				app.AfterStart(func(context.Context) error {
					return syscall.Kill(os.Getpid(), tt.sig)
				}),
				app.AfterStop(rec.hook("after stop", nil)),
			}, tt.opts...)
			// Not newApp: it disables signals.
			a := app.New(append([]app.Option{app.Name("test")}, opts...)...)
			if err := a.Run(); err != nil {
				t.Fatalf("Run = %v", err)
			}
			if got := rec.list(); !containsAll(got, "s1 stop", "s1 exit", "after stop") {
				t.Errorf("events = %q, want the server stopped and the AfterStop hook run", got)
			}
		})
	}
}
