package selector

import (
	"math"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bia-go/bia/runtime/registry"
)

// DefaultWeight is the weight of an instance whose metadata has no valid
// "weight": Kratos's default, so mixed fleets balance alike.
const DefaultWeight = 100

// Node is one place a call can go: an instance's endpoint for the
// client's transport, with the instance's weight, version and metadata
// and the load statistics the balancers read. A Node is created by
// NewNode (or Selector.Update) and then shared: its fields never change;
// its statistics are updated atomically by the calls that go to it.
type Node struct {
	address  string
	target   string
	scheme   string
	secure   bool
	weight   float64
	instance *registry.ServiceInstance

	stats *stats // shared by the nodes that stand for the same endpoint
}

// stats is the load of one endpoint, as the calls that went to it saw it.
type stats struct {
	inflight atomic.Int64
	// latency is the EWMA of call latency in nanoseconds (a float64's
	// bits).
	latency atomic.Uint64
	// success is the EWMA of calls that did not fail for the node's sake
	// (a float64's bits, 1 = none failed).
	success atomic.Uint64
	// updated is when latency and success last took a sample; picked is
	// when the node was last picked (nanoseconds of the selector clock).
	updated, picked atomic.Int64
}

func newStats() *stats {
	s := &stats{}
	s.success.Store(math.Float64bits(1))
	return s
}

// NewNode returns the node of instance's endpoint for scheme ("grpc",
// "http"), and false when the instance has no such endpoint. The weight is
// the instance's "weight" metadata (a positive number), DefaultWeight
// without one; the endpoint is secure when its query says isSecure=true
// (as Kratos writes it) or its scheme ends in "s" ("https", "grpcs").
func NewNode(instance *registry.ServiceInstance, scheme string) (*Node, bool) {
	u, ok := registry.Endpoint(instance, scheme)
	if !ok {
		return nil, false
	}
	secure, _ := strconv.ParseBool(u.Query().Get("isSecure"))
	n := &Node{address: u.Host, scheme: scheme, secure: secure, weight: DefaultWeight, instance: instance, stats: newStats()}
	n.target = scheme + "://" + u.Host
	if secure && scheme == "http" {
		n.target = "https://" + u.Host
	}
	if w, err := strconv.ParseFloat(instance.Metadata["weight"], 64); err == nil && w > 0 && !math.IsInf(w, 0) {
		n.weight = w
	}
	return n, true
}

// Address is the node's host:port.
func (n *Node) Address() string { return n.address }

// Target is the URL a client sends the node's calls to: scheme://host:port,
// https:// for an http endpoint that is secure.
func (n *Node) Target() string { return n.target }

// Scheme is the transport scheme the node was made for ("grpc", "http").
func (n *Node) Scheme() string { return n.scheme }

// Secure reports whether the endpoint expects TLS.
func (n *Node) Secure() bool { return n.secure }

// Weight is the node's share of calls relative to other nodes' weights.
func (n *Node) Weight() float64 { return n.weight }

// Version is the instance's version.
func (n *Node) Version() string { return n.instance.Version }

// Metadata is the instance's metadata; it must not be modified.
func (n *Node) Metadata() map[string]string { return n.instance.Metadata }

// Instance is the registered instance the node belongs to; it must not
// be modified.
func (n *Node) Instance() *registry.ServiceInstance { return n.instance }

// Inflight is the number of calls that went to the node and have not
// finished.
func (n *Node) Inflight() int64 { return n.stats.inflight.Load() }

// Latency is the node's average call latency, recent calls weighing most
// (0 before its first call).
func (n *Node) Latency() time.Duration {
	return time.Duration(math.Float64frombits(n.stats.latency.Load()))
}

// sameEndpoint reports whether n and o stand for the same endpoint of the
// same instance, so o may inherit n's statistics.
func (n *Node) sameEndpoint(o *Node) bool {
	return n.address == o.address && n.scheme == o.scheme && n.instance.ID == o.instance.ID
}

// equal reports whether o is n in every visible respect, so n can be kept.
func (n *Node) equal(o *Node) bool {
	if !n.sameEndpoint(o) || n.secure != o.secure || n.weight != o.weight ||
		n.instance.Version != o.instance.Version || len(n.instance.Metadata) != len(o.instance.Metadata) {
		return false
	}
	for k, v := range n.instance.Metadata {
		if w, ok := o.instance.Metadata[k]; !ok || w != v {
			return false
		}
	}
	return true
}
