package retry_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/retry"
	"github.com/bia-go/bia/runtime/transport"
)

// grpcCall is a client transporter of a gRPC method the registry does
// not know (so not idempotent by its proto).
type grpcCall struct{}

func (grpcCall) Kind() transport.Kind            { return transport.KindGRPC }
func (grpcCall) Endpoint() string                { return "" }
func (grpcCall) Operation() string               { return "/pkg.Svc/Write" }
func (grpcCall) RequestHeader() transport.Header { return nil }
func (grpcCall) ReplyHeader() transport.Header   { return nil }

// failing returns a handler that fails with err and counts its calls.
func failing(err error, n *int) func(context.Context, any) (any, error) {
	return func(context.Context, any) (any, error) {
		*n++
		return nil, err
	}
}

func TestWhatIsRetried(t *testing.T) {
	dial := errors.ServiceUnavailable(errors.ReasonUnavailable, "connect").WithCause(&net.OpError{Op: "dial", Err: errors.New(503, "x", "refused")})
	for _, tc := range []struct {
		name string
		opts []retry.Option
		err  error
		want int // attempts
	}{
		{"503 of a method not known idempotent", nil, errors.ServiceUnavailable("DOWN", "down"), 1},
		{"503 allowed by WithCodes", []retry.Option{retry.WithCodes(503)}, errors.ServiceUnavailable("DOWN", "down"), 3},
		{"a request that never left", nil, dial, 3},
		{"404", []retry.Option{retry.WithCodes(503)}, errors.NotFound("NOPE", "nope"), 1},
		{"circuit open", []retry.Option{retry.WithCodes(503)}, errors.ServiceUnavailable("CIRCUIT_OPEN", "open"), 1},
		{"attempts", []retry.Option{retry.WithCodes(503), retry.WithMaxAttempts(5)}, errors.ServiceUnavailable("DOWN", "down"), 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			opts := append([]retry.Option{retry.WithBackoff(time.Millisecond, time.Millisecond)}, tc.opts...)
			h := retry.Client(opts...)(failing(tc.err, &n))
			ctx := transport.NewClientContext(t.Context(), grpcCall{})
			if _, err := h(ctx, nil); err == nil {
				t.Fatal("no error")
			}
			if n != tc.want {
				t.Errorf("%d attempts, want %d", n, tc.want)
			}
		})
	}
}

// TestDeadline checks that no attempt starts whose backoff would end past
// the caller's deadline.
func TestDeadline(t *testing.T) {
	n := 0
	h := retry.Client(retry.WithCodes(503), retry.WithMaxAttempts(100), retry.WithBackoff(20*time.Millisecond, 20*time.Millisecond))(
		failing(errors.ServiceUnavailable("DOWN", "down"), &n))
	ctx, cancel := context.WithTimeout(transport.NewClientContext(t.Context(), grpcCall{}), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := h(ctx, nil); errors.Code(err) != 503 {
		t.Fatalf("got %v, want the last attempt's 503", err)
	}
	if took := time.Since(start); took >= 100*time.Millisecond {
		t.Errorf("returned after %v, past the 100 ms deadline", took)
	}
	if n < 2 || n >= 100 {
		t.Errorf("%d attempts in 100 ms with backoffs of up to 20 ms", n)
	}
}
