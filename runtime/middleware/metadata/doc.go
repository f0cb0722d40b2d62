// Package metadata propagates metadata across service hops through request
// headers. It follows the Kratos convention:
//
//   - "x-md-global-*" keys travel along the whole call chain: a server
//     receives them and its outgoing calls forward them;
//   - "x-md-local-*" keys reach the next hop only: the server receives
//     them, but its outgoing calls do not forward them.
//
// Install Server on servers and Client on clients:
//
//	server := middleware.Chain(recovery.Recovery(), metadata.Server())
//	client := middleware.Chain(metadata.Client(
//		metadata.WithConstants(md.New("x-md-local-caller", "billing")),
//	))
//
// Handlers read the received metadata with the runtime/metadata package and
// add to what their outgoing calls send:
//
//	in, _ := md.FromServerContext(ctx)
//	tenant := in.Get("x-md-global-tenant")
//	ctx = md.AppendToClientContext(ctx, "x-md-local-shard", shardOf(tenant))
//
// (md is github.com/bia-go/bia/runtime/metadata imported under another
// name, since this package is also called metadata.)
package metadata
