package memory

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"sync"

	"github.com/bia-go/bia/runtime/registry"
)

// Registry is an in-process registry.Registrar and registry.Discovery. The
// zero value is not usable: create one with New. A Registry is safe for
// concurrent use.
type Registry struct {
	mu       sync.Mutex
	services map[string]*service
}

// service is the state of one service name. list is replaced, never changed
// in place, and holds instances nobody outside the registry can reach, so a
// snapshot of it can be copied without the lock.
type service struct {
	instances map[string]*registry.ServiceInstance // by ID
	list      []*registry.ServiceInstance          // sorted by ID
	version   uint64                               // bumped on every change
	changed   chan struct{}                        // closed on every change
}

var (
	_ registry.Registrar = (*Registry)(nil)
	_ registry.Discovery = (*Registry)(nil)
)

// New returns an empty registry.
func New() *Registry {
	return &Registry{services: make(map[string]*service)}
}

// Register stores a copy of instance, replacing the instance with the same
// Name and ID. Watchers of the service are woken; Register never waits for
// them. Registering an instance equal to the stored one changes nothing.
// Register fails if instance is nil, has no Name or no ID, or if ctx is
// already done.
func (r *Registry) Register(ctx context.Context, instance *registry.ServiceInstance) error {
	if err := validate(ctx, instance); err != nil {
		return err
	}
	in := clone(instance)
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.service(in.Name)
	if old, ok := s.instances[in.ID]; ok && equal(old, in) {
		return nil
	}
	s.instances[in.ID] = in
	s.update()
	return nil
}

// Deregister removes the instance with instance's Name and ID and wakes the
// service's watchers. Removing an instance that is not registered is not an
// error. Deregister fails if instance is nil, has no Name or no ID, or if
// ctx is already done.
func (r *Registry) Deregister(ctx context.Context, instance *registry.ServiceInstance) error {
	if err := validate(ctx, instance); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.services[instance.Name]
	if !ok {
		return nil
	}
	if _, ok := s.instances[instance.ID]; !ok {
		return nil
	}
	delete(s.instances, instance.ID)
	s.update()
	return nil
}

// GetService returns copies of the instances registered under name, sorted
// by ID; none is an empty result, not an error. It fails only if ctx is
// already done.
func (r *Registry) GetService(ctx context.Context, name string) ([]*registry.ServiceInstance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	var list []*registry.ServiceInstance
	if s, ok := r.services[name]; ok {
		list = s.list
	}
	r.mu.Unlock()
	return cloneAll(list), nil
}

// Watch returns a watcher of the instances registered under name; see
// registry.Watcher for its contract. Snapshots are copies sorted by ID. Watch
// fails only if ctx is already done.
func (r *Registry) Watch(ctx context.Context, name string) (registry.Watcher, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &watcher{r: r, ctx: ctx, name: name, stop: make(chan struct{})}, nil
}

// service returns the state of name, creating it. Entries are kept once
// created so that a watcher's view of the version stays monotonic. r.mu must
// be held.
func (r *Registry) service(name string) *service {
	s, ok := r.services[name]
	if !ok {
		s = &service{
			instances: make(map[string]*registry.ServiceInstance),
			changed:   make(chan struct{}),
		}
		r.services[name] = s
	}
	return s
}

// update rebuilds the sorted list after a change and wakes the watchers.
func (s *service) update() {
	s.list = slices.SortedFunc(maps.Values(s.instances), func(a, b *registry.ServiceInstance) int {
		return cmp.Compare(a.ID, b.ID)
	})
	s.version++
	close(s.changed)
	s.changed = make(chan struct{})
}

func validate(ctx context.Context, in *registry.ServiceInstance) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch {
	case in == nil:
		return errors.New("memory registry: nil service instance")
	case in.Name == "":
		return errors.New("memory registry: service instance has no name")
	case in.ID == "":
		return errors.New("memory registry: service instance has no ID")
	}
	return nil
}

func clone(in *registry.ServiceInstance) *registry.ServiceInstance {
	c := *in
	c.Metadata = maps.Clone(in.Metadata)
	c.Endpoints = slices.Clone(in.Endpoints)
	return &c
}

func cloneAll(list []*registry.ServiceInstance) []*registry.ServiceInstance {
	out := make([]*registry.ServiceInstance, len(list))
	for i, in := range list {
		out[i] = clone(in)
	}
	return out
}

func equal(a, b *registry.ServiceInstance) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Version == b.Version &&
		maps.Equal(a.Metadata, b.Metadata) && slices.Equal(a.Endpoints, b.Endpoints)
}
