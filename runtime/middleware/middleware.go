package middleware

import "context"

// Handler serves one call: the request message in, the reply message or an
// error out. Transports adapt their handlers to this shape, so the same
// middleware runs on HTTP and gRPC, servers and clients.
type Handler func(ctx context.Context, req any) (any, error)

// Middleware wraps a Handler with behaviour before and after the call.
type Middleware func(Handler) Handler

// Chain composes middlewares into one: the first is the outermost, so it
// sees the call first and the reply last. Chain(a, b)(h) is a(b(h)).
// Transports call Chain once when they build a route, not per request.
func Chain(m ...Middleware) Middleware {
	return func(next Handler) Handler {
		for i := len(m) - 1; i >= 0; i-- {
			next = m[i](next)
		}
		return next
	}
}
