package http

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	nethttp "net/http"
	"strings"
	"sync"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// ServerStreamClient calls one server-streaming RPC method through one
// rule, typed, as UnaryClient calls a unary one. Generated clients hold
// one per method:
//
//	stream, err := c.callWatchShelf.Call(ctx, req, opts...)
//	for {
//		ev, err := stream.Recv() // io.EOF at the end of the stream
//		...
//	}
//
// A ServerStreamClient is safe for concurrent use; each stream is not.
type ServerStreamClient[Req, Res any] struct {
	c    *Client
	plan *clientPlan
}

// NewServerStreamClient returns the client of rule r for the message
// types Req and Res, calling through c. Like NewUnaryClient it never
// fails: a rule that does not fit makes every call fail.
func NewServerStreamClient[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](c *Client, r Rule) *ServerStreamClient[Req, Res] {
	in := PReq(new(Req)).ProtoReflect().Descriptor()
	out := PRes(new(Res)).ProtoReflect().Descriptor()
	return &ServerStreamClient[Req, Res]{c: c, plan: newClientPlan(r, in, out)}
}

// Call sends in, built as a unary call's request, and returns the stream
// of replies: newline-delimited JSON (Accept: application/x-ndjson,
// unless a CallOption asks for text/event-stream). The middleware chain
// runs once, around opening the stream, with a middleware.Stream in the
// context whose OnSend hooks see in and OnReceive hooks every message.
// A reply that is not 2xx fails the call with its error; a failure in
// the middle of the stream is the error of Recv, an *errors.Error, after
// the messages sent before it; Recv returns io.EOF at the clean end. The
// client's Timeout does not apply: the stream lasts as long as ctx, and
// cancelling ctx (or reading to the end) releases its connection.
func (u *ServerStreamClient[Req, Res]) Call(ctx context.Context, in *Req, opts ...CallOption) (gogrpc.ServerStreamingClient[Res], error) {
	if u.c == nil || in == nil {
		return nil, errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: a call with a nil client or request", u.plan.rule.Operation))
	}
	st, err := u.c.openServerStream(ctx, u.plan, any(in).(proto.Message), opts)
	if err != nil {
		return nil, err
	}
	return typedClientStream[Res]{st}, nil
}

// typedClientStream is a clientStream as the grpc.ServerStreamingClient
// of a reply type.
type typedClientStream[Res any] struct{ *clientStream }

func (t typedClientStream[Res]) Recv() (*Res, error) {
	m := new(Res)
	if err := t.RecvMsg(m); err != nil {
		return nil, err
	}
	return m, nil
}

// streamCall is what the end of the middleware chain needs to open a
// stream.
type streamCall struct {
	*clientCall
	in proto.Message // the request of a server stream
	ws bool          // a WebSocket stream, dialled with its first message
}

type streamCallKey struct{}

// openServerStream runs the middleware chain around opening a stream.
func (c *Client) openServerStream(ctx context.Context, p *clientPlan, in proto.Message, opts []CallOption) (*clientStream, error) {
	call, _, err := c.newCall(p, opts, mimeNDJSON)
	if err != nil {
		return nil, err
	}
	ctx, _ = middleware.NewStream(ctx, false, true)
	ctx = transport.NewClientContext(context.WithValue(ctx, streamCallKey{}, &streamCall{clientCall: call, in: in}), call.tr)
	out, err := c.streamChain()(ctx, nil)
	if err != nil {
		return nil, errors.FromError(err)
	}
	st, ok := out.(*clientStream)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal, "http: a middleware returned no stream from opening one")
	}
	return st, nil
}

// openStream is the final handler of the stream chain: it runs the OnSend
// hooks on the request, sends it, and returns the stream of the reply.
func (c *Client) openStream(ctx context.Context, _ any) (any, error) {
	call, ok := ctx.Value(streamCallKey{}).(*streamCall)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal, "http: a middleware called the next handler with a context not derived from the call's")
	}
	hooks, _ := middleware.StreamFromContext(ctx)
	if call.ws {
		return &wsClientStream{c: c, ctx: ctx, call: call.clientCall, hooks: hooks, opened: make(chan struct{})}, nil
	}
	if err := hooks.Sending(ctx, call.in); err != nil {
		return nil, err
	}
	p := call.plan
	// A stream is balanced when it opens: the instance's latency is how
	// long it took to answer.
	base, picked, err := c.pick(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := c.roundTrip(ctx, call.clientCall, call.in, base)
	picked.Done(err)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer func() { _ = resp.Body.Close() }()
		body, err := readReply(resp.Body, c.opts.maxReplySize)
		if err != nil {
			return nil, ioError(ctx, p.rule, err)
		}
		if e := c.opts.errorDecoder(resp, body); e != nil {
			return nil, e
		}
		return nil, errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: the stream was answered with %s", p.rule.Operation, resp.Status))
	}
	st := &clientStream{c: c, ctx: ctx, plan: p, resp: resp, hooks: hooks}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case p.rawReply():
		st.raw = true
	case mt == mimeSSE || mt == mimeNDJSON:
		limit := int(c.opts.maxReplySize)
		if limit <= 0 {
			limit = DefaultMaxReplySize
		}
		st.frames = &frameReader{r: bufio.NewReader(resp.Body), framing: ndjson, limit: limit,
			errorField: hasErrorField(p.replyMessage())}
		if mt == mimeSSE {
			st.frames.framing = sse
		}
	default:
		_ = resp.Body.Close()
		return nil, errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: the stream came as %q, not a stream media type", p.rule.Operation, resp.Header.Get("Content-Type")))
	}
	return st, nil
}

// hasErrorField reports whether md has a field whose JSON or proto name
// is "error".
func hasErrorField(md protoreflect.MessageDescriptor) bool {
	if md == nil {
		return false
	}
	return md.Fields().ByJSONName("error") != nil || md.Fields().ByName("error") != nil
}

// clientStream is the grpc.ClientStream of a server stream over HTTP.
type clientStream struct {
	c      *Client
	ctx    context.Context
	plan   *clientPlan
	resp   *nethttp.Response
	hooks  *middleware.Stream
	frames *frameReader // nil for raw bytes
	raw    bool         // a stream of google.api.HttpBody: the body's bytes
	err    error        // the end of the stream, returned from then on
	once   sync.Once
}

// RecvMsg reads the next message into m; at the end of the stream it
// returns io.EOF, or the error the stream ended with.
func (s *clientStream) RecvMsg(m any) error {
	if s.err != nil {
		return s.err
	}
	msg, ok := m.(proto.Message)
	if !ok {
		return errors.InternalServer(errors.ReasonInternal, fmt.Sprintf("http: receiving into a %T", m))
	}
	if s.raw {
		return s.recvRaw(msg)
	}
	kind, data, err := s.frames.next()
	switch {
	case err == errFrameTooLarge:
		return s.end(errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: %v: over %d bytes (WithMaxReplySize)", s.plan.rule.Operation, err, s.frames.limit)).WithCause(err))
	case err != nil:
		return s.end(ioError(s.ctx, s.plan.rule, err))
	case kind == frameEnd:
		return s.end(io.EOF)
	case kind == frameError:
		return s.end(s.frameError(data))
	}
	proto.Reset(msg)
	tgt := bodyTarget{field: s.plan.plan.ResponseField}
	if err := s.c.media.decode(mimeJSON, data, msg.ProtoReflect(), &tgt); err != nil {
		return s.end(errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: cannot decode a message of the stream: %s", s.plan.rule.Operation, errorText(err))).WithCause(err))
	}
	return s.received(msg)
}

// rawChunk is the most a google.api.HttpBody message of a raw stream
// holds.
const rawChunk = 32 << 10

func (s *clientStream) recvRaw(msg proto.Message) error {
	buf := make([]byte, rawChunk)
	n, err := s.resp.Body.Read(buf)
	if n > 0 {
		target := msg.ProtoReflect()
		proto.Reset(msg)
		if fd := s.plan.plan.ResponseField; fd != nil {
			target = target.Mutable(fd).Message()
		}
		setHTTPBody(target, s.resp.Header.Get("Content-Type"), buf[:n])
		return s.received(msg)
	}
	if err == io.EOF {
		return s.end(io.EOF)
	}
	if err == nil {
		return s.recvRaw(msg)
	}
	return s.end(ioError(s.ctx, s.plan.rule, err))
}

func (s *clientStream) received(msg proto.Message) error {
	if err := s.hooks.Received(s.ctx, msg); err != nil {
		return s.end(err)
	}
	return nil
}

// end ends the stream with err and releases the connection.
func (s *clientStream) end(err error) error {
	s.err = err
	s.once.Do(func() { _ = s.resp.Body.Close() })
	return err
}

// frameError decodes the error body of an error frame with the client's
// error decoder, as if it were a reply of the error's HTTP status.
func (s *clientStream) frameError(body []byte) error {
	return decodeFrameError(s.c, s.plan, s.resp.Header, body)
}

// decodeFrameError decodes the error body of the last frame of a failed
// stream with the client's error decoder, as a reply of the error's HTTP
// status: the body's code in Bia's format, the HTTP code of its gRPC code
// in google.rpc.Status.
func decodeFrameError(c *Client, p *clientPlan, header nethttp.Header, body []byte) *errors.Error {
	var head struct {
		Code   int             `json:"code"`
		Reason json.RawMessage `json:"reason"`
	}
	_ = json.Unmarshal(body, &head)
	code := head.Code
	if head.Reason == nil { // google.rpc.Status: a gRPC code
		code = errors.StandardCodes().HTTPCode(codes.Code(head.Code))
	}
	if code < 400 || code > 599 {
		code = nethttp.StatusInternalServerError
	}
	if e := c.opts.errorDecoder(&nethttp.Response{StatusCode: code, Header: header}, body); e != nil {
		return e
	}
	return errors.InternalServer(errors.ReasonInternal, fmt.Sprintf("http: operation %s: the stream failed", p.rule.Operation))
}

// Header returns the reply headers, as gRPC metadata (lower-case keys).
func (s *clientStream) Header() (metadata.MD, error) { return headerMD(s.resp.Header), nil }

// Trailer returns the reply trailers, once the stream has ended.
func (s *clientStream) Trailer() metadata.MD { return headerMD(s.resp.Trailer) }

// CloseSend does nothing: the request was sent whole.
func (s *clientStream) CloseSend() error { return nil }

// Context returns the context of the stream.
func (s *clientStream) Context() context.Context { return s.ctx }

// SendMsg fails: a server-streaming call sends its one request at the
// start.
func (s *clientStream) SendMsg(any) error {
	return errors.InternalServer(errors.ReasonInternal, "http: SendMsg on a server stream: its request is sent when it opens")
}

func headerMD(h nethttp.Header) metadata.MD {
	md := make(metadata.MD, len(h))
	for k, vs := range h {
		md[strings.ToLower(k)] = vs
	}
	return md
}
