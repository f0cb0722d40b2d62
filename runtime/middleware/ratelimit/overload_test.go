package ratelimit_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bia-go/bia/internal/servetest"
	"github.com/bia-go/bia/runtime/middleware/ratelimit"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// Capacity of the test server: slots calls at a time, each holding its
// slot for hold: slots / hold calls per second.
const (
	slots    = 2
	hold     = 20 * time.Millisecond
	capacity = float64(slots) / 0.020 // 100 calls/s
)

// pool is a service bound by a pool of slots, as one bound by a database
// pool is: a call waits for a slot (or for its caller to leave).
type pool struct {
	libpb.UnimplementedLibraryServer
	sem chan struct{}
}

func (p pool) GetShelf(ctx context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	time.Sleep(hold)
	<-p.sem
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName()}}, nil
}

// result is what a load run saw.
type result struct {
	offered, goodput float64 // calls/s
	p99              time.Duration
	shed             int
}

func (r result) String() string {
	return fmt.Sprintf("offered %.0f/s: goodput %.0f/s (%.0f %% of capacity), p99 of successes %v, shed %d",
		r.offered, r.goodput, 100*r.goodput/capacity, r.p99.Round(time.Millisecond), r.shed)
}

// run offers rate calls per second for d (open loop: a call starts on
// every tick, whatever the others do) with a client timeout of 1 s.
func run(t *testing.T, base string, rate float64, d time.Duration) result {
	client := &nethttp.Client{Timeout: time.Second, Transport: &nethttp.Transport{MaxIdleConnsPerHost: 2000}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	var lat []time.Duration
	shed := 0
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer tick.Stop()
	end := time.Now().Add(d)
	sent := 0
	for time.Now().Before(end) {
		<-tick.C
		sent++
		wg.Go(func() {
			start := time.Now()
			resp, err := client.Get(base + "/v1/shelves/s1")
			if err != nil {
				return // timed out: neither good nor shed
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			switch resp.StatusCode {
			case 200:
				lat = append(lat, time.Since(start))
			case 429:
				shed++
			}
		})
	}
	wg.Wait()
	slices.Sort(lat)
	r := result{offered: float64(sent) / d.Seconds(), goodput: float64(len(lat)) / d.Seconds(), shed: shed}
	if len(lat) > 0 {
		r.p99 = lat[len(lat)*99/100]
	}
	return r
}

func start(t *testing.T, limiter transport.Limiter) string {
	t.Helper()
	opts := []http.ServerOption{http.Address("127.0.0.1:0"), http.Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))}
	if limiter != nil {
		opts = append(opts, http.Limiter(limiter))
	}
	srv := http.NewServer(opts...)
	libpb.RegisterLibraryHTTPServer(srv, pool{sem: make(chan struct{}, slots)})
	return "http://" + servetest.Start(t, srv).Host
}

// TestOverload drives a server of known capacity (100 calls/s), after a
// second at half of it, at 2× and 4× its capacity over loopback, with the
// adaptive limiter and without.
// With it, goodput stays ≥ 80 % of capacity and the p99 of admitted calls
// within 3× the unloaded p99; without it, both collapse (logged).
func TestOverload(t *testing.T) {
	if testing.Short() {
		t.Skip("a 25 s load test")
	}
	unloaded := run(t, start(t, nil), capacity/4, time.Second)
	t.Logf("unloaded: %v", unloaded)
	// From a cold start the limiter has learnt nothing: the first calls
	// to complete bound the surge (logged, not asserted: the surge's
	// first milliseconds queue).
	cold := run(t, start(t, ratelimit.NewBBR(ratelimit.WithCPUThreshold(0))), 4*capacity, 3*time.Second)
	t.Logf("4× from a cold start, with BBR: %v", cold)
	for _, factor := range []float64{2, 4} {
		// Each server first serves half its capacity for a second, as a
		// running service does before a surge: BBR learns from traffic.
		base := start(t, nil)
		run(t, base, capacity/2, time.Second)
		without := run(t, base, factor*capacity, 3*time.Second)
		t.Logf("%.0f× without a limiter: %v", factor, without)
		limiter := ratelimit.NewBBR(ratelimit.WithCPUThreshold(0)) // the pool, not the CPU, is the bound
		base = start(t, limiter)
		run(t, base, capacity/2, time.Second)
		with := run(t, base, factor*capacity, 3*time.Second)
		t.Logf("%.0f× with BBR: %v", factor, with)
		if with.goodput < 0.8*capacity {
			t.Errorf("%.0f×: goodput %.0f/s with the limiter, want ≥ %.0f/s", factor, with.goodput, 0.8*capacity)
		}
		if with.p99 > 3*unloaded.p99 {
			t.Errorf("%.0f×: p99 %v with the limiter, want ≤ 3 × %v", factor, with.p99, unloaded.p99)
		}
		if with.shed == 0 {
			t.Errorf("%.0f×: nothing shed", factor)
		}
	}
}
