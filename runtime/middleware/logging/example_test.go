package logging_test

import (
	"context"
	"log/slog"
	"os"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/logging"
	"github.com/bia-go/bia/runtime/transport"
)

func ExampleServer() {
	// Drop the time and latency so the output is stable.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "latency" || a.Key == "error" {
				return slog.Attr{}
			}
			return a
		},
	}))
	h := logging.Server(logger)(func(_ context.Context, req any) (any, error) {
		if req == "missing" {
			return nil, errors.NotFound("USER_NOT_FOUND", "no such user")
		}
		return "user", nil
	})

	ctx := transport.NewServerContext(context.Background(), newTransport("/users.v1.Users/Get"))
	_, _ = h(ctx, "alice")
	_, _ = h(ctx, "missing")
	// Output:
	// level=INFO msg="server call" kind=grpc operation=/users.v1.Users/Get code=200 reason=""
	// level=WARN msg="server call" kind=grpc operation=/users.v1.Users/Get code=404 reason=USER_NOT_FOUND
}
