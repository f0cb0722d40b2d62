// Package circuitbreaker protects clients from a failing backend and the
// backend from its clients: Client throttles calls adaptively (Google's
// SRE "client-side throttling") by the share of calls the backend has
// been accepting, per operation by default, refusing the excess with 503
// CIRCUIT_OPEN before anything is sent. It needs no states to tune: the
// throttling rises as failures do and falls as the backend heals.
//
//	conn, err := grpc.DialInsecure(ctx, grpc.WithEndpoint("discovery:///helloworld"),
//		grpc.WithDiscovery(reg), grpc.WithMiddleware(circuitbreaker.Client()))
//
// A discovery-routed client also steers calls away from a failing
// instance (runtime/selector's P2C weighs success rates); the breaker
// handles the case where the whole service fails.
package circuitbreaker
