package etcd

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/bia-go/bia/runtime/registry"
)

// Watch follows the instances registered under name. The watch starts
// at the revision of an initial listing and resumes from the last
// revision it saw when etcd's connection breaks (the etcd client does
// that); when that revision has been compacted away it lists the service
// again and watches on from there. While etcd is unreachable Next simply
// blocks: callers keep the last set.
func (r *Registry) Watch(ctx context.Context, name string) (registry.Watcher, error) {
	wctx, cancel := context.WithCancel(ctx)
	w := &watcher{r: r, name: name, prefix: r.prefix(name), ctx: wctx, cancel: cancel,
		parent: ctx, changed: make(chan struct{}, 1), instances: map[string]*registry.ServiceInstance{}}
	rev, err := w.list()
	if err != nil {
		cancel()
		return nil, err
	}
	w.changed <- struct{}{} // the first Next returns the listing
	go w.run(rev)
	return w, nil
}

// watcher is the registry.Watcher of one service.
type watcher struct {
	r      *Registry
	name   string
	prefix string
	ctx    context.Context
	cancel context.CancelFunc
	parent context.Context // the caller's: its end is Next's error

	mu        sync.Mutex
	instances map[string]*registry.ServiceInstance // by key
	changed   chan struct{}                        // a token when instances changed
}

// list replaces the instances with a listing and returns its revision.
func (w *watcher) list() (int64, error) {
	resp, err := w.r.client.Get(w.ctx, w.prefix, clientv3.WithPrefix())
	if err != nil {
		return 0, fmt.Errorf("etcd: watch %s: %w", w.name, err)
	}
	set := make(map[string]*registry.ServiceInstance, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		if in := w.r.decode(kv.Key, kv.Value); in != nil {
			set[string(kv.Key)] = in
		}
	}
	w.mu.Lock()
	w.instances = set
	w.mu.Unlock()
	return resp.Header.Revision, nil
}

// run applies the watch's events from rev+1 on until the watch ends.
func (w *watcher) run(rev int64) {
	defer w.cancel()
	for w.ctx.Err() == nil {
		failed := false
		// RequireLeader: a member cut off from the cluster ends the watch
		// instead of serving stale events; the client then moves on.
		wch := w.r.client.Watch(clientv3.WithRequireLeader(w.ctx), w.prefix, clientv3.WithPrefix(), clientv3.WithRev(rev+1))
		for resp := range wch {
			if resp.CompactRevision != 0 {
				// The events since rev are gone: list again.
				w.r.opts.logger.Info("etcd: watch compacted; listing the service again", "service", w.name, "revision", resp.CompactRevision)
				next, err := w.list()
				if err != nil {
					break
				}
				rev = next
				w.signal()
				break
			}
			if err := resp.Err(); err != nil {
				w.r.opts.logger.Warn("etcd: watch failed; watching again", "service", w.name, "error", err)
				failed = true
				break
			}
			w.apply(resp.Events)
			rev = resp.Header.Revision
		}
		if failed { // no leader, say: do not spin while the cluster recovers
			select {
			case <-w.ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}

// apply applies events to the instances.
func (w *watcher) apply(events []*clientv3.Event) {
	if len(events) == 0 {
		return
	}
	w.mu.Lock()
	for _, ev := range events {
		key := string(ev.Kv.Key)
		switch ev.Type {
		case mvccpb.PUT:
			if in := w.r.decode(ev.Kv.Key, ev.Kv.Value); in != nil {
				w.instances[key] = in
			} else {
				delete(w.instances, key)
			}
		case mvccpb.DELETE:
			delete(w.instances, key)
		}
	}
	w.mu.Unlock()
	w.signal()
}

func (w *watcher) signal() {
	select {
	case w.changed <- struct{}{}:
	default: // a change is already pending: Next returns the newest set
	}
}

// Next returns the current set: at once the first time, then when it
// has changed.
func (w *watcher) Next() ([]*registry.ServiceInstance, error) {
	select {
	case <-w.changed:
	case <-w.ctx.Done():
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ctx.Err() != nil {
		if err := w.parent.Err(); err != nil {
			return nil, err
		}
		return nil, context.Canceled
	}
	keys := make([]string, 0, len(w.instances))
	for k := range w.instances {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*registry.ServiceInstance, 0, len(keys))
	for _, k := range keys {
		in := w.instances[k]
		c := *in
		c.Metadata = cloneMap(in.Metadata)
		c.Endpoints = append([]string(nil), in.Endpoints...)
		out = append(out, &c)
	}
	return out, nil
}

// Stop ends the watch.
func (w *watcher) Stop() error {
	w.cancel()
	return nil
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
