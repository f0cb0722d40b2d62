package http

import (
	"context"
	"fmt"
	"math"
	nethttp "net/http"
	"strconv"
	"time"

	"github.com/bia-go/bia/runtime/errors"
)

// TimeoutHeader carries the time a caller has left for a call, so a
// deadline holds across hops over HTTP as it does over gRPC: the value is
// gRPC's grpc-timeout (what grpc-gateway reads too): a positive integer of
// at most 8 digits and a unit, H (hours), M (minutes), S, m
// (milliseconds), u (microseconds) or n (nanoseconds), "1500m" for 1.5 s.
// Bia's HTTP client sends it for every call whose context has a deadline
// (WithTimeout gives every call one by default); Bia's HTTP server gives
// the handler's context that deadline and answers a call whose time is up
// with 504 GATEWAY_TIMEOUT without running it.
const TimeoutHeader = "Grpc-Timeout"

// encodeTimeout writes d (> 0) in the largest precision that fits 8
// digits, rounding up so the callee never gets more time than the caller.
func encodeTimeout(d time.Duration) string {
	for _, u := range []struct {
		unit byte
		d    time.Duration
	}{{'n', time.Nanosecond}, {'u', time.Microsecond}, {'m', time.Millisecond}, {'S', time.Second}, {'M', time.Minute}} {
		if v := (d + u.d - 1) / u.d; v < 1e8 {
			return strconv.FormatInt(int64(v), 10) + string(u.unit)
		}
	}
	return strconv.FormatInt(int64(min((d+time.Hour-1)/time.Hour, 99999999)), 10) + "H"
}

// decodeTimeout reads a TimeoutHeader value.
func decodeTimeout(s string) (time.Duration, error) {
	if len(s) < 2 || len(s) > 9 {
		return 0, fmt.Errorf("%s %q: want 1 to 8 digits and a unit", TimeoutHeader, s)
	}
	v, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if err != nil || v < 0 || s[0] == '+' || s[0] == '-' {
		return 0, fmt.Errorf("%s %q: want 1 to 8 digits and a unit", TimeoutHeader, s)
	}
	var unit time.Duration
	switch s[len(s)-1] {
	case 'H':
		unit = time.Hour
	case 'M':
		unit = time.Minute
	case 'S':
		unit = time.Second
	case 'm':
		unit = time.Millisecond
	case 'u':
		unit = time.Microsecond
	case 'n':
		unit = time.Nanosecond
	default:
		return 0, fmt.Errorf("%s %q: unknown unit %q (H, M, S, m, u, n)", TimeoutHeader, s, s[len(s)-1])
	}
	if v > int64(math.MaxInt64/unit) {
		return math.MaxInt64, nil // 99999999H is longer than a Duration holds: no deadline to speak of
	}
	return time.Duration(v) * unit, nil
}

// callContext is the context of a served call: the server's Timeout and
// the caller's TimeoutHeader, the earlier of the two, bound it. An error
// is the call's reply: a malformed header (400) or no time left (504).
func (s *Server) callContext(ctx context.Context, r *nethttp.Request) (context.Context, context.CancelFunc, error) {
	cancel := context.CancelFunc(func() {})
	if s.opts.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, s.opts.timeout)
	}
	v := r.Header.Get(TimeoutHeader)
	if v == "" {
		return ctx, cancel, nil
	}
	d, err := decodeTimeout(v)
	if err != nil {
		return ctx, cancel, errors.BadRequest(errors.ReasonInvalidArgument, err.Error())
	}
	if d <= 0 {
		return ctx, cancel, errors.GatewayTimeout(errors.ReasonGatewayTimeout, "the caller's deadline has passed")
	}
	outer := cancel
	ctx, inner := context.WithTimeout(ctx, d)
	return ctx, func() { inner(); outer() }, nil
}
