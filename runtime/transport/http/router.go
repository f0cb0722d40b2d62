package http

import (
	"fmt"
	nethttp "net/http"
	"slices"
	"strings"

	"github.com/bia-go/bia/internal/httprule"
)

// stackSegments is how many path segments a match keeps on the stack;
// longer paths fall back to a heap slice.
const stackSegments = 32

// router maps (method, raw path) to a route. Templates are compiled into
// one segment trie per custom verb, so the cost of a match depends on the
// path, not on how many routes there are, and a match allocates nothing.
type router struct {
	trees    map[string]*node // by decoded custom verb; "" for none
	routes   []*route         // every route, for conflict detection
	prefixes []*prefixRoute   // longest first
}

// node is a trie node: the routes whose templates reach this point.
type node struct {
	literals map[string]*node // by decoded literal
	star     *node            // `*`
	deep     *leaf            // templates ending in `**` here
	end      *leaf            // templates ending here
}

// leaf holds the routes of one template shape, at most one per method.
type leaf struct {
	routes []*route
}

// route is one registered (method, template) pair.
type route struct {
	method    string // "" matches every method
	pattern   string
	operation string
	tmpl      *httprule.Template
	serve     func(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, vars []string)
}

func (r *route) describe() string {
	m := r.method
	if m == "" {
		m = "(any method)"
	}
	if r.operation == "" {
		return fmt.Sprintf("%s %s", m, r.pattern)
	}
	return fmt.Sprintf("%s %s (operation %s)", m, r.pattern, r.operation)
}

// add registers rt, panicking if it conflicts with a registered route.
// As with net/http.ServeMux (Go 1.22), two routes whose requests (method
// and path) can be the same are fine when one is more specific, its
// requests a strict subset of the other's (GET /v1/users/me beside GET
// /v1/users/{id}, GET /x beside the any-method route /x): the router
// serves each request by the most specific route that matches. Only
// routes where neither is more specific conflict: the same method and
// template shape twice, or patterns like /v1/{a}/b and /v1/a/{b}.
func (rr *router) add(rt *route) {
	for _, o := range rr.routes {
		if rel := compareRoutes(rt, o); rel == httprule.Equal || rel == httprule.Ambiguous {
			why := "neither is more specific"
			if rel == httprule.Equal {
				why = "both match exactly the same requests"
			}
			panic(fmt.Sprintf("http: %s conflicts with %s: some request matches both and %s", rt.describe(), o.describe(), why))
		}
	}
	if rr.trees == nil {
		rr.trees = map[string]*node{}
	}
	// A verb is a literal: decoded, it keys its tree.
	verb := httprule.Segment{Kind: httprule.Literal, Value: rt.tmpl.Verb}.Decoded()
	n := rr.trees[verb]
	if n == nil {
		n = &node{}
		rr.trees[verb] = n
	}
	for _, seg := range rt.tmpl.Segments {
		switch seg.Kind {
		case httprule.Literal:
			if n.literals == nil {
				n.literals = map[string]*node{}
			}
			key := seg.Decoded()
			child := n.literals[key]
			if child == nil {
				child = &node{}
				n.literals[key] = child
			}
			n = child
		case httprule.Wildcard:
			if n.star == nil {
				n.star = &node{}
			}
			n = n.star
		case httprule.DeepWildcard:
			if n.deep == nil {
				n.deep = &leaf{}
			}
			n.deep.routes = append(n.deep.routes, rt)
			rr.routes = append(rr.routes, rt)
			return
		}
	}
	if n.end == nil {
		n.end = &leaf{}
	}
	n.end.routes = append(n.end.routes, rt)
	rr.routes = append(rr.routes, rt)
}

// compareRoutes relates the requests of two routes, method and path
// together: Disjoint when they share none, else the product of the method
// relation (a method against itself is Equal, against "" (every method)
// Narrower) and the template relation.
func compareRoutes(a, b *route) httprule.Relation {
	var methods httprule.Relation
	switch {
	case a.method == b.method:
		methods = httprule.Equal
	case b.method == "":
		methods = httprule.Narrower
	case a.method == "":
		methods = httprule.Wider
	default:
		return httprule.Disjoint
	}
	paths := httprule.Compare(a.tmpl, b.tmpl)
	switch {
	case paths == httprule.Disjoint:
		return httprule.Disjoint
	case methods == httprule.Equal:
		return paths
	case paths == httprule.Equal || paths == methods:
		return methods
	}
	return httprule.Ambiguous
}

// segments is a raw request path split at '/': segment i is
// path[start[i]:start[i+1]-1], the last one ends at len(path).
type segments struct {
	path  string
	start []int32
}

func (s segments) n() int { return len(s.start) }

func (s segments) seg(i int) string {
	end := len(s.path)
	if i+1 < len(s.start) {
		end = int(s.start[i+1]) - 1
	}
	return s.path[s.start[i]:end]
}

// span returns the raw text of segments [from, to) of path, "" when empty.
// It takes path and start apart so that escape analysis sees the result
// derives from path only, keeping start (a stack buffer) on the stack.
func span(path string, start []int32, from, to int) string {
	if to <= from {
		return ""
	}
	end := len(path)
	if to < len(start) {
		end = int(start[to]) - 1
	}
	return path[start[from]:end]
}

// splitPath splits a raw path that starts with '/' into segments, using buf
// when it is large enough. "/" has no segments; "/a/" has two, the second
// empty.
func splitPath(path string, buf *[stackSegments]int32) segments {
	if len(path) <= 1 {
		return segments{path: path}
	}
	start := buf[:0]
	start = append(start, 1)
	for i := 1; i < len(path); i++ {
		if path[i] == '/' {
			start = append(start, int32(i+1))
		}
	}
	return segments{path: path, start: start}
}

// find returns the route for method and the raw path, and the length of
// the path the route matched: the path without its custom verb when the
// verb tree matched. A path whose last segment has a ':' is first matched,
// without the verb, in the tree of that verb; otherwise, or if nothing
// matches there, the whole path is matched in the tree of templates
// without a verb.
func (rr *router) find(method string, sg segments) (*route, int) {
	if n := sg.n(); n > 0 {
		last := sg.seg(n - 1)
		if i := strings.LastIndexByte(last, ':'); i >= 0 {
			cut := len(sg.path) - len(last) + i
			if root := rr.verbTree(sg.path[cut+1:]); root != nil {
				if rt := root.find(method, segments{path: sg.path[:cut], start: sg.start}, 0); rt != nil {
					return rt, cut
				}
			}
		}
	}
	if root := rr.trees[""]; root != nil {
		if rt := root.find(method, sg, 0); rt != nil {
			return rt, len(sg.path)
		}
	}
	return nil, 0
}

func (rr *router) verbTree(raw string) *node {
	if raw == "" {
		return nil
	}
	if strings.IndexByte(raw, '%') < 0 {
		return rr.trees[raw]
	}
	var buf [64]byte
	dec, ok := unescapeInto(buf[:0], raw)
	if !ok {
		return nil
	}
	return rr.trees[string(dec)]
}

// find is the depth-first search: literal children first, then `*`, then
// `**`, backtracking whenever a branch has no route for method.
func (n *node) find(method string, sg segments, i int) *route {
	if i == sg.n() {
		if rt := n.end.lookup(method); rt != nil {
			return rt
		}
		return n.deep.lookup(method)
	}
	seg := sg.seg(i)
	if child := n.literal(seg); child != nil {
		if rt := child.find(method, sg, i+1); rt != nil {
			return rt
		}
	}
	if n.star != nil && seg != "" {
		if rt := n.star.find(method, sg, i+1); rt != nil {
			return rt
		}
	}
	return n.deep.lookup(method)
}

// literal returns the child for a raw segment, decoding it only when it
// has escapes (into a stack buffer: the lookup does not allocate).
func (n *node) literal(seg string) *node {
	if len(n.literals) == 0 || seg == "" {
		return nil
	}
	if strings.IndexByte(seg, '%') < 0 {
		return n.literals[seg]
	}
	var buf [64]byte
	dec, ok := unescapeInto(buf[:0], seg)
	if !ok {
		return nil
	}
	return n.literals[string(dec)]
}

// lookup returns the route of l for method: the exact method, else a route
// for every method, else for HEAD the GET route. A nil leaf has none.
func (l *leaf) lookup(method string) *route {
	if l == nil {
		return nil
	}
	var anyMethod, get *route
	for _, rt := range l.routes {
		switch rt.method {
		case method:
			return rt
		case "":
			anyMethod = rt
		case nethttp.MethodGet:
			get = rt
		}
	}
	if anyMethod != nil {
		return anyMethod
	}
	if method == nethttp.MethodHead {
		return get
	}
	return nil
}

// allowed returns the sorted methods some route accepts for the raw path,
// with OPTIONS (and HEAD when GET is there), or nil when no route matches
// the path whatever the method.
func (rr *router) allowed(path string) []string {
	var buf [stackSegments]int32
	sg := splitPath(path, &buf)
	set := map[string]bool{}
	collect := func(l *leaf) {
		for _, rt := range l.routes {
			set[rt.method] = true
		}
	}
	if n := sg.n(); n > 0 {
		last := sg.seg(n - 1)
		if i := strings.LastIndexByte(last, ':'); i >= 0 {
			cut := len(sg.path) - len(last) + i
			if root := rr.verbTree(sg.path[cut+1:]); root != nil {
				root.walk(segments{path: sg.path[:cut], start: sg.start}, 0, collect)
			}
		}
	}
	if root := rr.trees[""]; root != nil {
		root.walk(sg, 0, collect)
	}
	if len(set) == 0 {
		return nil
	}
	delete(set, "")
	set[nethttp.MethodOptions] = true
	if set[nethttp.MethodGet] {
		set[nethttp.MethodHead] = true
	}
	methods := make([]string, 0, len(set))
	for m := range set {
		methods = append(methods, m)
	}
	slices.Sort(methods)
	return methods
}

// walk calls fn for every leaf that matches the path, whatever the method.
func (n *node) walk(sg segments, i int, fn func(*leaf)) {
	if n.deep != nil {
		fn(n.deep)
	}
	if i == sg.n() {
		if n.end != nil {
			fn(n.end)
		}
		return
	}
	seg := sg.seg(i)
	if child := n.literal(seg); child != nil {
		child.walk(sg, i+1, fn)
	}
	if n.star != nil && seg != "" {
		n.star.walk(sg, i+1, fn)
	}
}

// values returns the raw (still escaped) text of each variable of rt's
// template in the matched segments. A `**` may have matched no segment.
func (rt *route) values(dst []string, path string, start []int32) []string {
	vars := rt.tmpl.Variables
	if len(vars) == 0 {
		return nil
	}
	last := len(rt.tmpl.Segments)
	for _, v := range vars {
		to := v.End
		if v.End == last && rt.tmpl.HasDeepWildcard() {
			to = len(start)
		}
		dst = append(dst, span(path, start, v.Start, to))
	}
	return dst
}
