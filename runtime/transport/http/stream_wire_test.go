package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestServerStreamKeepAlive checks that an idle SSE stream gets comments
// before its first message, which an EventSource parse ignores.
func TestServerStreamKeepAlive(t *testing.T) {
	url, _ := serveLibrary(t, streamLibrary{watch: func(in *lib.WatchShelfRequest, s grpc.ServerStreamingServer[lib.ShelfEvent]) error {
		time.Sleep(250 * time.Millisecond)
		return sendN(1, nil)(in, s)
	}}, http.StreamKeepAlive(40*time.Millisecond))
	body, err := io.ReadAll(getStream(t, url+"/v1/shelves/1:watch", "text/event-stream").Body)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(body), ": keep-alive\n\n"); n < 2 {
		t.Errorf("%d keep-alive comments in %q, want some", n, body)
	}
	events := parseEventStream(t, string(body))
	if len(events) != 2 || events[0].typ != "message" || events[1].typ != "end" {
		t.Errorf("events %+v, want a message and the end", events)
	}
}

// TestServerStreamEventSource parses the SSE output as a browser's
// EventSource does (parseEventStream follows the HTML standard, written
// apart from the runtime's reader) and decodes each message.
func TestServerStreamEventSource(t *testing.T) {
	url, _ := serveLibrary(t, streamLibrary{watch: sendN(3, lib.ErrorShelfNotFound("gone"))})
	body, err := io.ReadAll(getStream(t, url+"/v1/shelves/1:watch", "text/event-stream").Body)
	if err != nil {
		t.Fatal(err)
	}
	events := parseEventStream(t, string(body))
	if len(events) != 4 {
		t.Fatalf("events %+v, want 3 messages and an error", events)
	}
	for i, ev := range events[:3] {
		var m lib.ShelfEvent
		if ev.typ != "message" || protojson.Unmarshal([]byte(ev.data), &m) != nil || m.GetShelf().GetBookCount() != int64(i) {
			t.Errorf("event %d: %+v", i, ev)
		}
	}
	var e struct{ Code int }
	if ev := events[3]; ev.typ != "error" || json.Unmarshal([]byte(ev.data), &e) != nil || e.Code != 404 {
		t.Errorf("last event %+v, want the 404 error", events[3])
	}
}

type sseEvent struct{ typ, data string }

// parseEventStream is the event stream interpretation of the HTML
// standard (§9.2.6): lines end in CRLF, LF or CR; a line starting with a
// colon is a comment; "field: value" with one optional space; data lines
// joined by LF; a blank line dispatches, unless the data is empty; the
// type defaults to "message".
func parseEventStream(t *testing.T, s string) []sseEvent {
	t.Helper()
	var (
		out         []sseEvent
		typ, data   string
		dataPresent bool
	)
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if dataPresent {
				if typ == "" {
					typ = "message"
				}
				out = append(out, sseEvent{typ, strings.TrimSuffix(data, "\n")})
			}
			typ, data, dataPresent = "", "", false
		case strings.HasPrefix(line, ":"):
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				typ = value
			case "data":
				data += value + "\n"
				dataPresent = true
			}
		}
	}
	return out
}

// TestServerStreamClientGone checks that a client going away cancels the
// handler's context at once, not at its next send, and that nothing is
// left running afterwards.
func TestServerStreamClientGone(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	cancelled := make(chan time.Duration, 1)
	s := http.NewServer()
	lib.RegisterLibraryHTTPServer(s, streamLibrary{watch: func(_ *lib.WatchShelfRequest, st grpc.ServerStreamingServer[lib.ShelfEvent]) error {
		if err := st.Send(&lib.ShelfEvent{}); err != nil {
			return err
		}
		start := time.Now()
		select {
		case <-st.Context().Done():
			cancelled <- time.Since(start)
		case <-time.After(10 * time.Second):
			cancelled <- -1
		}
		return st.Context().Err()
	}})
	ts := httptest.NewServer(s)
	defer ts.Close()
	ctx, cancel := context.WithCancel(t.Context())
	req, _ := nethttp.NewRequestWithContext(ctx, "GET", ts.URL+"/v1/shelves/1:watch", nil)
	tr := &nethttp.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&nethttp.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	cancel()
	_ = resp.Body.Close()
	d := <-cancelled
	t.Logf("the handler's context ended %v after the client left", d)
	if d < 0 || d > 2*time.Second {
		t.Errorf("the handler's context ended %v after the client left, want at once", d)
	}
}

// TestServerStreamSlowConsumer checks that a client that stops reading
// blocks Send (memory stays bounded by the connection's buffers) and that
// Send fails after StreamWriteTimeout, so the handler ends.
func TestServerStreamSlowConsumer(t *testing.T) {
	const size = 64 << 10
	result := make(chan error, 1)
	var sent atomic.Int64
	s := http.NewServer(http.StreamWriteTimeout(300 * time.Millisecond))
	lib.RegisterLibraryHTTPServer(s, streamLibrary{watch: func(_ *lib.WatchShelfRequest, st grpc.ServerStreamingServer[lib.ShelfEvent]) error {
		big := &lib.ShelfEvent{Shelf: &lib.Shelf{Theme: strings.Repeat("x", size)}}
		for {
			if err := st.Send(big); err != nil {
				result <- err
				return err
			}
			if sent.Add(1) > 10000 {
				result <- fmt.Errorf("sent 10000 messages to a client that reads nothing")
				return nil
			}
		}
	}})
	ts := httptest.NewServer(s)
	defer ts.Close()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /v1/shelves/1:watch HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-result:
		if e := errors.FromError(err); e.Reason != errors.ReasonClientClosed {
			t.Errorf("Send to a stalled client: %v, want CLIENT_CLOSED", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Send to a stalled client never failed")
	}
	t.Logf("%d messages (%d KiB) were written before Send blocked and timed out", sent.Load(), sent.Load()*size>>10)
	if n := sent.Load() * size; n > 64<<20 {
		t.Errorf("%d bytes sent to a client that reads nothing", n)
	}
}

// TestServerStreamFrameLimit checks that the client bounds a frame by
// WithMaxReplySize.
func TestServerStreamFrameLimit(t *testing.T) {
	url, _ := serveLibrary(t, streamLibrary{watch: func(_ *lib.WatchShelfRequest, st grpc.ServerStreamingServer[lib.ShelfEvent]) error {
		return st.Send(&lib.ShelfEvent{Shelf: &lib.Shelf{Theme: strings.Repeat("x", 4096)}})
	}})
	c := lib.NewLibraryHTTPClient(clientFor(t, url, http.WithMaxReplySize(1024)))
	for _, accept := range []string{"application/x-ndjson", "text/event-stream"} {
		stream, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/1"}, http.Accept(accept))
		if err != nil {
			t.Fatal(err)
		}
		_, err = stream.Recv()
		wantError(t, err, 500, errors.ReasonInternal)
	}
}

// TestStreamsEndOnStop checks that Stop ends open streams at once, each
// with 503 UNAVAILABLE after what it already sent, and waits for their
// handlers, WebSockets included.
func TestStreamsEndOnStop(t *testing.T) {
	var ended atomic.Int32
	wait := func(ctx context.Context) error {
		<-ctx.Done()
		ended.Add(1)
		return ctx.Err()
	}
	s := http.NewServer(http.Address("127.0.0.1:0"))
	lib.RegisterLibraryHTTPServer(s, wsLibrary{
		streamLibrary: streamLibrary{watch: func(_ *lib.WatchShelfRequest, st grpc.ServerStreamingServer[lib.ShelfEvent]) error {
			if err := st.Send(&lib.ShelfEvent{}); err != nil {
				return err
			}
			return wait(st.Context())
		}},
		discuss: func(st grpc.BidiStreamingServer[lib.DiscussMessage, lib.DiscussMessage]) error {
			if err := st.Send(&lib.DiscussMessage{Text: "hi"}); err != nil {
				return err
			}
			return wait(st.Context())
		},
	})
	ep, err := s.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Start(context.Background()) }()
	c := lib.NewLibraryHTTPClient(clientFor(t, "http://"+ep.Host))

	watch, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/1"}, http.Accept("text/event-stream"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := watch.Recv(); err != nil {
		t.Fatal(err)
	}
	chat, err := c.Discuss(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := chat.Send(&lib.DiscussMessage{Name: "shelves/1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chat.Recv(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second || ended.Load() != 2 {
		t.Errorf("Stop took %v with %d handlers ended, want at once with 2", d, ended.Load())
	}
	_, err = chat.Recv()
	wantError(t, err, 503, errors.ReasonUnavailable)
	_, err = watch.Recv()
	wantError(t, err, 503, errors.ReasonUnavailable)
	if err := <-done; err != nil {
		t.Errorf("Start: %v", err)
	}
}
