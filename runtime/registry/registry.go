package registry

import (
	"context"
	"net/url"
	"strings"
)

// ServiceInstance is one running copy of a service as a registry stores it.
// The field names and JSON keys are those of Kratos, so instances written by
// Kratos services and by Bia services can share a registry.
type ServiceInstance struct {
	// ID identifies this instance among all instances of Name. Registering
	// an instance with the ID of a registered one replaces it.
	ID string `json:"id"`
	// Name is the service name clients discover the instance by.
	Name string `json:"name"`
	// Version is the version of the service's build.
	Version string `json:"version"`
	// Metadata is free-form information for clients (region, weight, ...).
	Metadata map[string]string `json:"metadata"`
	// Endpoints are the URLs the instance serves on, one per transport:
	// "grpc://127.0.0.1:9000", "http://127.0.0.1:8000".
	Endpoints []string `json:"endpoints"`
}

// Registrar publishes service instances. Implementations must be safe for
// concurrent use.
type Registrar interface {
	// Register publishes instance, replacing a registered instance with the
	// same Name and ID. It returns once the instance is visible to Discovery
	// or fails; ctx bounds how long it may take. The registrar does not keep
	// instance: a caller may change it after Register returns.
	Register(ctx context.Context, instance *ServiceInstance) error
	// Deregister removes the instance with instance's Name and ID.
	// Deregistering an instance that is not registered is not an error.
	Deregister(ctx context.Context, instance *ServiceInstance) error
}

// Discovery finds the instances of a service. Implementations must be safe
// for concurrent use.
type Discovery interface {
	// GetService returns the instances registered under name. A name with
	// no instances is not an error: the result is empty. The returned
	// instances belong to the caller.
	GetService(ctx context.Context, name string) ([]*ServiceInstance, error)
	// Watch starts watching the instances registered under name; see
	// Watcher for what Next returns. ctx bounds the watcher's life: once ctx
	// is done, Next returns ctx.Err(). If ctx is already done, Watch may
	// fail with ctx.Err() instead. Callers Stop the watcher when they no
	// longer need it, to release its resources.
	Watch(ctx context.Context, name string) (Watcher, error)
}

// Watcher follows the instances of one service.
//
// Next must not be called from more than one goroutine at a time; Stop may
// be called at any time from any goroutine, also while Next blocks.
type Watcher interface {
	// Next returns the complete current set of instances. The first call
	// returns at once with the set at the time of the call (possibly empty);
	// each later call blocks until the set has changed since the previous
	// call returned, then returns the latest set. Changes made while the
	// caller was not in Next are coalesced: a slow watcher sees the newest
	// set, not every intermediate one. The returned instances belong to the
	// caller.
	//
	// After Stop, Next returns an error that matches context.Canceled (a
	// blocked Next returns at once). Once the ctx given to Watch is done,
	// Next returns ctx.Err(). A registry may also return its own errors, for
	// example when it loses its connection.
	Next() ([]*ServiceInstance, error)
	// Stop ends the watch and releases its resources. It is safe to call
	// more than once; later calls do nothing.
	Stop() error
}

// Endpoint returns the first of instance's endpoints whose scheme is scheme
// (compared without regard to case), parsed as a URL, and reports whether
// there was one. Endpoints that do not parse as URLs are skipped. A nil
// instance has no endpoints.
//
// Clients use it to pick the address of the transport they speak:
//
//	u, ok := registry.Endpoint(instance, "grpc")
//	// u.Host is "127.0.0.1:9000"
func Endpoint(instance *ServiceInstance, scheme string) (*url.URL, bool) {
	if instance == nil {
		return nil, false
	}
	for _, e := range instance.Endpoints {
		u, err := url.Parse(e)
		if err != nil {
			continue
		}
		if strings.EqualFold(u.Scheme, scheme) {
			return u, true
		}
	}
	return nil, false
}
