package http

import (
	"fmt"
	nethttp "net/http"
	"slices"
	"strings"
)

// prefixRoute is a raw handler for every path under a prefix.
type prefixRoute struct {
	prefix string
	h      nethttp.Handler
}

// addPrefix registers a raw handler for a path prefix.
func (rr *router) addPrefix(prefix string, h nethttp.Handler) {
	if !strings.HasPrefix(prefix, "/") {
		panic(fmt.Sprintf("http: prefix %q must start with '/'", prefix))
	}
	if h == nil {
		panic(fmt.Sprintf("http: nil handler for prefix %q", prefix))
	}
	for _, p := range rr.prefixes {
		if p.prefix == prefix {
			panic(fmt.Sprintf("http: prefix %q registered twice", prefix))
		}
	}
	rr.prefixes = append(rr.prefixes, &prefixRoute{prefix: prefix, h: h})
	slices.SortStableFunc(rr.prefixes, func(a, b *prefixRoute) int { return len(b.prefix) - len(a.prefix) })
}

// prefix returns the handler of the longest registered prefix of path.
func (rr *router) prefix(path string) nethttp.Handler {
	for _, p := range rr.prefixes {
		if strings.HasPrefix(path, p.prefix) {
			return p.h
		}
	}
	return nil
}
