package h1guard

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// A field name split across reads is held back and delivered, renamed, with
// the next read; the bytes before it are delivered at once.
func TestReadHoldsBackSplitName(t *testing.T) {
	first := "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransf"
	rest := "er-Encoding: chunked\r\n\r\n0\r\n\r\n"
	sizes := []int{len(first), len(rest)}
	src := &scriptConn{src: []byte(first + rest), next: func() int { n := sizes[0]; sizes = sizes[1:]; return n }}
	c := WrapConn(src)
	buf := make([]byte, 4096)

	n, err := c.Read(buf)
	if err != nil || string(buf[:n]) != strings.TrimSuffix(first, "Transf") {
		t.Fatalf("first Read = %q, %v; want the bytes before the partial name", buf[:n], err)
	}
	n, err = c.Read(buf)
	if want := MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n"; err != nil || string(buf[:n]) != want {
		t.Fatalf("second Read = %q, %v; want %q", buf[:n], err, want)
	}
}

// A Read never returns (0, nil), even when everything read so far is held
// back: one byte per packet, into buffers of every size.
func TestReadNeverReturnsZeroNil(t *testing.T) {
	in := "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
	want := "POST / HTTP/1.1\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n"
	for size := 1; size <= 20; size++ {
		c := WrapConn(&scriptConn{src: []byte(in), next: fixed(1)})
		var out []byte
		for {
			p := make([]byte, size)
			n, err := c.Read(p)
			if n == 0 && err == nil {
				t.Fatalf("buffer %d: Read returned (0, nil) after %q", size, out)
			}
			out = append(out, p[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if string(out) != want {
			t.Fatalf("buffer %d: %q", size, out)
		}
	}
}

func TestReadEmptyBuffer(t *testing.T) {
	src := &scriptConn{src: []byte(reqGET), next: fixed(100)}
	c := WrapConn(src)
	if n, err := c.Read(nil); n != 0 || err != nil {
		t.Fatalf("Read(nil) = %d, %v", n, err)
	}
	if src.off != 0 {
		t.Fatal("Read(nil) consumed input")
	}
}

// At EOF the held-back start of a line is delivered unchanged.
func TestReadEOFFlushesHeldBytes(t *testing.T) {
	in := "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Enc"
	for _, caller := range []int{1, 3, 4096} {
		out, err := runGuard(t, []byte(in), fixed(7), fixed(caller))
		if err != io.EOF || string(out) != in {
			t.Fatalf("caller buffer %d: %q, %v; want the input and io.EOF", caller, out, err)
		}
	}
}

// A timeout (a read deadline, or net/http aborting its background read)
// does not end the stream: held-back bytes stay held and the name split
// around the timeout is still renamed.
func TestReadTimeoutKeepsHeldBytes(t *testing.T) {
	in := "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
	want := "POST / HTTP/1.1\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n"
	at := strings.Index(in, "-Encoding")
	for _, caller := range []int{1, 2, 4096} {
		c := WrapConn(&scriptConn{src: []byte(in), next: fixed(5), errs: map[int]error{at: timeoutError{}}})
		var out []byte
		timeouts := 0
		for {
			p := make([]byte, caller)
			n, err := c.Read(p)
			out = append(out, p[:n]...)
			if errors.Is(err, timeoutError{}) {
				timeouts++
				continue
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if timeouts != 1 || string(out) != want {
			t.Fatalf("caller buffer %d: %d timeouts, output %q", caller, timeouts, out)
		}
	}
}

// Any other read error ends the stream: held-back bytes are delivered with
// it and tracking stops (the rest, if a broken conn delivered any, passes
// unchanged).
func TestReadErrorFlushesAndStops(t *testing.T) {
	in := "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + reqCLTE
	at := strings.Index(in, "-Encoding")
	broken := errors.New("connection reset")
	for _, caller := range []int{1, 4096} {
		c := WrapConn(&scriptConn{src: []byte(in), next: fixed(5), errs: map[int]error{at: broken}})
		var out []byte
		var gotErr error
		for {
			p := make([]byte, caller)
			n, err := c.Read(p)
			out = append(out, p[:n]...)
			if err == broken {
				gotErr = err
				if string(out) != in[:at] {
					t.Fatalf("caller buffer %d: %q delivered before the error, want %q", caller, out, in[:at])
				}
				continue
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if gotErr == nil || string(out) != in {
			t.Fatalf("caller buffer %d: error %v, output %q", caller, gotErr, out)
		}
	}
}

// Concurrent Reads are serialised (run with -race).
func TestConcurrentReads(t *testing.T) {
	in := strings.Repeat(reqGET+reqPOST+reqChunked, 50)
	c := WrapConn(&scriptConn{src: []byte(in), next: lcg(1, 30)})
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			p := make([]byte, 17)
			for {
				n, err := c.Read(p)
				mu.Lock()
				total += n
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if total != len(in) {
		t.Fatalf("read %d bytes, want %d", total, len(in))
	}
}

// fakeTLSConn has a ConnectionState method, like connections net/http
// treats as TLS.
type fakeTLSConn struct{ net.Conn }

func (fakeTLSConn) ConnectionState() tls.ConnectionState { return tls.ConnectionState{} }

func TestWrapConn(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()

	if WrapConn(nil) != nil {
		t.Error("WrapConn(nil) != nil")
	}
	tc := tls.Server(a, &tls.Config{})
	if got := WrapConn(tc); got != net.Conn(tc) {
		t.Error("a *tls.Conn was wrapped")
	}
	if got := WrapConn(fakeTLSConn{a}); got != net.Conn(fakeTLSConn{a}) {
		t.Error("a conn with ConnectionState was wrapped")
	}
	w := WrapConn(a)
	if _, ok := w.(*conn); !ok {
		t.Fatalf("WrapConn(pipe) = %T", w)
	}
	if _, ok := w.(closeWriter); ok {
		t.Error("wrapped pipe has CloseWrite, the pipe does not")
	}
	if WrapConn(w) != w {
		t.Error("a wrapped conn was wrapped again")
	}
	if w.LocalAddr() != a.LocalAddr() {
		t.Error("LocalAddr not passed through")
	}
}

// Listen wraps accepted TCP connections, which keep CloseWrite and
// ReadFrom; the guard sits on the read side only.
func TestListen(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := Listen(raw)
	defer ln.Close()
	if ln.Addr() != raw.Addr() {
		t.Fatal("Addr not passed through")
	}
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	hc, ok := server.(*halfCloserConn)
	if !ok {
		t.Fatalf("accepted %T, want *halfCloserConn", server)
	}

	in := "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"
	if _, err := io.WriteString(client, in); err != nil {
		t.Fatal(err)
	}
	client.(*net.TCPConn).CloseWrite()
	got, err := io.ReadAll(server)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(in, "Content-Length", MarkerContentLength, 1); string(got) != want {
		t.Fatalf("read %q, want %q", got, want)
	}

	if _, err := hc.ReadFrom(strings.NewReader("pong")); err != nil {
		t.Fatal(err)
	}
	if err := hc.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	back, err := io.ReadAll(client)
	if err != nil || string(back) != "pong" {
		t.Fatalf("client read %q, %v; want pong then EOF (CloseWrite)", back, err)
	}
}

func TestSmuggled(t *testing.T) {
	cases := []struct {
		h    http.Header
		want bool
	}{
		{http.Header{}, false},
		{http.Header{"Content-Length": {"5"}}, false},
		{http.Header{"Content-Length": {"5"}, "Bia-Cl-Plus": {"x"}}, false},
		{http.Header{MarkerContentLength: {"5"}}, true},
		{http.Header{MarkerTransferEncoding: {"chunked"}}, true},
		{http.Header{MarkerTransferEncoding: {""}, "Content-Length": {"5"}}, true},
	}
	for _, tc := range cases {
		if got := Smuggled(tc.h); got != tc.want {
			t.Errorf("Smuggled(%v) = %v, want %v", tc.h, got, tc.want)
		}
	}
	if len(MarkerContentLength) != len("Content-Length") || len(MarkerTransferEncoding) != len("Transfer-Encoding") {
		t.Fatal("marker lengths")
	}
	for _, m := range []string{MarkerContentLength, MarkerTransferEncoding} {
		if http.CanonicalHeaderKey(m) != m {
			t.Errorf("marker %q is not in canonical form", m)
		}
	}
}
