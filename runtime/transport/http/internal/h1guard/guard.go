package h1guard

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
)

// Marker header names. When a request's header block has both a
// Content-Length and a Transfer-Encoding field, the guard renames every
// field of whichever of the two kinds appears second to the marker of the
// same length, keeping its value. The handler sees the marker in
// http.Request.Header (use [Smuggled]) and net/http frames the body by the
// one framing field left, exactly as it would without the guard if only
// that field had been sent.
const (
	// MarkerContentLength replaces the name of a Content-Length field that
	// follows a Transfer-Encoding field. It has the length of
	// "Content-Length" (14 bytes) and is in canonical form.
	MarkerContentLength = "Bia-Cl-Plus-Te"

	// MarkerTransferEncoding replaces the name of a Transfer-Encoding
	// field that follows a Content-Length field. It has the length of
	// "Transfer-Encoding" (17 bytes) and is in canonical form.
	MarkerTransferEncoding = "Bia-Has-Cl-And-Te"
)

// The rewrite is in place: each marker must be exactly as long as the name
// it replaces (a compile-time check).
var (
	_ = [1]struct{}{}[len(MarkerContentLength)-len(nameCL)]
	_ = [1]struct{}{}[len(MarkerTransferEncoding)-len(nameTE)]
)

// Smuggled reports whether h, the header of a request received through the
// guard, carries a marker: the request had both Content-Length and
// Transfer-Encoding. Such a request must be refused (400) with
// "Connection: close" and without reading its body, so that no byte after
// its header block is interpreted on that connection.
//
// A client could send a marker itself; that, too, deserves a 400.
func Smuggled(h http.Header) bool {
	_, cl := h[MarkerContentLength]
	_, te := h[MarkerTransferEncoding]
	return cl || te
}

// Listen returns a listener whose Accept wraps each accepted connection
// with [WrapConn]. Use it on the plaintext listener given to
// net/http.Server.Serve; do not put it under a TLS listener (see the
// package documentation). Close and Addr are those of l.
func Listen(l net.Listener) net.Listener {
	return listener{l}
}

type listener struct{ net.Listener }

// Accept waits for the next connection and wraps it with WrapConn.
func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return c, err
	}
	return WrapConn(c), nil
}

// WrapConn returns c with its read side followed by the guard: bytes read
// are those of c, except that the second framing field of a request having
// both Content-Length and Transfer-Encoding is renamed to a marker.
//
// WrapConn returns c itself if c is nil, already wrapped, a *tls.Conn or
// any other connection with a ConnectionState method: the guard follows
// plaintext HTTP/1.x only. The returned conn has a CloseWrite method if c
// has one (net/http uses it to close connections gracefully).
//
// The wrapper's Read is serialised by a mutex; its other methods are c's.
// After a read error other than a timeout (io.EOF included) the guard
// delivers any bytes it held back and stops tracking.
func WrapConn(c net.Conn) net.Conn {
	switch c.(type) {
	case nil, *conn, *halfCloserConn, *tls.Conn:
		return c
	}
	if _, ok := c.(interface{ ConnectionState() tls.ConnectionState }); ok {
		return c
	}
	if _, ok := c.(closeWriter); ok {
		return &halfCloserConn{conn{Conn: c}}
	}
	return &conn{Conn: c}
}

type closeWriter interface{ CloseWrite() error }

// stashSize is the size of the buffer used when the caller's buffer is too
// small to take the held-back bytes plus at least one new byte.
const stashSize = 64

// conn is a net.Conn whose Read runs the bytes through a tracker.
type conn struct {
	net.Conn

	mu sync.Mutex // serialises Read
	t  tracker
	// stash[:dec] are decided bytes not yet delivered; stash[dec:dec+held]
	// is the held-back start of a header line, to be processed again.
	stash     [stashSize]byte
	dec, held int
	err       error // read error to return once stash[:dec] is delivered
}

// halfCloserConn is a conn over a connection that can close its write side.
type halfCloserConn struct{ conn }

// CloseWrite shuts down the writing side of the underlying connection.
func (c *halfCloserConn) CloseWrite() error {
	return c.Conn.(closeWriter).CloseWrite()
}

// Read reads from the underlying connection and returns the bytes after the
// guard's rewrite. It never returns (0, nil) for a non-empty p.
func (c *conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if c.dec > 0 {
			n := copy(p, c.stash[:c.dec])
			copy(c.stash[:], c.stash[n:c.dec+c.held])
			c.dec -= n
			if c.dec == 0 && c.err != nil {
				err := c.err
				c.err = nil
				return n, err
			}
			return n, nil
		}
		if c.err != nil {
			err := c.err
			c.err = nil
			return 0, err
		}
		k := c.held
		if k == 0 && c.t.stopped() {
			return c.Conn.Read(p)
		}
		if len(p) > k {
			// Common path: the held-back bytes (usually none) and the new
			// ones are processed in the caller's buffer.
			copy(p, c.stash[:k])
			n, err := c.Conn.Read(p[k:])
			n += k
			d := c.feed(p[:n], err)
			c.held = copy(c.stash[:], p[d:n])
			if d > 0 || err != nil {
				return d, err
			}
			continue // all held back: read more rather than return (0, nil)
		}
		n, err := c.Conn.Read(c.stash[k:])
		n += k
		d := c.feed(c.stash[:n], err)
		c.dec, c.held = d, n-d
		if err != nil {
			if d == 0 {
				return 0, err
			}
			c.err = err
		}
	}
}

// feed runs b through the tracker and returns how many bytes of b are
// decided. A read error other than a timeout ends the stream: everything is
// decided and tracking stops. After a timeout (which net/http also uses to
// abort its background read) the connection is still usable, so held bytes
// stay held.
func (c *conn) feed(b []byte, err error) int {
	final := err != nil && !isTimeout(err)
	d := c.t.process(b, final)
	if final {
		c.t.stop()
	}
	return d
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// ReadFrom lets net/http's response writer use the underlying connection's
// ReadFrom (sendfile, splice). Only the read side is guarded.
func (c *conn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c.Conn}, r)
}

// writerOnly hides any ReadFrom of w, so that io.Copy does not loop.
type writerOnly struct{ io.Writer }
