package h1guard

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"testing"
)

// scriptConn is a net.Conn whose Read returns src in pieces whose sizes come
// from next (at least 1, at most len(p)), and the error errs[off] once when
// off bytes have been returned. Only Read is implemented.
type scriptConn struct {
	net.Conn // nil: other methods are not used
	src      []byte
	next     func() int
	errs     map[int]error
	off      int
}

func (c *scriptConn) Read(p []byte) (int, error) {
	if err, ok := c.errs[c.off]; ok {
		delete(c.errs, c.off)
		return 0, err
	}
	if c.off == len(c.src) {
		return 0, io.EOF
	}
	n := min(len(p), c.next(), len(c.src)-c.off)
	for at := range c.errs {
		if at > c.off && at < c.off+n {
			n = at - c.off
		}
	}
	n = max(n, 1)
	copy(p, c.src[c.off:c.off+n])
	c.off += n
	return n, nil
}

// timeoutError is a net.Error timeout, like a read deadline expiring.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// fixed returns a size function always returning n.
func fixed(n int) func() int { return func() int { return n } }

// lcg returns a deterministic pseudo-random size function in [1, max].
func lcg(seed uint32, max int) func() int {
	x := seed*2654435761 + 1
	return func() int {
		x = x*1664525 + 1013904223
		return int(x>>16)%max + 1
	}
}

// runGuard reads all of in through WrapConn, the underlying conn returning
// pieces sized by under and the caller reading with buffers sized by
// caller. It fails the test if Read returns (0, nil) or a byte count out
// of range, and returns the output and the final error.
func runGuard(tb testing.TB, in []byte, under, caller func() int) ([]byte, error) {
	tb.Helper()
	src := &scriptConn{src: in, next: under}
	return readAllGuarded(tb, WrapConn(src), len(in), caller)
}

func readAllGuarded(tb testing.TB, c net.Conn, size int, caller func() int) ([]byte, error) {
	tb.Helper()
	out := make([]byte, 0, size)
	buf := make([]byte, 4096)
	for {
		p := buf[:caller()]
		n, err := c.Read(p)
		if n < 0 || n > len(p) {
			tb.Fatalf("Read(%d bytes) returned n=%d", len(p), n)
		}
		out = append(out, p[:n]...)
		if err != nil {
			return out, err
		}
		if n == 0 {
			tb.Fatalf("Read returned (0, nil) after %d bytes", len(out))
		}
	}
}

// guardAll returns in run through the guard in one piece.
func guardAll(tb testing.TB, in []byte) []byte {
	tb.Helper()
	out, err := runGuard(tb, in, fixed(1<<20), fixed(4096))
	if err != io.EOF {
		tb.Fatalf("final error %v, want io.EOF", err)
	}
	return out
}

// chunkings returns the read plans every framing test is run with: fixed
// underlying read sizes 1..8 (1 is one byte per packet), every single split
// point, and small caller buffers (which exercise the stash path).
type plan struct {
	name          string
	under, caller func() int
}

func chunkings(n int) []plan {
	var ps []plan
	for k := 1; k <= 8; k++ {
		ps = append(ps, plan{fmt.Sprintf("under=%d", k), fixed(k), fixed(4096)})
		ps = append(ps, plan{fmt.Sprintf("caller=%d", k), fixed(4096), fixed(k)})
	}
	for s := 1; s < n; s++ {
		first := true
		split := s
		ps = append(ps, plan{fmt.Sprintf("split=%d", s), func() int {
			if first {
				first = false
				return split
			}
			return 1 << 20
		}, fixed(4096)})
	}
	for seed := uint32(0); seed < 4; seed++ {
		ps = append(ps, plan{fmt.Sprintf("random=%d", seed), lcg(seed, 24), lcg(seed+100, 20)})
	}
	return ps
}

// checkChunkings runs in through the guard with every plan of chunkings and
// fails unless each output equals want.
func checkChunkings(t *testing.T, in, want []byte) {
	t.Helper()
	for _, p := range chunkings(len(in)) {
		out, err := runGuard(t, in, p.under, p.caller)
		if err != io.EOF {
			t.Fatalf("%s: final error %v, want io.EOF", p.name, err)
		}
		if !bytes.Equal(out, want) {
			t.Fatalf("%s: output\n%q\nwant\n%q", p.name, out, want)
		}
	}
}
