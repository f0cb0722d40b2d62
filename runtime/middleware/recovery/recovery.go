package recovery

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// Option configures Recovery.
type Option func(*options)

// HandlerFunc builds the error a recovered call returns from the call's
// context, its request and the value the handler panicked with.
type HandlerFunc func(ctx context.Context, req, panicValue any) error

type options struct {
	logger  *slog.Logger
	handler HandlerFunc
}

// WithLogger sets the logger the panic is reported to. Default (and for a
// nil l): slog.Default() at the time of the panic.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// WithHandler sets the function that builds the error returned for a
// panic; if it returns nil, the default error is returned instead. Default:
// errors.InternalServer(errors.ReasonInternal, "internal server error"), which reveals
// nothing about the panic to the caller. The panic is logged whatever h
// returns.
func WithHandler(h HandlerFunc) Option {
	return func(o *options) { o.handler = h }
}

// Recovery returns a middleware that turns a panic in the rest of the chain
// into an error, so one faulty request neither crashes the process nor
// takes the connection down. The panic value and the goroutine's stack are
// logged at Error level with the operation and transport kind (from the
// server transporter, or the client one in a client chain); the call
// returns a nil reply and the error built by WithHandler (default a 500
// "INTERNAL" *errors.Error with the message "internal server error").
//
// A panic with http.ErrAbortHandler is not recovered but re-raised, as
// net/http expects: it is the sanctioned way for a handler to abort the
// response, and net/http aborts the connection silently for it.
//
// Install Recovery first (outermost), so it covers every other middleware.
func Recovery(opts ...Option) middleware.Middleware {
	o := &options{}
	for _, opt := range opts {
		opt(o)
	}
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (reply any, err error) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler { // the value itself, as net/http compares it
					panic(v)
				}
				o.log(ctx, v, debug.Stack())
				reply, err = nil, nil
				if o.handler != nil {
					err = o.handler(ctx, req, v)
				}
				if err == nil {
					err = errors.InternalServer(errors.ReasonInternal, "internal server error")
				}
			}()
			return next(ctx, req)
		}
	}
}

func (o *options) log(ctx context.Context, v any, stack []byte) {
	l := o.logger
	if l == nil {
		l = slog.Default()
	}
	var kind, op string
	tr, ok := transport.FromServerContext(ctx)
	if !ok {
		tr, ok = transport.FromClientContext(ctx)
	}
	if ok {
		kind, op = tr.Kind().String(), tr.Operation()
	}
	l.LogAttrs(ctx, slog.LevelError, "panic recovered",
		slog.String("kind", kind),
		slog.String("operation", op),
		slog.String("panic", fmt.Sprint(v)),
		slog.String("stack", string(stack)),
	)
}
