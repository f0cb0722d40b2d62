package http

import (
	"context"
	"sync"

	"github.com/bia-go/bia/runtime/errors"
)

// errServerStopping is the cause of a stream context cancelled by Stop.
var errServerStopping = errors.ServiceUnavailable(errors.ReasonUnavailable, "http: the server is shutting down")

// stoppable returns ctx, cancelled with errServerStopping when the server
// stops, and the function that releases it.
func (s *Server) stoppable(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(s.streams, func() { cancel(errServerStopping) })
	return ctx, func() {
		stop()
		cancel(nil)
	}
}

// stoppedError is the error a stream ends with: err, or 503 UNAVAILABLE
// when the handler failed because the server is stopping (Stop cancelled
// its context).
func stoppedError(ctx context.Context, err error) error {
	if err != nil && context.Cause(ctx) == errServerStopping {
		return errServerStopping
	}
	return err
}

// handlerCount counts running handlers that net/http does not track
// (WebSockets, after the upgrade), so Stop can wait for them.
type handlerCount struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0, while wait waits
}

func (c *handlerCount) add() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *handlerCount) done() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n--
	if c.n == 0 && c.idle != nil {
		close(c.idle)
		c.idle = nil
	}
}

// wait returns once no handler runs, or with ctx's error.
func (c *handlerCount) wait(ctx context.Context) error {
	c.mu.Lock()
	if c.n == 0 {
		c.mu.Unlock()
		return nil
	}
	if c.idle == nil {
		c.idle = make(chan struct{})
	}
	idle := c.idle
	c.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
