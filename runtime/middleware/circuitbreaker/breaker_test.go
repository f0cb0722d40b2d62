package circuitbreaker_test

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bia-go/bia/internal/servetest"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/circuitbreaker"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/grpc"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// backend fails every call while failing is set, and counts the calls it
// got.
type backend struct {
	libpb.UnimplementedLibraryServer
	failing atomic.Bool
	calls   atomic.Int64
}

func (b *backend) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	b.calls.Add(1)
	if in.GetName() == "shelves/missing" {
		return nil, errors.NotFound("SHELF_NOT_FOUND", "no such shelf")
	}
	if b.failing.Load() {
		return nil, errors.ServiceUnavailable("DOWN", "the backend is down")
	}
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName()}}, nil
}

// TestBreaker runs a gRPC client with the breaker against a backend that
// starts failing every call: once the window has seen it, the client
// sends it under 10 % of its calls (the rest refused with CIRCUIT_OPEN);
// when the backend heals, calls flow again within the window.
func TestBreaker(t *testing.T) {
	be := &backend{}
	gs := grpc.NewServer(grpc.Address("127.0.0.1:0"), grpc.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	libpb.RegisterLibraryServer(gs, be)
	cc, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(servetest.Start(t, gs).Host),
		grpc.WithMiddleware(circuitbreaker.Client(circuitbreaker.WithWindow(time.Second, 10))))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	lib := libpb.NewLibraryClient(cc)
	call := func(name string) error {
		_, err := lib.GetShelf(t.Context(), &libpb.GetShelfRequest{Name: name})
		return err
	}
	// Calls for d; returns how many were made, reached the backend, were
	// refused by the breaker, and succeeded.
	drive := func(d time.Duration, name string) (made, reached, refused, ok int) {
		before := be.calls.Load()
		for end := time.Now().Add(d); time.Now().Before(end); {
			err := call(name)
			made++
			switch {
			case err == nil:
				ok++
			case errors.Reason(err) == circuitbreaker.ReasonCircuitOpen:
				if errors.Code(err) != 503 {
					t.Fatalf("refused with %v", err)
				}
				refused++
			}
			time.Sleep(time.Millisecond)
		}
		return made, int(be.calls.Load() - before), refused, ok
	}
	if made, _, refused, ok := drive(300*time.Millisecond, "shelves/s1"); ok != made || refused != 0 {
		t.Fatalf("healthy backend: %d of %d ok, %d refused", ok, made, refused)
	}
	// 4xx are the caller's fault: they never open the breaker.
	if made, reached, refused, _ := drive(500*time.Millisecond, "shelves/missing"); reached != made || refused != 0 {
		t.Errorf("404s: %d of %d reached the backend, %d refused", reached, made, refused)
	}
	be.failing.Store(true)
	drive(time.Second, "shelves/s1") // the window fills with failures
	made, reached, refused, _ := drive(2*time.Second, "shelves/s1")
	if share := float64(reached) / float64(made); share >= 0.10 {
		t.Errorf("failing backend: %d of %d calls (%.1f %%) reached it, want < 10 %%", reached, made, 100*share)
	}
	t.Logf("failing: %d calls, %d reached the backend, %d refused", made, reached, refused)
	// Healed, the backend accepts the trickle it gets; each accepted
	// call lets more through, so the throttling falls off within a few
	// windows.
	be.failing.Store(false)
	healed := time.Now()
	for {
		made, _, _, ok := drive(500*time.Millisecond, "shelves/s1")
		if float64(ok) >= 0.9*float64(made) {
			t.Logf("recovered %v after the backend healed", time.Since(healed).Round(100*time.Millisecond))
			break
		}
		if time.Since(healed) > 15*time.Second {
			t.Fatalf("15 s after the backend healed, %d of %d calls ok", ok, made)
		}
	}
}

// TestNoAllocations checks the pass path of a known key.
func TestNoAllocations(t *testing.T) {
	h := circuitbreaker.Client(circuitbreaker.WithKey(func(context.Context) string { return "k" }))(
		func(context.Context, any) (any, error) { return nil, nil })
	h(t.Context(), nil)
	if n := testing.AllocsPerRun(1000, func() { h(t.Context(), nil) }); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}

func BenchmarkBreaker(b *testing.B) {
	h := circuitbreaker.Client()(func(context.Context, any) (any, error) { return nil, nil })
	ctx := transport.NewClientContext(b.Context(), fakeTransporter{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			h(ctx, nil)
		}
	})
}

type fakeTransporter struct{}

func (fakeTransporter) Kind() transport.Kind            { return transport.KindGRPC }
func (fakeTransporter) Endpoint() string                { return "" }
func (fakeTransporter) Operation() string               { return "/pkg.Svc/Method" }
func (fakeTransporter) RequestHeader() transport.Header { return nil }
func (fakeTransporter) ReplyHeader() transport.Header   { return nil }

var _ middleware.Middleware = circuitbreaker.Client()
