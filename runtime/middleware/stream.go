package middleware

import "context"

// Stream is a streaming call as middleware sees it. Transports run the
// middleware chain once per stream, with a Stream in the context:
//
//   - server-streaming: req is the request message, as for a unary call;
//     the handler's reply is nil, its error ends the stream;
//   - client- and bidi-streaming: req is nil; messages arrive later.
//
// On a client the chain wraps opening the stream: it returns when the
// stream is open, not when it ends. Per-message work goes in hooks: a
// middleware registers them with OnReceive and OnSend before it calls
// next, and the transport runs them on every message of the stream.
type Stream struct {
	clientStreams, serverStreams bool
	onReceive, onSend            []func(ctx context.Context, msg any) error
}

type streamKey struct{}

// NewStream returns ctx carrying a new Stream, for transports to pass to
// the middleware chain of a streaming call: clientStreams when the client
// sends a stream of messages, serverStreams when the server does.
func NewStream(ctx context.Context, clientStreams, serverStreams bool) (context.Context, *Stream) {
	s := &Stream{clientStreams: clientStreams, serverStreams: serverStreams}
	return context.WithValue(ctx, streamKey{}, s), s
}

// StreamFromContext returns the Stream of the call ctx belongs to; false
// for a unary call.
func StreamFromContext(ctx context.Context) (*Stream, bool) {
	s, ok := ctx.Value(streamKey{}).(*Stream)
	return s, ok
}

// ClientStreams reports whether the client sends a stream of messages
// (client- and bidi-streaming).
func (s *Stream) ClientStreams() bool { return s.clientStreams }

// ServerStreams reports whether the server sends a stream of messages
// (server- and bidi-streaming).
func (s *Stream) ServerStreams() bool { return s.serverStreams }

// OnReceive adds f to the hooks run on every message this side receives
// from the stream (on a server: from the client; on a client: from the
// server), after it is decoded and before the code reading the stream
// gets it. An error from f is returned by that read and ends the stream.
// Hooks run in the order they were added. Add them before calling next:
// the stream's messages flow once the handler runs.
func (s *Stream) OnReceive(f func(ctx context.Context, msg any) error) {
	s.onReceive = append(s.onReceive, f)
}

// OnSend adds f to the hooks run on every message this side sends on the
// stream, before it is written. An error from f is returned by that send
// and the message is not written. Same order and timing as OnReceive.
func (s *Stream) OnSend(f func(ctx context.Context, msg any) error) {
	s.onSend = append(s.onSend, f)
}

// Received runs the OnReceive hooks on msg; transports call it for every
// message they hand to the code reading the stream.
func (s *Stream) Received(ctx context.Context, msg any) error {
	if s == nil {
		return nil
	}
	for _, f := range s.onReceive {
		if err := f(ctx, msg); err != nil {
			return err
		}
	}
	return nil
}

// Sending runs the OnSend hooks on msg; transports call it before they
// write every message.
func (s *Stream) Sending(ctx context.Context, msg any) error {
	if s == nil {
		return nil
	}
	for _, f := range s.onSend {
		if err := f(ctx, msg); err != nil {
			return err
		}
	}
	return nil
}
