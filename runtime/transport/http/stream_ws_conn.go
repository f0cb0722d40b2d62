package http

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
)

// wsFrame is a data frame the reader took from the connection.
type wsFrame struct {
	typ  websocket.MessageType
	data []byte
}

// wsServerStream is the grpc.ServerStream of a WebSocket route. A reader
// goroutine reads the connection all along (control frames are handled
// only while reading, and a client that goes away must cancel the handler
// at once) and hands data frames to RecvMsg one at a time, so an unread
// stream holds one frame.
type wsServerStream struct {
	route *wsRoute
	w     nethttp.ResponseWriter
	r     *nethttp.Request
	hooks *middleware.Stream
	query url.Values
	raw   []string

	ctx    context.Context // the handler's, cancelled when the client goes away
	cancel context.CancelFunc
	// conn's lifetime: reads, writes and pings, which must outlive the
	// handler's context to send the error that ends the stream (a
	// cancelled context closes the connection).
	connCtx    context.Context
	connCancel context.CancelFunc
	conn       *websocket.Conn // nil until accepted
	frames     chan wsFrame    // closed when the reader stops
	eof        chan struct{}   // closed at the client's half-close
	done       sync.WaitGroup  // the reader and the pinger

	mu      sync.Mutex
	readErr error // why the reader stopped
}

// accept upgrades the connection and starts the reader; false when the
// handshake failed (websocket.Accept answered it).
func (st *wsServerStream) accept(ctx context.Context) bool {
	s := st.route.s
	conn, err := websocket.Accept(st.w, st.r, &websocket.AcceptOptions{OriginPatterns: s.opts.wsOrigins})
	if err != nil {
		return false
	}
	conn.SetReadLimit(s.opts.maxBodySize)
	st.conn = conn
	// The request's context ends with ServeHTTP, not with the hijacked
	// connection: the reader cancels this one when the client leaves.
	st.ctx, st.cancel = context.WithCancel(ctx)
	st.connCtx, st.connCancel = context.WithCancel(context.WithoutCancel(ctx))
	st.frames = make(chan wsFrame)
	st.eof = make(chan struct{})
	st.done.Add(1)
	go st.read()
	if d := s.opts.streamKeepAlive; d > 0 {
		st.done.Add(1)
		go st.ping(d)
	}
	return true
}

// read reads the connection until it fails or closes.
func (st *wsServerStream) read() {
	defer st.done.Done()
	defer close(st.frames)
	halfClosed := false
	for {
		typ, data, err := st.conn.Read(st.connCtx)
		if err != nil {
			st.stop(err)
			return
		}
		if typ == websocket.MessageText && len(data) == 0 {
			if !halfClosed {
				halfClosed = true
				close(st.eof)
				continue
			}
		}
		if halfClosed {
			_ = st.conn.Close(websocket.StatusProtocolError, "a message after the half-close")
			st.stop(errors.BadRequest(errors.ReasonProtocol, "the client sent a message after its half-close"))
			return
		}
		select {
		case st.frames <- wsFrame{typ, data}:
		case <-st.connCtx.Done():
			return
		}
	}
}

// stop records why the reader stopped and ends the handler's context:
// without the reader, the client can no longer be heard.
func (st *wsServerStream) stop(err error) {
	st.mu.Lock()
	if st.readErr == nil {
		st.readErr = err
	}
	st.mu.Unlock()
	st.cancel()
}

// ping pings the client every d; a pong missing for StreamWriteTimeout
// closes the connection (the library closes it on the failed ping).
func (st *wsServerStream) ping(d time.Duration) {
	defer st.done.Done()
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-st.connCtx.Done():
			return
		case <-t.C:
			ctx, cancel := st.writeContext()
			err := st.conn.Ping(ctx)
			cancel()
			if err != nil {
				return
			}
		}
	}
}

// writeContext bounds one write (or ping) by StreamWriteTimeout.
func (st *wsServerStream) writeContext() (context.Context, context.CancelFunc) {
	if d := st.route.s.opts.streamWrite; d > 0 {
		return context.WithTimeout(st.connCtx, d)
	}
	return context.WithCancel(st.connCtx)
}

// Context returns the handler's context.
func (st *wsServerStream) Context() context.Context { return st.ctx }

// RecvMsg reads the next message: a frame decoded into the body of m,
// then the query and path bound onto it, then the OnReceive hooks. It
// returns io.EOF after the client's half-close, and CLIENT_CLOSED when
// the client went away without one.
func (st *wsServerStream) RecvMsg(m any) error {
	msg, ok := m.(proto.Message)
	if !ok {
		return errors.InternalServer(errors.ReasonInternal, fmt.Sprintf("http: receiving into a %T", m))
	}
	var f wsFrame
	select {
	case f, ok = <-st.frames:
	case <-st.eof:
		return io.EOF
	}
	if !ok {
		select {
		case <-st.eof:
			return io.EOF
		default:
		}
		st.mu.Lock()
		err := st.readErr
		st.mu.Unlock()
		if e := new(errors.Error); errors.As(err, &e) {
			return e
		}
		return errors.ClientClosed(errors.ReasonClientClosed, "http: the client closed the stream").WithCause(err)
	}
	proto.Reset(msg)
	ct := mimeJSON
	if f.typ == websocket.MessageBinary {
		ct = mimeProto
	}
	wr := st.route
	if wr.rawBody { // a google.api.HttpBody body: the frame's bytes
		ct = mimeOctet
	}
	if err := wr.s.media.decode(ct, f.data, msg.ProtoReflect(), &wr.body); err != nil {
		return err
	}
	if err := wr.bindRest(msg.ProtoReflect(), st.query, st.raw); err != nil {
		return err
	}
	return st.hooks.Received(st.ctx, msg)
}

// SendMsg sends m, a reply message, after the OnSend hooks.
func (st *wsServerStream) SendMsg(m any) error {
	wr := st.route
	msg, ok := m.(proto.Message)
	if !ok || msg.ProtoReflect().Descriptor() != wr.resType.Descriptor() {
		return errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: sending a %T on a stream of %s", wr.op, m, wr.resType.Descriptor().FullName()))
	}
	if err := st.hooks.Sending(st.ctx, m); err != nil {
		return err
	}
	var buf []byte
	b, _, err := wr.s.media.encode(wr.s.media.json, &buf, msg.ProtoReflect(), wr.plan.ResponseField)
	if err != nil {
		return errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: encoding a message: %v", wr.op, err)).WithCause(err)
	}
	typ := websocket.MessageText
	if wr.rawReply {
		typ = websocket.MessageBinary
	}
	return st.write(typ, b)
}

func (st *wsServerStream) write(typ websocket.MessageType, b []byte) error {
	ctx, cancel := st.writeContext()
	defer cancel()
	if err := st.conn.Write(ctx, typ, b); err != nil {
		return errors.ClientClosed(errors.ReasonClientClosed,
			fmt.Sprintf("http: operation %s: the client stopped reading the stream", st.route.op)).WithCause(err)
	}
	return nil
}

// SetHeader fails: the headers went with the handshake, before the
// handler ran. Middleware sets reply headers through the Transporter.
func (st *wsServerStream) SetHeader(metadata.MD) error {
	return errors.InternalServer(errors.ReasonInternal, "http: SetHeader on a WebSocket: the headers were sent with the handshake")
}

// SendHeader fails as SetHeader does.
func (st *wsServerStream) SendHeader(md metadata.MD) error { return st.SetHeader(md) }

// SetTrailer does nothing: a WebSocket has no trailers.
func (st *wsServerStream) SetTrailer(metadata.MD) {}

// finish ends the stream once the handler returned err: an ordinary
// error reply when the connection was not upgraded, else a normal close,
// or the error frame and the close code that announces it.
func (st *wsServerStream) finish(err error) {
	s := st.route.s
	if st.conn == nil {
		if err != nil {
			s.writeError(st.w, st.r, st.route.op, err)
		}
		return
	}
	st.cancel()
	if err == nil {
		st.close(websocket.StatusNormalClosure, "")
		return
	}
	st.mu.Lock()
	gone := st.readErr != nil
	st.mu.Unlock()
	s.logInternal(st.r, st.route.op, err)
	if gone { // nobody to tell
		st.closeNow()
		return
	}
	code, body := s.errorBody(err)
	frame := append(append([]byte(`{"error":`), body...), '}')
	if st.write(websocket.MessageText, frame) != nil {
		st.closeNow()
		return
	}
	st.close(closeCode(code), closeReason(errors.PublicWith(err, s.opts.mapper).Reason))
}

// close closes the connection with code and reason. The closing handshake
// waits for the client's close frame (at most the library's 5s), which a
// client that is not reading sends late: it runs apart, so the handler's
// end (and Stop) does not wait for it.
func (st *wsServerStream) close(code websocket.StatusCode, reason string) {
	go func() {
		_ = st.conn.Close(code, reason)
		st.connCancel()
		st.done.Wait()
	}()
}

// closeNow drops the connection and waits for the reader and the pinger.
func (st *wsServerStream) closeNow() {
	_ = st.conn.CloseNow()
	st.connCancel()
	st.done.Wait()
}
