// Package selector picks the instance each client call goes to when a
// client is routed by service discovery ("discovery:///helloworld"): the
// HTTP and gRPC clients keep a Selector per service, a resolver feeds it
// the registry's instances, and every call Selects a node, then reports
// how the call went with Done.
//
// Three balancers are built in: P2C (the default: the less loaded of two
// random nodes, by average latency, calls in flight, weight and success
// rate), WRR (weighted round-robin in a smooth, precomputed order) and
// Random. Filters narrow the nodes per client (WithFilter) or per call
// (NewFilterContext): Version, Metadata, or a FilterFunc. Select takes
// no lock and, with the built-in balancers and filters, allocates nothing.
//
//	sel := selector.New("helloworld", selector.WithBalancer(selector.WRR()))
//	sel.Update("grpc", instances) // from a registry.Discovery
//	picked, err := sel.Select(ctx)
//	if err != nil {
//		return err // 503 NO_INSTANCES
//	}
//	err = call(ctx, picked.Node().Address())
//	picked.Done(err)
package selector
