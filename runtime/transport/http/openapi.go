package http

import (
	"fmt"
	nethttp "net/http"
	"strings"

	"github.com/bia-go/bia/runtime/openapi"
)

// mountOpenAPI registers the routes of the OpenAPI option.
func (s *Server) mountOpenAPI(doc []byte, opts []openapi.Option) {
	h, err := openapi.New(doc, opts...)
	if err != nil {
		panic(fmt.Sprintf("http: OpenAPI: %v", err))
	}
	s.HandleMethod(nethttp.MethodGet, "/openapi.json", h.JSON())
	s.HandleMethod(nethttp.MethodGet, "/openapi.yaml", h.YAML())
	s.HandlePrefix(h.Prefix(), h.Page())
	if bare := strings.TrimSuffix(h.Prefix(), "/"); bare != "" {
		s.HandleMethod(nethttp.MethodGet, bare, nethttp.RedirectHandler(h.Prefix(), nethttp.StatusMovedPermanently))
	}
}
