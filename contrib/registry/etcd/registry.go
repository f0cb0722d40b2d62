package etcd

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path"
	"strings"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/bia-go/bia/runtime/registry"
)

// Option configures a Registry.
type Option func(*options)

type options struct {
	namespace string
	ttl       time.Duration
	logger    *slog.Logger
}

// Namespace sets the prefix of the keys: an instance is stored under
// namespace/name/id. The default is "/microservices", Kratos's.
func Namespace(ns string) Option { return func(o *options) { o.namespace = ns } }

// TTL sets the time-to-live of the lease an instance is registered with:
// an instance whose process dies without deregistering disappears after
// at most ttl. It is kept alive every ttl/3. The default is 15 seconds,
// Kratos's; etcd refuses leases under about 2 seconds.
func TTL(ttl time.Duration) Option { return func(o *options) { o.ttl = ttl } }

// Logger sets where the registry reports lost leases, re-registrations
// and undecodable values. The default is slog.Default().
func Logger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// Registry is a registry.Registrar and registry.Discovery on etcd. It is
// safe for concurrent use. Close it to stop keeping registrations alive
// (without deregistering them); the etcd client stays the caller's.
type Registry struct {
	client *clientv3.Client
	opts   options

	mu         sync.Mutex
	registered map[string]*registration // by key
	closed     bool
}

// registration is a registered key and the goroutine keeping it alive.
type registration struct {
	stop  context.CancelFunc
	done  chan struct{}    // closed when the goroutine has returned
	lease clientv3.LeaseID // the current lease; read after done
}

// end stops keeping the registration alive and waits for it.
func (g *registration) end() {
	g.stop()
	<-g.done
}

// New returns a registry on client.
func New(client *clientv3.Client, opts ...Option) *Registry {
	o := options{namespace: "/microservices", ttl: 15 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	o.namespace = "/" + strings.Trim(o.namespace, "/")
	return &Registry{client: client, opts: o, registered: map[string]*registration{}}
}

// key is where instance in is stored.
func (r *Registry) key(in *registry.ServiceInstance) string {
	return path.Join(r.opts.namespace, in.Name, in.ID)
}

// prefix is where the instances of name are stored; the trailing slash
// keeps "user" from matching "user-admin".
func (r *Registry) prefix(name string) string {
	return path.Join(r.opts.namespace, name) + "/"
}

// Register stores the instance under a lease of the registry's TTL and
// keeps the lease alive until Deregister or Close. When the lease is
// lost (it expired while etcd was unreachable, etcd lost its data) the
// instance is registered again under a new lease, retrying with backoff
// until it succeeds. Registering an instance with the key of a registered
// one replaces it.
func (r *Registry) Register(ctx context.Context, in *registry.ServiceInstance) error {
	if in == nil || in.Name == "" || in.ID == "" || strings.Contains(in.Name, "/") || strings.Contains(in.ID, "/") {
		return fmt.Errorf("etcd: register: an instance needs a name and an ID without '/'")
	}
	value, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("etcd: register %s: %w", in.ID, err)
	}
	key := r.key(in)
	lease, err := r.put(ctx, key, string(value))
	if err != nil {
		return fmt.Errorf("etcd: register %s: %w", key, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		_, _ = r.client.Revoke(context.WithoutCancel(ctx), lease)
		return fmt.Errorf("etcd: register %s: the registry is closed", key)
	}
	if old, ok := r.registered[key]; ok {
		old.end()
		if old.lease != lease {
			_, _ = r.client.Revoke(context.WithoutCancel(ctx), old.lease)
		}
	}
	kctx, stop := context.WithCancel(context.Background())
	g := &registration{stop: stop, done: make(chan struct{}), lease: lease}
	r.registered[key] = g
	go r.keepAlive(kctx, g, key, string(value))
	return nil
}

// put stores key=value under a new lease and returns the lease.
func (r *Registry) put(ctx context.Context, key, value string) (clientv3.LeaseID, error) {
	grant, err := r.client.Grant(ctx, int64((r.opts.ttl+time.Second-1)/time.Second))
	if err != nil {
		return 0, err
	}
	if _, err := r.client.Put(ctx, key, value, clientv3.WithLease(grant.ID)); err != nil {
		_, _ = r.client.Revoke(context.WithoutCancel(ctx), grant.ID)
		return 0, err
	}
	return grant.ID, nil
}

// keepAlive keeps the lease of g alive until ctx ends, registering the
// key again under a new lease whenever the lease is lost.
func (r *Registry) keepAlive(ctx context.Context, g *registration, key, value string) {
	defer close(g.done)
	backoff := 100 * time.Millisecond
	for {
		ch, err := r.client.KeepAlive(ctx, g.lease)
		if err == nil {
			for range ch { // drained until the lease is lost or ctx ends
				backoff = 100 * time.Millisecond
			}
		}
		if ctx.Err() != nil {
			return
		}
		r.opts.logger.Warn("etcd: lost the lease of a registration; registering again", "key", key, "error", err)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff/2 + rand.N(backoff/2+1)):
			}
			backoff = min(2*backoff, r.opts.ttl)
			pctx, cancel := context.WithTimeout(ctx, r.opts.ttl)
			lease, err := r.put(pctx, key, value)
			cancel()
			if err == nil {
				g.lease = lease
				r.opts.logger.Info("etcd: registered again", "key", key)
				break
			}
			if ctx.Err() != nil {
				return
			}
			r.opts.logger.Warn("etcd: cannot register again; retrying", "key", key, "error", err)
		}
	}
}

// Deregister stops keeping the instance alive and deletes it. An instance
// that is not registered is not an error.
func (r *Registry) Deregister(ctx context.Context, in *registry.ServiceInstance) error {
	if in == nil {
		return nil
	}
	key := r.key(in)
	r.mu.Lock()
	g, ok := r.registered[key]
	delete(r.registered, key)
	r.mu.Unlock()
	if ok {
		g.end() // no re-registration can race the delete
		_, _ = r.client.Revoke(ctx, g.lease)
	}
	if _, err := r.client.Delete(ctx, key); err != nil {
		return fmt.Errorf("etcd: deregister %s: %w", key, err)
	}
	return nil
}

// Close stops keeping the registrations alive; they expire after the TTL
// unless deregistered. It does not close the etcd client.
func (r *Registry) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	for key, g := range r.registered {
		g.end()
		delete(r.registered, key)
	}
	return nil
}

// GetService returns the instances registered under name.
func (r *Registry) GetService(ctx context.Context, name string) ([]*registry.ServiceInstance, error) {
	resp, err := r.client.Get(ctx, r.prefix(name), clientv3.WithPrefix())
	if err != nil {
		return nil, fmt.Errorf("etcd: get %s: %w", name, err)
	}
	out := make([]*registry.ServiceInstance, 0, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		if in := r.decode(kv.Key, kv.Value); in != nil {
			out = append(out, in)
		}
	}
	return out, nil
}

// decode reads a stored instance; a value that is not one is logged and
// skipped, so one bad writer cannot hide a service.
func (r *Registry) decode(key, value []byte) *registry.ServiceInstance {
	in := new(registry.ServiceInstance)
	if err := json.Unmarshal(value, in); err != nil {
		r.opts.logger.Warn("etcd: skipping a value that is not a service instance", "key", string(key), "error", err)
		return nil
	}
	return in
}
