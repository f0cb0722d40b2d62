package e2e_test

import (
	"context"
	"io"
	"log/slog"
	nethttp "net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bia-go/bia/internal/servetest"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// deadlineHop is one service of the chain: it notes the time its context has
// left, spends some, and calls the next hop (or answers).
type deadlineHop struct {
	libpb.UnimplementedLibraryServer
	next  func(context.Context, *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error)
	left  atomic.Int64 // ns
	calls atomic.Int64
}

func (h *deadlineHop) GetShelf(ctx context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	h.calls.Add(1)
	deadline, ok := ctx.Deadline()
	if !ok {
		return nil, errors.InternalServer("NO_DEADLINE", "the handler's context has no deadline")
	}
	h.left.Store(int64(time.Until(deadline)))
	time.Sleep(20 * time.Millisecond)
	if h.next == nil {
		return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName()}}, nil
	}
	return h.next(ctx, in)
}

// TestDeadlineAcrossHops calls HTTP → gRPC → HTTP with a 1 s deadline:
// each hop's handler sees the caller's deadline, less what the hops
// before it spent; a call whose time is up is answered 504 without
// running the handler.
func TestDeadlineAcrossHops(t *testing.T) {
	last := &deadlineHop{}
	lastSrv := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(quiet))
	libpb.RegisterLibraryHTTPServer(lastSrv, last)
	lastURL := "http://" + servetest.Start(t, lastSrv).Host
	hc, err := http.NewClient(t.Context(), http.WithEndpoint(lastURL), http.WithTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Close()
	lastClient := libpb.NewLibraryHTTPClient(hc)

	middle := &deadlineHop{next: func(ctx context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
		return lastClient.GetShelf(ctx, in)
	}}
	gs := grpc.NewServer(grpc.Address("127.0.0.1:0"), grpc.Logger(quiet))
	libpb.RegisterLibraryServer(gs, middle)
	cc, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(servetest.Start(t, gs).Host), grpc.WithTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	middleClient := libpb.NewLibraryClient(cc)

	first := &deadlineHop{next: func(ctx context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
		return middleClient.GetShelf(ctx, in)
	}}
	firstSrv := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(quiet))
	libpb.RegisterLibraryHTTPServer(firstSrv, first)
	firstURL := "http://" + servetest.Start(t, firstSrv).Host

	c, err := http.NewClient(t.Context(), http.WithEndpoint(firstURL), http.WithTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if _, err := libpb.NewLibraryHTTPClient(c).GetShelf(ctx, &libpb.GetShelfRequest{Name: "shelves/s1"}); err != nil {
		t.Fatal(err)
	}
	budgets := []time.Duration{time.Duration(first.left.Load()), time.Duration(middle.left.Load()), time.Duration(last.left.Load())}
	t.Logf("time left at each hop: %v", budgets)
	prev := time.Second
	for i, b := range budgets {
		// Each hop spends 20 ms before calling the next.
		if b <= 0 || b > prev || (i > 0 && b > prev-20*time.Millisecond) {
			t.Errorf("hop %d: %v left, after %v at the hop before", i+1, b, prev)
		}
		prev = b
	}

	// No time left: answered at once, the handler not run.
	before := first.calls.Load()
	for _, tc := range []struct {
		value string
		code  int
	}{{"1n", 504}, {"0m", 504}, {"soon", 400}} {
		req, _ := nethttp.NewRequest("GET", firstURL+"/v1/shelves/s1", nil)
		req.Header.Set(http.TimeoutHeader, tc.value)
		if tc.value == "1n" {
			time.Sleep(time.Microsecond)
		}
		resp, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("%s %s: %d %s, want %d", http.TimeoutHeader, tc.value, resp.StatusCode, body, tc.code)
		}
	}
	if n := first.calls.Load() - before; n != 0 {
		t.Errorf("%d handler runs for calls with no time left", n)
	}
}
