package grpc

import (
	"context"
	"sync"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// healthServer is grpc-go's health server made drainable: a Watch stream
// never ends on its own, so a graceful stop would wait for every watching
// client (client-side health checking keeps one open per connection) until
// the stop deadline. Once shutdown has run, each Watch stream is ended right
// after it has told its client NOT_SERVING.
type healthServer struct {
	*health.Server

	mu       sync.Mutex
	draining bool
	watchers map[*watchStream]struct{}
}

func newHealthServer() *healthServer {
	h := &healthServer{Server: health.NewServer(), watchers: map[*watchStream]struct{}{}}
	h.SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
	return h
}

// serve marks the server and every registered service SERVING.
func (h *healthServer) serve(services map[string]gogrpc.ServiceInfo) {
	h.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	for name := range services {
		h.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
}

// shutdown marks everything NOT_SERVING for good and ends the Watch streams
// that have already reported it.
func (h *healthServer) shutdown() {
	h.Shutdown()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.draining = true
	for w := range h.watchers {
		if w.sent && w.last != healthpb.HealthCheckResponse_SERVING {
			w.cancel()
		}
	}
}

// Watch implements grpc.health.v1.Health/Watch.
func (h *healthServer) Watch(req *healthpb.HealthCheckRequest, stream healthpb.Health_WatchServer) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	w := &watchStream{Health_WatchServer: stream, ctx: ctx, cancel: cancel, h: h}
	h.mu.Lock()
	h.watchers[w] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.watchers, w)
		h.mu.Unlock()
	}()
	return h.Server.Watch(req, w)
}

// watchStream records the last status a Watch stream sent, and cancels the
// stream once it has sent a non-SERVING status while draining. After
// Shutdown no status can become SERVING again, so that is the last one.
type watchStream struct {
	healthpb.Health_WatchServer
	ctx    context.Context
	cancel context.CancelFunc
	h      *healthServer

	// guarded by h.mu
	sent bool
	last healthpb.HealthCheckResponse_ServingStatus
}

func (w *watchStream) Context() context.Context { return w.ctx }

func (w *watchStream) Send(resp *healthpb.HealthCheckResponse) error {
	err := w.Health_WatchServer.Send(resp)
	w.h.mu.Lock()
	w.sent, w.last = true, resp.GetStatus()
	end := w.h.draining && w.last != healthpb.HealthCheckResponse_SERVING
	w.h.mu.Unlock()
	if end {
		w.cancel()
	}
	return err
}
