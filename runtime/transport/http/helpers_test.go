package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/google/go-cmp/cmp"
	_ "google.golang.org/genproto/googleapis/api/httpbody" // registers google/api/httpbody.proto
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/dynamicpb"
	_ "google.golang.org/protobuf/types/known/timestamppb" // registers google/protobuf/timestamp.proto
	_ "google.golang.org/protobuf/types/known/wrapperspb"  // registers google/protobuf/wrappers.proto

	"github.com/bia-go/bia/runtime/transport/http"
)

// testProto is the request and reply type of the dynamic test routes:
// one message with a field of every shape the binding rules treat apart.
const testProto = `syntax = "proto3";
package bia.test;

import "google/api/httpbody.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

enum Color {
  COLOR_UNSPECIFIED = 0;
  RED = 1;
  BLUE = 2;
}

message Book {
  string id = 1;
  string title = 2;
  int64 pages = 3;
  Book sequel = 4;
}

message Msg {
  string name = 1;
  int64 book_id = 2;
  int32 small = 3;
  uint32 count = 4;
  bool flag = 5;
  Color color = 6;
  bytes blob = 7;
  double ratio = 8;
  float frac = 9;
  Book book = 10;
  repeated Book books = 11;
  repeated string tags = 12;
  map<string, string> labels = 13;
  google.protobuf.StringValue nick = 14;
  string path = 15;
  google.api.HttpBody raw = 16;
  google.protobuf.Timestamp when = 17;
  optional int64 maybe = 18;
  uint64 big = 19;
  repeated int64 nums = 20;
  map<string, Book> shelf = 21;
}
`

// compiled holds the message types compiled from testProto.
type compiled struct {
	msg  protoreflect.MessageType
	book protoreflect.MessageType
}

// testTypes compiles testProto once per test binary, resolving its imports
// from the generated descriptors linked into the binary.
var testTypes = sync.OnceValues(func() (compiled, error) {
	c := protocompile.Compiler{
		Resolver: protocompile.CompositeResolver{
			&protocompile.SourceResolver{Accessor: protocompile.SourceAccessorFromMap(map[string]string{"test.proto": testProto})},
			protocompile.ResolverFunc(func(path string) (protocompile.SearchResult, error) {
				fd, err := protoregistry.GlobalFiles.FindFileByPath(path)
				return protocompile.SearchResult{Desc: fd}, err
			}),
		},
	}
	files, err := c.Compile(context.Background(), "test.proto")
	if err != nil {
		return compiled{}, err
	}
	msgs := files[0].Messages()
	return compiled{
		msg:  dynamicpb.NewMessageType(msgs.ByName("Msg")),
		book: dynamicpb.NewMessageType(msgs.ByName("Book")),
	}, nil
})

func types(tb testing.TB) compiled {
	tb.Helper()
	c, err := testTypes()
	if err != nil {
		tb.Fatalf("compiling test.proto: %v", err)
	}
	return c
}

// msgJSON returns a bia.test.Msg built from proto3 JSON.
func msgJSON(tb testing.TB, js string) proto.Message {
	tb.Helper()
	m := types(tb).msg.New().Interface()
	if err := protojson.Unmarshal([]byte(js), m); err != nil {
		tb.Fatalf("test message %s: %v", js, err)
	}
	return m
}

// echoRoute registers a route whose handler returns its request.
func echoRoute(tb testing.TB, s *http.Server, r http.Rule) {
	tb.Helper()
	mt := types(tb).msg
	http.HandleDynamic(s, r, mt, mt, func(_ context.Context, m proto.Message) (proto.Message, error) {
		return m, nil
	})
}

// captureRoute registers a route that sends each request it binds to got.
func captureRoute(tb testing.TB, s *http.Server, r http.Rule) <-chan proto.Message {
	tb.Helper()
	got := make(chan proto.Message, 1)
	mt := types(tb).msg
	http.HandleDynamic(s, r, mt, mt, func(_ context.Context, m proto.Message) (proto.Message, error) {
		got <- m
		return mt.New().Interface(), nil
	})
	return got
}

// serve sends one request through s.ServeHTTP.
func serve(s *http.Server, method, target, contentType, body string, header ...string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// errorBody is the default error format.
type errorBody struct {
	Code     int               `json:"code"`
	Reason   string            `json:"reason"`
	Message  string            `json:"message"`
	Metadata map[string]string `json:"metadata"`
}

// readError decodes a default-format error reply, checking its status and
// content type.
func readError(tb testing.TB, rec *httptest.ResponseRecorder, status int, reason string) errorBody {
	tb.Helper()
	if rec.Code != status {
		tb.Errorf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		tb.Errorf("Content-Type = %q, want application/json", ct)
	}
	var b errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		tb.Fatalf("error body %q: %v", rec.Body, err)
	}
	if b.Code != status || b.Reason != reason {
		tb.Errorf("error = %d %s (%q), want %d %s", b.Code, b.Reason, b.Message, status, reason)
	}
	return b
}

// readMsg decodes a JSON reply into a bia.test.Msg, checking status 200.
func readMsg(tb testing.TB, rec *httptest.ResponseRecorder) proto.Message {
	tb.Helper()
	if rec.Code != 200 {
		tb.Fatalf("status = %d, want 200; body %s", rec.Code, rec.Body)
	}
	m := types(tb).msg.New().Interface()
	if err := protojson.Unmarshal(rec.Body.Bytes(), m); err != nil {
		tb.Fatalf("reply %s: %v", rec.Body, err)
	}
	return m
}

// diffMsg compares messages.
func diffMsg(want, got proto.Message) string { return cmp.Diff(want, got, protocmp.Transform()) }

// jsonEqual compares two JSON documents semantically.
func jsonEqual(tb testing.TB, got, want string) {
	tb.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		tb.Fatalf("got %q: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		tb.Fatalf("want %q: %v", want, err)
	}
	if d := cmp.Diff(w, g); d != "" {
		tb.Errorf("JSON mismatch (-want +got):\n%s\ngot: %s", d, got)
	}
}
