package openapi

import (
	_ "embed"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed page.html
var page string

// DefaultPrefix is where the page is served unless WithPrefix says
// otherwise.
const DefaultPrefix = "/docs/"

// Option configures Handler.
type Option func(*options)

type options struct {
	prefix string
	ui     fs.FS
}

// WithPrefix sets the path the page is served under; it must start and
// end with '/'. The default is DefaultPrefix, "/docs/".
func WithPrefix(prefix string) Option {
	return func(o *options) { o.prefix = prefix }
}

// WithUI serves the files of dir under the prefix instead of the built-in
// page: a Swagger UI (or any other) distribution you ship with the
// service, pointed at /openapi.json. The default is the built-in page.
func WithUI(dir fs.FS) Option {
	return func(o *options) { o.ui = dir }
}

// Handler serves an OpenAPI document and a page to read it and try its
// operations:
//
//   - GET /openapi.json and GET /openapi.yaml: the document in either
//     encoding, whichever it was given in (keys in the same order);
//   - GET <prefix> (default /docs/): the built-in page, which lists the
//     operations by tag with their parameters, bodies, responses and error
//     reasons, and sends a request of each from the browser. It loads
//     nothing but /openapi.json: no asset of another origin.
type Handler struct {
	json, yaml []byte
	prefix     string
	page       http.Handler
}

// New returns the Handler of doc, an OpenAPI document in JSON or YAML (the
// file protoc-gen-openapi writes, embedded with go:embed). It fails when
// doc is not a JSON or YAML object, or the prefix is malformed.
func New(doc []byte, opts ...Option) (*Handler, error) {
	o := options{prefix: DefaultPrefix}
	for _, opt := range opts {
		opt(&o)
	}
	if !strings.HasPrefix(o.prefix, "/") || !strings.HasSuffix(o.prefix, "/") {
		return nil, fmt.Errorf("openapi: prefix %q must start and end with '/'", o.prefix)
	}
	j, y, err := documents(doc)
	if err != nil {
		return nil, err
	}
	h := &Handler{json: j, yaml: y, prefix: o.prefix}
	if o.ui != nil {
		h.page = http.StripPrefix(o.prefix, http.FileServerFS(o.ui))
	} else {
		body := []byte(strings.ReplaceAll(page, "OPENAPI_JSON", "/openapi.json"))
		h.page = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != o.prefix && r.URL.Path != o.prefix+"index.html" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
			_, _ = w.Write(body)
		})
	}
	return h, nil
}

// Prefix returns the path the page is served under.
func (h *Handler) Prefix() string { return h.prefix }

// JSON serves the document as JSON.
func (h *Handler) JSON() http.Handler { return document(h.json, "application/json") }

// YAML serves the document as YAML.
func (h *Handler) YAML() http.Handler { return document(h.yaml, "application/yaml") }

// Page serves the page (or the WithUI files) under the prefix.
func (h *Handler) Page() http.Handler { return h.page }

// ServeHTTP serves the three on one handler, for mounting on a mux.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/openapi.json":
		h.JSON().ServeHTTP(w, r)
	case r.URL.Path == "/openapi.yaml":
		h.YAML().ServeHTTP(w, r)
	case strings.HasPrefix(r.URL.Path, h.prefix):
		h.page.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

func document(b []byte, contentType string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(b)
	})
}
