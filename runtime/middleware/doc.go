// Package middleware defines the transport-neutral call pipeline: a Handler
// takes a request message and returns a reply, and a Middleware wraps a
// Handler. Built-in middlewares live in sub-packages (recovery, logging,
// metadata, selector).
//
//	timing := func(next middleware.Handler) middleware.Handler {
//		return func(ctx context.Context, req any) (any, error) {
//			start := time.Now()
//			defer func() { slog.Info("call", "took", time.Since(start)) }()
//			return next(ctx, req)
//		}
//	}
//	h := middleware.Chain(recovery.Recovery(), timing)(handler)
package middleware
