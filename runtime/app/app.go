package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bia-go/bia/runtime/registry/memory"
)

// App runs a service: its servers, its registration and the hooks around
// them. Create one with New and call Run once. The accessors and Stop are
// safe to call from any goroutine at any time.
type App struct {
	opts options

	ran      atomic.Bool
	stop     chan struct{} // closed by Stop
	stopOnce sync.Once

	mu        sync.Mutex
	endpoints []string // set by Run once the servers listen
}

// AppInfo is what handlers and hooks can learn about the running app from
// their context (see FromContext). *App implements it.
type AppInfo interface {
	// ID is the instance ID.
	ID() string
	// Name is the service name.
	Name() string
	// Version is the service version.
	Version() string
	// Metadata is a copy of the registered metadata.
	Metadata() map[string]string
	// Endpoint is the registered endpoints, empty until the servers listen.
	Endpoint() []string
}

var _ AppInfo = (*App)(nil)

// New returns an app configured by opts; see each Option for its default.
func New(opts ...Option) *App {
	o := options{
		id:               newID(),
		name:             executableName(),
		ctx:              context.Background(),
		signals:          defaultSignals(),
		logger:           slog.Default(),
		registrar:        memory.New(),
		registrarTimeout: 10 * time.Second,
		stopTimeout:      10 * time.Second,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	if o.ctx == nil {
		o.ctx = context.Background()
	}
	return &App{opts: o, stop: make(chan struct{})}
}

// ID returns the instance ID the app registers.
func (a *App) ID() string { return a.opts.id }

// Name returns the service name the app registers.
func (a *App) Name() string { return a.opts.name }

// Version returns the version the app registers.
func (a *App) Version() string { return a.opts.version }

// Metadata returns a copy of the metadata the app registers.
func (a *App) Metadata() map[string]string { return maps.Clone(a.opts.metadata) }

// Endpoint returns the endpoints the app registers: those given with the
// Endpoint option, or else those its servers reported. It is empty until Run
// has bound the servers.
func (a *App) Endpoint() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.endpoints)
}

// Stop asks the app to shut down and returns at once; Run returns when the
// shutdown is complete, with its errors. Stop may be called any number of
// times, from any goroutine, including from hooks. Called before Run, it
// makes Run return nil without starting anything; called while Run is
// starting, Run completes the start and then shuts down at once, so
// everything started is stopped. Stop always returns nil: the error result
// keeps the signature of Kratos's App.Stop.
func (a *App) Stop() error {
	a.stopOnce.Do(func() { close(a.stop) })
	return nil
}

func (a *App) setEndpoints(endpoints []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.endpoints = endpoints
}

type appKey struct{}

// NewContext returns a copy of ctx that carries info. Run puts the app into
// the context of its hooks and of its servers' Start.
func NewContext(ctx context.Context, info AppInfo) context.Context {
	return context.WithValue(ctx, appKey{}, info)
}

// FromContext returns the app info carried by ctx, if any.
func FromContext(ctx context.Context) (AppInfo, bool) {
	info, ok := ctx.Value(appKey{}).(AppInfo)
	return info, ok
}

// newID returns a random version 4 UUID.
func newID() string {
	var b [16]byte
	// crypto/rand.Read never fails: it crashes the program if the system's
	// random source does.
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// executableName is the default service name: the base name of os.Args[0].
func executableName() string {
	if len(os.Args) == 0 || os.Args[0] == "" {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
}
