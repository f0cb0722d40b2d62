package app_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/bia-go/bia/runtime/app"
	"github.com/bia-go/bia/runtime/registry"
)

// recorder collects lifecycle events in the order they happen.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(e string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// list returns the events, without those for which skip reports true.
func (r *recorder) list(skip ...string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.DeleteFunc(slices.Clone(r.events), func(e string) bool { return slices.Contains(skip, e) })
}

// hook returns a hook that records name and returns err.
func (r *recorder) hook(name string, err error) func(context.Context) error {
	return func(context.Context) error {
		r.add(name)
		return err
	}
}

// fakeServer is a transport.Server and transport.Endpointer that really
// listens on 127.0.0.1:0: Endpoint binds, Start accepts (and closes)
// connections until Stop closes the listener.
type fakeServer struct {
	name string
	rec  *recorder

	endpointErr error
	startErr    error // Start returns it at once
	stopErr     error
	stopBlocks  bool // Stop waits for its ctx to end, then returns ctx.Err()
	startCtxErr bool // Start ignores Stop and returns ctx.Err() once its ctx ends

	mu       sync.Mutex
	ln       net.Listener
	startCtx context.Context
}

func (s *fakeServer) Endpoint() (*url.URL, error) {
	s.rec.add(s.name + " endpoint")
	if s.endpointErr != nil {
		return nil, s.endpointErr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		s.ln = ln
	}
	return &url.URL{Scheme: "tcp", Host: s.ln.Addr().String()}, nil
}

func (s *fakeServer) Start(ctx context.Context) error {
	s.rec.add(s.name + " start")
	defer s.rec.add(s.name + " exit")
	s.mu.Lock()
	s.startCtx = ctx
	ln := s.ln
	s.mu.Unlock()
	switch {
	case s.startErr != nil:
		return s.startErr
	case s.startCtxErr:
		<-ctx.Done()
		return ctx.Err()
	case ln == nil:
		return errors.New("fake server: Start before Endpoint")
	}
	for {
		c, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		c.Close()
	}
}

func (s *fakeServer) Stop(ctx context.Context) error {
	s.rec.add(s.name + " stop")
	if s.stopBlocks {
		<-ctx.Done()
		s.close()
		return ctx.Err()
	}
	s.close()
	return s.stopErr
}

func (s *fakeServer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		s.ln.Close()
	}
}

func (s *fakeServer) url() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "tcp://" + s.ln.Addr().String()
}

// context returns the ctx Start got.
func (s *fakeServer) context() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.startCtx
}

// plainServer is a transport.Server that is not an Endpointer: Start blocks
// until Stop.
type plainServer struct {
	rec      *recorder
	stop     chan struct{}
	stopOnce sync.Once
}

func newPlainServer(rec *recorder) *plainServer {
	return &plainServer{rec: rec, stop: make(chan struct{})}
}

func (s *plainServer) Start(context.Context) error {
	<-s.stop
	return nil
}

func (s *plainServer) Stop(context.Context) error {
	s.rec.add("plain stop")
	s.stopOnce.Do(func() { close(s.stop) })
	return nil
}

// dialRegistrar records what it is asked to do. Register dials every
// endpoint first, so it fails unless the servers already listen.
type dialRegistrar struct {
	rec           *recorder
	registerErr   error
	deregisterErr error
	skipDial      bool

	mu           sync.Mutex
	registered   *registry.ServiceInstance
	deregistered *registry.ServiceInstance
}

func (r *dialRegistrar) Register(ctx context.Context, in *registry.ServiceInstance) error {
	r.rec.add("register")
	for _, e := range in.Endpoints {
		if r.skipDial {
			break
		}
		u, err := url.Parse(e)
		if err != nil {
			return err
		}
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", u.Host)
		if err != nil {
			return err
		}
		c.Close()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.registered = in
	return r.registerErr
}

func (r *dialRegistrar) Deregister(_ context.Context, in *registry.ServiceInstance) error {
	r.rec.add("deregister")
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deregistered = in
	return r.deregisterErr
}

func (r *dialRegistrar) instances() (registered, deregistered *registry.ServiceInstance) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.registered, r.deregistered
}

// newApp returns an app for tests: it logs to the test's output and handles
// no signals unless opts say otherwise.
func newApp(t *testing.T, opts ...app.Option) *app.App {
	t.Helper()
	base := []app.Option{
		app.Name("test"),
		app.Signal(),
		app.Logger(slog.New(slog.NewTextHandler(t.Output(), nil))),
	}
	return app.New(append(base, opts...)...)
}
