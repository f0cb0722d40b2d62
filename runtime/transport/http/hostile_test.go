package http_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	nethttp "net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/transport/http"
)

// Hostile clients over real sockets: nothing crashes, nothing hoards
// memory, nothing holds a connection forever.

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// rawConn dials the server at base and sends request.
func rawConn(tb testing.TB, base, request string) net.Conn {
	tb.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = conn.Close() })
	if _, err := io.WriteString(conn, request); err != nil {
		tb.Fatal(err)
	}
	return conn
}

// readUntilClosed reads the connection until the server closes it (or
// limit passes) and returns what it read and how long that took.
func readUntilClosed(tb testing.TB, conn net.Conn, limit time.Duration) (string, time.Duration) {
	tb.Helper()
	start := time.Now()
	_ = conn.SetReadDeadline(start.Add(limit))
	b, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		tb.Fatalf("the server kept the connection open for %v; read %q", limit, b)
	}
	return string(b), time.Since(start)
}

func TestDeepKeysAnswered400(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	echoRoute(t, s, http.Rule{Method: "POST", Pattern: "/form", Body: "*", Operation: "/s.S/Form"})
	echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/query", Operation: "/s.S/Query"})
	base := startServer(t, s)
	// The test message is recursive through Book.sequel: 100,000 levels of
	// it would build a 100,000-deep message without the binder's limit.
	deep := "book." + strings.Repeat("sequel.", 100_000) + "title=y"
	for _, tc := range []struct {
		name string
		req  func() (*nethttp.Request, error)
	}{
		{"form body", func() (*nethttp.Request, error) {
			r, err := nethttp.NewRequest("POST", base+"/form", strings.NewReader(deep))
			if err == nil {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			return r, err
		}},
		{"query", func() (*nethttp.Request, error) { return nethttp.NewRequest("GET", base+"/query?"+deep, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range 8 {
				req, err := tc.req()
				if err != nil {
					t.Fatal(err)
				}
				resp, body := do(t, req)
				if resp.StatusCode != 400 || !strings.Contains(body, `"reason":"INVALID_ARGUMENT"`) || !strings.Contains(body, "the limit is 100") {
					t.Fatalf("got %d %.300s, want 400 INVALID_ARGUMENT naming the depth limit", resp.StatusCode, body)
				}
			}
			var after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&after)
			// A 100,000-deep message is over 10 MB; eight requests of it
			// would be far more.
			if grown := int64(after.TotalAlloc-before.TotalAlloc) / 8; grown > 8<<20 {
				t.Errorf("each request allocated %d bytes; a deep key must be refused before binding", grown)
			}
		})
	}
}

func TestStalledBodiesHoldNoMemory(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(discardLogger()))
	echoRoute(t, s, http.Rule{Method: "POST", Pattern: "/b", Body: "*", Operation: "/s.S/M"})
	base := startServer(t, s)
	const conns = 500
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()
	for range conns {
		// Each declares 4 MiB (the default limit) and sends one byte.
		rawConn(t, base, "POST /b HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4194304\r\n\r\n{")
	}
	deadline := time.Now().Add(20 * time.Second)
	for runtime.NumGoroutine() < goroutines+conns && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // let every handler reach its body read
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d stalled connections hold %.1f MiB of heap", conns, float64(held)/(1<<20))
	if held > 50<<20 {
		t.Errorf("%d connections that declared 4 MiB and sent 1 byte hold %d MiB of heap; want < 50 MiB", conns, held>>20)
	}
}

func TestStalledBodyIsCut(t *testing.T) {
	const idle = 300 * time.Millisecond
	s := http.NewServer(http.Address("127.0.0.1:0"), http.BodyReadTimeout(idle), http.BodyMinRate(100), http.Logger(discardLogger()))
	echoRoute(t, s, http.Rule{Method: "POST", Pattern: "/b", Body: "*", Operation: "/s.S/M"})
	base := startServer(t, s)

	for _, tc := range []struct {
		name, request string
	}{
		{"declared length never sent", "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"na"},
		{"chunked body never ending", "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"na\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := rawConn(t, base, tc.request)
			got, took := readUntilClosed(t, conn, 10*time.Second)
			if !strings.HasPrefix(got, "HTTP/1.1 408 Request Timeout") || !strings.Contains(got, `"reason":"REQUEST_TIMEOUT"`) ||
				!strings.Contains(got, "Connection: close") {
				t.Errorf("got %q, want 408 REQUEST_TIMEOUT and Connection: close", got)
			}
			if took < idle || took > idle+3*time.Second {
				t.Errorf("cut after %v, want about %v", took, idle)
			}
		})
	}

	t.Run("trickle below the minimum rate", func(t *testing.T) {
		conn := rawConn(t, base, "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
		var stop atomic.Bool
		defer stop.Store(true)
		go func() { // one byte every 50 ms: 20 B/s, progress but under 100 B/s
			for !stop.Load() {
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
		got, took := readUntilClosed(t, conn, 10*time.Second)
		if !strings.HasPrefix(got, "HTTP/1.1 408") {
			t.Errorf("got %q, want 408", got)
		}
		if took > 5*time.Second {
			t.Errorf("cut after %v", took)
		}
	})

	t.Run("slow but progressing upload is not cut", func(t *testing.T) {
		body := `{"name":"` + strings.Repeat("x", 389) + `"}` // 400 bytes
		conn := rawConn(t, base, fmt.Sprintf("POST /b HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(body)))
		// 40 bytes every 200 ms: gaps under the idle timeout, 200 B/s
		// over the minimum rate, 2 s in all: much longer than the timeout.
		for i := 0; i < len(body); i += 40 {
			time.Sleep(200 * time.Millisecond)
			if _, err := io.WriteString(conn, body[i:i+40]); err != nil {
				t.Fatalf("the server cut a progressing upload after %d bytes: %v", i, err)
			}
		}
		got, _ := readUntilClosed(t, conn, 10*time.Second)
		if !strings.HasPrefix(got, "HTTP/1.1 200 OK") || !strings.Contains(got, strings.Repeat("x", 389)) {
			t.Errorf("got %.200q, want 200 with the echoed name", got)
		}
	})
}

func TestContentLengthWithTransferEncodingRefused(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	var served atomic.Int32
	s.HandleMethod("GET", "/smuggled", nethttp.HandlerFunc(func(nethttp.ResponseWriter, *nethttp.Request) { served.Add(1) }))
	echoRoute(t, s, http.Rule{Method: "POST", Pattern: "/b", Body: "*", Operation: "/s.S/M"})
	base := startServer(t, s)
	smuggled := "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
	for _, headers := range []string{
		"Content-Length: 40\r\nTransfer-Encoding: chunked\r\n",
		"Transfer-Encoding: chunked\r\nContent-Length: 40\r\n",
		"transfer-encoding: chunked\r\ncontent-length: 5\r\n",
	} {
		t.Run(headers, func(t *testing.T) {
			conn := rawConn(t, base, "POST /b HTTP/1.1\r\nHost: x\r\n"+headers+"\r\n0\r\n\r\n"+smuggled)
			got, _ := readUntilClosed(t, conn, 10*time.Second)
			if !strings.HasPrefix(got, "HTTP/1.1 400 Bad Request") || !strings.Contains(got, `"reason":"INVALID_ARGUMENT"`) ||
				!strings.Contains(got, "Connection: close") || strings.Count(got, "HTTP/1.1") != 1 {
				t.Errorf("got %q, want one 400 INVALID_ARGUMENT reply, then the connection closed", got)
			}
		})
	}
	if n := served.Load(); n != 0 {
		t.Errorf("the smuggled request was served %d times", n)
	}
	// Legitimate chunked and fixed-length requests on one connection.
	conn := rawConn(t, base, "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"+
		"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
	got, _ := readUntilClosed(t, conn, 10*time.Second)
	if strings.Count(got, "HTTP/1.1 200 OK") != 2 {
		t.Errorf("pipelined chunked and fixed-length requests: %q", got)
	}
}

func TestOversizedBodyClosesTheConnection(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"), http.MaxBodySize(10))
	echoRoute(t, s, http.Rule{Method: "POST", Pattern: "/b", Body: "*", Operation: "/s.S/M"})
	base := startServer(t, s)
	for _, request := range []string{
		"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + strings.Repeat(" ", 100),
		"POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + strings.Repeat(" ", 100) + "\r\n0\r\n\r\n",
	} {
		got, _ := readUntilClosed(t, rawConn(t, base, request+"GET /b HTTP/1.1\r\nHost: x\r\n\r\n"), 10*time.Second)
		if !strings.HasPrefix(got, "HTTP/1.1 413") || !strings.Contains(got, "Connection: close") || strings.Count(got, "HTTP/1.1") != 1 {
			t.Errorf("got %q, want 413 with Connection: close and nothing more", got)
		}
	}
}

func TestWrappedStatusTextNeverLeaks(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(discardLogger()))
	http.HandleDynamic(s, http.Rule{Method: "GET", Pattern: "/u/{name}", Operation: "/s.S/Get"}, types(t).msg, types(t).msg,
		func(context.Context, proto.Message) (proto.Message, error) {
			return nil, fmt.Errorf("lookup with password=hunter2: %w", status.Error(codes.NotFound, "no such user"))
		})
	base := startServer(t, s)
	resp, body := get(t, base+"/u/x")
	if resp.StatusCode != 404 || strings.Contains(body, "hunter2") || !strings.Contains(body, `"message":"no such user"`) {
		t.Errorf("got %d %s, want 404 with the status's own message only", resp.StatusCode, body)
	}
	c := clientFor(t, base)
	err := c.Invoke(context.Background(), http.Rule{Method: "GET", Pattern: "/u/{name}", Operation: "/s.S/Get"},
		msgJSON(t, `{"name":"x"}`), types(t).msg.New().Interface())
	e := wantError(t, err, 404, "")
	if strings.Contains(e.Error(), "hunter2") || e.Message != "no such user" {
		t.Errorf("client error %v leaks or loses the message", e)
	}
}

// TestServerDefaults pins the defaults a client can observe.
func TestServerDefaults(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/v/{name}", Operation: "/s.S/Get"})
	base := startServer(t, s)
	resp, _ := get(t, base+"/nope")
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("error reply X-Content-Type-Options = %q, want nosniff", got)
	}
	d := http.Defaults(s)
	want := http.ServerDefaults{ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		BodyReadTimeout: 30 * time.Second, BodyMinRate: 500, MaxBodySize: 4 << 20}
	if d != want {
		t.Errorf("defaults = %+v, want %+v", d, want)
	}
	// The read header timeout is what net/http enforces, not just a field.
	short := http.NewServer(http.Address("127.0.0.1:0"), http.ReadHeaderTimeout(100*time.Millisecond))
	got, took := readUntilClosed(t, rawConn(t, startServer(t, short), "GET / HTTP/1.1\r\nHost: x\r\n"), 10*time.Second)
	if took > 5*time.Second || strings.Contains(got, "200 OK") {
		t.Errorf("half-sent headers: %q after %v", got, took)
	}
}

// TestReplyHeaderValuesNotShared checks that a filter editing a reply's
// header values in place touches only its own response: no two replies,
// of one server or two, share a value slice.
func TestReplyHeaderValuesNotShared(t *testing.T) {
	vandal := func(next nethttp.Handler) nethttp.Handler {
		return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
			next.ServeHTTP(w, r)
			for _, k := range []string{"Content-Type", "Vary"} {
				if v := w.Header()[k]; len(v) > 0 {
					v[0] = "text/vandalised"
				}
			}
		})
	}
	a := http.NewServer(http.Filter(vandal))
	b := http.NewServer()
	for _, s := range []*http.Server{a, b} {
		echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/v/{name}", Operation: "/s.S/Get"})
	}
	for i := range 3 {
		serve(a, "GET", "/v/x", "", "")
		for name, s := range map[string]*http.Server{"the same server": a, "another server": b} {
			// The vandal edits after each reply is out (the recorder keeps
			// the header as written): a later reply must be intact.
			rec := serve(s, "GET", "/v/x", "", "")
			if ct, vary := rec.Result().Header.Get("Content-Type"), rec.Result().Header.Get("Vary"); ct != "application/json" || vary != "Accept" {
				t.Errorf("%s, round %d: Content-Type %q, Vary %q", name, i, ct, vary)
			}
		}
	}
}
