package http_test

import (
	"context"
	"io"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// replyWith answers every request with status, content type and body.
func replyWith(status int, contentType, body string) nethttp.HandlerFunc {
	return func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		} else {
			w.Header()["Content-Type"] = nil // no sniffing
		}
		w.Header().Set("X-Reply", "r1")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// TestClientReplyDecoding checks how 2xx replies are decoded into out.
func TestClientReplyDecoding(t *testing.T) {
	shelfBin, err := proto.Marshal(&lib.Shelf{Name: "shelves/1"})
	if err != nil {
		t.Fatal(err)
	}
	get := http.Rule{Method: "GET", Pattern: "/v1/x"}
	tests := []struct {
		name  string
		rule  http.Rule
		reply nethttp.HandlerFunc
		out   proto.Message
		want  proto.Message
	}{
		{"JSON", get, replyWith(200, "application/json; charset=utf-8", `{"name":"shelves/1","unknownField":1}`),
			new(lib.Shelf), &lib.Shelf{Name: "shelves/1"}},
		{"JSON without Content-Type", get, replyWith(200, "", `{"name":"shelves/1"}`), new(lib.Shelf), &lib.Shelf{Name: "shelves/1"}},
		{"binary", get, replyWith(200, "application/x-protobuf", string(shelfBin)), new(lib.Shelf), &lib.Shelf{Name: "shelves/1"}},
		{"binary alias", get, replyWith(200, "application/proto", string(shelfBin)), new(lib.Shelf), &lib.Shelf{Name: "shelves/1"}},
		{"no content", get, replyWith(204, "", ""), new(lib.Shelf), &lib.Shelf{}},
		{"201", get, replyWith(201, "application/json", `{"name":"n"}`), new(lib.Shelf), &lib.Shelf{Name: "n"}},
		{"message response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "shelf"},
			replyWith(200, "application/json", `{"name":"shelves/1"}`),
			new(lib.GetShelfResponse), &lib.GetShelfResponse{Shelf: &lib.Shelf{Name: "shelves/1"}}},
		{"binary message response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "shelf"},
			replyWith(200, "application/x-protobuf", string(shelfBin)),
			new(lib.GetShelfResponse), &lib.GetShelfResponse{Shelf: &lib.Shelf{Name: "shelves/1"}}},
		{"scalar response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "etag"},
			replyWith(200, "application/json", `"e1"`), new(lib.GetShelfResponse), &lib.GetShelfResponse{Etag: "e1"}},
		{"repeated response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "tags"},
			replyWith(200, "application/json", `["a","b"]`), new(lib.Book), &lib.Book{Tags: []string{"a", "b"}}},
		{"map response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "counts"},
			replyWith(200, "application/json", `{"a":"5"}`), new(lib.CountBooksResponse), &lib.CountBooksResponse{Counts: map[string]int64{"a": 5}}},
		{"HttpBody", get, replyWith(200, "image/png", "\x89PNG"), new(httpbody.HttpBody),
			&httpbody.HttpBody{ContentType: "image/png", Data: []byte("\x89PNG")}},
		{"HttpBody response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "content"},
			replyWith(200, "text/csv", "a,b"), new(lib.UploadFileRequest),
			&lib.UploadFileRequest{Content: &httpbody.HttpBody{ContentType: "text/csv", Data: []byte("a,b")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			endpoint, _ := clientRecorder(t, tc.reply)
			c := clientFor(t, endpoint)
			if err := c.Invoke(context.Background(), tc.rule, &lib.Shelf{}, tc.out); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			if d := cmp.Diff(tc.want, tc.out, protocmp.Transform()); d != "" {
				t.Errorf("reply (-want +got):\n%s", d)
			}
		})
	}
}

// TestClientReplyUndecodable checks that 2xx replies the client cannot
// read fail with 500 INTERNAL.
func TestClientReplyUndecodable(t *testing.T) {
	tests := []struct {
		name  string
		rule  http.Rule
		reply nethttp.HandlerFunc
		opts  []http.ClientOption
	}{
		{"HTML", http.Rule{Method: "GET", Pattern: "/v1/x"}, replyWith(200, "text/html", "<p>hi</p>"), nil},
		{"bad JSON", http.Rule{Method: "GET", Pattern: "/v1/x"}, replyWith(200, "application/json", `{"name":`), nil},
		{"bad protobuf", http.Rule{Method: "GET", Pattern: "/v1/x"}, replyWith(200, "application/x-protobuf", "\xff\xff"), nil},
		{"bad Content-Type", http.Rule{Method: "GET", Pattern: "/v1/x"}, replyWith(200, "application/json; =", "{}"), nil},
		{"binary scalar response_body", http.Rule{Method: "GET", Pattern: "/v1/x", ResponseBody: "name"},
			replyWith(200, "application/x-protobuf", "\x0a\x01a"), nil},
		{"too large", http.Rule{Method: "GET", Pattern: "/v1/x"},
			replyWith(200, "application/json", `{"name": "12345"}`), []http.ClientOption{http.WithMaxReplySize(16)}},
		{"too large error", http.Rule{Method: "GET", Pattern: "/v1/x"},
			replyWith(404, "application/json", strings.Repeat(" ", 17)), []http.ClientOption{http.WithMaxReplySize(16)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			endpoint, _ := clientRecorder(t, tc.reply)
			c := clientFor(t, endpoint, tc.opts...)
			err := c.Invoke(context.Background(), tc.rule, &lib.Shelf{}, new(lib.Shelf))
			wantError(t, err, 500, errors.ReasonInternal)
		})
	}
	t.Run("exactly the limit", func(t *testing.T) {
		endpoint, _ := clientRecorder(t, replyWith(200, "application/json", `{"name": "1234"}`))
		c := clientFor(t, endpoint, http.WithMaxReplySize(16))
		out := new(lib.Shelf)
		if err := c.Invoke(context.Background(), http.Rule{Method: "GET", Pattern: "/v1/x"}, &lib.Shelf{}, out); err != nil || out.GetName() != "1234" {
			t.Errorf("Invoke = %v, reply %v", err, out)
		}
	})
}

// TestClientErrorReplies checks the errors replies outside 2xx give.
func TestClientErrorReplies(t *testing.T) {
	tests := []struct {
		name  string
		reply nethttp.HandlerFunc
		want  *errors.Error
	}{
		{"bia format", replyWith(404, "application/json", `{"code":404,"reason":"BOOK_NOT_FOUND","message":"no book","metadata":{"id":"7"}}`),
			&errors.Error{Code: 404, Reason: "BOOK_NOT_FOUND", Message: "no book", Metadata: map[string]string{"id": "7"}}},
		{"bia format, code the status cannot carry", replyWith(500, "application/json", `{"code":1000,"reason":"ODD","message":"m","metadata":{}}`),
			&errors.Error{Code: 1000, Reason: "ODD", Message: "m", Metadata: map[string]string{}}},
		{"google.rpc.Status", replyWith(503, "application/json",
			`{"code":14,"message":"down","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"MAINTENANCE","metadata":{"until":"noon"}}]}`),
			&errors.Error{Code: 503, Reason: "MAINTENANCE", Message: "down", Metadata: map[string]string{"until": "noon"}}},
		{"proxy page", replyWith(502, "text/html", "<h1>Bad Gateway</h1>"),
			&errors.Error{Code: 502, Reason: "BAD_GATEWAY", Message: "<h1>Bad Gateway</h1>"}},
		{"empty", replyWith(429, "", ""), &errors.Error{Code: 429, Reason: "TOO_MANY_REQUESTS", Message: "Too Many Requests"}},
		{"redirect is not followed", func(w nethttp.ResponseWriter, _ *nethttp.Request) {
			w.Header().Set("Location", "/elsewhere")
			replyWith(nethttp.StatusFound, "", "")(w, nil)
		}, &errors.Error{Code: 302, Reason: "FOUND", Message: "Found"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			endpoint, seen := clientRecorder(t, tc.reply)
			c := clientFor(t, endpoint)
			var h nethttp.Header
			err := c.Invoke(context.Background(), http.Rule{Method: "POST", Pattern: "/v1/x", Body: "*"}, &lib.Shelf{}, new(lib.Shelf), http.Header(&h))
			var got *errors.Error
			if !errors.As(err, &got) {
				t.Fatalf("error = %v (%T), want an *errors.Error", err, err)
			}
			if d := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b *errors.Error) bool {
				return a.Code == b.Code && a.Reason == b.Reason && a.Message == b.Message && cmp.Equal(a.Metadata, b.Metadata)
			})); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if h.Get("X-Reply") != "r1" {
				t.Errorf("reply header of the error = %v, want X-Reply", h)
			}
			receive(t, seen)
			select {
			case s := <-seen:
				t.Errorf("the client sent a second request: %s %s", s.Method, s.URI)
			default:
			}
		})
	}
}

// TestClientErrorDecoder checks WithErrorDecoder.
func TestClientErrorDecoder(t *testing.T) {
	endpoint, _ := clientRecorder(t, replyWith(409, "application/json", `{"name":"current"}`))
	rule := http.Rule{Method: "GET", Pattern: "/v1/x"}

	teapot := clientFor(t, endpoint, http.WithErrorDecoder(func(resp *nethttp.Response, body []byte) *errors.Error {
		return errors.New(418, "TEAPOT", resp.Status+" "+string(body))
	}))
	err := teapot.Invoke(context.Background(), rule, &lib.Shelf{}, new(lib.Shelf))
	if e := wantError(t, err, 418, "TEAPOT"); e.Message != `409 Conflict {"name":"current"}` {
		t.Errorf("message = %q", e.Message)
	}

	lenient := clientFor(t, endpoint, http.WithErrorDecoder(func(*nethttp.Response, []byte) *errors.Error { return nil }))
	out := new(lib.Shelf)
	if err := lenient.Invoke(context.Background(), rule, &lib.Shelf{}, out); err != nil || out.GetName() != "current" {
		t.Errorf("Invoke = %v, reply %v; want the 409 reply decoded", err, out)
	}
}
