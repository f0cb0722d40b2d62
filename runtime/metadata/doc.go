// Package metadata carries request-scoped key/value pairs (request IDs,
// tenant, caller identity…) across calls, independent of the transport.
//
// A server middleware (runtime/middleware/metadata) copies selected request
// headers into the server context, where handlers read them; outgoing calls
// take their metadata from the client context, which a client middleware
// writes to the request headers:
//
//	func (s *Service) Get(ctx context.Context, req *pb.GetRequest) (*pb.Reply, error) {
//		if md, ok := metadata.FromServerContext(ctx); ok {
//			slog.InfoContext(ctx, "get", "tenant", md.Get("x-md-global-tenant"))
//		}
//		ctx = metadata.AppendToClientContext(ctx, "x-md-local-caller", "users")
//		return s.backend.Get(ctx, req)
//	}
//
// Keys are case-insensitive and stored lower-cased. Metadata reached through
// a context is shared, so treat it as read-only; AppendToClientContext and
// Clone make copies.
package metadata
