package grpc_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
)

func TestStopDrainsInFlightCalls(t *testing.T) {
	entered, release, returned := make(chan struct{}), make(chan struct{}), make(chan struct{})
	e := &echo{unary: func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		defer close(returned)
		close(entered)
		<-release
		return in, nil
	}}
	srv, addr := startServer(t, e)
	cc := dial(t, addr, biagrpc.WithTimeout(0))

	called := make(chan error, 1)
	go func() {
		got, err := callEcho(context.Background(), cc, "in flight")
		if err == nil && got != "in flight" {
			err = errors.New(500, "BAD_REPLY", got)
		}
		called <- err
	}()
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- srv.Stop(context.Background()) }()
	waitListenerClosed(t, addr) // Stop has begun
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) while a call was in flight", err)
	default:
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Errorf("Stop = %v, want nil", err)
	}
	select {
	case <-returned:
	default:
		t.Error("Stop returned before the in-flight handler did")
	}
	if err := <-called; err != nil {
		t.Errorf("in-flight call failed: %v", err)
	}
}

func TestStopForcesStuckCallsWhenCtxEnds(t *testing.T) {
	entered := make(chan struct{})
	e := &echo{unary: func(ctx context.Context, _ *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		close(entered)
		<-ctx.Done() // stuck until the server cancels the call
		return nil, ctx.Err()
	}}
	srv, addr := startServer(t, e)
	cc := dial(t, addr, biagrpc.WithTimeout(0))
	called := make(chan error, 1)
	go func() {
		_, err := callEcho(context.Background(), cc, "stuck")
		called <- err
	}()
	<-entered

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := srv.Stop(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Stop = %v, want context.Canceled", err)
	}
	if err := <-called; err == nil {
		t.Error("stuck call succeeded after a forced stop")
	}
}

func TestHealthFollowsTheLifecycle(t *testing.T) {
	srv, addr := startServer(t, echoBack())
	cc := dial(t, addr)
	hc := healthpb.NewHealthClient(cc)

	for _, svc := range []string{"", echoService} {
		resp, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("Check(%q) = %v, %v; want SERVING", svc, resp.GetStatus(), err)
		}
	}
	if _, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{Service: "no.Such"}); status.Code(err) != codes.NotFound {
		t.Errorf("Check(unknown) error = %v, want NotFound", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watch, err := hc.Watch(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("first Watch status = %v, %v; want SERVING", resp.GetStatus(), err)
	}
	stopped := make(chan error, 1)
	go func() {
		// The bound only turns a broken drain into a failure instead of a
		// hang: an idle server stops at once.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		stopped <- srv.Stop(ctx)
	}()
	if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("Watch status after Stop = %v, %v; want NOT_SERVING", resp.GetStatus(), err)
	}
	// The server ends the watch so the graceful stop does not wait for it.
	if resp, err := watch.Recv(); err == nil {
		t.Errorf("Watch went on after NOT_SERVING: %v", resp)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Stop = %v, want nil", err)
	}
}

func TestBuiltinServices(t *testing.T) {
	const (
		health  = "grpc.health.v1.Health"
		refl    = "grpc.reflection.v1.ServerReflection"
		reflOld = "grpc.reflection.v1alpha.ServerReflection"
	)
	tests := []struct {
		name string
		opts []biagrpc.ServerOption
		want []string
	}{
		{name: "default", want: []string{echoService, health, refl, reflOld}},
		{name: "no health", opts: []biagrpc.ServerOption{biagrpc.DisableHealth()}, want: []string{echoService, refl, reflOld}},
		{name: "no reflection", opts: []biagrpc.ServerOption{biagrpc.DisableReflection()}, want: []string{echoService, health}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, addr := startServer(t, echoBack(), tt.opts...)
			var got []string
			for name := range srv.GetServiceInfo() {
				got = append(got, name)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("GetServiceInfo (-want +got):\n%s", diff)
			}
			if !slices.Contains(tt.want, refl) {
				return
			}
			listed := listServices(t, dial(t, addr))
			if diff := cmp.Diff(tt.want, listed); diff != "" {
				t.Errorf("reflection ListServices (-want +got):\n%s", diff)
			}
		})
	}
}

// listServices asks the v1 reflection service for the service names.
func listServices(t *testing.T, cc *gogrpc.ClientConn) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(cc).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req := &reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{},
	}
	if err := stream.Send(req); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	slices.Sort(names)
	return names
}

func TestTimeoutGivesHandlersADeadline(t *testing.T) {
	tests := []struct {
		name   string
		server []biagrpc.ServerOption
		client []biagrpc.ClientOption
		ctx    time.Duration // caller's own timeout, 0 for none
		max    time.Duration // upper bound of the handler's deadline, 0: no deadline
	}{
		{name: "none", client: []biagrpc.ClientOption{biagrpc.WithTimeout(0)}},
		{name: "server timeout", server: []biagrpc.ServerOption{biagrpc.Timeout(time.Hour)}, client: []biagrpc.ClientOption{biagrpc.WithTimeout(0)}, max: time.Hour},
		{name: "client default", max: 2 * time.Second},
		{name: "client option", client: []biagrpc.ClientOption{biagrpc.WithTimeout(time.Minute)}, max: time.Minute},
		{name: "caller earlier than server", server: []biagrpc.ServerOption{biagrpc.Timeout(time.Hour)}, client: []biagrpc.ClientOption{biagrpc.WithTimeout(0)}, ctx: time.Minute, max: time.Minute},
		{name: "caller earlier than client option", client: []biagrpc.ClientOption{biagrpc.WithTimeout(time.Hour)}, ctx: time.Minute, max: time.Minute},
	}
	deadlines := make(chan time.Duration, 1) // -1: no deadline
	e := &echo{unary: func(ctx context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		d, ok := ctx.Deadline()
		if !ok {
			deadlines <- -1
		} else {
			deadlines <- time.Until(d)
		}
		return in, nil
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, addr := startServer(t, e, tt.server...)
			cc := dial(t, addr, tt.client...)
			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			if _, err := callEcho(ctx, cc, "x"); err != nil {
				t.Fatal(err)
			}
			left := <-deadlines
			switch {
			case tt.max == 0 && left != -1:
				t.Errorf("handler has a deadline %v away, want none", left)
			case tt.max > 0 && (left == -1 || left > tt.max):
				t.Errorf("handler deadline %v away, want one within %v", left, tt.max)
			}
		})
	}
}

func TestServerTimeoutEndsSlowCalls(t *testing.T) {
	e := &echo{unary: func(ctx context.Context, _ *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	_, addr := startServer(t, e, biagrpc.Timeout(20*time.Millisecond))
	cc := dial(t, addr, biagrpc.WithTimeout(0))
	_, err := callEcho(context.Background(), cc, "slow")
	if got := errors.FromError(err); got.Code != 504 || got.Reason != "GATEWAY_TIMEOUT" {
		t.Errorf("error = %+v, want 504 GATEWAY_TIMEOUT", got)
	}
	if c := status.Code(err); c != codes.DeadlineExceeded {
		t.Errorf("status.Code = %v, want DeadlineExceeded", c)
	}
}
