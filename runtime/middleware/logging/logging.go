package logging

import (
	"context"
	"log/slog"
	"time"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// The messages of the records Server and Client write.
const (
	ServerMessage = "server call"
	ClientMessage = "client call"
)

// Server returns a middleware that logs one record per served call, with
// the message ServerMessage and these attributes:
//
//   - "kind": the transport kind ("http", "grpc"), from
//     transport.FromServerContext ("" without a transporter);
//   - "operation": the operation, "/package.Service/Method" ("" likewise);
//   - "code" and "reason": of the returned error as errors.FromError sees
//     it, 200 and "" on success;
//   - "latency": the time the rest of the chain took;
//   - "error": the full error text, only when the call failed. This may
//     include causes that are never sent to the caller; it goes to the
//     service's own log.
//
// The level is Info on success and below 400, Warn for 4xx codes and Error
// for 5xx (and codes above). A nil l means slog.Default(), looked up per
// call. Records are built only when l is enabled for their level.
func Server(l *slog.Logger) middleware.Middleware {
	return logCalls(l, ServerMessage, transport.FromServerContext)
}

// Client returns a middleware that logs one record per outgoing call, as
// Server does, with the message ClientMessage and the kind and operation of
// transport.FromClientContext. The code and reason are those of the error
// the call returned, usually what the peer sent.
func Client(l *slog.Logger) middleware.Middleware {
	return logCalls(l, ClientMessage, transport.FromClientContext)
}

func logCalls(l *slog.Logger, msg string, from func(context.Context) (transport.Transporter, bool)) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			start := time.Now()
			reply, err := next(ctx, req)
			latency := time.Since(start)

			logger := l
			if logger == nil {
				logger = slog.Default()
			}
			code, reason := 200, ""
			var e *errors.Error
			if err != nil {
				e = errors.FromError(err)
				code, reason = e.Code, e.Reason
			}
			level := levelOf(code)
			if !logger.Enabled(ctx, level) {
				return reply, err
			}
			var kind, op string
			if tr, ok := from(ctx); ok {
				kind, op = tr.Kind().String(), tr.Operation()
			}
			if err == nil {
				logger.LogAttrs(ctx, level, msg,
					slog.String("kind", kind),
					slog.String("operation", op),
					slog.Int("code", code),
					slog.String("reason", reason),
					slog.Duration("latency", latency),
				)
				return reply, err
			}
			logger.LogAttrs(ctx, level, msg,
				slog.String("kind", kind),
				slog.String("operation", op),
				slog.Int("code", code),
				slog.String("reason", reason),
				slog.Duration("latency", latency),
				slog.String("error", err.Error()),
			)
			return reply, err
		}
	}
}

func levelOf(code int) slog.Level {
	switch {
	case code >= 500:
		return slog.LevelError
	case code >= 400:
		return slog.LevelWarn
	default:
		return slog.LevelInfo
	}
}
