// Package servers builds the HTTP handlers the benchmarks compare, each
// serving the same service.Service through the bench.v1.Inventory API:
//
//   - Floor: hand-written net/http ServeMux handlers, the baseline;
//   - Bia: Bia's http.Server with the generated RegisterInventoryHTTPServer;
//   - Gateway: grpc-gateway v2 in process (RegisterInventoryHandlerServer);
//   - Connect: connect-go, the Connect protocol.
//
// All returns them in that order, with their defaults:
//
//	fws, err := servers.All(service.New())
//	for _, f := range fws {
//		f.Handler.ServeHTTP(w, r) // r in f.Protocol
//	}
package servers
