package http_test

import (
	"context"
	stderrors "errors"
	"fmt"
	"log/slog"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
)

// failRoute registers GET /fail whose handler returns err.
func failRoute(tb testing.TB, s *http.Server, err error) {
	tb.Helper()
	mt := types(tb).msg
	http.HandleDynamic(s, http.Rule{Method: "GET", Pattern: "/fail", Operation: "/s.S/Fail"}, mt, mt,
		func(context.Context, proto.Message) (proto.Message, error) { return nil, err })
}

func TestErrorReplies(t *testing.T) {
	notFound := errors.NotFound("BOOK_NOT_FOUND", "no book 7").WithMetadata(map[string]string{"id": "7"})
	tests := []struct {
		name         string
		err          error
		statusErrors bool
		status       int
		want         string
		logged       bool
	}{
		{"bia error", notFound, false, 404,
			`{"code":404,"reason":"BOOK_NOT_FOUND","message":"no book 7","metadata":{"id":"7"}}`, false},
		{"wrapped bia error", fmt.Errorf("layer: %w", notFound), false, 404,
			`{"code":404,"reason":"BOOK_NOT_FOUND","message":"no book 7","metadata":{"id":"7"}}`, false},
		{"code outside 100-599", errors.New(999, "ODD", "odd"), false, 500,
			`{"code":500,"reason":"ODD","message":"odd","metadata":{}}`, false},
		{"grpc status", status.Error(codes.PermissionDenied, "no"), false, 403,
			`{"code":403,"reason":"","message":"no","metadata":{}}`, false},
		{"deadline", context.DeadlineExceeded, false, 504,
			`{"code":504,"reason":"GATEWAY_TIMEOUT","message":"context deadline exceeded","metadata":{}}`, false},
		{"non-bia error is hidden and logged", stderrors.New("db password is hunter2"), false, 500,
			`{"code":500,"reason":"INTERNAL","message":"internal server error","metadata":{}}`, true},
		{"status format", notFound, true, 404,
			`{"code":5,"message":"no book 7","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BOOK_NOT_FOUND","metadata":{"id":"7"}}]}`, false},
		{"status format without reason", errors.New(503, "", "down"), true, 503, `{"code":14,"message":"down"}`, false},
		{"status format, invalid UTF-8", errors.New(400, "BAD\xff", "m\xff"), true, 400,
			`{"code":3,"message":"m\ufffd","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BAD\ufffd"}]}`, false},
		{"status format, non-bia error", stderrors.New("secret"), true, 500,
			`{"code":13,"message":"internal server error","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"INTERNAL"}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &syncBuffer{}
			opts := []http.ServerOption{http.Logger(slog.New(slog.NewTextHandler(logs, nil)))}
			if tt.statusErrors {
				opts = append(opts, http.StatusErrors())
			}
			s := http.NewServer(opts...)
			failRoute(t, s, tt.err)
			rec := serve(s, "GET", "/fail", "", "")
			if rec.Code != tt.status || rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("got %d %q, want %d application/json", rec.Code, rec.Header().Get("Content-Type"), tt.status)
			}
			jsonEqual(t, rec.Body.String(), tt.want)
			logged := strings.Contains(logs.String(), "operation=/s.S/Fail")
			if logged != tt.logged {
				t.Errorf("logged = %v, want %v: %s", logged, tt.logged, logs)
			}
			if tt.logged && !strings.Contains(logs.String(), tt.err.Error()) {
				t.Errorf("log lacks the original error: %s", logs)
			}
		})
	}
}

func TestErrorKeepsReplyHeader(t *testing.T) {
	mw := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, _ := transport.FromServerContext(ctx)
			tr.ReplyHeader().Set("X-Request-Id", "r1")
			return next(ctx, req)
		}
	}
	s := http.NewServer(http.Middleware(mw))
	failRoute(t, s, errors.Conflict("TAKEN", "taken"))
	rec := serve(s, "GET", "/fail", "", "")
	if rec.Code != 409 || rec.Header().Get("X-Request-Id") != "r1" {
		t.Errorf("got %d, X-Request-Id %q", rec.Code, rec.Header().Get("X-Request-Id"))
	}
}

// TestDecodeErrorRoundTrip sends errors through a server in both formats
// and reads them back with DecodeError.
func TestDecodeErrorRoundTrip(t *testing.T) {
	errs := []*errors.Error{
		errors.NotFound("BOOK_NOT_FOUND", "no book").WithMetadata(map[string]string{"id": "7"}),
		errors.New(422, "INVALID_STATE", "cannot"),
		errors.New(503, "", "down"),
	}
	for _, statusFormat := range []bool{false, true} {
		for _, e := range errs {
			t.Run(fmt.Sprintf("%v/%d", statusFormat, e.Code), func(t *testing.T) {
				var opts []http.ServerOption
				if statusFormat {
					opts = append(opts, http.StatusErrors())
				}
				s := http.NewServer(opts...)
				failRoute(t, s, e)
				rec := serve(s, "GET", "/fail", "", "")
				got := http.DecodeError(rec.Result(), rec.Body.Bytes())
				if d := cmp.Diff(e, got, cmpopts.IgnoreUnexported(errors.Error{}), cmpopts.EquateEmpty()); d != "" {
					t.Errorf("round trip (-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestDecodeError(t *testing.T) {
	long := strings.Repeat("x", 600)
	tests := []struct {
		name   string
		status int
		body   string
		want   *errors.Error
	}{
		{"success", 200, `{"code":500,"reason":"X"}`, nil},
		{"bia body", 409, `{"code":409,"reason":"TAKEN","message":"m","metadata":{"k":"v"}}`,
			&errors.Error{Code: 409, Reason: "TAKEN", Message: "m", Metadata: map[string]string{"k": "v"}}},
		{"bia body keeps its code", 500, `{"code":999,"reason":"ODD","message":"odd","metadata":{}}`,
			&errors.Error{Code: 999, Reason: "ODD", Message: "odd", Metadata: map[string]string{}}},
		{"bia body without code", 418, `{"reason":"TEA","message":"m"}`, &errors.Error{Code: 418, Reason: "TEA", Message: "m"}},
		{"status body", 404, `{"code":5,"message":"gone","details":[{"@type":"type.googleapis.com/foo.Other","x":1},
			{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"GONE","domain":"d","metadata":{"a":"b"}}]}`,
			&errors.Error{Code: 404, Reason: "GONE", Message: "gone", Metadata: map[string]string{"a": "b"}}},
		{"status body without details", 503, `{"code":14,"message":"down"}`, &errors.Error{Code: 503, Message: "down"}},
		{"proxy text", 502, "upstream connect error\n", &errors.Error{Code: 502, Reason: "BAD_GATEWAY", Message: "upstream connect error"}},
		{"other JSON", 429, `{"error":"slow down"}`, &errors.Error{Code: 429, Reason: "TOO_MANY_REQUESTS", Message: `{"error":"slow down"}`}},
		{"empty body", 503, "", &errors.Error{Code: 503, Reason: "SERVICE_UNAVAILABLE", Message: "Service Unavailable"}},
		{"apostrophe in status text", 418, "", &errors.Error{Code: 418, Reason: "IM_A_TEAPOT", Message: "I'm a teapot"}},
		{"binary body", 500, "\xff\xfe", &errors.Error{Code: 500, Reason: "INTERNAL_SERVER_ERROR", Message: "Internal Server Error"}},
		{"long body", 500, long, &errors.Error{Code: 500, Reason: "INTERNAL_SERVER_ERROR", Message: long[:512] + "..."}},
		{"unknown status", 599, "", &errors.Error{Code: 599, Reason: "UNKNOWN", Message: "HTTP status 599"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := http.DecodeError(&nethttp.Response{StatusCode: tt.status}, []byte(tt.body))
			if d := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(errors.Error{})); d != "" {
				t.Errorf("DecodeError (-want +got):\n%s", d)
			}
		})
	}
}

func TestCodeMapperOption(t *testing.T) {
	m := errors.NewCodeMapper(nil, map[int]codes.Code{422: codes.FailedPrecondition}, errors.StandardCodes())
	s := http.NewServer(http.StatusErrors(), http.CodeMapper(m))
	failRoute(t, s, errors.New(422, "STATE", "bad state"))
	rec := serve(s, "GET", "/fail", "", "")
	if rec.Code != 422 {
		t.Errorf("status = %d, want 422", rec.Code)
	}
	jsonEqual(t, rec.Body.String(), `{"code":9,"message":"bad state","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"STATE"}]}`)
}
