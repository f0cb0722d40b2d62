package http

import (
	"context"
	"fmt"
	nethttp "net/http"
	"net/url"
	"strings"

	"github.com/coder/websocket"
	gogrpc "google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// HandleClientStream registers call, a client-streaming method, as a
// WebSocket route (see HandleBidiStream for the protocol). call has
// protoc-gen-go-grpc's signature: it reads the client's messages with
// Recv until io.EOF (the client's half-close) and answers once with
// SendAndClose. Generated code calls it:
//
//	http.HandleClientStream(s, _Library_ImportBookStream0_HTTPRule, srv.ImportBookStream)
func HandleClientStream[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](s *Server, r Rule, call func(gogrpc.ClientStreamingServer[Req, Res]) error) {
	handleWebSocket[Req, Res, PReq, PRes](s, r, false, func(st *wsServerStream) error {
		return call(typedWSServerStream[Req, Res]{st})
	})
}

// HandleBidiStream registers call, a bidi-streaming method, as a
// WebSocket route: a client opens it with a GET on the rule's path (the
// rule's own method is not used: browsers open WebSockets with GET),
// carrying the Upgrade handshake; any other request gets 426
// UPGRADE_REQUIRED. The server's middleware runs once, before the
// upgrade (an error there is an ordinary error reply), with a
// middleware.Stream whose OnReceive and OnSend hooks see every message;
// the validation middleware checks each received message there.
//
// The protocol, over text frames of JSON:
//
//   - each frame the client sends is one request message: the rule's body
//     (the whole request for body "*" or no body, the field for body
//     "field"); the query (unless body "*") and then the path variables are
//     bound onto every message, as for a unary call. A binary frame is
//     binary protobuf. A frame over MaxBodySize closes the connection
//     (1009);
//   - an empty text frame is the client's half-close: Recv returns io.EOF
//     after it. It can never be mistaken for a message, whose JSON is at
//     least "{}". A message after it is a protocol error;
//   - each frame the server sends is one reply message (its response_body
//     field with that option), JSON in a text frame, or the data of a
//     google.api.HttpBody in a binary frame;
//   - the handler returning nil closes the connection normally (1000); an
//     error is sent as a last frame {"error": <error body>} followed by a
//     close with code 4000 + the error's HTTP code and its reason (cut to
//     the 123 bytes a close frame holds), so the full error arrives intact;
//   - the server pings every StreamKeepAlive and closes a connection whose
//     pong does not come within StreamWriteTimeout; a write blocked longer
//     than StreamWriteTimeout closes it too.
//
// A client that goes away cancels the handler's context at once, as long
// as the handler has taken the frames sent: the server holds at most one
// frame the handler has not read, and reads no further until it does (so
// memory stays bounded). Stop ends the stream with 503 UNAVAILABLE. Browser
// pages of other origins are refused unless WebSocketOrigins allows them.
// Generated code calls it:
//
//	http.HandleBidiStream(s, _Library_Discuss0_HTTPRule, srv.Discuss)
func HandleBidiStream[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](s *Server, r Rule, call func(gogrpc.BidiStreamingServer[Req, Res]) error) {
	handleWebSocket[Req, Res, PReq, PRes](s, r, true, func(st *wsServerStream) error {
		return call(typedWSServerStream[Req, Res]{st})
	})
}

// handleWebSocket registers a WebSocket route; serverStreams tells bidi
// from client streaming.
func handleWebSocket[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](s *Server, r Rule, serverStreams bool, call func(*wsServerStream) error) {
	reqType := PReq(new(Req)).ProtoReflect().Type()
	resType := PRes(new(Res)).ProtoReflect().Type()
	wr := &wsRoute{rpcRoute: newRPCRoute(s, r, reqType, resType), serverStreams: serverStreams}
	wr.h = middleware.Chain(s.opts.middleware...)(func(ctx context.Context, _ any) (any, error) {
		st, ok := ctx.Value(wsStreamKey{}).(*wsServerStream)
		if !ok {
			return nil, errors.InternalServer(errors.ReasonInternal,
				"http: a middleware called the next handler with a context not derived from the stream's")
		}
		if !st.accept(ctx) {
			return nil, nil // the handshake failed and was answered
		}
		return nil, call(st)
	})
	get := r
	get.Method = nethttp.MethodGet
	wr.register(get, wr.serve)
}

// wsRoute is the route of a client- or bidi-streaming method.
type wsRoute struct {
	*rpcRoute
	h             middleware.Handler
	serverStreams bool
}

type wsStreamKey struct{}

// serve serves one WebSocket of the route.
func (wr *wsRoute) serve(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, raw []string) {
	s := wr.s
	if !isWebSocketHandshake(r) {
		s.writeError(w, r, wr.op, errors.New(nethttp.StatusUpgradeRequired, errors.ReasonUpgradeRequired,
			fmt.Sprintf("%s is a WebSocket stream: open it with a GET carrying the WebSocket handshake", r.URL.Path)))
		return
	}
	// The query and path are bound onto every message: bind them once
	// now, so that a bad one is an error reply rather than a failed
	// stream.
	var q url.Values
	if wr.query != nil && r.URL.RawQuery != "" {
		var err error
		if q, err = url.ParseQuery(r.URL.RawQuery); err != nil {
			s.writeError(w, r, wr.op, badRequest("invalid query string: %v", err))
			return
		}
	}
	if err := wr.bindRest(wr.reqType.New(), q, raw); err != nil {
		s.writeError(w, r, wr.op, err)
		return
	}
	s.webSockets.add()
	defer s.webSockets.done()
	ctx, release := s.stoppable(r.Context())
	defer release()
	stopCtx := ctx
	ctx = transport.NewServerContext(ctx, s.newTransport(x, r, wr.op, wr.plan.Rule.Pattern, w.Header()))
	ctx, hooks := middleware.NewStream(ctx, true, wr.serverStreams)
	st := &wsServerStream{route: wr, w: w, r: r, hooks: hooks, query: q, raw: raw}
	_, err := wr.h(context.WithValue(ctx, wsStreamKey{}, st), nil)
	st.finish(stoppedError(stopCtx, err))
}

// isWebSocketHandshake reports a request asking for a WebSocket.
func isWebSocketHandshake(r *nethttp.Request) bool {
	return r.Method == nethttp.MethodGet && headerHasToken(r.Header, "Connection", "upgrade") &&
		headerHasToken(r.Header, "Upgrade", "websocket")
}

func headerHasToken(h nethttp.Header, key, token string) bool {
	for _, v := range h.Values(key) {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// typedWSServerStream is a wsServerStream as the grpc stream types of a
// method: ClientStreamingServer and BidiStreamingServer.
type typedWSServerStream[Req, Res any] struct{ *wsServerStream }

func (t typedWSServerStream[Req, Res]) Recv() (*Req, error) {
	m := new(Req)
	if err := t.RecvMsg(m); err != nil {
		return nil, err
	}
	return m, nil
}

func (t typedWSServerStream[Req, Res]) Send(m *Res) error { return t.SendMsg(m) }

func (t typedWSServerStream[Req, Res]) SendAndClose(m *Res) error { return t.SendMsg(m) }

// closeCode is the WebSocket close code of a failed stream: 4000 plus the
// error's HTTP code, in the range RFC 6455 leaves to applications.
func closeCode(httpCode int) websocket.StatusCode {
	return websocket.StatusCode(4000 + httpStatus(httpCode))
}

// closeReason cuts reason to what a close frame holds (123 bytes),
// at a rune boundary.
func closeReason(reason string) string {
	const max = 123
	if len(reason) <= max {
		return reason
	}
	cut := max
	for cut > 0 && reason[cut]&0xC0 == 0x80 {
		cut--
	}
	return reason[:cut]
}
