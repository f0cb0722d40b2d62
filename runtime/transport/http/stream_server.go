package http

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"
	"net/textproto"
	"sync"
	"time"

	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
)

// serverStream is the grpc.ServerStream of a server-streaming call over
// HTTP. Its writes are serialized by mu: the handler's sends, the
// keep-alive timer and the end of the stream.
type serverStream struct {
	route  *streamRoute
	w      nethttp.ResponseWriter
	rc     *nethttp.ResponseController
	r      *nethttp.Request
	x      *exchange
	ctx    context.Context
	hooks  *middleware.Stream
	medium streamMedium

	mu        sync.Mutex
	committed bool // headers sent
	done      bool // the handler returned: nothing more may be written
	lastWrite time.Time
	trailer   metadata.MD
	msgBuf    []byte // a message's encoding, reused
	frameBuf  []byte // a frame, reused

	keepAlive *time.Timer // nil without keep-alives
}

func newServerStream(sr *streamRoute, w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, ctx context.Context, hooks *middleware.Stream) *serverStream {
	st := &serverStream{
		route:  sr,
		w:      w,
		rc:     nethttp.NewResponseController(w),
		r:      r,
		x:      x,
		ctx:    ctx,
		hooks:  hooks,
		medium: sr.s.media.negotiateStream(r.Header.Get("Accept")),
	}
	if d := sr.s.opts.streamKeepAlive; d > 0 && !sr.rawReply && st.medium.framing.keepAlive() != nil {
		st.mu.Lock() // the first tick waits for the field to be set
		st.lastWrite = time.Now()
		st.keepAlive = time.AfterFunc(d, st.tick)
		st.mu.Unlock()
	}
	return st
}

// tick writes a keep-alive when the stream has been idle for the
// keep-alive interval, and schedules the next check.
func (st *serverStream) tick() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return
	}
	d := st.route.s.opts.streamKeepAlive
	if idle := time.Since(st.lastWrite); idle < d {
		st.keepAlive.Reset(d - idle)
		return
	}
	st.commit("")
	if st.write(st.medium.framing.keepAlive()) == nil {
		st.keepAlive.Reset(d)
	}
}

// stopKeepAlive marks the stream done, so a tick that is due writes
// nothing, and stops the timer; nothing may write once the handler has
// returned. The caller holds mu.
func (st *serverStream) stopKeepAlive() {
	st.done = true
	if st.keepAlive != nil {
		st.keepAlive.Stop()
	}
}

// commit sends the headers, once. contentType is an HttpBody reply's
// own; "" means the stream's media type.
func (st *serverStream) commit(contentType string) {
	if st.committed {
		return
	}
	st.committed = true
	h := st.w.Header()
	h.Del("Content-Length")
	if st.route.rawReply {
		if contentType == "" {
			contentType = mimeOctet
		}
		h.Set("Content-Type", contentType)
	} else {
		st.x.setContentType(h, st.medium.mediaType)
		st.x.addVaryAccept(h)
	}
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	h.Set("X-Content-Type-Options", "nosniff")
	st.w.WriteHeader(nethttp.StatusOK)
}

// write writes b and flushes it, within the stream write timeout.
func (st *serverStream) write(b []byte) error {
	if d := st.route.s.opts.streamWrite; d > 0 {
		_ = st.rc.SetWriteDeadline(time.Now().Add(d)) // not every ResponseWriter has deadlines
	}
	if len(b) > 0 {
		if _, err := st.w.Write(b); err != nil {
			return st.gone(err)
		}
	}
	if err := st.rc.Flush(); err != nil {
		return st.gone(err)
	}
	st.lastWrite = time.Now()
	return nil
}

// gone is the error of a write that failed: the client went away, or
// stopped reading for longer than the write timeout.
func (st *serverStream) gone(err error) error {
	return errors.ClientClosed(errors.ReasonClientClosed,
		fmt.Sprintf("http: operation %s: the client stopped reading the stream", st.route.op)).WithCause(err)
}

// Context returns the context of the stream: the one the middleware chain
// passed to the handler. It is cancelled when the client goes away.
func (st *serverStream) Context() context.Context { return st.ctx }

// SendMsg sends m, a message of the method's reply type, after the
// OnSend hooks of the middleware.
func (st *serverStream) SendMsg(m any) error {
	msg, ok := m.(proto.Message)
	if !ok || msg.ProtoReflect().Descriptor() != st.route.resType.Descriptor() {
		return errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: sending a %T on a stream of %s", st.route.op, m, st.route.resType.Descriptor().FullName()))
	}
	if err := st.hooks.Sending(st.ctx, m); err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: a send after the handler returned", st.route.op))
	}
	if err := st.ctx.Err(); err != nil {
		return st.gone(err)
	}
	b, ct, err := st.route.encodeMessage(&st.msgBuf, msg.ProtoReflect())
	if err != nil {
		return errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: encoding a message: %v", st.route.op, err)).WithCause(err)
	}
	st.commit(ct)
	if st.route.rawReply {
		return st.write(b)
	}
	st.frameBuf = st.medium.framing.appendMessage(st.frameBuf[:0], b)
	return st.write(st.frameBuf)
}

// RecvMsg returns io.EOF: the request of a server-streaming method is the
// handler's argument, and nothing else arrives.
func (st *serverStream) RecvMsg(any) error { return io.EOF }

// SetHeader adds md to the reply headers; it fails once they are sent.
func (st *serverStream) SetHeader(md metadata.MD) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.committed {
		return errors.InternalServer(errors.ReasonInternal, "http: SetHeader after the headers were sent")
	}
	h := st.w.Header()
	for k, vs := range md {
		k = textproto.CanonicalMIMEHeaderKey(k)
		h[k] = append(h[k], vs...)
	}
	return nil
}

// SendHeader adds md to the reply headers and sends them.
func (st *serverStream) SendHeader(md metadata.MD) error {
	if err := st.SetHeader(md); err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return nil
	}
	st.commit("")
	return st.write(nil)
}

// SetTrailer adds md to the trailers sent when the stream ends.
func (st *serverStream) SetTrailer(md metadata.MD) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.trailer = metadata.Join(st.trailer, md)
}

// finish ends the stream once the handler returned err: an ordinary error
// reply when nothing was sent yet, else the framing's last frame and the
// trailers.
func (st *serverStream) finish(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.stopKeepAlive()
	s := st.route.s
	if err != nil && !st.committed {
		s.writeError(st.w, st.r, st.route.op, err)
		return
	}
	st.commit("")
	if err != nil {
		s.logInternal(st.r, st.route.op, err)
		if st.route.rawReply {
			// A raw body has no error frame: cut the connection, so the
			// client sees a truncated body rather than a complete one.
			panic(nethttp.ErrAbortHandler)
		}
		_, body := s.errorBody(err)
		st.frameBuf = st.medium.framing.appendError(st.frameBuf[:0], body)
	} else {
		st.frameBuf = st.medium.framing.appendEnd(st.frameBuf[:0])
	}
	h := st.w.Header()
	for k, vs := range st.trailer {
		h[nethttp.TrailerPrefix+textproto.CanonicalMIMEHeaderKey(k)] = vs
	}
	_ = st.write(st.frameBuf) // the client may be gone: nothing left to tell it
}
