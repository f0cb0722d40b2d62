package recovery_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/recovery"
)

func ExampleRecovery() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	h := recovery.Recovery(recovery.WithLogger(logger))(func(context.Context, any) (any, error) {
		var m map[string]int
		m["boom"]++ // panics: assignment to entry in nil map
		return nil, nil
	})

	_, err := h(context.Background(), nil)
	e := errors.FromError(err)
	fmt.Println(e.Code, e.Reason, e.Message)
	// Output: 500 INTERNAL internal server error
}

func ExampleWithHandler() {
	h := recovery.Recovery(
		recovery.WithLogger(slog.New(slog.DiscardHandler)),
		recovery.WithHandler(func(ctx context.Context, req, v any) error {
			return errors.ServiceUnavailable("PANIC", "try again later")
		}),
	)(func(context.Context, any) (any, error) { panic("boom") })

	_, err := h(context.Background(), nil)
	fmt.Println(errors.IsServiceUnavailable(err))
	// Output: true
}
