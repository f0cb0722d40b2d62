package h1guard

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// testServer is a net/http.Server on a loopback socket whose handler
// refuses marked requests the way the integration must: 400, a JSON body,
// Connection: close, without reading the body.
type testServer struct {
	addr  string
	mu    sync.Mutex
	paths []string
	te    []string // Transfer-Encoding of each request, as net/http saw it
	conns atomic.Int32
}

func (s *testServer) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.paths)
}

func startServer(t *testing.T, guarded bool) *testServer {
	t.Helper()
	s := &testServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.te = append(s.te, strings.Join(r.TransferEncoding, ","))
		s.mu.Unlock()
		if Smuggled(r.Header) {
			w.Header().Set("Connection", "close")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"request has both Content-Length and Transfer-Encoding"}`)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		io.WriteString(w, r.URL.Path+" "+string(body))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler:  h,
		ErrorLog: log.New(io.Discard, "", 0),
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				s.conns.Add(1)
			}
		},
	}
	if guarded {
		go srv.Serve(Listen(ln))
	} else {
		go srv.Serve(ln)
	}
	t.Cleanup(func() { srv.Close() })
	s.addr = ln.Addr().String()
	return s
}

// rawConn dials s and sends payload, in one write or one byte per write.
func rawConn(t *testing.T, s *testServer, payload string, bytewise bool) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if bytewise {
		for i := range len(payload) {
			if _, err := io.WriteString(c, payload[i:i+1]); err != nil {
				// The server may answer and close before the last bytes
				// (say, a smuggled request it never reads) are sent.
				t.Logf("write stopped after %d of %d bytes: %v", i, len(payload), err)
				break
			}
		}
	} else if _, err := io.WriteString(c, payload); err != nil {
		t.Fatal(err)
	}
	return c, bufio.NewReader(c)
}

func readResponse(t *testing.T, br *bufio.Reader) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("reading response: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading response body: %v", err)
	}
	return resp, string(body)
}

var smugglePayloads = []struct{ name, payload string }{
	{"CL then TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"},
	{"TE then CL", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n" +
		"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"},
}

// Through the guard a request with both fields is answered 400, the
// connection is closed, and the smuggled request is never served.
func TestEndToEndSmuggledRequestRefused(t *testing.T) {
	for _, tc := range smugglePayloads {
		for _, bytewise := range []bool{false, true} {
			name := tc.name
			if bytewise {
				name += " one byte per write"
			}
			t.Run(name, func(t *testing.T) {
				s := startServer(t, true)
				_, br := rawConn(t, s, tc.payload, bytewise)
				resp, body := readResponse(t, br)
				if resp.StatusCode != http.StatusBadRequest || !resp.Close ||
					resp.Header.Get("Content-Type") != "application/json" || !strings.Contains(body, `"error"`) {
					t.Fatalf("response %d close=%v %q %q, want 400, Connection: close, a JSON error",
						resp.StatusCode, resp.Close, resp.Header.Get("Content-Type"), body)
				}
				// Closed: FIN, or RST when bytes the handler did not read
				// (the smuggled request, sent in separate packets) were
				// still in the server's socket buffer at close.
				if _, err := br.ReadByte(); err != io.EOF && !errors.Is(err, syscall.ECONNRESET) {
					t.Fatalf("after the 400: read error %v, want the connection closed", err)
				}
				if got := s.seen(); !slices.Equal(got, []string{"/"}) {
					t.Fatalf("handler saw %q, want only \"/\"", got)
				}
			})
		}
	}
}

// A request announcing "Upgrade" that no handler takes over is followed by
// more requests on the same connection (net/http does not act on Upgrade);
// the guard keeps checking them, or prefixing "Upgrade: x" would disable it.
func TestEndToEndUpgradeNotTakenOver(t *testing.T) {
	s := startServer(t, true)
	payload := "GET /up HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n" + smugglePayloads[0].payload
	if !serverReads(t, payload, "/smuggled") {
		t.Fatal("net/http would not read past the Upgrade request: the test proves nothing")
	}
	_, br := rawConn(t, s, payload, false)
	if resp, body := readResponse(t, br); resp.StatusCode != http.StatusOK {
		t.Fatalf("Upgrade request: %d %q", resp.StatusCode, body)
	}
	if resp, _ := readResponse(t, br); resp.StatusCode != http.StatusBadRequest || !resp.Close {
		t.Fatalf("request with both fields after it: %d close=%v, want 400 and close", resp.StatusCode, resp.Close)
	}
	if got := s.seen(); !slices.Equal(got, []string{"/up", "/"}) {
		t.Fatalf("handler saw %q", got)
	}
}

// Control: without the guard, net/http serves the smuggled request, so the
// test above can fail.
func TestEndToEndWithoutGuardServesSmuggled(t *testing.T) {
	for _, tc := range smugglePayloads {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, false)
			_, br := rawConn(t, s, tc.payload, false)
			for i := range 2 {
				if resp, body := readResponse(t, br); resp.StatusCode != http.StatusOK {
					t.Fatalf("response %d: %d %q", i, resp.StatusCode, body)
				}
			}
			if got := s.seen(); !slices.Contains(got, "/smuggled") {
				t.Fatalf("handler saw %q: net/http no longer serves the smuggled request", got)
			}
		})
	}
}

// Legitimate keep-alive pipelines through the guard are all served, on one
// connection that stays open.
func TestEndToEndPipelineServed(t *testing.T) {
	s := startServer(t, true)
	payload := reqGET + reqPOST + reqChunked + "GET /last HTTP/1.1\r\nHost: x\r\n\r\n"
	for _, bytewise := range []bool{false, true} {
		c, br := rawConn(t, s, payload, bytewise)
		want := []string{"/items ", "/items {\"name\":\"item\"}\n", "/upload hello world", "/last "}
		for i, w := range want {
			resp, body := readResponse(t, br)
			if resp.StatusCode != http.StatusOK || body != w || resp.Close {
				t.Fatalf("response %d: %d %q close=%v, want 200 %q keep-alive", i, resp.StatusCode, body, resp.Close, w)
			}
		}
		// Still open: one more request on the same connection.
		io.WriteString(c, reqGET)
		if resp, _ := readResponse(t, br); resp.StatusCode != http.StatusOK {
			t.Fatalf("request after the pipeline: %d", resp.StatusCode)
		}
	}
}

// A real net/http client reusing one connection for GET, a Content-Length
// POST and a chunked POST goes through the guard untouched.
func TestEndToEndClientKeepAlive(t *testing.T) {
	s := startServer(t, true)
	tr := &http.Transport{MaxConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for i := range 3 {
		reqs := []*http.Request{}
		r, _ := http.NewRequest("GET", "http://"+s.addr+"/get", nil)
		reqs = append(reqs, r)
		r, _ = http.NewRequest("POST", "http://"+s.addr+"/cl", strings.NewReader(`{"a":1}`))
		reqs = append(reqs, r)
		r, _ = http.NewRequest("POST", "http://"+s.addr+"/chunked", io.NopCloser(strings.NewReader(strings.Repeat("z", 5000))))
		reqs = append(reqs, r)
		for _, r := range reqs {
			resp, err := client.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), r.URL.Path+" ") {
				t.Fatalf("round %d %s: %d %.40q", i, r.URL.Path, resp.StatusCode, body)
			}
		}
	}
	s.mu.Lock()
	te := slices.Clone(s.te)
	s.mu.Unlock()
	if want := []string{"", "", "chunked", "", "", "chunked", "", "", "chunked"}; !slices.Equal(te, want) {
		t.Fatalf("Transfer-Encoding seen by the handler %q, want %q", te, want)
	}
	if n := s.conns.Load(); n != 1 {
		t.Fatalf("%d connections, want 1 (keep-alive)", n)
	}
}
