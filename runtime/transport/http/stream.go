package http

import (
	"context"
	"fmt"
	nethttp "net/http"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// HandleServerStream registers call, a server-streaming method, as the
// handler of the route r describes. The request is bound as HandleUnary
// binds one and passes through the server's middleware (once per stream,
// with a middleware.Stream in the context whose OnSend hooks see every
// message); call then sends messages on a grpc.ServerStreamingServer, the
// type protoc-gen-go-grpc gives the same method, so one implementation
// serves gRPC and HTTP. Generated code calls it:
//
//	http.HandleServerStream(s, _Library_WatchShelf0_HTTPRule, srv.WatchShelf)
//
// The reply streams in the media type Accept negotiates:
//
//   - application/x-ndjson (the default, also for */* and
//     application/json): one JSON message per line; a failure after the
//     first message is a last line {"error": <error body>};
//   - text/event-stream: Server-Sent Events, one event per message whose
//     data is its JSON; a failure is an "error" event holding the error
//     body; a clean end is an "end" event with empty data (EventSource
//     reconnects when a stream just closes); an idle stream gets a
//     comment every StreamKeepAlive.
//
// A reply (or response_body field) that is a google.api.HttpBody streams
// the data of each message as is, with the first one's content type; a
// failure after the first message aborts the connection, the one signal a
// raw body has.
//
// Headers are sent with the first message (or SendHeader, or the first
// keep-alive): a failure before that is an ordinary error reply with its
// HTTP status. Each message is flushed as it is sent; Send blocks while
// the client does not read, at most StreamWriteTimeout. A client that goes
// away cancels the stream's context at once. The error body is the
// server's (StatusErrors); grpc metadata set with SetHeader and SetTrailer
// becomes HTTP headers and trailers. It panics as HandleUnary does.
func HandleServerStream[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](s *Server, r Rule, call func(PReq, gogrpc.ServerStreamingServer[Res]) error) {
	reqType := PReq(new(Req)).ProtoReflect().Type()
	resType := PRes(new(Res)).ProtoReflect().Type()
	sr := &streamRoute{rpcRoute: newRPCRoute(s, r, reqType, resType)}
	sr.h = middleware.Chain(s.opts.middleware...)(func(ctx context.Context, req any) (any, error) {
		st, ok := ctx.Value(serverStreamKey{}).(*serverStream)
		if !ok {
			return nil, errors.InternalServer(errors.ReasonInternal,
				"http: a middleware called the next handler with a context not derived from the stream's")
		}
		in, ok := req.(PReq)
		if !ok {
			return nil, fmt.Errorf("http: operation %s: a middleware replaced the %T request with a %T", r.Operation, PReq(nil), req)
		}
		st.ctx = ctx
		return nil, call(in, typedServerStream[Res]{st})
	})
	sr.register(r, sr.serve)
}

// streamRoute is the route of a server-streaming method.
type streamRoute struct {
	*rpcRoute
	h middleware.Handler
}

type serverStreamKey struct{}

// serve serves one stream of the route; raw holds the escaped values of
// the path variables.
func (sr *streamRoute) serve(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, raw []string) {
	s := sr.s
	ctx, release := s.stoppable(r.Context())
	defer release()
	stopCtx := ctx
	ctx = transport.NewServerContext(ctx, s.newTransport(x, r, sr.op, sr.plan.Rule.Pattern, w.Header()))
	ctx, hooks := middleware.NewStream(ctx, false, true)
	msg := sr.reqType.New()
	if err := sr.bind(w, r, msg, raw); err != nil {
		s.writeError(w, r, sr.op, err)
		return
	}
	st := newServerStream(sr, w, r, x, ctx, hooks)
	defer func() {
		// A handler that panics past the middleware ends the stream too.
		st.mu.Lock()
		st.stopKeepAlive()
		st.mu.Unlock()
	}()
	_, err := sr.h(context.WithValue(ctx, serverStreamKey{}, st), msg.Interface())
	st.finish(stoppedError(stopCtx, err))
}

// typedServerStream is a serverStream as the grpc.ServerStreamingServer
// of a reply type.
type typedServerStream[Res any] struct{ *serverStream }

func (t typedServerStream[Res]) Send(m *Res) error { return t.SendMsg(m) }

// encodeMessage returns the JSON of m (or of its response_body field) for
// a frame, and for an HttpBody reply its data and content type.
func (sr *streamRoute) encodeMessage(buf *[]byte, m protoreflect.Message) ([]byte, string, error) {
	return sr.s.media.encode(sr.s.media.json, buf, m, sr.plan.ResponseField)
}
