package grpc

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// streamCallKey carries a stream's handler to the end of the server's
// stream chain, which is built once in NewServer.
type streamCallKey struct{}

// streamCall is what the end of the stream chain needs to run the
// handler.
type streamCall struct {
	srv     any
	stream  *serverStream
	handler gogrpc.StreamHandler
}

// streamInterceptor runs the middleware chain around every stream (see
// middleware.Stream): for a server-streaming method the request is
// received first, so middleware sees it as it sees a unary request.
func (s *Server) streamInterceptor(srv any, ss gogrpc.ServerStream, info *gogrpc.StreamServerInfo, handler gogrpc.StreamHandler) error {
	if l := s.opts.limiter; l != nil {
		if err := l.Allow(); err != nil {
			return s.wireError(ss.Context(), info.FullMethod, err)
		}
		start := time.Now()
		defer func() { l.Done(time.Since(start)) }()
	}
	ctx, endpoint := s.callContext(ss.Context())
	md, _ := metadata.FromIncomingContext(ctx)
	tr := newTransport(endpoint, info.FullMethod, md)
	ctx, hooks := middleware.NewStream(transport.NewServerContext(ctx, tr), info.IsClientStream, info.IsServerStream)
	ws := &serverStream{ServerStream: ss, ctx: ctx, tr: tr, hooks: hooks}
	var req any
	if !info.IsClientStream {
		if mt := s.requestType(info.FullMethod); mt != nil {
			m := mt.New().Interface()
			if err := ss.RecvMsg(m); err != nil {
				return s.wireError(ctx, info.FullMethod, err)
			}
			req, ws.first = m, m
		}
	}
	_, err := s.streamHandler(context.WithValue(ctx, streamCallKey{}, &streamCall{srv: srv, stream: ws, handler: handler}), req)
	ws.flushHeader()
	if err != nil {
		return s.wireError(ws.ctx, info.FullMethod, err)
	}
	return nil
}

// callStreamHandler is the final middleware.Handler of the stream chain:
// it runs the method's handler with the context the chain passed down and
// the request it passed (a middleware may have replaced either).
func callStreamHandler(ctx context.Context, req any) (any, error) {
	call, ok := ctx.Value(streamCallKey{}).(*streamCall)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal,
			"grpc: a middleware called the next handler with a context not derived from the call's")
	}
	ws := call.stream
	ws.ctx = ctx
	if m, ok := req.(proto.Message); ok && ws.first != nil {
		ws.first = m
	}
	return nil, call.handler(call.srv, ws)
}

// requestType returns the request message type of a server-streaming
// method from the linked descriptors, or nil when they lack it (the
// method then streams without a request for middleware to see).
func (s *Server) requestType(fullMethod string) protoreflect.MessageType {
	if mt, ok := s.requests.Load(fullMethod); ok {
		return mt.(protoreflect.MessageType)
	}
	svc, method, ok := strings.Cut(strings.TrimPrefix(fullMethod, "/"), "/")
	if !ok {
		return nil
	}
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(svc))
	if err != nil {
		return nil
	}
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if !ok {
		return nil
	}
	md := sd.Methods().ByName(protoreflect.Name(method))
	if md == nil {
		return nil
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.Input().FullName())
	if err != nil {
		return nil
	}
	s.requests.Store(fullMethod, mt)
	return mt
}

// serverStream gives a stream handler the context of the chain, hands it
// the request the interceptor received, runs the middleware's hooks on
// every message, and sends the Transporter's reply header before the first
// message (or when the handler returns, if it sent none). Reply header set
// after that is not sent: headers travel once, before the messages.
type serverStream struct {
	gogrpc.ServerStream
	ctx   context.Context
	tr    *Transport
	hooks *middleware.Stream
	first proto.Message // the request of a server-streaming method, until the handler reads it
	once  sync.Once
}

func (w *serverStream) Context() context.Context { return w.ctx }

func (w *serverStream) flushHeader() {
	w.once.Do(func() {
		if len(w.tr.replyHeader) > 0 {
			// An error means headers were already sent by the handler
			// itself; nothing is left to do with ours.
			_ = w.ServerStream.SetHeader(metadata.MD(w.tr.replyHeader))
		}
	})
}

func (w *serverStream) SendHeader(md metadata.MD) error {
	w.flushHeader()
	return w.ServerStream.SendHeader(md)
}

func (w *serverStream) SendMsg(m any) error {
	if err := w.hooks.Sending(w.ctx, m); err != nil {
		return err
	}
	w.flushHeader()
	return w.ServerStream.SendMsg(m)
}

// RecvMsg gives the handler the request received before the chain ran,
// then reads the stream; every message read from the client goes through
// the OnReceive hooks.
func (w *serverStream) RecvMsg(m any) error {
	if first := w.first; first != nil {
		w.first = nil
		dst, ok := m.(proto.Message)
		if !ok {
			return errors.InternalServer(errors.ReasonInternal, "grpc: the handler reads a request that is not a proto.Message")
		}
		proto.Reset(dst)
		proto.Merge(dst, first)
		return nil
	}
	if err := w.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	return w.hooks.Received(w.ctx, m)
}

// clientStreamCallKey carries what opening a stream needs to the end of
// the client's stream chain.
type clientStreamCallKey struct{}

type clientStreamCall struct {
	desc     *gogrpc.StreamDesc
	cc       *gogrpc.ClientConn
	method   string
	streamer gogrpc.Streamer
	opts     []gogrpc.CallOption
	tr       *Transport
	mapper   errors.CodeMapper
}

// streamInterceptor runs the client's middleware chain around opening
// every stream (see middleware.Stream), and its hooks on every message.
// Errors of the stream are *errors.Error, as those of unary calls. The
// client's Timeout does not apply to streams: they last as long as ctx.
func (c *client) streamInterceptor(ctx context.Context, desc *gogrpc.StreamDesc, cc *gogrpc.ClientConn, method string, streamer gogrpc.Streamer, opts ...gogrpc.CallOption) (gogrpc.ClientStream, error) {
	out, _ := metadata.FromOutgoingContext(ctx)
	tr := newTransport(cc.Target(), method, out.Copy())
	ctx, _ = middleware.NewStream(transport.NewClientContext(ctx, tr), desc.ClientStreams, desc.ServerStreams)
	call := &clientStreamCall{desc: desc, cc: cc, method: method, streamer: streamer, opts: opts, tr: tr, mapper: c.opts.mapper}
	cs, err := c.streamHandler(context.WithValue(ctx, clientStreamCallKey{}, call), nil)
	if err != nil {
		return nil, errors.FromErrorWith(err, c.opts.mapper)
	}
	stream, ok := cs.(gogrpc.ClientStream)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal, "grpc: a middleware returned no stream from opening one")
	}
	return stream, nil
}

// openStream is the final middleware.Handler of the client's stream
// chain: it sends the Transporter's request header as the outgoing
// metadata and opens the stream.
func openStream(ctx context.Context, _ any) (any, error) {
	call, ok := ctx.Value(clientStreamCallKey{}).(*clientStreamCall)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal,
			"grpc: a middleware called the next handler with a context not derived from the call's")
	}
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	for k, v := range call.tr.reqHeader {
		md[k] = v
	}
	ctx = metadata.NewOutgoingContext(ctx, md)
	cs, err := call.streamer(ctx, call.desc, call.cc, call.method, call.opts...)
	if err != nil {
		return nil, err
	}
	hooks, _ := middleware.StreamFromContext(ctx)
	return &clientStream{ClientStream: cs, ctx: ctx, call: call, hooks: hooks}, nil
}

// clientStream runs the hooks on every message, fills the Transporter's
// reply header once the server sent it, and returns errors as
// *errors.Error (io.EOF stays io.EOF).
type clientStream struct {
	gogrpc.ClientStream
	ctx    context.Context
	call   *clientStreamCall
	hooks  *middleware.Stream
	header sync.Once
}

func (s *clientStream) Context() context.Context { return s.ctx }

func (s *clientStream) SendMsg(m any) error {
	if err := s.hooks.Sending(s.ctx, m); err != nil {
		return err
	}
	return s.wireError(s.ClientStream.SendMsg(m))
}

func (s *clientStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	s.header.Do(func() {
		if md, herr := s.ClientStream.Header(); herr == nil {
			for k, v := range md {
				s.call.tr.replyHeader[k] = v
			}
		}
	})
	if err != nil {
		return s.wireError(err)
	}
	return s.hooks.Received(s.ctx, m)
}

func (s *clientStream) wireError(err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	return errors.FromErrorWith(err, s.call.mapper)
}
