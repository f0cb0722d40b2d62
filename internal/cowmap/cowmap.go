// Package cowmap is a map for read-mostly caches on request paths:
// readers load an immutable map through an atomic pointer (no lock, no
// allocation); a writer copies it under a mutex and swaps the copy in.
// Entries are never removed, and a cap keeps a cache keyed by something
// unbounded from growing forever.
//
//	var names cowmap.Map[route, string]
//	name, ok := names.Load(r)
//	if !ok {
//		name = names.Add(r, build(r)) // the first one added wins
//	}
package cowmap

import (
	"sync"
	"sync/atomic"
)

// Map is a copy-on-write map; its zero value is empty, holds any number
// of entries, and is ready to use.
type Map[K comparable, V any] struct {
	m   atomic.Pointer[map[K]V]
	mu  sync.Mutex
	max int // 0: no cap
}

// New returns a map that holds at most max entries (0: no cap).
func New[K comparable, V any](max int) *Map[K, V] { return &Map[K, V]{max: max} }

// Load returns the value of k.
func (c *Map[K, V]) Load(k K) (V, bool) {
	if m := c.m.Load(); m != nil {
		v, ok := (*m)[k]
		return v, ok
	}
	var zero V
	return zero, false
}

// Add stores v under k unless k has a value already, and returns the
// value k has: the one stored first. When the map is full, v is returned
// and not stored.
func (c *Map[K, V]) Add(k K, v V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	n := 0
	if old != nil {
		if cur, ok := (*old)[k]; ok {
			return cur
		}
		n = len(*old)
	}
	if c.max > 0 && n >= c.max {
		return v
	}
	next := make(map[K]V, n+1)
	if old != nil {
		for key, val := range *old {
			next[key] = val
		}
	}
	next[k] = v
	c.m.Store(&next)
	return v
}

// Range calls f on every entry until it returns false.
func (c *Map[K, V]) Range(f func(K, V) bool) {
	if m := c.m.Load(); m != nil {
		for k, v := range *m {
			if !f(k, v) {
				return
			}
		}
	}
}

// Len is the number of entries.
func (c *Map[K, V]) Len() int {
	if m := c.m.Load(); m != nil {
		return len(*m)
	}
	return 0
}
