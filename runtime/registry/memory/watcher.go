package memory

import (
	"context"
	"sync"

	"github.com/bia-go/bia/runtime/registry"
)

// watcher follows one service of a Registry. It keeps no queue: Next compares
// the version it last returned with the service's current version, so any
// number of changes between two calls collapse into one snapshot and
// Register never waits for a watcher.
type watcher struct {
	r    *Registry
	ctx  context.Context
	name string

	stop     chan struct{}
	stopOnce sync.Once

	// Owned by the goroutine calling Next.
	started bool
	seen    uint64
}

func (w *watcher) Next() ([]*registry.ServiceInstance, error) {
	for {
		if err := w.done(); err != nil {
			return nil, err
		}
		w.r.mu.Lock()
		s := w.r.service(w.name)
		if !w.started || s.version != w.seen {
			w.started, w.seen = true, s.version
			list := s.list
			w.r.mu.Unlock()
			return cloneAll(list), nil
		}
		changed := s.changed
		w.r.mu.Unlock()
		select {
		case <-changed:
		case <-w.stop:
		case <-w.ctx.Done():
		}
	}
}

// done reports why the watcher has ended, if it has: context.Canceled after
// Stop, or the Watch context's error.
func (w *watcher) done() error {
	select {
	case <-w.stop:
		return context.Canceled
	default:
	}
	return w.ctx.Err()
}

func (w *watcher) Stop() error {
	w.stopOnce.Do(func() { close(w.stop) })
	return nil
}
