package http

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	nethttp "net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/selector"
	"github.com/bia-go/bia/runtime/transport"
)

// Client calls the HTTP routes of a Bia server (or any server following
// the google.api.http rules), for generated clients:
//
//	client, err := http.NewClient(ctx, http.WithEndpoint("127.0.0.1:8000"))
//	greeter := pb.NewGreeterHTTPClient(client)
//	reply, err := greeter.SayHello(ctx, &pb.HelloRequest{Name: "bia"})
//
// A Client is safe for concurrent use. Create one per server and reuse
// it: it keeps connections alive between calls.
type Client struct {
	opts    clientOptions
	base    string // scheme://host[/prefix], no trailing '/'
	hc      *nethttp.Client
	own     *nethttp.Transport // the transport Close releases; nil if the caller's
	handler middleware.Handler
	// streamChain is the chain of streams, ending in opening one, built
	// when the first stream opens: most clients never stream.
	streamChain func() middleware.Handler
	plans       sync.Map // planKey → *clientPlan, for Invoke
	media       *mediaTable
	closed      atomic.Bool
	endpoint    string
	// sel picks the instance of each call of a discovery:/// endpoint
	// (nil otherwise); unfollow stops following the registry.
	sel      *selector.Selector
	unfollow context.CancelFunc
}

// NewClient returns a Client of the WithEndpoint server configured by
// opts. It does no network I/O (connections are made by calls) and fails
// only on bad options or an already-done ctx.
func NewClient(ctx context.Context, opts ...ClientOption) (*Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := clientOptions{timeout: DefaultClientTimeout, maxReplySize: DefaultMaxReplySize, contentType: mimeJSON}
	for _, opt := range opts {
		opt(&o)
	}
	if o.errorDecoder == nil {
		o.errorDecoder = DecodeError
	}
	base := o.endpoint
	if !strings.HasPrefix(o.endpoint, discoveryScheme) {
		var err error
		if base, err = parseEndpoint(o.endpoint, o.tlsConf != nil); err != nil {
			return nil, err
		}
	}
	media, err := newMediaTable(JSONCodec{ProtojsonOnly: protojsonOnlyEnv()}, o.codecs)
	if err != nil {
		return nil, fmt.Errorf("http: WithCodec: %w", err)
	}
	if _, err := media.lookup(o.contentType); err != nil {
		return nil, fmt.Errorf("http: WithContentType: %s", errorText(err))
	}
	rt, own, err := clientRoundTripper(o)
	if err != nil {
		return nil, err
	}
	sel, unfollow, err := newDiscovery(o) // last: it starts following the registry
	if err != nil {
		return nil, err
	}
	c := &Client{opts: o, base: base, own: own, endpoint: base, media: media, sel: sel, unfollow: unfollow}
	c.hc = &nethttp.Client{
		Transport: rt,
		// A redirect is answered to the caller as an error: following it
		// would turn a POST into a GET.
		CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse },
	}
	c.handler = middleware.Chain(o.middleware...)(c.send)
	c.streamChain = sync.OnceValue(func() middleware.Handler { return middleware.Chain(o.middleware...)(c.openStream) })
	return c, nil
}

// Close releases the idle connections of the transport the client made
// (not those of a WithTransport RoundTripper, which its owner manages).
// Calls in flight finish; later calls fail with 499 CLIENT_CLOSED, whose
// cause is net.ErrClosed. Close is idempotent and returns nil.
func (c *Client) Close() error {
	c.closed.Store(true)
	if c.unfollow != nil {
		c.unfollow()
	}
	if c.own != nil {
		c.own.CloseIdleConnections()
	}
	return nil
}

// Invoke calls the route r describes with the request in and decodes the
// reply into out, a new message. Generated clients call it:
//
//	out := new(HelloReply)
//	err := c.cc.Invoke(ctx, _Greeter_SayHello0_HTTPRule, in, out, opts...)
//
// The request is built from r with the rules the server reads (see the
// package documentation): path variables (by proto or JSON name, nested
// ones included) are read from in and escaped, a single-segment value
// whole ('/' becomes %2F), a multi-segment value segment by segment; a
// path variable that is empty or does not match its pattern fails the
// call before sending. The fields that neither the path nor the body
// carries go to the query (unless the body is "*"), keyed by proto name,
// as package github.com/bia-go/bia/runtime/encoding/form writes them. The
// body is encoded with the call's content type (proto3 JSON by default);
// rules without a body send no body and no Content-Type. in is never
// modified.
//
// A 2xx reply is decoded by its Content-Type (see ContentType and Accept)
// into out, or into its response_body field; a google.api.HttpBody reply
// or response_body field receives the raw bytes and content type. Any
// other status fails the call with the error WithErrorDecoder gives
// (DecodeError by default: the server's code, reason, message and
// metadata).
//
// The error is always a *errors.Error:
//   - the server's error for a reply outside 2xx;
//   - 400 INVALID_ARGUMENT when in cannot be written into a request (an
//     empty path variable, a field no query can carry, an unknown content
//     type), before sending;
//   - 499 CLIENT_CLOSED or 504 GATEWAY_TIMEOUT when the context ends
//     (WithTimeout included), the context error being its cause;
//   - 503 UNAVAILABLE when the request cannot be sent or the reply read;
//   - 500 INTERNAL when r does not fit the message types, or the reply
//     cannot be decoded (or is over WithMaxReplySize);
//   - what errors.FromError makes of an error a middleware returns.
//
// The middleware (WithMiddleware) runs around the call with the request
// in; the reply it returns is ignored: out is filled in place, as gRPC
// does.
func (c *Client) Invoke(ctx context.Context, r Rule, in, out proto.Message, opts ...CallOption) error {
	if in == nil || out == nil {
		return errors.InternalServer(errors.ReasonInternal, fmt.Sprintf("http: operation %s: Invoke with a nil message", r.Operation))
	}
	return c.call(ctx, c.plan(r, in.ProtoReflect().Descriptor(), out.ProtoReflect().Descriptor()), in, out, opts)
}

// planKey names a plan in a Client's cache.
type planKey struct {
	rule    Rule
	in, out protoreflect.FullName
}

// plan returns the cached plan of r for these message types, compiling it
// on first use. Types that share names with a cached plan's but are other
// descriptors (dynamic messages built twice) get a fresh, uncached plan.
func (c *Client) plan(r Rule, in, out protoreflect.MessageDescriptor) *clientPlan {
	key := planKey{rule: r, in: in.FullName(), out: out.FullName()}
	if v, ok := c.plans.Load(key); ok {
		if p := v.(*clientPlan); p.plan == nil || p.plan.Input == in && p.plan.Output == out {
			return p
		}
		return newClientPlan(r, in, out)
	}
	p := newClientPlan(r, in, out)
	c.plans.LoadOrStore(key, p)
	return p
}

// call makes one call with a compiled plan: the rest of Invoke, and all of
// a UnaryClient call.
func (c *Client) call(ctx context.Context, p *clientPlan, in, out proto.Message, opts []CallOption) error {
	call, co, err := c.newCall(p, opts, "")
	if err != nil {
		return err
	}
	call.out = out
	if c.opts.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.timeout)
		defer cancel()
	}
	ctx = transport.NewClientContext(context.WithValue(ctx, clientCallKey{}, call), call.tr)
	_, err = c.handler(ctx, in)
	if co.replyHeader != nil && call.replied.Load() {
		*co.replyHeader = call.tr.replyHeader.Clone()
	}
	if err != nil {
		return errors.FromError(err)
	}
	return nil
}

// newCall checks that a call through p can be made, applies opts and
// returns the call with its Transporter: its request header holds the
// user agent, the Accept header (the CallOption's, else accept, else the
// request's media type when replies can have it, else JSON) and the
// CallOption's headers.
func (c *Client) newCall(p *clientPlan, opts []CallOption, accept string) (*clientCall, *callOptions, error) {
	if c.closed.Load() {
		return nil, nil, errors.ClientClosed(errors.ReasonClientClosed, "http: the client is closed").WithCause(net.ErrClosed)
	}
	r := p.rule
	if p.err != nil {
		return nil, nil, errors.InternalServer(errors.ReasonInternal, p.err.Error()).WithCause(p.err)
	}
	co := &callOptions{contentType: c.opts.contentType}
	for _, o := range opts {
		if o != nil {
			o.applyCall(co)
		}
	}
	// An empty type means JSON to a server reading a request; in a call
	// option it is a mistake.
	md, err := c.media.lookup(co.contentType)
	if co.contentType == "" {
		md, err = nil, fmt.Errorf("empty content type")
	}
	if err != nil {
		return nil, nil, badRequest("http: operation %s: %s", r.Operation, errorText(err)).WithCause(err)
	}
	tr := &clientTransport{
		endpoint:    c.endpoint,
		operation:   r.Operation,
		template:    r.Pattern,
		reqHeader:   nethttp.Header{},
		replyHeader: nethttp.Header{},
	}
	if c.opts.userAgent != "" {
		tr.reqHeader.Set("User-Agent", c.opts.userAgent)
	}
	switch {
	case co.accept != "":
		tr.reqHeader.Set("Accept", co.accept)
	case accept != "":
		tr.reqHeader.Set("Accept", accept)
	case md.reply:
		tr.reqHeader.Set("Accept", md.mediaType)
	default: // a form is a request encoding only
		tr.reqHeader.Set("Accept", mimeJSON)
	}
	for k, vs := range co.header {
		tr.reqHeader[k] = append(tr.reqHeader[k], vs...)
	}
	return &clientCall{plan: p, medium: md, tr: tr}, co, nil
}

// errorText is the message of err, without the fields an *errors.Error
// adds to its Error text.
func errorText(err error) string {
	if e, ok := err.(*errors.Error); ok {
		return e.Message
	}
	return err.Error()
}

// clientCall is what the end of the middleware chain needs to make the
// call.
type clientCall struct {
	plan    *clientPlan
	out     proto.Message
	medium  *medium // the request body's encoding
	tr      *clientTransport
	replied atomic.Bool
}

type clientCallKey struct{}

// send is the final handler of the middleware chain: it builds the
// request from req, sends it with the Transporter's request header, fills
// the Transporter's reply header and decodes the reply into the call's
// out.
func (c *Client) send(ctx context.Context, req any) (_ any, err error) {
	call, ok := ctx.Value(clientCallKey{}).(*clientCall)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal, "http: a middleware called the next handler with a context not derived from the call's")
	}
	p := call.plan
	want := p.plan.Input.FullName()
	in, ok := req.(proto.Message)
	if !ok || in == nil || in.ProtoReflect().Descriptor().FullName() != want {
		return nil, errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: a middleware replaced the %s request with a %T", p.rule.Operation, want, req))
	}
	base, picked, err := c.pick(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { picked.Done(err) }()
	resp, err := c.roundTrip(ctx, call, in, base)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := readReply(resp.Body, c.opts.maxReplySize)
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, errReplyTooLarge) {
			return nil, errors.InternalServer(errors.ReasonInternal, fmt.Sprintf("http: operation %s: %v", p.rule.Operation, err)).WithCause(err)
		}
		return nil, ioError(ctx, p.rule, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if e := c.opts.errorDecoder(resp, body); e != nil {
			return nil, e
		}
	}
	tgt := bodyTarget{field: p.plan.ResponseField}
	if err := c.media.decode(resp.Header.Get("Content-Type"), body, call.out.ProtoReflect(), &tgt); err != nil {
		return nil, errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: cannot decode the reply: %s", p.rule.Operation, errorText(err))).WithCause(err)
	}
	return call.out, nil
}

// roundTrip sends the request of the call for in and returns the reply,
// whose headers it copies to the Transporter.
func (c *Client) roundTrip(ctx context.Context, call *clientCall, in proto.Message, base string) (*nethttp.Response, error) {
	hreq, err := c.newRequest(ctx, call, in, base)
	if err != nil {
		return nil, err
	}
	call.tr.request.Store(hreq)
	resp, err := c.hc.Do(hreq)
	if err != nil {
		return nil, ioError(ctx, call.plan.rule, err)
	}
	clear(call.tr.replyHeader)
	maps.Copy(call.tr.replyHeader, resp.Header)
	call.replied.Store(true)
	return resp, nil
}

// newRequest builds the HTTP request of the call for in, to the server
// at base.
func (c *Client) newRequest(ctx context.Context, call *clientCall, in proto.Message, base string) (*nethttp.Request, error) {
	p, m := call.plan, in.ProtoReflect()
	target, err := p.target(m)
	if err != nil {
		return nil, badRequest("http: operation %s: %v", p.rule.Operation, err).WithCause(err)
	}
	data, contentType, hasBody, err := p.body(c.media, call.medium, m)
	if err != nil {
		return nil, badRequest("http: operation %s: cannot encode the request body: %v", p.rule.Operation, err).WithCause(err)
	}
	var body io.Reader
	if hasBody {
		body = bytes.NewReader(data)
	}
	hreq, err := nethttp.NewRequestWithContext(ctx, p.rule.Method, base+target, body)
	if err != nil {
		return nil, errors.InternalServer(errors.ReasonInternal, fmt.Sprintf("http: operation %s: %v", p.rule.Operation, err)).WithCause(err)
	}
	hreq.Header = call.tr.reqHeader.Clone()
	if contentType != "" {
		hreq.Header.Set("Content-Type", contentType)
	}
	if deadline, ok := ctx.Deadline(); ok {
		left := time.Until(deadline)
		if left <= 0 {
			return nil, errors.FromError(context.DeadlineExceeded)
		}
		hreq.Header.Set(TimeoutHeader, encodeTimeout(left))
	}
	return hreq, nil
}

var errReplyTooLarge = fmt.Errorf("reply body too large")

// readReply reads a reply body of at most limit bytes (no limit when
// limit <= 0).
func readReply(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		return io.ReadAll(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes (WithMaxReplySize)", errReplyTooLarge, limit)
	}
	return b, nil
}

// ioError is the error of a request that could not be sent or a reply
// that could not be read: the context's when it ended, else 503.
func ioError(ctx context.Context, r Rule, err error) *errors.Error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return errors.FromError(ctxErr)
	}
	return errors.ServiceUnavailable(errors.ReasonUnavailable, fmt.Sprintf("http: operation %s: %v", r.Operation, err)).WithCause(err)
}
