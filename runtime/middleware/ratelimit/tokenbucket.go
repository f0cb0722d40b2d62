package ratelimit

import (
	"sync/atomic"
	"time"

	"github.com/bia-go/bia/runtime/errors"
)

// TokenBucket is a fixed-rate limiter: rate calls per second on average,
// bursts of up to burst calls. It keeps one atomic (the generic cell rate
// algorithm: the time the bucket will be full again), so Allow takes no
// lock and allocates nothing. A TokenBucket is a transport.Limiter.
type TokenBucket struct {
	interval int64 // ns per call
	burst    int64 // ns of calls that may be taken ahead
	start    time.Time
	tat      atomic.Int64 // theoretical arrival time, ns since start
}

// NewTokenBucket returns a limiter of rate calls per second with bursts of
// burst calls (at least 1).
func NewTokenBucket(rate float64, burst int) *TokenBucket {
	interval := int64(float64(time.Second) / rate)
	return &TokenBucket{interval: interval, burst: int64(max(burst, 1)) * interval, start: time.Now()}
}

// Allow takes the call if the bucket has a token; refused, it returns a
// 429 *errors.Error of reason ReasonRateLimit.
func (b *TokenBucket) Allow() error {
	now := int64(time.Since(b.start))
	for {
		tat := b.tat.Load()
		next := max(tat, now) + b.interval
		if next-now > b.burst {
			return errors.New(429, ReasonRateLimit, "over the rate limit; retry later")
		}
		if b.tat.CompareAndSwap(tat, next) {
			return nil
		}
	}
}

// Done does nothing: the bucket does not depend on how calls went.
func (*TokenBucket) Done(time.Duration) {}
