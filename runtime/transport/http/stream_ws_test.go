package http_test

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/validate"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// wsLibrary is the fake library whose WebSocket methods the test sets.
type wsLibrary struct {
	streamLibrary
	imports func(grpc.ClientStreamingServer[lib.CreateBookRequest, lib.ImportBooksResponse]) error
	discuss func(grpc.BidiStreamingServer[lib.DiscussMessage, lib.DiscussMessage]) error
}

func (l wsLibrary) ImportBookStream(s grpc.ClientStreamingServer[lib.CreateBookRequest, lib.ImportBooksResponse]) error {
	if l.imports == nil {
		return l.fakeLibrary.ImportBookStream(s)
	}
	return l.imports(s)
}

func (l wsLibrary) Discuss(s grpc.BidiStreamingServer[lib.DiscussMessage, lib.DiscussMessage]) error {
	if l.discuss == nil {
		return l.fakeLibrary.Discuss(s)
	}
	return l.discuss(s)
}

// wsURL is the WebSocket URL of path on the server at url.
func wsURL(url, path string) string { return "ws" + strings.TrimPrefix(url, "http") + path }

// TestWebSocketBidi streams 1,000 messages each way through the generated
// client while the server answers each: order kept, the path bound onto
// every message (it wins over the frame), the half-close ending the
// server's reads, the normal close ending the client's.
func TestWebSocketBidi(t *testing.T) {
	_, c := serveLibrary(t, wsLibrary{})
	stream, err := c.Discuss(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	sent := make(chan error, 1)
	go func() {
		for i := range 1000 {
			name := "shelves/1"
			if i > 0 {
				name = "shelves/other" // the path of the first message made the URL
			}
			if err := stream.Send(&lib.DiscussMessage{Name: name, Author: "ann", Text: fmt.Sprint(i)}); err != nil {
				sent <- err
				return
			}
		}
		sent <- stream.CloseSend()
	}()
	for i := range 1000 {
		m, err := stream.Recv()
		if err != nil {
			t.Fatalf("Recv %d: %v", i, err)
		}
		want := &lib.DiscussMessage{Name: "shelves/1", Author: "ann", Text: fmt.Sprint(i)}
		if diff := cmp.Diff(want, m, protocmp.Transform()); diff != "" {
			t.Fatalf("message %d (-want +got):\n%s", i, diff)
		}
	}
	if err := <-sent; err != nil {
		t.Fatalf("sending: %v", err)
	}
	if _, err := stream.Recv(); err != io.EOF {
		t.Errorf("Recv at the end = %v, want io.EOF", err)
	}
}

// TestWebSocketClientStream checks a client stream: each frame is the
// body field, the path and query (made from the first message) are bound
// onto every message, and CloseAndRecv returns the one reply; a failure
// arrives as the handler's error.
func TestWebSocketClientStream(t *testing.T) {
	var bound []*lib.CreateBookRequest
	_, c := serveLibrary(t, wsLibrary{imports: func(s grpc.ClientStreamingServer[lib.CreateBookRequest, lib.ImportBooksResponse]) error {
		for {
			in, err := s.Recv()
			if err == io.EOF {
				return s.SendAndClose(&lib.ImportBooksResponse{Imported: int32(len(bound))})
			}
			if err != nil {
				return err
			}
			if in.GetBook().GetTitle() == "fail" {
				return lib.ErrorInvalidBook("book %d is invalid", len(bound))
			}
			bound = append(bound, in)
		}
	}})
	stream, err := c.ImportBookStream(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		in := &lib.CreateBookRequest{Parent: "shelves/2", BookId: "b", ValidateOnly: true, Book: &lib.Book{Title: fmt.Sprint(i)}}
		if i > 0 {
			in.BookId, in.Parent = "ignored", "" // not the body: from the first message's URL
		}
		if err := stream.Send(in); err != nil {
			t.Fatal(err)
		}
	}
	reply, err := stream.CloseAndRecv()
	if err != nil || reply.GetImported() != 3 {
		t.Fatalf("CloseAndRecv = %v, %v; want 3 imported", reply, err)
	}
	for i, in := range bound {
		want := &lib.CreateBookRequest{Parent: "shelves/2", BookId: "b", ValidateOnly: true, Book: &lib.Book{Title: fmt.Sprint(i)}}
		if diff := cmp.Diff(want, in, protocmp.Transform()); diff != "" {
			t.Errorf("message %d bound (-want +got):\n%s", i, diff)
		}
	}

	bound = nil
	stream, err = c.ImportBookStream(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"a", "fail"} {
		if err := stream.Send(&lib.CreateBookRequest{Parent: "shelves/2", Book: &lib.Book{Title: title}}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = stream.CloseAndRecv()
	if e := wantError(t, err, 400, "INVALID_BOOK"); e.Message != "book 1 is invalid" {
		t.Errorf("message %q", e.Message)
	}
}

// TestWebSocketWire checks the protocol as another client sees it: the
// error frame then a close of code 4000 + HTTP code with the reason, a
// message after the half-close refused, a request without the handshake
// answered 426.
func TestWebSocketWire(t *testing.T) {
	url, _ := serveLibrary(t, wsLibrary{})
	ctx := t.Context()
	conn, _, err := websocket.Dial(ctx, wsURL(url, "/v1/shelves/2/books:stream"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	if err := conn.Write(ctx, websocket.MessageText, []byte(`{"title":"fail"}`)); err != nil {
		t.Fatal(err)
	}
	_, frame, err := conn.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, string(frame), `{"error":{"code":400,"reason":"INVALID_BOOK","message":"book 0 of shelves/2 is invalid","metadata":{}}}`)
	_, _, err = conn.Read(ctx)
	if got := websocket.CloseStatus(err); got != 4400 {
		t.Errorf("close status %d (%v), want 4400", got, err)
	}

	// A handler that, after the half-close, waits for its context: the
	// message after the half-close ends it.
	waiting, _ := serveLibrary(t, wsLibrary{discuss: func(st grpc.BidiStreamingServer[lib.DiscussMessage, lib.DiscussMessage]) error {
		if _, err := st.Recv(); err != io.EOF {
			return fmt.Errorf("Recv = %v, want io.EOF", err)
		}
		<-st.Context().Done()
		return st.Context().Err()
	}})
	conn, _, err = websocket.Dial(ctx, wsURL(waiting, "/v1/shelves/2:discuss"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	for _, frame := range []string{"", "{}"} {
		if err := conn.Write(ctx, websocket.MessageText, []byte(frame)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := conn.Read(ctx); websocket.CloseStatus(err) != websocket.StatusProtocolError {
		t.Errorf("a message after the half-close: %v, want a protocol error close", err)
	}

	resp, body := getBody(t, url+"/v1/shelves/2:discuss")
	if resp.StatusCode != nethttp.StatusUpgradeRequired || !strings.Contains(body, `"UPGRADE_REQUIRED"`) {
		t.Errorf("a plain GET: %s %s, want 426 UPGRADE_REQUIRED", resp.Status, body)
	}
}

func getBody(t *testing.T, url string) (*nethttp.Response, string) {
	t.Helper()
	resp := getStream(t, url, "")
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestWebSocketLimits checks the frame limit (MaxBodySize) and the origin
// check.
func TestWebSocketLimits(t *testing.T) {
	url, c := serveLibrary(t, wsLibrary{}, http.MaxBodySize(1024))
	stream, err := c.Discuss(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&lib.DiscussMessage{Name: "shelves/1", Text: strings.Repeat("x", 4096)}); err != nil {
		t.Fatal(err)
	}
	_, err = stream.Recv()
	wantError(t, err, 413, errors.ReasonPayloadTooLarge)

	evil := &websocket.DialOptions{HTTPHeader: nethttp.Header{"Origin": {"http://evil.example"}}}
	if _, resp, err := websocket.Dial(t.Context(), wsURL(url, "/v1/shelves/1:discuss"), evil); err == nil || resp.StatusCode != 403 {
		t.Errorf("a page of another origin: %v, want 403", err)
	}
	url, _ = serveLibrary(t, wsLibrary{}, http.WebSocketOrigins("evil.example"))
	conn, _, err := websocket.Dial(t.Context(), wsURL(url, "/v1/shelves/1:discuss"), evil)
	if err != nil {
		t.Fatalf("an allowed origin: %v", err)
	}
	conn.CloseNow()
}

// TestWebSocketMiddleware checks that the server's middleware runs before
// the upgrade (its error is the reply to the handshake) and that the
// validation middleware checks every received message.
func TestWebSocketMiddleware(t *testing.T) {
	var streams atomic.Int32
	auth := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			st, ok := middleware.StreamFromContext(ctx)
			if !ok || !st.ClientStreams() || req != nil {
				return nil, fmt.Errorf("not a client stream: %v %v", ok, req)
			}
			streams.Add(1)
			if tr, ok := transport.FromServerContext(ctx); ok && tr.(http.Transporter).Request().URL.Query().Get("token") == "" {
				return nil, errors.Unauthorized("NO_TOKEN", "a token is required")
			}
			return next(ctx, req)
		}
	}
	notBad := validate.Validator(validate.WithoutPGV(), validate.WithFunc(func(_ context.Context, m proto.Message) ([]errors.FieldViolation, error) {
		if d, ok := m.(*lib.DiscussMessage); ok && d.GetText() == "bad" {
			return []errors.FieldViolation{{Field: "text", Rule: "not_bad", Message: "must not be bad"}}, nil
		}
		return nil, nil
	}))
	url, c := serveLibrary(t, wsLibrary{}, http.Middleware(auth, notBad))
	stream, err := c.Discuss(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	err = stream.Send(&lib.DiscussMessage{Name: "shelves/1"})
	wantError(t, err, 401, "NO_TOKEN")

	conn, _, err := websocket.Dial(t.Context(), wsURL(url, "/v1/shelves/1:discuss?token=t"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	for _, text := range []string{"good", "bad"} {
		if err := conn.Write(t.Context(), websocket.MessageText, []byte(`{"text":"`+text+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	_, echo, err := conn.Read(t.Context())
	if err != nil || !strings.Contains(string(echo), `"good"`) {
		t.Fatalf("the good message: %s %v", echo, err)
	}
	_, frame, err := conn.Read(t.Context())
	if err != nil || !strings.Contains(string(frame), `"VALIDATION"`) || !strings.Contains(string(frame), `"violation_0_field":"text"`) {
		t.Errorf("after the bad message: %s %v, want the VALIDATION error frame", frame, err)
	}
	if _, _, err := conn.Read(t.Context()); websocket.CloseStatus(err) != 4400 {
		t.Errorf("close %v, want 4400", err)
	}
	if streams.Load() != 2 {
		t.Errorf("the middleware ran %d times, want once per stream (2)", streams.Load())
	}
}

// TestWebSocketClientGone checks that a client dropping the connection
// cancels the handler's context at once, and that nothing is left
// running.
func TestWebSocketClientGone(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	cancelled := make(chan time.Time, 1)
	s := http.NewServer()
	lib.RegisterLibraryHTTPServer(s, wsLibrary{discuss: func(st grpc.BidiStreamingServer[lib.DiscussMessage, lib.DiscussMessage]) error {
		if _, err := st.Recv(); err != nil {
			return err
		}
		select {
		case <-st.Context().Done():
			cancelled <- time.Now()
		case <-time.After(10 * time.Second):
			cancelled <- time.Time{}
		}
		return st.Context().Err()
	}})
	ts := httptest.NewServer(s)
	defer ts.Close()
	conn, _, err := websocket.Dial(t.Context(), wsURL(ts.URL, "/v1/shelves/1:discuss"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Write(t.Context(), websocket.MessageText, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	left := time.Now()
	_ = conn.CloseNow()
	d := (<-cancelled).Sub(left)
	t.Logf("the handler's context ended %v after the client left", d)
	if d < -time.Second || d > 2*time.Second {
		t.Errorf("the handler's context ended %v after the client left, want at once", d)
	}
}

// TestWebSocketSlowConsumer checks that a client that stops reading makes
// Send fail after StreamWriteTimeout.
func TestWebSocketSlowConsumer(t *testing.T) {
	result := make(chan error, 1)
	var sent atomic.Int64
	url, _ := serveLibrary(t, wsLibrary{discuss: func(st grpc.BidiStreamingServer[lib.DiscussMessage, lib.DiscussMessage]) error {
		big := &lib.DiscussMessage{Text: strings.Repeat("x", 64<<10)}
		for sent.Load() < 10000 {
			if err := st.Send(big); err != nil {
				result <- err
				return err
			}
			sent.Add(1)
		}
		result <- fmt.Errorf("sent 10000 messages to a client that reads nothing")
		return nil
	}}, http.StreamWriteTimeout(300*time.Millisecond))
	conn, _, err := websocket.Dial(t.Context(), wsURL(url, "/v1/shelves/1:discuss"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	select {
	case err := <-result:
		if errors.FromError(err).Reason != errors.ReasonClientClosed {
			t.Errorf("Send to a stalled client: %v, want CLIENT_CLOSED", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Send to a stalled client never failed")
	}
	t.Logf("%d messages of 64 KiB were written before Send blocked and timed out", sent.Load())
}
