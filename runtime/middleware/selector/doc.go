// Package selector applies middlewares to some operations only: those with
// an exact name, a name prefix, a name matching a regular expression, or
// accepted by a function of the call's context.
//
//	auth := selector.Server(authenticate, audit).
//		Prefix("/admin.v1.").
//		Path("/helloworld.Greeter/SayHello").
//		Regex(`/billing\.v[0-9]+\.Invoices/.*`).
//		Match(func(ctx context.Context, operation string) bool {
//			return strings.HasSuffix(operation, "/Delete")
//		}).
//		Build()
//	handler = middleware.Chain(recovery.Recovery(), auth)(handler)
//
// Server builders read the operation from transport.FromServerContext,
// Client builders from transport.FromClientContext; a call whose context
// has no transporter is never selected. The selected middlewares are
// composed once per wrapped handler, and the decision of the path, prefix
// and regular-expression rules is cached per operation.
package selector
