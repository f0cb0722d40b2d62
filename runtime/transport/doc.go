// Package transport holds what every Bia transport shares: the Server
// lifecycle interface the app drives, and the Transporter that describes a
// request (kind, endpoint, operation, headers) in its context, so middleware
// works the same over HTTP and gRPC.
//
// A middleware reads the transporter of the request it serves:
//
//	func audit(next middleware.Handler) middleware.Handler {
//		return func(ctx context.Context, req any) (any, error) {
//			if tr, ok := transport.FromServerContext(ctx); ok {
//				slog.InfoContext(ctx, "call", "op", tr.Operation(), "kind", tr.Kind())
//			}
//			return next(ctx, req)
//		}
//	}
package transport
