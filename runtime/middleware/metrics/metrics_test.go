package metrics_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/bia-go/bia/internal/servetest"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/metrics"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type shelves struct {
	libpb.UnimplementedLibraryServer
	inside chan struct{} // when set, GetShelf of "shelves/slow" signals, then waits for it
}

func (s shelves) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	switch in.GetName() {
	case "shelves/missing":
		return nil, errors.NotFound("SHELF_NOT_FOUND", "no such shelf")
	case "shelves/slow":
		s.inside <- struct{}{}
		<-s.inside
	}
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName()}}, nil
}

// point is one data point of an instrument, by its attributes.
type point struct {
	value float64 // a sum's value, a histogram's count
	sum   float64 // a histogram's sum
}

func collect(t *testing.T, r *sdkmetric.ManualReader) map[string]map[string]point {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]point{}
	key := func(s attribute.Set) string { return s.Encoded(attribute.DefaultEncoder()) }
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			pts := map[string]point{}
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					pts[key(p.Attributes)] = point{value: float64(p.Value)}
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					pts[key(p.Attributes)] = point{value: float64(p.Count), sum: p.Sum}
				}
			}
			out[m.Name] = pts
		}
	}
	return out
}

// TestServerAndClient makes calls that succeed and fail over HTTP and
// gRPC through measured servers and clients and reads the instruments.
func TestServerAndClient(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	svc := shelves{inside: make(chan struct{})}
	hs := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(quiet), http.Middleware(metrics.Server(metrics.WithMeterProvider(mp))))
	libpb.RegisterLibraryHTTPServer(hs, svc)
	gs := grpc.NewServer(grpc.Address("127.0.0.1:0"), grpc.Logger(quiet), grpc.Middleware(metrics.Server(metrics.WithMeterProvider(mp))))
	libpb.RegisterLibraryServer(gs, svc)
	hc, err := http.NewClient(t.Context(), http.WithEndpoint(servetest.Start(t, hs).Host), http.WithMiddleware(metrics.Client(metrics.WithMeterProvider(mp))))
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Close()
	cc, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(servetest.Start(t, gs).Host), grpc.WithMiddleware(metrics.Client(metrics.WithMeterProvider(mp))))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	hlib, glib := libpb.NewLibraryHTTPClient(hc), libpb.NewLibraryClient(cc)
	type getShelf func(context.Context, *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error)
	clients := map[string]getShelf{
		"http": func(ctx context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
			return hlib.GetShelf(ctx, in)
		},
		"grpc": func(ctx context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
			return glib.GetShelf(ctx, in)
		},
	}
	for _, c := range clients {
		for range 3 {
			if _, err := c(t.Context(), &libpb.GetShelfRequest{Name: "shelves/s1"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c(t.Context(), &libpb.GetShelfRequest{Name: "shelves/missing"}); err == nil {
			t.Fatal("no error")
		}
	}

	// A call in progress shows in active_requests.
	done := make(chan error)
	go func() {
		_, err := clients["grpc"](context.Background(), &libpb.GetShelfRequest{Name: "shelves/slow"})
		done <- err
	}()
	<-svc.inside
	during := collect(t, reader)
	svc.inside <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	after := collect(t, reader)

	const op = "/httptest.v1.Library/GetShelf"
	set := func(kvs ...attribute.KeyValue) string {
		s := attribute.NewSet(kvs...)
		return s.Encoded(attribute.DefaultEncoder())
	}
	for _, side := range []string{"server", "client"} {
		for _, kind := range []string{"http", "grpc"} {
			ok := set(metrics.KeyKind.String(kind), metrics.KeyOperation.String(op), metrics.KeyCode.Int(200), metrics.KeyReason.String(""))
			nf := set(metrics.KeyKind.String(kind), metrics.KeyOperation.String(op), metrics.KeyCode.Int(404), metrics.KeyReason.String("SHELF_NOT_FOUND"))
			active := set(metrics.KeyKind.String(kind), metrics.KeyOperation.String(op))
			wantOK := 3.0
			if kind == "grpc" {
				wantOK = 4 // and the slow call
			}
			if got := after[side+".requests"][ok].value; got != wantOK {
				t.Errorf("%s %s: %v successful calls counted, want %v", side, kind, got, wantOK)
			}
			if got := after[side+".requests"][nf].value; got != 1 {
				t.Errorf("%s %s: %v failed calls counted, want 1", side, kind, got)
			}
			if h := after[side+".request.duration"][ok]; h.value != wantOK || h.sum <= 0 {
				t.Errorf("%s %s: duration histogram %+v", side, kind, h)
			}
			if got := after[side+".active_requests"][active].value; got != 0 {
				t.Errorf("%s %s: %v active after the calls", side, kind, got)
			}
			wantDuring := 0.0
			if kind == "grpc" {
				wantDuring = 1
			}
			if got := during[side+".active_requests"][active].value; got != wantDuring {
				t.Errorf("%s %s: %v active during the slow call, want %v", side, kind, got, wantDuring)
			}
		}
	}
	names := []string{}
	for n := range after {
		names = append(names, n)
	}
	want := []string{"client.active_requests", "client.request.duration", "client.requests", "server.active_requests", "server.request.duration", "server.requests"}
	if diff := cmp.Diff(want, sorted(names)); diff != "" {
		t.Errorf("instruments (-want +got):\n%s", diff)
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// fakeTransporter is a server transporter for calls made in-process.
type fakeTransporter struct{}

func (fakeTransporter) Kind() transport.Kind            { return transport.KindHTTP }
func (fakeTransporter) Endpoint() string                { return "" }
func (fakeTransporter) Operation() string               { return "/pkg.Svc/Method" }
func (fakeTransporter) RequestHeader() transport.Header { return nil }
func (fakeTransporter) ReplyHeader() transport.Header   { return nil }

// TestNoAllocations checks that measuring a call allocates nothing once
// its attribute set is known, with the SDK behind the API.
func TestNoAllocations(t *testing.T) {
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	h := metrics.Server(metrics.WithMeterProvider(mp))(func(context.Context, any) (any, error) { return nil, nil })
	ctx := transport.NewServerContext(t.Context(), fakeTransporter{})
	h(ctx, nil)
	if n := testing.AllocsPerRun(1000, func() { h(ctx, nil) }); n != 0 {
		t.Errorf("%v allocations per measured call", n)
	}
}
