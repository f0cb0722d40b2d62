// Package ratelimit sheds load before it queues: limiters that servers
// consult before reading a call's request (http.Limiter, grpc.Limiter),
// refusing what they cannot take with 429 RATELIMIT (RESOURCE_EXHAUSTED
// over gRPC) at once rather than letting every caller time out.
//
// BBR learns the server's capacity as it runs (the most calls completed
// in a moment times the least latency, over a sliding window) and, when
// the CPU is busy, refuses calls beyond it: the latency of the calls it
// takes stays near the unloaded latency, and the server keeps completing
// calls at its capacity. TokenBucket is a fixed rate with bursts.
//
//	limiter := ratelimit.NewBBR()
//	hs := http.NewServer(http.Limiter(limiter))
//	gs := grpc.NewServer(grpc.Limiter(limiter)) // one limiter, one capacity
//
// A server bound by something other than its own CPU (a database, a
// pool) uses ratelimit.NewBBR(ratelimit.WithCPUThreshold(0)), which sheds
// on the calls in flight alone.
package ratelimit
