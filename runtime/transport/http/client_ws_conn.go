package http

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"

	"github.com/coder/websocket"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
)

// SendMsg sends m, a request message, after the OnSend hooks: its body
// (the whole message without a body rule) as a JSON text frame. The first
// message dials the WebSocket.
func (s *wsClientStream) SendMsg(m any) error {
	msg, ok := m.(proto.Message)
	p := s.call.plan
	if !ok || msg.ProtoReflect().Descriptor().FullName() != p.plan.Input.FullName() {
		return errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: sending a %T on a stream of %s", p.rule.Operation, m, p.plan.Input.FullName()))
	}
	if err := s.hooks.Sending(s.ctx, m); err != nil {
		return err
	}
	if err := s.open(msg); err != nil {
		return err
	}
	frame, err := s.frame(msg)
	if err != nil {
		return badRequest("http: operation %s: cannot encode a message: %v", p.rule.Operation, err).WithCause(err)
	}
	if err := s.conn.Write(s.ctx, websocket.MessageText, frame); err != nil {
		return s.sendError(err)
	}
	return nil
}

// frame returns the frame of msg: the JSON of its body, or of the whole
// message when the rule has none; never empty, which is the half-close.
func (s *wsClientStream) frame(msg proto.Message) ([]byte, error) {
	p := s.call.plan
	var (
		data []byte
		err  error
	)
	if p.plan.HasBody() {
		data, _, _, err = p.body(s.c.media, s.c.media.json, msg.ProtoReflect())
	} else {
		data, err = s.c.media.json.codec.Marshal(msg)
	}
	if err == nil && len(data) == 0 {
		data = []byte("{}")
	}
	return data, err
}

// CloseSend half-closes the stream: an empty text frame.
func (s *wsClientStream) CloseSend() error {
	conn, err := s.connection()
	if err != nil {
		return err
	}
	if err := conn.Write(s.ctx, websocket.MessageText, nil); err != nil {
		return s.sendError(err)
	}
	return nil
}

// sendError is the error of a failed write: the stream's end when the
// server closed it (its error, if it sent one), else the broken
// connection's.
func (s *wsClientStream) sendError(err error) error {
	if s.recvErr != nil {
		return s.recvErr
	}
	return ioError(s.ctx, s.call.plan.rule, err)
}

// RecvMsg reads the next reply message into m, after which the OnReceive
// hooks run; at the end of the stream it returns io.EOF (a normal close)
// or the error the server sent.
func (s *wsClientStream) RecvMsg(m any) error {
	msg, ok := m.(proto.Message)
	if !ok {
		return errors.InternalServer(errors.ReasonInternal, fmt.Sprintf("http: receiving into a %T", m))
	}
	if s.recvErr != nil {
		return s.recvErr
	}
	conn, err := s.connection()
	if err != nil {
		return err
	}
	p := s.call.plan
	for {
		typ, data, err := conn.Read(s.ctx)
		if err != nil {
			return s.end(s.closeError(err))
		}
		if typ == websocket.MessageText && s.failure == nil {
			if body, ok := errorLine(data); ok && !hasErrorField(p.replyMessage()) {
				// The close that follows says the stream failed.
				s.failure = s.frameError(body)
				continue
			}
		}
		proto.Reset(msg)
		ct := mimeJSON
		if typ == websocket.MessageBinary {
			ct = mimeOctet
		}
		tgt := bodyTarget{field: p.plan.ResponseField}
		if err := s.c.media.decode(ct, data, msg.ProtoReflect(), &tgt); err != nil {
			_ = conn.CloseNow()
			return s.end(errors.InternalServer(errors.ReasonInternal,
				fmt.Sprintf("http: operation %s: cannot decode a message of the stream: %s", p.rule.Operation, errorText(err))).WithCause(err))
		}
		if err := s.hooks.Received(s.ctx, msg); err != nil {
			_ = conn.CloseNow()
			return s.end(err)
		}
		return nil
	}
}

// end ends the stream with err.
func (s *wsClientStream) end(err error) error {
	s.recvErr = err
	s.mu.Lock()
	if s.stop != nil {
		s.stop()
	}
	s.mu.Unlock()
	return err
}

// closeError is the end of a stream whose read failed with err.
func (s *wsClientStream) closeError(err error) error {
	r := s.call.plan.rule
	var ce websocket.CloseError
	if !errors.As(err, &ce) {
		return ioError(s.ctx, r, err)
	}
	switch code := int(ce.Code); {
	case code == int(websocket.StatusNormalClosure) && s.failure == nil:
		return io.EOF
	case code >= 4000 && code <= 4999:
		if s.failure != nil {
			return s.failure
		}
		return errors.New(code-4000, ce.Reason, fmt.Sprintf("http: operation %s: the stream failed", r.Operation))
	case code == int(websocket.StatusMessageTooBig):
		return errors.New(nethttp.StatusRequestEntityTooLarge, errors.ReasonPayloadTooLarge,
			fmt.Sprintf("http: operation %s: a message was over the server's limit", r.Operation))
	default:
		return errors.New(nethttp.StatusBadGateway, errors.ReasonProtocol,
			fmt.Sprintf("http: operation %s: the server closed the stream with %d %q", r.Operation, code, ce.Reason))
	}
}

// frameError decodes the error frame of a failed stream with the client's
// error decoder.
func (s *wsClientStream) frameError(body []byte) *errors.Error {
	return decodeFrameError(s.c, s.call.plan, s.call.tr.replyHeader, body)
}

// handshakeError is the error of a failed dial: the server's error reply
// when it answered (an error decoded as a unary reply's), else the
// connection's.
func (s *wsClientStream) handshakeError(resp *nethttp.Response, err error) error {
	r := s.call.plan.rule
	if resp == nil || resp.StatusCode == nethttp.StatusSwitchingProtocols {
		return ioError(s.ctx, r, err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024)) // what the library keeps of it
	if e := s.c.opts.errorDecoder(resp, body); e != nil {
		return e
	}
	return errors.InternalServer(errors.ReasonInternal,
		fmt.Sprintf("http: operation %s: the WebSocket was answered with %s", r.Operation, resp.Status)).WithCause(err)
}

// Header returns the headers of the handshake's reply, as gRPC metadata.
func (s *wsClientStream) Header() (metadata.MD, error) {
	if _, err := s.connection(); err != nil {
		return nil, err
	}
	return headerMD(s.call.tr.replyHeader), nil
}

// Trailer returns nothing: a WebSocket has no trailers.
func (s *wsClientStream) Trailer() metadata.MD { return metadata.MD{} }

// Context returns the context of the stream.
func (s *wsClientStream) Context() context.Context { return s.ctx }
