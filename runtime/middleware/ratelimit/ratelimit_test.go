package ratelimit_test

import (
	"context"
	"io"
	"log/slog"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/bia-go/bia/internal/servetest"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/ratelimit"
	"github.com/bia-go/bia/runtime/transport/grpc"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

func TestTokenBucket(t *testing.T) {
	b := ratelimit.NewTokenBucket(100, 5)
	taken := 0
	for range 20 {
		if b.Allow() == nil {
			taken++
		}
	}
	if taken != 5 {
		t.Errorf("a burst of 20 took %d, want the burst of 5", taken)
	}
	time.Sleep(100 * time.Millisecond) // 10 tokens' worth, capped at the burst
	taken = 0
	for range 20 {
		if err := b.Allow(); err == nil {
			taken++
		} else if e := errors.FromError(err); e.Code != 429 || e.Reason != ratelimit.ReasonRateLimit {
			t.Fatalf("refused with %v", err)
		}
	}
	if taken != 5 {
		t.Errorf("after 100 ms, %d taken, want 5", taken)
	}
}

// TestBBRFollowsCPU checks that with the CPU under its threshold BBR
// takes everything, and over it sheds what exceeds the capacity learnt.
func TestBBRFollowsCPU(t *testing.T) {
	var cpu atomic.Uint64 // float64 bits
	l := ratelimit.NewBBR(ratelimit.WithWindow(5*time.Second, 50), ratelimit.WithCoolDown(0),
		ratelimit.WithCPU(func() float64 { return math.Float64frombits(cpu.Load()) }))
	// Learn: calls of 10 ms, at most 4 at a time, for 300 ms.
	deadline := time.Now().Add(300 * time.Millisecond)
	for time.Now().Before(deadline) {
		for range 4 {
			if err := l.Allow(); err != nil {
				t.Fatalf("refused while learning: %v", err)
			}
		}
		time.Sleep(10 * time.Millisecond)
		for range 4 {
			l.Done(10 * time.Millisecond)
		}
	}
	if got := l.Stats().MaxInflight; got < 3 || got > 5 {
		t.Fatalf("capacity learnt %d, want ~4", got)
	}
	admit := func() int {
		n := 0
		for range 50 {
			if l.Allow() == nil {
				n++
			}
		}
		for range n {
			l.Done(10 * time.Millisecond)
		}
		return n
	}
	if n := admit(); n != 50 {
		t.Errorf("CPU idle: %d of 50 calls in flight admitted, want all", n)
	}
	cpu.Store(math.Float64bits(1))
	time.Sleep(1600 * time.Millisecond) // the smoothed CPU (a quarter per 250 ms sample) climbs past 0.8
	if n := admit(); n > 8 {
		t.Errorf("CPU busy: %d of 50 calls in flight admitted, want ~the capacity", n)
	}
}

type shelves struct {
	libpb.UnimplementedLibraryServer
}

func (shelves) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName()}}, nil
}

// refuseAll is a limiter that refuses every call.
type refuseAll struct{}

func (refuseAll) Allow() error {
	return errors.New(429, ratelimit.ReasonRateLimit, "no")
}
func (refuseAll) Done(time.Duration) {}

// TestGRPCRefusal checks what a gRPC client sees of a refused call.
func TestGRPCRefusal(t *testing.T) {
	gs := grpc.NewServer(grpc.Address("127.0.0.1:0"), grpc.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))), grpc.Limiter(refuseAll{}))
	libpb.RegisterLibraryServer(gs, shelves{})
	cc, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(servetest.Start(t, gs).Host))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	_, err = libpb.NewLibraryClient(cc).GetShelf(t.Context(), &libpb.GetShelfRequest{Name: "shelves/s1"})
	if status.Code(err) != codes.ResourceExhausted || errors.Reason(err) != ratelimit.ReasonRateLimit || errors.Code(err) != 429 {
		t.Errorf("got %v, want RESOURCE_EXHAUSTED / 429 RATELIMIT", err)
	}
}

func BenchmarkBBR(b *testing.B) {
	l := ratelimit.NewBBR(ratelimit.WithCPU(func() float64 { return 0.9 }))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if l.Allow() == nil {
				l.Done(time.Millisecond)
			}
		}
	})
}

func BenchmarkTokenBucket(b *testing.B) {
	l := ratelimit.NewTokenBucket(1e9, 1000)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if l.Allow() == nil {
				l.Done(0)
			}
		}
	})
}
