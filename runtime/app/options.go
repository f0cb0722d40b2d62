package app

import (
	"context"
	"log/slog"
	"maps"
	"net/url"
	"os"
	"syscall"
	"time"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/transport"
)

// Option configures an App.
type Option func(*options)

type options struct {
	id        string
	name      string
	version   string
	metadata  map[string]string
	endpoints []*url.URL

	ctx     context.Context
	signals []os.Signal
	logger  *slog.Logger

	servers          []transport.Server
	registrar        registry.Registrar
	registrarTimeout time.Duration
	stopTimeout      time.Duration
	drainDelay       time.Duration
	drainDelaySet    bool

	beforeStart, afterStart, beforeStop, afterStop []func(context.Context) error
}

// ID sets the instance ID registered for the app. Default: a random
// UUID (version 4) drawn from crypto/rand, different for every App.
func ID(id string) Option { return func(o *options) { o.id = id } }

// Name sets the service name the app registers under. Default: the base name
// of the executable (os.Args[0], without a ".exe" suffix). With a registrar,
// Run fails before starting anything when the name is empty.
func Name(name string) Option { return func(o *options) { o.name = name } }

// Version sets the version the app registers. Default: empty.
func Version(version string) Option { return func(o *options) { o.version = version } }

// Metadata sets the metadata the app registers; the map is copied. Default:
// none.
func Metadata(md map[string]string) Option {
	return func(o *options) { o.metadata = maps.Clone(md) }
}

// Endpoint sets the endpoints the app registers, replacing the ones its
// servers report (for an address reachable from outside a NAT or container,
// say). Run still calls Endpoint on every server that is a
// transport.Endpointer, because that binds its listener. Default: the
// servers' endpoints.
func Endpoint(endpoints ...*url.URL) Option {
	return func(o *options) { o.endpoints = append(o.endpoints, endpoints...) }
}

// Server adds servers for the app to run; it may be given more than once.
// Default: none (an app without servers runs its hooks and waits to be
// stopped).
func Server(servers ...transport.Server) Option {
	return func(o *options) { o.servers = append(o.servers, servers...) }
}

// Registrar sets where the app registers itself once its servers listen, and
// deregisters itself when it stops. Default: a new memory.Registry private to
// the App, so registration always runs but nobody else sees it; pass a shared
// *memory.Registry to discover the app in-process. Registrar(nil) disables
// registration.
func Registrar(r registry.Registrar) Option {
	return func(o *options) {
		o.registrar = r
		if !o.drainDelaySet {
			o.drainDelay = time.Second
		}
	}
}

// RegistrarTimeout bounds each Register and Deregister call. Default: 10s.
// Zero or less means no bound.
func RegistrarTimeout(d time.Duration) Option {
	return func(o *options) { o.registrarTimeout = d }
}

// DrainDelay sets how long shutdown waits after deregistering the app
// before it stops the servers: clients that follow the registry need a
// moment to see the app leave, and until they do they keep sending it
// calls, which a stopped server would refuse. The servers serve as usual
// meanwhile. Default: one second when a Registrar is given (a registry
// other processes watch), none with the private default registry or
// without registration.
func DrainDelay(d time.Duration) Option {
	return func(o *options) { o.drainDelay, o.drainDelaySet = d, true }
}

// StopTimeout bounds how long the servers may take to stop: their Stop gets a
// ctx with this deadline, after which they close what is still open. Default:
// 10s. Zero or less means no bound.
func StopTimeout(d time.Duration) Option { return func(o *options) { o.stopTimeout = d } }

// Context sets the parent context of the app: the servers' Start and the
// start hooks get a context derived from it, and the app stops when it is
// done; if it is done before Run, Run returns nil without starting anything.
// Default: context.Background().
func Context(ctx context.Context) Option { return func(o *options) { o.ctx = ctx } }

// Signal sets the signals that stop the app. Default: SIGINT and SIGTERM.
// Signal() with no signals disables signal handling.
func Signal(sigs ...os.Signal) Option {
	return func(o *options) { o.signals = append([]os.Signal(nil), sigs...) }
}

// Logger sets the logger for lifecycle events. Default: slog.Default() at
// the time New is called; nil also means slog.Default().
func Logger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// Hooks: each of BeforeStart, AfterStart, BeforeStop and AfterStop may be
// given more than once and adds to the hooks already given. A hook's ctx
// carries the app's info (see FromContext); the stop hooks' ctx is not
// canceled when the app's parent context is.

// BeforeStart adds hooks that run first in Run, in the order given, before
// any server binds. An error skips the remaining hooks and aborts Run, which
// returns it; nothing has started, so no stop hook runs.
func BeforeStart(fns ...func(context.Context) error) Option {
	return func(o *options) { o.beforeStart = append(o.beforeStart, fns...) }
}

// AfterStart adds hooks that run in order once every server is started and
// the app is registered. An error skips the remaining hooks and shuts the app
// down; Run returns the error joined with any from shutting down.
func AfterStart(fns ...func(context.Context) error) Option {
	return func(o *options) { o.afterStart = append(o.afterStart, fns...) }
}

// BeforeStop adds hooks that run in order when the app shuts down, after it
// is deregistered and before its servers stop. Every hook runs; their errors
// are joined into Run's result.
func BeforeStop(fns ...func(context.Context) error) Option {
	return func(o *options) { o.beforeStop = append(o.beforeStop, fns...) }
}

// AfterStop adds hooks that run in order last in Run, once every server has
// stopped and returned from Start. Every hook runs; their errors are joined
// into Run's result.
func AfterStop(fns ...func(context.Context) error) Option {
	return func(o *options) { o.afterStop = append(o.afterStop, fns...) }
}

// defaultSignals are the signals that stop an app unless Signal says
// otherwise; a function, so callers cannot change the defaults.
func defaultSignals() []os.Signal { return []os.Signal{syscall.SIGINT, syscall.SIGTERM} }
