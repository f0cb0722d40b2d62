package selector

import (
	"context"
	"fmt"
)

// Filter decides whether a node may take a call.
type Filter interface {
	// Match reports whether n may take the call.
	Match(n *Node) bool
}

// Version accepts the nodes of instances of version v.
func Version(v string) Filter { return versionFilter{v} }

// Metadata accepts the nodes whose instance metadata has key set to value.
func Metadata(key, value string) Filter { return metadataFilter{key, value} }

// FilterFunc is a Filter of your own. Unlike Version and Metadata, whose
// results are computed once per set of nodes, a FilterFunc runs over
// every node on every call.
type FilterFunc func(n *Node) bool

// Match calls f.
func (f FilterFunc) Match(n *Node) bool { return f(n) }

func (f FilterFunc) String() string { return "FilterFunc" }

type versionFilter struct{ v string }

func (f versionFilter) Match(n *Node) bool { return n.instance.Version == f.v }
func (f versionFilter) String() string     { return "version=" + f.v }

type metadataFilter struct{ key, value string }

func (f metadataFilter) Match(n *Node) bool {
	v, ok := n.instance.Metadata[f.key]
	return ok && v == f.value
}
func (f metadataFilter) String() string { return fmt.Sprintf("metadata %s=%s", f.key, f.value) }

type filterKey struct{}

// NewFilterContext returns ctx with filters for the calls made with it,
// applied after the selector's own (see WithFilter); they replace the
// filters ctx already had.
//
//	ctx = selector.NewFilterContext(ctx, selector.Version("v2"))
//	reply, err := client.SayHello(ctx, req) // only v2 instances
func NewFilterContext(ctx context.Context, filters ...Filter) context.Context {
	return context.WithValue(ctx, filterKey{}, filters)
}

// FromContext returns the filters of ctx.
func FromContext(ctx context.Context) []Filter {
	f, _ := ctx.Value(filterKey{}).([]Filter)
	return f
}
