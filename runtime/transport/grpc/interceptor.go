package grpc

import (
	"context"
	"time"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport"
)

// unaryHandlerKey carries the per-call grpc.UnaryHandler to the end of the
// middleware chain, which is built once in NewServer.
type unaryHandlerKey struct{}

// callUnaryHandler is the final middleware.Handler of the server chain: it
// calls the generated handler of the method being served. It fails when a
// middleware called it with a context not derived from the call's.
func callUnaryHandler(ctx context.Context, req any) (any, error) {
	h, ok := ctx.Value(unaryHandlerKey{}).(gogrpc.UnaryHandler)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal,
			"grpc: a middleware called the next handler with a context not derived from the call's")
	}
	return h(ctx, req)
}

// unaryInterceptor runs the middleware chain around every unary call.
func (s *Server) unaryInterceptor(ctx context.Context, req any, info *gogrpc.UnaryServerInfo, handler gogrpc.UnaryHandler) (any, error) {
	if l := s.opts.limiter; l != nil {
		if err := l.Allow(); err != nil {
			return nil, s.wireError(ctx, info.FullMethod, err)
		}
		start := time.Now()
		defer func() { l.Done(time.Since(start)) }()
	}
	ctx, endpoint := s.callContext(ctx)
	md, _ := metadata.FromIncomingContext(ctx)
	tr := newTransport(endpoint, info.FullMethod, md)
	ctx = transport.NewServerContext(ctx, tr)
	if s.opts.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.opts.timeout)
		defer cancel()
	}
	if ctx.Err() != nil { // the caller's time ran out on the way: nothing to run
		return nil, s.wireError(ctx, info.FullMethod, errors.FromError(ctx.Err()))
	}
	reply, err := s.handler(context.WithValue(ctx, unaryHandlerKey{}, handler), req)
	if len(tr.replyHeader) > 0 {
		if herr := gogrpc.SetHeader(ctx, metadata.MD(tr.replyHeader)); herr != nil {
			s.opts.logger.WarnContext(ctx, "grpc: cannot send reply header",
				"operation", info.FullMethod, "error", herr)
		}
	}
	if err != nil {
		return nil, s.wireError(ctx, info.FullMethod, err)
	}
	return reply, nil
}

// wireError turns a handler error into what the client receives. A gRPC
// status that is not a Bia error passes through with its own code, message
// and details (never the text of errors wrapping it); everything else goes through errors.Public, so the
// text of a non-Bia error is replaced by a generic message and logged here.
func (s *Server) wireError(ctx context.Context, op string, err error) error {
	var be *errors.Error
	isBia := errors.As(err, &be)
	if st, isStatus := errors.GRPCStatusOf(err); isStatus && !isBia {
		// The status itself, not err: grpc-go would send a wrapping
		// error's whole text as the message.
		return st.Err()
	}
	if !isBia && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		s.opts.logger.ErrorContext(ctx, "grpc: handler failed; the client sees a generic internal error",
			"operation", op, "error", err)
	}
	return errors.Public(err).ToGRPCStatus(s.opts.mapper).Err()
}

// callContext returns the context of a call, through which the values of
// Start's ctx are visible, and the server's endpoint.
func (s *Server) callContext(ctx context.Context) (context.Context, string) {
	info := s.serving.Load()
	if info == nil { // served through GRPCServer() without Start
		return ctx, ""
	}
	if info.base != nil {
		ctx = valuesContext{Context: ctx, values: info.base}
	}
	return ctx, info.endpoint
}

// valuesContext is ctx, falling back to values for Value lookups.
type valuesContext struct {
	context.Context
	values context.Context
}

func (c valuesContext) Value(key any) any {
	if v := c.Context.Value(key); v != nil {
		return v
	}
	return c.values.Value(key)
}
