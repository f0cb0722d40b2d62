// End-to-end test of the example: the real app, gRPC server, middleware and
// generated code, called over a loopback socket through the address the app
// registered.
package helloworld_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/testing/protocmp"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/examples/helloworld/internal/server"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/runtime/app"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
	"github.com/bia-go/bia/runtime/transport/grpc"
)

// startApp runs the example app on a free port and returns the gRPC
// endpoint it registered.
func startApp(t *testing.T) string {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg := memory.New()
	ctx, cancel := context.WithCancel(t.Context())
	a := app.New(
		app.Name("helloworld"),
		app.Context(ctx),
		app.Logger(logger),
		app.Registrar(reg),
		app.Server(server.NewGRPCServer("127.0.0.1:0", logger, service.NewGreeter())),
	)
	done := make(chan error, 1)
	go func() { done <- a.Run() }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("app.Run: %v", err)
		}
	})

	w, err := reg.Watch(ctx, "helloworld")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	for {
		instances, err := w.Next()
		if err != nil {
			t.Fatalf("watching the registry: %v", err)
		}
		for _, in := range instances {
			if u, ok := registry.Endpoint(in, "grpc"); ok {
				return u.Host
			}
		}
	}
}

func TestGreeterOverGRPC(t *testing.T) {
	endpoint := startApp(t)
	conn, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(endpoint))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := v1.NewGreeterClient(conn)

	reply, err := client.SayHello(t.Context(), &v1.HelloRequest{Name: "bia"})
	if err != nil {
		t.Fatalf("SayHello: %v", err)
	}
	if diff := cmp.Diff(&v1.HelloReply{Message: "Hello bia"}, reply, protocmp.Transform()); diff != "" {
		t.Errorf("reply (-want +got):\n%s", diff)
	}

	tests := []struct {
		name     string
		wantCode codes.Code
		wantHTTP int
		reason   string
		is       func(error) bool
	}{
		{"error", codes.NotFound, 404, "USER_NOT_FOUND", v1.IsUserNotFound},
		{"", codes.InvalidArgument, 400, "NAME_REQUIRED", v1.IsNameRequired},
	}
	for _, tt := range tests {
		_, err := client.SayHello(t.Context(), &v1.HelloRequest{Name: tt.name})
		st, _ := status.FromError(err)
		if st.Code() != tt.wantCode {
			t.Errorf("SayHello(%q) gRPC code = %v, want %v", tt.name, st.Code(), tt.wantCode)
		}
		var info *errdetails.ErrorInfo
		for _, d := range st.Details() {
			if d, ok := d.(*errdetails.ErrorInfo); ok {
				info = d
			}
		}
		if info.GetReason() != tt.reason {
			t.Errorf("SayHello(%q) ErrorInfo reason = %q, want %q", tt.name, info.GetReason(), tt.reason)
		}
		if !tt.is(err) {
			t.Errorf("SayHello(%q): generated Is%s(err) = false for %v", tt.name, tt.reason, err)
		}
		if got := errors.FromError(err); got.Code != tt.wantHTTP || got.Reason != tt.reason {
			t.Errorf("SayHello(%q) = %d %s, want %d %s", tt.name, got.Code, got.Reason, tt.wantHTTP, tt.reason)
		}
	}
}
