// Package bench compares Bia's HTTP transport with a hand-written net/http
// floor, grpc-gateway v2 (in process) and connect-go (Connect protocol,
// JSON), all serving the same bench.v1.Inventory service
// (proto/benchpb/v1/bench.proto) through one implementation
// (internal/service). It is its own module, so none of the compared
// frameworks enters Bia's go.mod.
//
// Three calls are measured for every framework: GetItem (GET, two path
// variables, string, int64, bool, repeated and nested query parameters),
// CreateItem (POST, body "item") and UpdateItem (PATCH, body "*" with a
// FieldMask); each replies with a 13-field Item (enum, repeated, map,
// nested message, Timestamps). Before timing, every framework's reply is
// decoded and checked equal to the floor's and to the service's direct
// answer; TestReplies runs the same checks as a test. BenchmarkRouting
// compares Bia's router with net/http's ServeMux at 10, 100 and 1000
// routes.
//
// Run from the repository root:
//
//	make bench
//
// which runs
//
//	cd bench && go test -run '^$' -bench . -benchmem -count 5 | go run ./cmd/benchreport
//
// and prints, per call, each framework's median ns/op, B/op and allocs/op
// and its ratio to the floor.
package bench
