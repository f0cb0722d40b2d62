package http_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport/http"
)

// replyRoute registers GET /r whose handler returns reply.
func replyRoute(tb testing.TB, s *http.Server, responseBody string, reply proto.Message) {
	tb.Helper()
	mt := types(tb).msg
	http.HandleDynamic(s, http.Rule{Method: "GET", Pattern: "/r", ResponseBody: responseBody, Operation: "/s.S/R"}, mt, mt,
		func(context.Context, proto.Message) (proto.Message, error) { return reply, nil })
}

const fullReply = `{"name":"n","bookId":"7","color":"BLUE","big":"18446744073709551615","when":"2020-01-01T00:00:00Z",
	"book":{"id":"b","pages":"300"},"books":[{"id":"1"},{"id":"2","pages":"9"}],"tags":["a","b"],"nums":["1","-2"],
	"labels":{"k":"v"},"shelf":{"s":{"title":"t"}},"nick":"nn"}`

func TestResponseBody(t *testing.T) {
	tests := []struct {
		name, field string
		opts        []http.ServerOption
		reply       string
		want        string
	}{
		{"whole reply", "", nil, `{"name":"n","bookId":"7"}`, `{"name":"n","bookId":"7"}`},
		{"message field", "book", nil, fullReply, `{"id":"b","pages":"300"}`},
		{"unset message field", "book", nil, `{}`, `{}`},
		{"well-known type field", "when", nil, fullReply, `"2020-01-01T00:00:00Z"`},
		{"wrapper field", "nick", nil, fullReply, `"nn"`},
		{"repeated message field", "books", nil, fullReply, `[{"id":"1"},{"id":"2","pages":"9"}]`},
		{"repeated message field, proto names", "books", []http.ServerOption{http.UseProtoNames(), http.EmitUnpopulated(true)}, `{"books":[{"id":"1"}]}`,
			`[{"id":"1","title":"","pages":"0","sequel":null}]`},
		{"repeated scalar field", "tags", nil, fullReply, `["a","b"]`},
		{"repeated int64 field", "nums", nil, fullReply, `["1","-2"]`},
		{"empty repeated field", "tags", nil, `{}`, `[]`},
		{"map field", "labels", nil, fullReply, `{"k":"v"}`},
		{"map of messages field", "shelf", nil, fullReply, `{"s":{"title":"t"}}`},
		{"empty map field", "labels", nil, `{}`, `{}`},
		{"string field", "name", nil, fullReply, `"n"`},
		{"int64 field", "book_id", nil, fullReply, `"7"`},
		{"uint64 field", "big", nil, fullReply, `"18446744073709551615"`},
		{"enum field", "color", nil, fullReply, `"BLUE"`},
		{"zero scalar field", "small", nil, `{}`, `0`},
		{"unset optional field", "maybe", nil, `{}`, `null`},
		{"set optional field", "maybe", nil, `{"maybe":"0"}`, `"0"`},
		{"emits unpopulated fields by default", "", []http.ServerOption{}, `{}`,
			`{"name":"","bookId":"0","small":0,"count":0,"flag":false,"color":"COLOR_UNSPECIFIED","blob":"","ratio":0,"frac":0,
			"book":null,"books":[],"tags":[],"labels":{},"nick":null,"path":"","raw":null,"when":null,"big":"0","nums":[],"shelf":{}}`},
		{"proto names", "", []http.ServerOption{http.UseProtoNames(), http.EmitUnpopulated(false)}, `{"bookId":"7"}`, `{"book_id":"7"}`},
		{"omit unpopulated fields", "", []http.ServerOption{http.EmitUnpopulated(false)}, `{"bookId":"7"}`, `{"bookId":"7"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			if opts == nil { // the cases below are easier to read without zero values
				opts = []http.ServerOption{http.EmitUnpopulated(false)}
			}
			s := http.NewServer(opts...)
			replyRoute(t, s, tt.field, msgJSON(t, tt.reply))
			rec := serve(s, "GET", "/r", "", "")
			if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("got %d %q; body %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			jsonEqual(t, rec.Body.String(), tt.want)
		})
	}
}

func TestAcceptNegotiation(t *testing.T) {
	reply := msgJSON(t, fullReply)
	tests := []struct {
		accept, field string
		want          string // Content-Type of the reply
	}{
		{"", "", "application/json"},
		{"*/*", "", "application/json"},
		{"application/*", "", "application/json"},
		{"application/json", "", "application/json"},
		{"application/x-protobuf", "", "application/x-protobuf"},
		{"APPLICATION/X-PROTOBUF", "", "application/x-protobuf"},
		{"application/proto", "", "application/proto"},
		{"application/json;q=0.5, application/x-protobuf", "", "application/x-protobuf"},
		{"application/x-protobuf;q=0.5, application/json;q=0.9", "", "application/json"},
		{"application/x-protobuf;q=0.5, */*;q=0.1", "", "application/x-protobuf"},
		{"application/*;q=0.8, application/json;q=0.1", "", "application/x-protobuf"},
		{"application/x-protobuf;q=0", "", "application/json"},
		{"text/html", "", "application/json"}, // nothing matches: JSON anyway
		{"text/html, application/x-protobuf ; q=0.3", "", "application/x-protobuf"},
		{"application/x-protobuf", "book", "application/x-protobuf"},
		{"application/x-protobuf", "tags", "application/json"}, // no binary form of a repeated field
	}
	for _, tt := range tests {
		t.Run(tt.accept+" "+tt.field, func(t *testing.T) {
			s := http.NewServer()
			replyRoute(t, s, tt.field, reply)
			rec := serve(s, "GET", "/r", "", "", "Accept", tt.accept)
			if ct := rec.Header().Get("Content-Type"); rec.Code != 200 || ct != tt.want {
				t.Fatalf("got %d %q, want 200 %q", rec.Code, ct, tt.want)
			}
			if rec.Header().Get("Vary") != "Accept" {
				t.Errorf("Vary = %q, want Accept", rec.Header().Get("Vary"))
			}
			if tt.want == "application/json" {
				return
			}
			var want proto.Message = reply
			got := types(t).msg.New().Interface()
			if tt.field == "book" {
				want = msgJSON(t, `{"book":{"id":"b","pages":"300"}}`)
				got = types(t).book.New().Interface()
				want = want.ProtoReflect().Get(want.ProtoReflect().Descriptor().Fields().ByName("book")).Message().Interface()
			}
			if err := proto.Unmarshal(rec.Body.Bytes(), got); err != nil {
				t.Fatal(err)
			}
			if d := diffMsg(want, got); d != "" {
				t.Errorf("binary reply (-want +got):\n%s", d)
			}
		})
	}
}

func TestHTTPBody(t *testing.T) {
	s := http.NewServer()
	// Whole request and reply: HandleUnary with the generated type.
	http.HandleUnary(s, http.Rule{Method: "POST", Pattern: "/v1/raw", Body: "*", Operation: "/s.S/Raw"},
		func(_ context.Context, in *httpbody.HttpBody) (*httpbody.HttpBody, error) {
			return &httpbody.HttpBody{ContentType: in.GetContentType(), Data: append([]byte("echo:"), in.GetData()...)}, nil
		})
	http.HandleUnary(s, http.Rule{Method: "GET", Pattern: "/v1/octets", Operation: "/s.S/Octets"},
		func(context.Context, *httpbody.HttpBody) (*httpbody.HttpBody, error) {
			return &httpbody.HttpBody{Data: []byte{0, 1, 2}}, nil
		})
	// As a body field and a response_body field of a dynamic message.
	mt := types(t).msg
	http.HandleDynamic(s, http.Rule{Method: "PUT", Pattern: "/v1/files/{name}", Body: "raw", ResponseBody: "raw", Operation: "/s.S/Put"}, mt, mt,
		func(_ context.Context, m proto.Message) (proto.Message, error) { return m, nil })

	tests := []struct {
		method, url, contentType, body string
		wantType, wantBody             string
	}{
		{"POST", "/v1/raw", "text/csv; charset=utf-8", "a,b\n", "text/csv; charset=utf-8", "echo:a,b\n"},
		{"POST", "/v1/raw", "application/json", "{not json", "application/json", "echo:{not json"},
		{"GET", "/v1/octets", "", "", "application/octet-stream", "\x00\x01\x02"},
		{"PUT", "/v1/files/a.png?name=q", "image/png", "\x89PNG", "image/png", "\x89PNG"},
	}
	for _, tt := range tests {
		rec := serve(s, tt.method, tt.url, tt.contentType, tt.body)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != tt.wantType || rec.Body.String() != tt.wantBody {
			t.Errorf("%s %s: got %d %q %q, want 200 %q %q", tt.method, tt.url, rec.Code,
				rec.Header().Get("Content-Type"), rec.Body, tt.wantType, tt.wantBody)
		}
	}
}

func TestHandleUnaryWellKnownTypes(t *testing.T) {
	s := http.NewServer()
	http.HandleUnary(s, http.Rule{Method: "GET", Pattern: "/v1/echo/{value}", Operation: "/s.S/Echo"},
		func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
			return wrapperspb.String("hello " + in.GetValue()), nil
		})
	rec := serve(s, "GET", "/v1/echo/b%C3%AFa", "", "")
	if rec.Code != 200 || rec.Body.String() != `"hello bïa"` {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
	var nilReply *wrapperspb.Int64Value
	http.HandleUnary(s, http.Rule{Method: "GET", Pattern: "/v1/nil", Operation: "/s.S/Nil"},
		func(context.Context, *wrapperspb.StringValue) (*wrapperspb.Int64Value, error) { return nilReply, nil })
	if rec := serve(s, "GET", "/v1/nil", "", ""); rec.Code != 200 || rec.Body.String() != `"0"` {
		t.Errorf("nil reply: got %d %s, want the empty message", rec.Code, rec.Body)
	}
}

func TestHandlerChainMisuse(t *testing.T) {
	replace := func(req, reply any, short bool) middleware.Middleware {
		return func(next middleware.Handler) middleware.Handler {
			return func(ctx context.Context, in any) (any, error) {
				if short {
					return reply, nil
				}
				return next(ctx, req)
			}
		}
	}
	tests := []struct {
		name   string
		mw     middleware.Middleware
		status int
		body   string
	}{
		{"request replaced by a non-message", replace("x", nil, false), 500,
			`{"code":500,"reason":"INTERNAL","message":"internal server error","metadata":{}}`},
		{"request replaced by another message type", replace(wrapperspb.Int64(1), nil, false), 500,
			`{"code":500,"reason":"INTERNAL","message":"internal server error","metadata":{}}`},
		{"reply that is not a message", replace(nil, 42, true), 500,
			`{"code":500,"reason":"INTERNAL","message":"internal server error","metadata":{}}`},
		{"nil reply is the empty message", replace(nil, nil, true), 200, `""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &syncBuffer{}
			s := http.NewServer(http.Middleware(tt.mw), http.Logger(slog.New(slog.NewTextHandler(logs, nil))))
			http.HandleUnary(s, http.Rule{Method: "GET", Pattern: "/e", Operation: "/s.S/E"},
				func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) { return in, nil })
			rec := serve(s, "GET", "/e", "", "")
			if rec.Code != tt.status || rec.Body.String() != tt.body {
				t.Errorf("got %d %s, want %d %s", rec.Code, rec.Body, tt.status, tt.body)
			}
			if tt.status == 500 && !strings.Contains(logs.String(), "operation=/s.S/E") {
				t.Errorf("misuse not logged: %s", logs)
			}
		})
	}
	msg := panicMessage(func() {
		http.HandleUnary(http.NewServer(), http.Rule{Method: "GET", Pattern: "/i", Operation: "/s.S/I"},
			func(context.Context, *wrapperspb.StringValue) (proto.Message, error) { return nil, nil })
	})
	if !strings.Contains(msg, "/s.S/I: the reply type must be a concrete message type") {
		t.Errorf("panic = %q", msg)
	}
}
