package selector

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bia-go/bia/internal/cowmap"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/registry"
)

// Option configures a Selector.
type Option func(*options)

type options struct {
	balancer Balancer
	filters  []Filter
}

// WithBalancer sets how a node is picked among those the filters accept.
// The default is P2C().
func WithBalancer(b Balancer) Option { return func(o *options) { o.balancer = b } }

// WithFilter adds filters every call's nodes must pass, before the call's
// own (see NewFilterContext). The default is none.
func WithFilter(f ...Filter) Option { return func(o *options) { o.filters = append(o.filters, f...) } }

// Selector picks the node of each call among the current nodes of one
// service. Nodes are replaced as a whole by Apply or Update (the
// resolver of a client calls them as the registry changes); Select is
// lock-free and, with the built-in balancers and filters, allocates
// nothing. A Selector is safe for concurrent use.
type Selector struct {
	service string
	opts    options
	mu      sync.Mutex // serializes Apply
	snap    atomic.Pointer[snapshot]
	// following is set by Follow: until the first set arrives (ready is
	// closed), Select waits for it rather than failing.
	following atomic.Bool
	ready     chan struct{}
	readyOnce sync.Once
}

// New returns a selector for the nodes of service (the name is used in
// errors). It has no nodes until Apply or Update.
func New(service string, opts ...Option) *Selector {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.balancer == nil {
		o.balancer = P2C()
	}
	return &Selector{service: service, opts: o, ready: make(chan struct{})}
}

// Follow keeps the nodes current from d: the endpoints for scheme of the
// instances registered under the selector's service (see Update and
// registry.Follow), until ctx ends. It returns at once. Until the first
// set arrives, Select waits for it (as long as the call's context lets
// it) rather than failing; while d is unreachable the last set is kept.
func (s *Selector) Follow(ctx context.Context, d registry.Discovery, scheme string, logger *slog.Logger) {
	s.following.Store(true)
	go registry.Follow(ctx, d, s.service, logger, func(instances []*registry.ServiceInstance) {
		s.Update(scheme, instances)
	})
}

// Service is the name of the service the selector picks nodes of.
func (s *Selector) Service() string { return s.service }

// Update replaces the nodes with the endpoints for scheme of instances
// (instances without one are left out; see NewNode).
func (s *Selector) Update(scheme string, instances []*registry.ServiceInstance) {
	nodes := make([]*Node, 0, len(instances))
	for _, in := range instances {
		if n, ok := NewNode(in, scheme); ok {
			nodes = append(nodes, n)
		}
	}
	s.Apply(nodes)
}

// Apply replaces the nodes. A node that stands for an endpoint already
// known (same instance ID, scheme and address) keeps its load statistics,
// so a registry update does not make a slow node look fresh. The slice is
// not kept.
func (s *Selector) Apply(nodes []*Node) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := map[string]*Node{}
	if prev := s.snap.Load(); prev != nil {
		for _, n := range prev.all.nodes {
			old[n.scheme+"\x00"+n.address+"\x00"+n.instance.ID] = n
		}
	}
	next := make([]*Node, 0, len(nodes))
	for _, n := range nodes {
		if o, ok := old[n.scheme+"\x00"+n.address+"\x00"+n.instance.ID]; ok {
			if o.equal(n) {
				n = o
			} else {
				c := *n
				c.stats = o.stats
				n = &c
			}
		}
		next = append(next, n)
	}
	snap := &snapshot{all: s.newView(next), views: cowmap.New[viewKey, *view](maxViews)}
	s.snap.Store(snap)
	s.readyOnce.Do(func() { close(s.ready) })
}

// Nodes returns the current nodes; the slice must not be modified.
func (s *Selector) Nodes() []*Node {
	if snap := s.snap.Load(); snap != nil {
		return snap.all.nodes
	}
	return nil
}

// Select picks the node of a call: among the current nodes, those that
// pass the selector's filters and the filters of ctx, by the balancer.
// With none, it fails with a 503 *errors.Error of reason
// errors.ReasonNoInstances naming the service (and the filters). The
// caller must call Done on the result when the call ends.
func (s *Selector) Select(ctx context.Context) (Selected, error) {
	snap := s.snap.Load()
	if snap == nil && s.following.Load() {
		select {
		case <-s.ready:
			snap = s.snap.Load()
		case <-ctx.Done():
			return Selected{}, errors.FromError(ctx.Err())
		}
	}
	if snap == nil {
		return Selected{}, s.noInstances(nil)
	}
	ctxFilters := FromContext(ctx)
	v := snap.all
	if len(s.opts.filters)+len(ctxFilters) > 0 {
		v = s.view(snap, ctxFilters)
	}
	if v.picker == nil {
		return Selected{}, s.noInstances(ctxFilters)
	}
	v, av := s.avoiding(ctx, v)
	n := v.picker.Pick()
	if av != nil {
		av.add(n.address)
	}
	now := nanotime()
	n.stats.inflight.Add(1)
	n.stats.picked.Store(now)
	return Selected{node: n, start: now}, nil
}

// Accepts reports whether n passes the selector's filters and those of
// ctx. A client uses it to tell "no node passes" from "the nodes that
// pass are not ready yet".
func (s *Selector) Accepts(ctx context.Context, n *Node) bool {
	for _, list := range [2][]Filter{s.opts.filters, FromContext(ctx)} {
		for _, f := range list {
			if !f.Match(n) {
				return false
			}
		}
	}
	return true
}

func (s *Selector) noInstances(ctxFilters []Filter) error {
	all := append(append([]Filter(nil), s.opts.filters...), ctxFilters...)
	if len(all) == 0 {
		return errors.ServiceUnavailable(errors.ReasonNoInstances, fmt.Sprintf("no instances of %s", s.service))
	}
	descs := make([]string, len(all))
	for i, f := range all {
		descs[i] = fmt.Sprint(f)
	}
	return errors.ServiceUnavailable(errors.ReasonNoInstances,
		fmt.Sprintf("no instances of %s pass the filters %s", s.service, strings.Join(descs, ", ")))
}

// Selected is the node picked for a call. Done must be called once when
// the call ends.
type Selected struct {
	node  *Node
	start int64
}

// Node is the picked node.
func (c Selected) Node() *Node { return c.node }

// Done records the end of the call: its latency, and whether it failed
// for the node's sake (an error of status 5xx or 429, a deadline passed;
// not a 4xx or the caller's own cancellation). The balancers read both.
func (c Selected) Done(err error) {
	if c.node == nil {
		return // the zero Selected
	}
	st := c.node.stats
	st.inflight.Add(-1)
	now := nanotime()
	sample := float64(now - c.start)
	ok := 1.0
	if failed(err) {
		ok = 0
	}
	// One weight for both averages: how much of the past is left after
	// the time since the last sample, but never more than 15/16, so that
	// a burst of calls (failing fast, say) moves them within a few calls.
	last := st.updated.Swap(now)
	w := min(math.Exp(-float64(now-last)/decay), maxKeep)
	if last == 0 {
		w = 0 // the first sample is the average
	}
	for {
		old := st.latency.Load()
		next := math.Float64frombits(old)*w + sample*(1-w)
		if st.latency.CompareAndSwap(old, math.Float64bits(next)) {
			break
		}
	}
	for {
		old := st.success.Load()
		next := math.Float64frombits(old)*w + ok*(1-w)
		if st.success.CompareAndSwap(old, math.Float64bits(next)) {
			break
		}
	}
}

// decay is how fast a node's averages forget (a sample's weight falls to
// 1/e after it, in nanoseconds); maxKeep is the largest share of the
// averages a new sample leaves to the past.
const (
	decay   = float64(time.Second)
	maxKeep = 15.0 / 16
)

// failed reports whether err counts against the node that served it.
func failed(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	code := errors.Code(err)
	return code >= 500 || code == 429
}

// start anchors the selector clock; it is set once, at init.
var start = time.Now()

// nanotime is the monotonic time since start, in nanoseconds.
func nanotime() int64 { return int64(time.Since(start)) }
