package http

import (
	"context"
	"io"
	"sync"

	"github.com/coder/websocket"
	gogrpc "google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// ClientStreamClient calls one client-streaming RPC method over a
// WebSocket (the protocol of HandleBidiStream), typed. Generated clients
// hold one per method. It is safe for concurrent use; each stream may
// have one goroutine sending and one receiving.
type ClientStreamClient[Req, Res any] struct {
	c    *Client
	plan *clientPlan
}

// NewClientStreamClient returns the client of rule r for the message
// types Req and Res, calling through c. It never fails: a rule that does
// not fit makes every stream fail.
func NewClientStreamClient[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](c *Client, r Rule) *ClientStreamClient[Req, Res] {
	in := PReq(new(Req)).ProtoReflect().Descriptor()
	out := PRes(new(Res)).ProtoReflect().Descriptor()
	return &ClientStreamClient[Req, Res]{c: c, plan: newClientPlan(r, in, out)}
}

// Call opens the stream. The WebSocket is dialled with the first message
// sent (its path and query fields make the URL; the body of each message
// is a frame), so errors of the handshake come from the first Send. The
// middleware chain runs once, here, with a middleware.Stream whose hooks
// see every message. CloseAndRecv half-closes and returns the reply.
// Errors are *errors.Error. Cancelling ctx closes the stream.
func (u *ClientStreamClient[Req, Res]) Call(ctx context.Context, opts ...CallOption) (gogrpc.ClientStreamingClient[Req, Res], error) {
	st, err := u.c.openWebSocket(ctx, u.plan, false, opts)
	if err != nil {
		return nil, err
	}
	return typedWSClient[Req, Res]{st}, nil
}

// BidiStreamClient calls one bidi-streaming RPC method over a WebSocket,
// as ClientStreamClient calls a client-streaming one.
type BidiStreamClient[Req, Res any] struct {
	c    *Client
	plan *clientPlan
}

// NewBidiStreamClient returns the client of rule r for the message types
// Req and Res, calling through c.
func NewBidiStreamClient[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](c *Client, r Rule) *BidiStreamClient[Req, Res] {
	in := PReq(new(Req)).ProtoReflect().Descriptor()
	out := PRes(new(Res)).ProtoReflect().Descriptor()
	return &BidiStreamClient[Req, Res]{c: c, plan: newClientPlan(r, in, out)}
}

// Call opens the stream, as ClientStreamClient.Call does. A Recv before
// any Send dials with an empty request message, which fills no path
// variable: send first when the path has some.
func (u *BidiStreamClient[Req, Res]) Call(ctx context.Context, opts ...CallOption) (gogrpc.BidiStreamingClient[Req, Res], error) {
	st, err := u.c.openWebSocket(ctx, u.plan, true, opts)
	if err != nil {
		return nil, err
	}
	return typedWSClient[Req, Res]{st}, nil
}

// typedWSClient is a wsClientStream as the grpc stream types of a method.
type typedWSClient[Req, Res any] struct{ *wsClientStream }

func (t typedWSClient[Req, Res]) Send(m *Req) error { return t.SendMsg(m) }

func (t typedWSClient[Req, Res]) Recv() (*Res, error) {
	m := new(Res)
	if err := t.RecvMsg(m); err != nil {
		return nil, err
	}
	return m, nil
}

// CloseAndRecv half-closes, reads the reply, and reads on to the end of
// the stream, which must follow it.
func (t typedWSClient[Req, Res]) CloseAndRecv() (*Res, error) {
	if err := t.CloseSend(); err != nil {
		return nil, err
	}
	m, err := t.Recv()
	if err != nil {
		return nil, err
	}
	if err := t.RecvMsg(new(Res)); err != io.EOF {
		if err == nil {
			err = errors.New(502, errors.ReasonProtocol, "http: the server sent more than one reply to a client stream")
		}
		return nil, err
	}
	return m, nil
}

// openWebSocket runs the middleware chain around opening a WebSocket
// stream; the connection itself is dialled with the first message.
func (c *Client) openWebSocket(ctx context.Context, p *clientPlan, serverStreams bool, opts []CallOption) (*wsClientStream, error) {
	call, _, err := c.newCall(p, opts, "")
	if err != nil {
		return nil, err
	}
	ctx, _ = middleware.NewStream(ctx, true, serverStreams)
	ctx = transport.NewClientContext(context.WithValue(ctx, streamCallKey{}, &streamCall{clientCall: call, ws: true}), call.tr)
	out, err := c.streamChain()(ctx, nil)
	if err != nil {
		return nil, errors.FromError(err)
	}
	st, ok := out.(*wsClientStream)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal, "http: a middleware returned no stream from opening one")
	}
	return st, nil
}

// wsClientStream is the grpc.ClientStream of a WebSocket stream.
type wsClientStream struct {
	c     *Client
	ctx   context.Context
	call  *clientCall
	hooks *middleware.Stream

	mu      sync.Mutex
	conn    *websocket.Conn // nil until dialled
	openErr error
	stop    func() bool   // stops closing conn when ctx ends
	opened  chan struct{} // closed once dialled, or failed to

	recvErr error         // the end of the stream, returned from then on
	failure *errors.Error // an error frame, waiting for the close that confirms it
}

// open dials the WebSocket, once, with the URL first fills.
func (s *wsClientStream) open(first proto.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn != nil || s.openErr != nil {
		return s.openErr
	}
	defer close(s.opened)
	p := s.call.plan
	// Without a body rule, each frame is the whole message: the URL has
	// the path variables only, a query would override every frame.
	target, err := p.targetWith(first.ProtoReflect(), p.plan.HasBody() && !p.plan.BodyAll)
	if err != nil {
		s.openErr = badRequest("http: operation %s: %v", p.rule.Operation, err).WithCause(err)
		return s.openErr
	}
	header := s.call.tr.reqHeader.Clone()
	header.Del("Accept")
	base, picked, err := s.c.pick(s.ctx)
	if err != nil {
		s.openErr = errors.FromError(err)
		return s.openErr
	}
	conn, resp, err := websocket.Dial(s.ctx, base+target, &websocket.DialOptions{HTTPClient: s.c.hc, HTTPHeader: header})
	picked.Done(err)
	if resp != nil {
		s.call.tr.replyHeader = resp.Header.Clone()
		s.call.replied.Store(true)
	}
	if err != nil {
		s.openErr = s.handshakeError(resp, err)
		return s.openErr
	}
	conn.SetReadLimit(s.c.opts.maxReplySize)
	s.conn = conn
	s.stop = context.AfterFunc(s.ctx, func() { _ = conn.CloseNow() })
	return nil
}

// connection returns the connection. When nothing was sent yet, it waits
// for the first Send to dial it if the path has variables (a receiving
// goroutine started before the sending one), else dials it with an empty
// message (a server that speaks first).
func (s *wsClientStream) connection() (*websocket.Conn, error) {
	if len(s.call.plan.plan.Vars) > 0 {
		select {
		case <-s.opened:
		case <-s.ctx.Done():
			return nil, errors.FromError(s.ctx.Err())
		}
	}
	if err := s.open(dynamicpb.NewMessage(s.call.plan.plan.Input)); err != nil {
		return nil, err
	}
	return s.conn, nil
}
