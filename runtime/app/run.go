package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/transport"
)

// Run starts the app, blocks until it is told to stop, then stops it. It may
// be called once; later calls return an error.
//
// Starting: the BeforeStart hooks run; Endpoint is called on every server
// that is a transport.Endpointer, which binds its listener, so clients can
// connect from then on; every server's Start runs in its own goroutine; the
// app registers itself with its endpoints (within RegistrarTimeout); the
// AfterStart hooks run. A BeforeStart or Endpoint error ends Run there: no
// server is started, and the servers already bound are stopped to release
// their listeners.
//
// Run then waits for one of: Stop, one of the signals (see Signal), the end
// of the parent context (see Context), a server's Start returning an error,
// or a failure to register or of an AfterStart hook. Shutdown then
// deregisters the app (within RegistrarTimeout), waits DrainDelay, runs the BeforeStop hooks,
// calls every server's Stop concurrently with a ctx that ends after
// StopTimeout, waits for every Start to return, and runs the AfterStop
// hooks. Signal handling ends when shutdown begins, so a second signal gets
// its default behaviour (for SIGINT and SIGTERM, it ends the process).
//
// Run returns nil after a clean shutdown, whatever asked for it. Otherwise
// it returns every error of the run, joined with errors.Join, so errors.Is
// and errors.As find each one: hooks, registration, Start errors other than
// a clean stop, Stop errors (a Stop that outlives StopTimeout reports its
// ctx.Err(), context.DeadlineExceeded), deregistration. A Start that
// returns nil, or the error of its ctx once Run has canceled it, stopped
// cleanly; a Start that returns nil before shutdown does not stop the app.
func (a *App) Run() error {
	if !a.ran.CompareAndSwap(false, true) {
		return errors.New("app: Run called more than once")
	}
	select {
	case <-a.stop:
		return nil
	default:
	}
	if a.opts.ctx.Err() != nil {
		return nil
	}
	if err := a.checkRegistration(); err != nil {
		return err
	}
	var sigc chan os.Signal // nil, so never ready, without signals
	if len(a.opts.signals) > 0 {
		sigc = make(chan os.Signal, 1)
		signal.Notify(sigc, a.opts.signals...)
		defer signal.Stop(sigc)
	}
	ctx, cancel := context.WithCancel(NewContext(a.opts.ctx, a))
	defer cancel()
	log := a.opts.logger

	for _, fn := range a.opts.beforeStart {
		if err := fn(ctx); err != nil {
			return fmt.Errorf("app: before start: %w", err)
		}
	}
	endpoints, bound, err := a.bind()
	if err != nil {
		return errors.Join(err, a.stopServers(ctx, bound))
	}
	a.setEndpoints(endpoints)

	servers := a.opts.servers
	results := make([]error, len(servers))
	exited := make(chan int, len(servers))
	var started sync.WaitGroup
	for i, srv := range servers {
		started.Go(func() {
			err := srv.Start(ctx)
			if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				err = nil // Run canceled it: a clean stop
			}
			results[i] = err
			exited <- i
		})
	}
	log.InfoContext(ctx, "app started", "id", a.ID(), "name", a.Name(), "version", a.Version(), "endpoints", endpoints)

	var errs []error
	instance := a.instance(endpoints)
	registered := false
	if r := a.opts.registrar; r != nil {
		if err := a.withRegistrar(ctx, instance, r.Register); err != nil {
			errs = append(errs, fmt.Errorf("app: register: %w", err))
		} else {
			registered = true
		}
	}
	if len(errs) == 0 {
		for _, fn := range a.opts.afterStart {
			if err := fn(ctx); err != nil {
				errs = append(errs, fmt.Errorf("app: after start: %w", err))
				break
			}
		}
	}
	if len(errs) == 0 {
		a.wait(ctx, sigc, exited, results)
	}

	// Shut down.
	if sigc != nil {
		signal.Stop(sigc)
	}
	sctx := context.WithoutCancel(ctx)
	if registered {
		if err := a.withRegistrar(sctx, instance, a.opts.registrar.Deregister); err != nil {
			errs = append(errs, fmt.Errorf("app: deregister: %w", err))
		} else if d := a.opts.drainDelay; d > 0 {
			log.InfoContext(sctx, "app draining", "id", a.ID(), "delay", d)
			time.Sleep(d) // clients move to other instances while the servers still serve
		}
	}
	for _, fn := range a.opts.beforeStop {
		if err := fn(sctx); err != nil {
			errs = append(errs, fmt.Errorf("app: before stop: %w", err))
		}
	}
	all := make([]int, len(servers))
	for i := range all {
		all[i] = i
	}
	errs = append(errs, a.stopServers(sctx, all))
	cancel()
	started.Wait()
	for i, err := range results {
		if err != nil {
			errs = append(errs, fmt.Errorf("app: server %d (%T) start: %w", i, servers[i], err))
		}
	}
	for _, fn := range a.opts.afterStop {
		if err := fn(sctx); err != nil {
			errs = append(errs, fmt.Errorf("app: after stop: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		log.ErrorContext(sctx, "app stopped", "id", a.ID(), "name", a.Name(), "error", err)
		return err
	}
	log.InfoContext(sctx, "app stopped", "id", a.ID(), "name", a.Name())
	return nil
}

// wait blocks until something asks the app to stop.
func (a *App) wait(ctx context.Context, sigc <-chan os.Signal, exited <-chan int, results []error) {
	log := a.opts.logger
	for {
		select {
		case <-a.stop:
			log.InfoContext(ctx, "app stopping", "reason", "Stop called")
			return
		case <-ctx.Done():
			log.InfoContext(ctx, "app stopping", "reason", "context done", "error", context.Cause(ctx))
			return
		case sig := <-sigc:
			log.InfoContext(ctx, "app stopping", "reason", "signal", "signal", sig.String())
			return
		case i := <-exited:
			if err := results[i]; err != nil {
				log.ErrorContext(ctx, "app stopping", "reason", "server failed",
					"server", fmt.Sprintf("%T", a.opts.servers[i]), "error", err)
				return
			}
		}
	}
}

// bind calls Endpoint on every server that is a transport.Endpointer. It
// returns the endpoints to register and the indices of the servers whose
// Endpoint succeeded; on error, the caller stops those.
func (a *App) bind() ([]string, []int, error) {
	var endpoints []string
	var bound []int
	for i, srv := range a.opts.servers {
		e, ok := srv.(transport.Endpointer)
		if !ok {
			continue
		}
		u, err := e.Endpoint()
		if err != nil {
			return nil, bound, fmt.Errorf("app: server %d (%T) endpoint: %w", i, srv, err)
		}
		bound = append(bound, i)
		if u != nil {
			endpoints = append(endpoints, u.String())
		}
	}
	if len(a.opts.endpoints) > 0 {
		endpoints = endpoints[:0]
		for _, u := range a.opts.endpoints {
			endpoints = append(endpoints, u.String())
		}
	}
	return endpoints, bound, nil
}

func (a *App) instance(endpoints []string) *registry.ServiceInstance {
	return &registry.ServiceInstance{
		ID:        a.ID(),
		Name:      a.Name(),
		Version:   a.Version(),
		Metadata:  a.Metadata(),
		Endpoints: endpoints,
	}
}

// withRegistrar calls a Register or Deregister bounded by RegistrarTimeout.
func (a *App) withRegistrar(ctx context.Context, in *registry.ServiceInstance,
	call func(context.Context, *registry.ServiceInstance) error,
) error {
	ctx, cancel := withTimeout(context.WithoutCancel(ctx), a.opts.registrarTimeout)
	defer cancel()
	return call(ctx, in)
}

// stopServers stops the servers with the given indices concurrently within
// StopTimeout and joins their errors.
func (a *App) stopServers(ctx context.Context, indices []int) error {
	ctx, cancel := withTimeout(context.WithoutCancel(ctx), a.opts.stopTimeout)
	defer cancel()
	errs := make([]error, len(indices))
	var wg sync.WaitGroup
	for j, i := range indices {
		srv := a.opts.servers[i]
		wg.Go(func() {
			if err := srv.Stop(ctx); err != nil {
				errs[j] = fmt.Errorf("app: server %d (%T) stop: %w", i, srv, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// withTimeout is context.WithTimeout where d <= 0 means no timeout.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// checkRegistration fails when the registrar could not register the app,
// before anything starts: a registry needs a service name and an instance
// ID, and finding out after "app started" leaves servers to stop.
func (a *App) checkRegistration() error {
	if a.opts.registrar == nil {
		return nil
	}
	switch {
	case a.opts.name == "":
		return errors.New("app: no service name to register: set app.Name (the default, the executable's name, is empty here), or app.Registrar(nil) to register nothing")
	case a.opts.id == "":
		return errors.New("app: no instance ID to register: leave app.ID unset for a random one, or set a non-empty one")
	}
	return nil
}
