package servers

import (
	"net/http"

	"github.com/bia-go/bia/bench/internal/service"
)

// Protocol is the shape of the requests a framework serves.
type Protocol uint8

const (
	// REST requests follow the methods' google.api.http rules.
	REST Protocol = iota
	// ConnectJSON requests use the Connect protocol with JSON bodies.
	ConnectJSON
)

// Framework is one handler under test.
type Framework struct {
	// Name names the framework in benchmark names: "floor", "bia",
	// "bia-protojson" (without its generated JSON code), "grpc-gateway",
	// "connect", or Bia with observability middleware
	// ("bia-metrics", "bia-tracing", "bia-tracing-unsampled",
	// "bia-observed").
	Name string
	// Handler serves the bench.v1.Inventory API.
	Handler http.Handler
	// Protocol is the shape of the requests Handler serves.
	Protocol Protocol
}

// FloorName is the Name of the baseline framework.
const FloorName = "floor"

// All returns every framework serving svc, the floor first.
func All(svc *service.Service) ([]Framework, error) {
	gw, err := Gateway(svc)
	if err != nil {
		return nil, err
	}
	return []Framework{
		{Name: FloorName, Handler: Floor(svc), Protocol: REST},
		{Name: "bia", Handler: Bia(svc), Protocol: REST},
		{Name: "bia-protojson", Handler: BiaProtojson(svc), Protocol: REST},
		{Name: "grpc-gateway", Handler: gw, Protocol: REST},
		{Name: "connect", Handler: Connect(svc), Protocol: ConnectJSON},
		{Name: "bia-metrics", Handler: Observed(svc, "metrics"), Protocol: REST},
		{Name: "bia-tracing", Handler: Observed(svc, "tracing"), Protocol: REST},
		{Name: "bia-tracing-unsampled", Handler: Observed(svc, "tracing-unsampled"), Protocol: REST},
		{Name: "bia-observed", Handler: Observed(svc, "observed"), Protocol: REST},
	}, nil
}
