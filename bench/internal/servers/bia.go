package servers

import (
	"net/http"

	biahttp "github.com/bia-go/bia/runtime/transport/http"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/service"
)

// Bia returns Bia's HTTP server, with its defaults but EmitUnpopulated(false)
// (the floor and connect-go omit zero fields too, so all do the same work),
// serving svc through the generated RegisterInventoryHTTPServer. The benchmarks call its ServeHTTP
// directly; it never listens.
func Bia(svc *service.Service) http.Handler {
	s := biahttp.NewServer(biahttp.EmitUnpopulated(false))
	benchpb.RegisterInventoryHTTPServer(s, svc)
	return s
}

// BiaProtojson is Bia with the ProtojsonOnly option: bodies go through
// protojson although bench.v1 has protoc-gen-go-json code, which measures
// what the generated code saves.
func BiaProtojson(svc *service.Service) http.Handler {
	s := biahttp.NewServer(biahttp.EmitUnpopulated(false), biahttp.ProtojsonOnly())
	benchpb.RegisterInventoryHTTPServer(s, svc)
	return s
}
