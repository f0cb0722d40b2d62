package selector

import (
	"context"
	"sync"
)

type avoidKey struct{}

// avoid is the nodes the selections under one context picked so far.
type avoid struct {
	mu    sync.Mutex
	addrs []string
}

// NewAvoidContext returns ctx in which every Select remembers the node it
// picked and, while other nodes pass the filters, picks none of those it
// picked before: how the attempts of a retried call reach different
// instances (the retry middleware sets it up).
func NewAvoidContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, avoidKey{}, &avoid{})
}

// avoiding returns the nodes of v not yet picked under ctx's avoid set
// (all of them when every one was), and the set, nil without one.
func (s *Selector) avoiding(ctx context.Context, v *view) (*view, *avoid) {
	av, _ := ctx.Value(avoidKey{}).(*avoid)
	if av == nil {
		return v, nil
	}
	av.mu.Lock()
	defer av.mu.Unlock()
	if len(av.addrs) == 0 {
		return v, av
	}
	var left []*Node
next:
	for _, n := range v.nodes {
		for _, a := range av.addrs {
			if n.address == a {
				continue next
			}
		}
		left = append(left, n)
	}
	if len(left) == 0 {
		return v, av
	}
	return s.newView(left), av
}

func (av *avoid) add(addr string) {
	av.mu.Lock()
	defer av.mu.Unlock()
	av.addrs = append(av.addrs, addr)
}
