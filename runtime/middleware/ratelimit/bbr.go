package ratelimit

import (
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bia-go/bia/runtime/errors"
)

// ReasonRateLimit is the reason of the calls a limiter refuses (429;
// RESOURCE_EXHAUSTED over gRPC).
const ReasonRateLimit = "RATELIMIT"

// BBROption configures NewBBR.
type BBROption func(*bbrOptions)

type bbrOptions struct {
	window    time.Duration
	buckets   int
	cpu       func() float64
	threshold float64
	coolDown  time.Duration
}

// WithWindow sets the sliding window the limiter learns the server's
// capacity from, and how many buckets it is cut into. The default is 5
// seconds in 50 buckets of 100 ms.
func WithWindow(window time.Duration, buckets int) BBROption {
	return func(o *bbrOptions) { o.window, o.buckets = window, buckets }
}

// WithCPU sets the CPU signal: a function returning the CPU use in [0, 1],
// called by the limiter every 250 ms. The default is this process's CPU
// time over the wall time of GOMAXPROCS CPUs (ProcessCPU).
func WithCPU(f func() float64) BBROption { return func(o *bbrOptions) { o.cpu = f } }

// WithCPUThreshold sets the CPU use above which the limiter sheds load;
// below it, it sheds only within the cool-down after shedding. 0 sheds
// whenever the calls in flight exceed the capacity learnt, whatever the
// CPU (for servers bound by something other than CPU: a database, a
// pool). The default is 0.8.
func WithCPUThreshold(t float64) BBROption { return func(o *bbrOptions) { o.threshold = t } }

// WithCoolDown sets how long the limiter keeps shedding after the CPU
// falls below the threshold, so it does not flap. The default is one
// second.
func WithCoolDown(d time.Duration) BBROption { return func(o *bbrOptions) { o.coolDown = d } }

// BBR is an adaptive limiter in the style of TCP BBR (and Kratos's aegis):
// it learns the server's capacity as the most calls completed in a
// bucket times the least average latency of a bucket over a sliding
// window (Little's law: the calls in flight the server can hold without
// queueing), and when the CPU is over the threshold (or the cool-down
// after shedding runs) it refuses calls while more than that are in
// flight. Allow and Done take no lock and allocate nothing. A BBR is a
// transport.Limiter: give it to http.Limiter and grpc.Limiter.
type BBR struct {
	opts    bbrOptions
	width   int64 // bucket width, ns
	start   time.Time
	buckets []bucket

	inflight atomic.Int64
	// capacity caches the calls in flight allowed, computed once per
	// bucket: at is the bucket index it was computed in.
	capacity, at atomic.Int64
	lastDrop     atomic.Int64  // ns since start; 0: never
	cpu          atomic.Uint64 // float64 bits, smoothed CPU use in [0, 1]
	sampler      sync.Once
}

// bucket counts the calls completed within one bucket width; epoch is the
// absolute bucket index it holds (it is reset when reused).
type bucket struct {
	epoch  atomic.Int64
	passed atomic.Int64
	rtSum  atomic.Int64 // ns
}

// NewBBR returns an adaptive limiter.
func NewBBR(opts ...BBROption) *BBR {
	o := bbrOptions{window: 5 * time.Second, buckets: 50, threshold: 0.8, coolDown: time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	if o.buckets < 2 {
		o.buckets = 2
	}
	if o.cpu == nil {
		o.cpu = ProcessCPU()
	}
	l := &BBR{opts: o, width: int64(o.window) / int64(o.buckets), start: time.Now(), buckets: make([]bucket, o.buckets)}
	l.at.Store(-1)
	return l
}

func (l *BBR) now() int64 { return int64(time.Since(l.start)) }

// Allow takes the call unless the server is over its capacity; refused,
// it returns a 429 *errors.Error of reason ReasonRateLimit.
func (l *BBR) Allow() error {
	l.sampler.Do(l.startSampling)
	if l.shouldDrop() {
		return errors.New(429, ReasonRateLimit, "the server is over its capacity; retry later")
	}
	l.inflight.Add(1)
	return nil
}

// Done records a call Allow took: its completion and latency.
func (l *BBR) Done(elapsed time.Duration) {
	l.inflight.Add(-1)
	idx := l.now() / l.width
	b := &l.buckets[idx%int64(len(l.buckets))]
	if e := b.epoch.Load(); e != idx && b.epoch.CompareAndSwap(e, idx) {
		// The bucket held an older period: start it afresh. A call of
		// the same period counted between the swap and the resets is
		// lost, which the averages tolerate.
		b.passed.Store(0)
		b.rtSum.Store(0)
	}
	b.passed.Add(1)
	b.rtSum.Add(int64(elapsed))
}

func (l *BBR) shouldDrop() bool {
	now := l.now()
	inflight := l.inflight.Load()
	over := func() bool { return inflight > 1 && inflight > l.maxInflight(now) }
	cpu := math.Float64frombits(l.cpu.Load())
	if l.opts.threshold > 0 && cpu < l.opts.threshold {
		last := l.lastDrop.Load()
		if last == 0 || now-last > int64(l.opts.coolDown) {
			return false
		}
		return over()
	}
	if over() {
		l.lastDrop.Store(now)
		return true
	}
	return false
}

// maxInflight is the capacity learnt from the window's completed buckets,
// computed once per bucket; before any, from this bucket's completions so
// far; before any completion at all, unbounded.
func (l *BBR) maxInflight(now int64) int64 {
	idx := now / l.width
	if l.at.Load() == idx {
		return l.capacity.Load()
	}
	var maxPass int64
	minRT := int64(math.MaxInt64)
	n := int64(len(l.buckets))
	for i := idx - n + 1; i < idx; i++ { // the completed buckets of the window
		if i < 0 {
			continue
		}
		b := &l.buckets[i%n]
		if b.epoch.Load() != i {
			continue
		}
		passed := b.passed.Load()
		if passed == 0 {
			continue
		}
		maxPass = max(maxPass, passed)
		minRT = min(minRT, b.rtSum.Load()/passed)
	}
	if maxPass == 0 {
		// Nothing completed in the window's past buckets (a server that
		// just started, or just woke up): estimate from the calls
		// completed so far in this bucket, not cached, so the first
		// completions bound a surge at once instead of 100 ms later.
		b := &l.buckets[idx%n]
		passed := b.passed.Load()
		if b.epoch.Load() != idx || passed == 0 {
			return math.MaxInt64
		}
		elapsed := max(now-idx*l.width, 1)
		return max(int64(math.Ceil(float64(passed)*float64(b.rtSum.Load()/passed)/float64(elapsed))), 1)
	}
	// passes per bucket × buckets per second × seconds per call
	c := max(int64(math.Ceil(float64(maxPass)*float64(minRT)/float64(l.width))), 1)
	l.capacity.Store(c)
	l.at.Store(idx)
	return c
}

// Stats is what the limiter knows at a moment.
type Stats struct {
	Inflight, MaxInflight int64
	CPU                   float64
}

// Stats returns the limiter's current state.
func (l *BBR) Stats() Stats {
	return Stats{Inflight: l.inflight.Load(), MaxInflight: l.maxInflight(l.now()), CPU: math.Float64frombits(l.cpu.Load())}
}

// startSampling samples the CPU every 250 ms, smoothed (each sample weighs
// a quarter), for the life of the process: a limiter is made once per
// server.
func (l *BBR) startSampling() {
	if l.opts.threshold <= 0 {
		return // the CPU does not matter
	}
	go func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		cpu := 0.0
		for range tick.C {
			cpu = 0.75*cpu + 0.25*l.opts.cpu()
			l.cpu.Store(math.Float64bits(cpu))
		}
	}()
}
