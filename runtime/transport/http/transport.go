package http

import (
	"context"
	nethttp "net/http"
	"slices"
	"strings"

	"github.com/bia-go/bia/runtime/transport"
)

// Transporter is the transport.Transporter of HTTP requests, with what only
// HTTP has: the route template that matched and the raw request. Middleware
// reaches it with a type assertion:
//
//	if tr, ok := transport.FromServerContext(ctx); ok {
//		if ht, ok := tr.(http.Transporter); ok {
//			route := ht.PathTemplate() // "/v1/{name=shelves/*}"
//		}
//	}
type Transporter interface {
	transport.Transporter
	// PathTemplate is the template of the matched route, as registered.
	PathTemplate() string
	// Request is the HTTP request being served.
	Request() *nethttp.Request
}

// Transport is the HTTP Transporter a Server puts in the context of every
// request a route serves (transport.FromServerContext).
//
// Its request header is the request's net/http.Header and its reply header
// the ResponseWriter's, so keys are canonicalized (textproto) and what
// middleware sets on the reply header is sent with the response, before
// the body.
type Transport struct {
	endpoint     string
	operation    string
	pathTemplate string
	request      *nethttp.Request
	reqHeader    headerCarrier
	replyHeader  headerCarrier
}

var _ Transporter = (*Transport)(nil)

func (s *Server) newTransport(x *exchange, r *nethttp.Request, operation, pattern string, reply nethttp.Header) *Transport {
	x.tr = Transport{
		endpoint:     s.endpointString(),
		operation:    operation,
		pathTemplate: pattern,
		request:      r,
		reqHeader:    headerCarrier(r.Header),
		replyHeader:  headerCarrier(reply),
	}
	return &x.tr
}

// Kind returns transport.KindHTTP.
func (*Transport) Kind() transport.Kind { return transport.KindHTTP }

// Endpoint returns the server's advertised endpoint, or "" when the server
// serves without having listened itself (as a plain net/http.Handler).
func (t *Transport) Endpoint() string { return t.endpoint }

// Operation returns the full method name, "/package.Service/Method" (the
// pattern for raw handlers).
func (t *Transport) Operation() string { return t.operation }

// RequestHeader returns the request's header.
func (t *Transport) RequestHeader() transport.Header { return t.reqHeader }

// ReplyHeader returns the header sent with the response.
func (t *Transport) ReplyHeader() transport.Header { return t.replyHeader }

// PathTemplate returns the template of the matched route.
func (t *Transport) PathTemplate() string { return t.pathTemplate }

// Request returns the HTTP request.
func (t *Transport) Request() *nethttp.Request { return t.request }

// RequestFromServerContext returns the HTTP request being served, if ctx is
// the context of a request served by a Server route.
func RequestFromServerContext(ctx context.Context) (*nethttp.Request, bool) {
	tr, ok := transport.FromServerContext(ctx)
	if !ok {
		return nil, false
	}
	ht, ok := tr.(Transporter)
	if !ok {
		return nil, false
	}
	r := ht.Request()
	return r, r != nil
}

// headerCarrier adapts net/http.Header to transport.Header.
type headerCarrier nethttp.Header

// Get returns the first value of key. Keys are canonicalized in a buffer
// on the stack: propagators ask for lowercase keys ("traceparent") on
// every request, and net/http's Get would allocate their canonical form.
func (h headerCarrier) Get(key string) string {
	var buf [64]byte
	if len(key) > len(buf) {
		return nethttp.Header(h).Get(key)
	}
	b := buf[:len(key)]
	upper := true
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c == '-':
			upper = true
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
			upper = false
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case !isTokenByte(c):
			return nethttp.Header(h).Get(key) // net/http leaves such keys as they are
		default:
			upper = false
		}
		b[i] = c
	}
	if v := h[string(b)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// isTokenByte reports whether c may appear in a header name (RFC 9110's
// tchar), the bytes net/http canonicalizes around.
func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func (h headerCarrier) Set(key, value string) { nethttp.Header(h).Set(key, value) }

func (h headerCarrier) Add(key, value string) { nethttp.Header(h).Add(key, value) }

// Keys returns the keys in sorted order, so iteration is deterministic.
func (h headerCarrier) Keys() []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (h headerCarrier) Values(key string) []string { return nethttp.Header(h).Values(key) }
