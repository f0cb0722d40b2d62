// Package recovery turns panics in handlers and middlewares into errors.
//
//	h := middleware.Chain(
//		recovery.Recovery(recovery.WithLogger(logger)), // outermost
//		logging.Server(logger),
//	)(handler)
//
// A panicking call returns a 500 "INTERNAL" error with a generic message,
// so the panic text never reaches the caller; the panic value and stack go
// to the log. WithHandler customises the returned error:
//
//	recovery.Recovery(recovery.WithHandler(func(ctx context.Context, req, v any) error {
//		panicsTotal.Add(1)
//		return errors.ServiceUnavailable("PANIC", "try again later")
//	}))
package recovery
