package selector

import "github.com/bia-go/bia/internal/cowmap"

// Balancer builds the Picker of a set of nodes. Build is called once per
// set (when the nodes change, and for each combination of filters), so it
// may precompute; the Picker it returns is called on every call.
type Balancer interface {
	// Build returns the picker of nodes (never empty); nodes must not be
	// modified or kept beyond the picker's life.
	Build(nodes []*Node) Picker
}

// Picker picks a node for a call. It must be safe for concurrent use and
// should neither lock nor allocate: it is on every call's path.
type Picker interface {
	Pick() *Node
}

// snapshot is one set of nodes and the views of it computed so far.
type snapshot struct {
	all *view
	// views maps the built-in filter combinations seen so far to their
	// view.
	views *cowmap.Map[viewKey, *view]
}

// view is the nodes that pass some filters, and their picker (nil when
// there are none).
type view struct {
	nodes  []*Node
	picker Picker
}

func (s *Selector) newView(nodes []*Node) *view {
	v := &view{nodes: nodes}
	if len(nodes) > 0 {
		v.picker = s.opts.balancer.Build(nodes)
	}
	return v
}

// maxKeyed is how many filters a cached view's key holds; maxViews is how
// many views of one set of nodes are cached (filters built per call from
// unbounded values, a user ID say, must not grow the cache forever).
const (
	maxKeyed = 4
	maxViews = 64
)

// viewKey identifies a combination of built-in filters, in order.
type viewKey [maxKeyed]Filter

// view returns the view of snap through the selector's filters and
// ctxFilters: cached when every filter is a built-in one (a comparable
// value), computed for the call otherwise.
func (s *Selector) view(snap *snapshot, ctxFilters []Filter) *view {
	var key viewKey
	cacheable := len(s.opts.filters)+len(ctxFilters) <= maxKeyed
	i := 0
	for _, list := range [2][]Filter{s.opts.filters, ctxFilters} {
		for _, f := range list {
			switch f.(type) {
			case versionFilter, metadataFilter:
				if i < maxKeyed {
					key[i] = f
				}
			default:
				cacheable = false
			}
			i++
		}
	}
	if cacheable {
		if v, ok := snap.views.Load(key); ok {
			return v
		}
	}
	var nodes []*Node
next:
	for _, n := range snap.all.nodes {
		for _, list := range [2][]Filter{s.opts.filters, ctxFilters} {
			for _, f := range list {
				if !f.Match(n) {
					continue next
				}
			}
		}
		nodes = append(nodes, n)
	}
	v := s.newView(nodes)
	if cacheable {
		return snap.views.Add(key, v)
	}
	return v
}
