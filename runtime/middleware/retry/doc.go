// Package retry retries failed client calls when it is safe (idempotent
// methods, requests that never left, codes the service allows), worth it
// (502, 503, 504 from the peer) and affordable: a retry budget (10 % of
// the calls by default) keeps retries from multiplying the load on a
// failing service, backoff is exponential with full jitter, no attempt
// starts past the call's deadline, and with discovery every attempt goes
// to an instance the call has not tried.
//
//	conn, err := grpc.DialInsecure(ctx, grpc.WithEndpoint("discovery:///helloworld"),
//		grpc.WithDiscovery(reg),
//		grpc.WithMiddleware(tracing.Client(), retry.Client(), circuitbreaker.Client()))
package retry
