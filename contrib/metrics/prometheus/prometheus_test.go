package prometheus_test

import (
	"context"
	"io"
	"log/slog"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"github.com/bia-go/bia/contrib/metrics/prometheus"
	"github.com/bia-go/bia/runtime/middleware/metrics"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

type shelves struct {
	libpb.UnimplementedLibraryServer
}

func (shelves) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName()}}, nil
}

// TestHandler mounts the handler on a Bia HTTP server measured by the
// metrics middleware and reads the exposition after three calls.
func TestHandler(t *testing.T) {
	exp, err := prometheus.New()
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Shutdown(context.Background())
	srv := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		http.Middleware(metrics.Server(metrics.WithMeterProvider(exp.MeterProvider()))))
	libpb.RegisterLibraryHTTPServer(srv, shelves{})
	srv.Handle("/metrics", exp.Handler())
	u, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Start(context.Background()) }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Stop(ctx)
	}()
	base := "http://" + u.Host
	for range 3 {
		resp, err := nethttp.Get(base + "/v1/shelves/s1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := nethttp.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	text := string(body)
	for _, want := range []string{
		`server_requests_total{code="200",kind="http",operation="/httptest.v1.Library/GetShelf",otel_scope_name="github.com/bia-go/bia/runtime/middleware/metrics"`,
		`server_request_duration_seconds_bucket{code="200",kind="http",operation="/httptest.v1.Library/GetShelf",`,
		`le="0.005"`,
		`server_active_requests{kind="http",operation="/httptest.v1.Library/GetShelf"`,
		"go_goroutines ",
		"target_info{",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the exposition lacks %s", want)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "server_requests_total{") && strings.Contains(line, "GetShelf") && !strings.HasSuffix(line, " 3") {
			t.Errorf("%s: want 3 calls", line)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}
