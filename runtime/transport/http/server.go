package http

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bia-go/bia/internal/httprule"
	"github.com/bia-go/bia/runtime/encoding/form"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http/internal/h1guard"
)

// Server is an HTTP server managed by a Bia app: it implements
// transport.Server, transport.Endpointer and net/http.Handler. Generated
// code registers routes on it with HandleUnary:
//
//	srv := http.NewServer(http.Address(":8000"))
//	pb.RegisterGreeterHTTPServer(srv, greeter)
//
// Register routes before Start; registering after Start panics. A Server
// used directly as a net/http.Handler (httptest) must likewise have all its
// routes before it serves. A Server serves once: after Stop it cannot be
// started again.
type Server struct {
	opts   serverOptions
	router router
	bufs   buffers
	media  *mediaTable
	// formOpts are added to every query, path and form Decoder: none, or
	// IgnoreGenerated under ProtojsonOnly.
	formOpts []form.DecoderOption
	handler  nethttp.Handler // filters around dispatch; nil without filters
	srv      *nethttp.Server

	mu       sync.Mutex
	lis      net.Listener
	endpoint *url.URL
	started  bool
	stopped  bool
	// endpointStr is endpoint.String() once bound, read per request.
	endpointStr atomic.Pointer[string]
	// streams ends the streams when Stop begins; webSockets counts the
	// WebSocket handlers, which net/http stops tracking at the upgrade.
	streams    context.Context
	endStreams context.CancelFunc
	webSockets handlerCount
}

var (
	_ transport.Server     = (*Server)(nil)
	_ transport.Endpointer = (*Server)(nil)
	_ nethttp.Handler      = (*Server)(nil)
)

// NewServer returns a Server configured by opts. It does not listen yet:
// Endpoint or Start do.
func NewServer(opts ...ServerOption) *Server {
	o := serverOptions{
		network:           "tcp",
		address:           ":0",
		readHeaderTimeout: DefaultReadHeaderTimeout,
		idleTimeout:       DefaultIdleTimeout,
		maxBodySize:       DefaultMaxBodySize,
		bodyTimeout:       DefaultBodyReadTimeout,
		bodyMinRate:       DefaultBodyMinRate,
		emitUnpopulated:   true,
		streamKeepAlive:   DefaultStreamKeepAlive,
		streamWrite:       DefaultStreamWriteTimeout,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.mapper == nil {
		o.mapper = errors.StandardCodes()
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	s := &Server{opts: o}
	s.streams, s.endStreams = context.WithCancel(context.Background())
	protojsonOnly := o.protojsonOnly || protojsonOnlyEnv()
	if protojsonOnly {
		// No generated code at all: the query and path binders too.
		s.formOpts = []form.DecoderOption{form.IgnoreGenerated()}
	}
	media, err := newMediaTable(JSONCodec{
		EmitUnpopulated:     o.emitUnpopulated,
		UseProtoNames:       o.useProtoNames,
		RejectUnknownFields: o.rejectUnknown,
		ProtojsonOnly:       protojsonOnly,
	}, o.codecs)
	if err != nil {
		panic(err.Error())
	}
	s.media = media
	if len(o.filters) > 0 {
		// Filters may wrap the ResponseWriter, so dispatch starts a new
		// exchange behind them.
		var h nethttp.Handler = nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
			s.dispatch(w, r, &exchange{})
		})
		for i := len(o.filters) - 1; i >= 0; i-- {
			h = o.filters[i](h)
		}
		s.handler = h
	}
	s.srv = &nethttp.Server{
		Handler:           nethttp.HandlerFunc(s.ServeHTTP),
		ReadHeaderTimeout: o.readHeaderTimeout,
		ReadTimeout:       o.readTimeout,
		WriteTimeout:      o.writeTimeout,
		IdleTimeout:       o.idleTimeout,
		ErrorLog:          slog.NewLogLogger(o.logger.Handler(), slog.LevelWarn),
	}
	if o.tlsConf != nil {
		s.srv.TLSConfig = o.tlsConf.Clone()
	}
	if o.openapiDoc != nil {
		s.mountOpenAPI(o.openapiDoc, o.openapiOpts)
	}
	return s
}

// Handle registers a raw handler for requests of every method whose path
// matches the google.api.http template pattern, as Kratos's Server.Handle
// does: srv.Handle("/metrics", promhttp.Handler()). It is
// HandleMethod("", pattern, h).
func (s *Server) Handle(pattern string, h nethttp.Handler) { s.HandleMethod("", pattern, h) }

// HandleFunc is Handle for a handler function.
func (s *Server) HandleFunc(pattern string, f func(nethttp.ResponseWriter, *nethttp.Request)) {
	if f == nil {
		s.HandleMethod("", pattern, nil)
		return
	}
	s.HandleMethod("", pattern, nethttp.HandlerFunc(f))
}

// HandleMethod registers a raw handler for requests of method (as written,
// e.g. "GET"; "" for every method) whose path matches the google.api.http
// template pattern. It shares the route table with HandleUnary: conflicts
// panic the same way. The handler reads path variables with
// Request.PathValue, keyed by the variable's field path as written
// ("name", "book.id"), percent-decoded like HandleUnary's. Middleware does
// not run around raw handlers; the request context holds a Transporter
// whose Operation and PathTemplate are the pattern.
//
// It panics if pattern is not a valid template, h is nil, the route
// conflicts with a registered one, or the server has started.
func (s *Server) HandleMethod(method, pattern string, h nethttp.Handler) {
	if h == nil {
		panic(fmt.Sprintf("http: nil handler for %s %s", method, pattern))
	}
	if method != "" {
		if err := httprule.CheckMethod(method); err != nil {
			panic(fmt.Sprintf("http: %s %s: %v", method, pattern, err))
		}
	}
	tmpl := mustParse(pattern, "")
	names := make([]string, len(tmpl.Variables))
	multi := make([]bool, len(tmpl.Variables))
	for i, v := range tmpl.Variables {
		names[i], multi[i] = v.Path(), tmpl.MultiSegment(i)
	}
	rt := &route{method: method, pattern: pattern, tmpl: tmpl}
	rt.serve = func(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, raw []string) {
		for i, v := range raw {
			val, err := decodeVar(v, multi[i])
			if err != nil {
				s.writeError(w, r, "", badRequest("path variable {%s}: invalid percent-encoding in %q", names[i], v))
				return
			}
			r.SetPathValue(names[i], val)
		}
		tr := s.newTransport(x, r, pattern, pattern, w.Header())
		h.ServeHTTP(w, r.WithContext(transport.NewServerContext(r.Context(), tr)))
	}
	s.register(rt)
}

// HandlePrefix registers a raw handler for every request whose raw path
// starts with prefix, such as "/debug/pprof/". Routes have priority: a
// request goes to the handler of the longest matching prefix only when no
// route matches both its path and method (the net/http ServeMux rule). It
// panics if prefix does not start with '/', is registered twice, h is nil,
// or the server has started.
func (s *Server) HandlePrefix(prefix string, h nethttp.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checkOpenLocked(prefix)
	s.router.addPrefix(prefix, h)
}

func (s *Server) register(rt *route) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checkOpenLocked(rt.pattern)
	s.router.add(rt)
}

func (s *Server) checkOpenLocked(what string) {
	if s.started {
		panic(fmt.Sprintf("http: %s registered after the server started", what))
	}
}

// mustParse parses a template, panicking with the operation in the message.
func mustParse(pattern, operation string) *httprule.Template {
	tmpl, err := httprule.Parse(pattern)
	if err != nil {
		if operation != "" {
			panic(fmt.Sprintf("http: operation %s: %v", operation, err))
		}
		panic(fmt.Sprintf("http: %v", err))
	}
	return tmpl
}

// ServeHTTP serves one request: filters, then routing. A panic that no
// middleware recovered is logged and answered 500 INTERNAL (when nothing
// was written yet; otherwise the response is aborted); the server goes on.
func (s *Server) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {
	if r.ContentLength != 0 && r.ProtoMajor == 1 && h1guard.Smuggled(r.Header) {
		s.refuseSmuggled(w, r)
		return
	}
	x := &exchange{gw: guardWriter{ResponseWriter: w}}
	defer s.recoverPanic(&x.gw, r)
	if s.handler != nil {
		s.handler.ServeHTTP(&x.gw, r)
		return
	}
	s.dispatch(&x.gw, r, x)
}

// refuseSmuggled answers a request that had both Content-Length and
// Transfer-Encoding (RFC 9112 §6.3): 400, and the connection is closed
// without reading the body, so none of its bytes is ever served as another
// request.
func (s *Server) refuseSmuggled(w nethttp.ResponseWriter, r *nethttp.Request) {
	w.Header().Set("Connection", "close")
	s.writeError(w, r, "", badRequest("the request has both Content-Length and Transfer-Encoding (RFC 9112 §6.3)"))
}

// exchange is the state of one request, allocated once in ServeHTTP: the
// panic guard around the ResponseWriter, the transporter, and room for the
// captured path values of most routes. It is never reused, so handlers and
// middleware may keep what they get from it.
type exchange struct {
	gw   guardWriter
	tr   Transport
	rh   replyHeaders
	vals [inlineVars]string
}

// inlineVars is how many path values an exchange holds without another
// allocation.
const inlineVars = 4

func (s *Server) recoverPanic(w *guardWriter, r *nethttp.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == nethttp.ErrAbortHandler {
		panic(v)
	}
	s.opts.logger.ErrorContext(r.Context(), "http: handler panicked",
		"method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
	if w.wrote {
		// Part of a response is out; abort the connection so the client
		// cannot take it for a complete one.
		panic(nethttp.ErrAbortHandler)
	}
	s.writeError(w, r, "", errors.InternalServer(errors.ReasonInternal, "internal server error"))
}

// dispatch routes a request; x is its exchange.
func (s *Server) dispatch(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange) {
	path := r.URL.EscapedPath()
	if path == "" || path[0] != '/' {
		s.writeError(w, r, "", errors.NotFound(errors.ReasonNotFound, fmt.Sprintf("no route for path %q", path)))
		return
	}
	var buf [stackSegments]int32
	sg := splitPath(path, &buf)
	if rt, end := s.router.find(r.Method, sg); rt != nil {
		rt.serve(w, r, x, rt.values(x.vals[:0], path[:end], sg.start))
		return
	}
	if h := s.router.prefix(path); h != nil {
		h.ServeHTTP(w, r)
		return
	}
	methods := s.router.allowed(path)
	if methods == nil {
		s.writeError(w, r, "", errors.NotFound(errors.ReasonNotFound, fmt.Sprintf("no route for path %q", path)))
		return
	}
	w.Header().Set("Allow", joinMethods(methods))
	if r.Method == nethttp.MethodOptions {
		w.WriteHeader(nethttp.StatusNoContent)
		return
	}
	s.writeError(w, r, "", errors.New(nethttp.StatusMethodNotAllowed, errors.ReasonMethodNotAllowed,
		fmt.Sprintf("method %s not allowed for path %q; allowed: %s", r.Method, path, joinMethods(methods))))
}

func joinMethods(m []string) string { return strings.Join(m, ", ") }

// Start binds the listener (see Endpoint) if needed and serves until Stop,
// then returns nil. The values of ctx (such as the app's info) are visible
// to every handler through the request context; its cancellation is not:
// Stop ends the server. It returns an error if binding or serving fails.
// Start after Stop returns nil at once.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	err := s.listenLocked()
	s.started = true
	lis := s.lis
	base := context.WithoutCancel(ctx)
	s.srv.BaseContext = func(net.Listener) context.Context { return base }
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if s.opts.tlsConf != nil {
		err = s.srv.ServeTLS(lis, "", "")
	} else {
		// Plaintext HTTP/1.x is what a proxy in front of us speaks: mark
		// requests with both Content-Length and Transfer-Encoding, which
		// ServeHTTP refuses.
		err = s.srv.Serve(h1guard.Listen(lis))
	}
	if errors.Is(err, nethttp.ErrServerClosed) {
		return nil
	}
	return err
}

// Stop stops accepting connections, closes idle ones and waits for
// in-flight requests to finish. Streams are asked to end at once: their
// handlers' contexts are cancelled, and their clients get 503 UNAVAILABLE
// (an error frame, a WebSocket close 4503) after the messages already
// sent; Stop waits for their handlers too. If ctx ends first, it closes
// every connection, cancelling the requests left, and returns ctx.Err(). Stop may
// be called before Start; a later Start then returns nil at once.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	// Streams would hold Shutdown until ctx ends: they end now, with 503
	// UNAVAILABLE, so their clients go elsewhere.
	s.endStreams()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		_ = s.srv.Close()
	}
	if werr := s.webSockets.wait(ctx); err == nil {
		err = werr
	}
	s.mu.Lock()
	if s.lis != nil {
		// Serve closes the listener it served; this closes one bound by
		// Endpoint but never served. A second Close is harmless.
		_ = s.lis.Close()
	}
	s.mu.Unlock()
	return err
}

func (s *Server) endpointString() string {
	if p := s.endpointStr.Load(); p != nil {
		return *p
	}
	return ""
}

// guardWriter records whether a response was started, for recoverPanic.
// It keeps Unwrap so net/http.ResponseController reaches the connection.
type guardWriter struct {
	nethttp.ResponseWriter
	wrote bool
}

func (w *guardWriter) WriteHeader(code int) {
	if code >= 200 {
		w.wrote = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *guardWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Flush sends buffered data to the client, if the underlying writer can.
func (w *guardWriter) Flush() {
	w.wrote = true
	_ = nethttp.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the wrapped ResponseWriter.
func (w *guardWriter) Unwrap() nethttp.ResponseWriter { return w.ResponseWriter }
