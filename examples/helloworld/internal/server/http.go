package server

import (
	"log/slog"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/runtime/transport/http"
)

// NewHTTPServer returns the HTTP/JSON server of the example on addr: the
// routes come from the google.api.http annotations of greeter.proto, and
// the OpenAPI document of greeter.proto is served at /openapi.json,
// /openapi.yaml and, as a page, /docs/.
func NewHTTPServer(addr string, logger *slog.Logger, greeter *service.Greeter) *http.Server {
	srv := http.NewServer(
		http.Address(addr),
		http.Logger(logger),
		http.Middleware(serverMiddleware(logger)...),
		http.OpenAPI([]byte(v1.OpenAPI)),
	)
	v1.RegisterGreeterHTTPServer(srv, greeter)
	return srv
}
