package registry

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Follow calls update with the instances registered under name, then
// again with the complete set after every change, until ctx ends. It is
// how clients routed by discovery keep their nodes current, and it
// returns when ctx ends.
//
// When the watch fails (the registry is unreachable, a watch is cut),
// Follow logs the error and watches again after a backoff (100 ms,
// doubling to 5 s, jittered), without calling update: callers keep
// serving from the last set they were given, which is what a client
// should do while its registry is away.
func Follow(ctx context.Context, d Discovery, name string, logger *slog.Logger, update func([]*ServiceInstance)) {
	if logger == nil {
		logger = slog.Default()
	}
	backoff := 100 * time.Millisecond
	const maxBackoff = 5 * time.Second
	for ctx.Err() == nil {
		if watch(ctx, d, name, update, func() { backoff = 100 * time.Millisecond }, logger) {
			return
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		backoff = min(2*backoff, maxBackoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// watch follows one Watch of name until it fails; it reports whether ctx
// ended (rather than the watch failing). healthy is called after every
// set received.
func watch(ctx context.Context, d Discovery, name string, update func([]*ServiceInstance), healthy func(), logger *slog.Logger) bool {
	w, err := d.Watch(ctx, name)
	if err != nil {
		if ctx.Err() != nil {
			return true
		}
		logger.Warn("registry: cannot watch the service; keeping its last known instances", "service", name, "error", err)
		return false
	}
	defer func() { _ = w.Stop() }()
	for {
		instances, err := w.Next()
		if err != nil {
			if ctx.Err() != nil {
				return true
			}
			logger.Warn("registry: the watch of the service failed; keeping its last known instances", "service", name, "error", err)
			return false
		}
		update(instances)
		healthy()
	}
}
