package server

import (
	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/examples/helloworld/internal/conf"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/examples/helloworld/internal/telemetry"
	"github.com/bia-go/bia/runtime/transport/http"
)

// NewHTTPServer returns the HTTP/JSON server of the example at c's
// address (calls bounded by c's timeout when set): the
// routes come from the google.api.http annotations of greeter.proto, the
// OpenAPI document of greeter.proto is served at /openapi.json,
// /openapi.yaml and, as a page, /docs/, and the metrics at /metrics.
func NewHTTPServer(c *conf.Endpoint, tel *telemetry.Telemetry, greeter *service.Greeter) *http.Server {
	srv := http.NewServer(
		http.Address(c.GetAddr()),
		http.Timeout(c.GetTimeout().AsDuration()),
		http.Logger(tel.Logger),
		http.Middleware(serverMiddleware(tel)...),
		http.OpenAPI([]byte(v1.OpenAPI)),
	)
	v1.RegisterGreeterHTTPServer(srv, greeter)
	srv.Handle("/metrics", tel.MetricsHandler)
	return srv
}
