package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	stderrors "errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/logging"
	"github.com/bia-go/bia/runtime/transport"
)

func decode(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(buf.String()) {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

func TestRecords(t *testing.T) {
	plain := stderrors.New("dial tcp: connection refused")
	notFound := errors.NotFound("USER_NOT_FOUND", "no such user")
	tests := []struct {
		name  string
		err   error
		level string
		code  float64
		rsn   string
		msg   string // "" when no error attribute is expected
	}{
		{name: "success", level: "INFO", code: 200},
		{name: "4xx", err: notFound, level: "WARN", code: 404, rsn: "USER_NOT_FOUND", msg: notFound.Error()},
		{name: "wrapped 4xx", err: fmt.Errorf("get: %w", notFound), level: "WARN", code: 404, rsn: "USER_NOT_FOUND", msg: "get: " + notFound.Error()},
		{name: "client closed", err: context.Canceled, level: "WARN", code: 499, rsn: "CLIENT_CLOSED", msg: context.Canceled.Error()},
		{name: "plain error is 500", err: plain, level: "ERROR", code: 500, rsn: "INTERNAL", msg: plain.Error()},
		{name: "5xx", err: errors.ServiceUnavailable("DRAINING", "later"), level: "ERROR", code: 503, rsn: "DRAINING", msg: errors.ServiceUnavailable("DRAINING", "later").Error()},
		{name: "3xx is info", err: errors.New(302, "MOVED", "elsewhere"), level: "INFO", code: 302, rsn: "MOVED", msg: errors.New(302, "MOVED", "elsewhere").Error()},
	}
	sides := []struct {
		name    string
		mw      func(*slog.Logger) middleware.Middleware
		ctx     func(context.Context, transport.Transporter) context.Context
		message string
	}{
		{"server", logging.Server, transport.NewServerContext, logging.ServerMessage},
		{"client", logging.Client, transport.NewClientContext, logging.ClientMessage},
	}
	for _, tt := range tests {
		for _, side := range sides {
			t.Run(side.name+"/"+tt.name, func(t *testing.T) {
				var buf bytes.Buffer
				l := slog.New(slog.NewJSONHandler(&buf, nil))
				h := side.mw(l)(func(context.Context, any) (any, error) { return "reply", tt.err })
				ctx := side.ctx(context.Background(), newTransport("/users.v1.Users/Get"))

				reply, err := h(ctx, nil)
				if reply != "reply" || err != tt.err {
					t.Errorf("call = (%v, %v), want (reply, %v) passed through", reply, err, tt.err)
				}

				recs := decode(t, &buf)
				if len(recs) != 1 {
					t.Fatalf("%d records, want 1:\n%s", len(recs), &buf)
				}
				r := recs[0]
				if _, ok := r["latency"].(float64); !ok {
					t.Errorf("latency = %#v, want a number", r["latency"])
				}
				delete(r, "latency")
				delete(r, "time")
				want := map[string]any{
					"level": tt.level, "msg": side.message, "kind": "grpc",
					"operation": "/users.v1.Users/Get", "code": tt.code, "reason": tt.rsn,
				}
				if tt.msg != "" {
					want["error"] = tt.msg
				}
				if diff := cmp.Diff(want, r); diff != "" {
					t.Errorf("record (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestSideReadsItsOwnTransporter(t *testing.T) {
	tests := []struct {
		name   string
		client bool
		ctx    context.Context
		wantOp string
	}{
		{name: "server ignores client transporter", ctx: transport.NewClientContext(context.Background(), newTransport("/c.C/M")), wantOp: ""},
		{name: "server with both", ctx: transport.NewClientContext(transport.NewServerContext(context.Background(), newTransport("/s.S/M")), newTransport("/c.C/M")), wantOp: "/s.S/M"},
		{name: "client with both", client: true, ctx: transport.NewClientContext(transport.NewServerContext(context.Background(), newTransport("/s.S/M")), newTransport("/c.C/M")), wantOp: "/c.C/M"},
		{name: "no transporter", ctx: context.Background(), wantOp: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := slog.New(slog.NewJSONHandler(&buf, nil))
			mw := logging.Server(l)
			if tt.client {
				mw = logging.Client(l)
			}
			if _, err := mw(func(context.Context, any) (any, error) { return nil, nil })(tt.ctx, nil); err != nil {
				t.Fatal(err)
			}
			recs := decode(t, &buf)
			if len(recs) != 1 || recs[0]["operation"] != tt.wantOp {
				t.Errorf("records %v, want one with operation %q", recs, tt.wantOp)
			}
		})
	}
}

func TestLevelFiltering(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var next middleware.Handler = func(_ context.Context, req any) (any, error) {
		if req == nil {
			return "ok", nil
		}
		return nil, req.(error)
	}
	h := logging.Server(l)(next)
	for _, req := range []any{nil, errors.BadRequest("BAD", "bad"), nil} {
		_, _ = h(context.Background(), req)
	}
	recs := decode(t, &buf)
	if len(recs) != 1 || recs[0]["reason"] != "BAD" {
		t.Errorf("records with a Warn threshold = %v, want only the BAD one", recs)
	}
}

func TestNilLoggerUsesDefault(t *testing.T) {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })

	for _, mw := range []middleware.Middleware{logging.Server(nil), logging.Client(nil)} {
		if _, err := mw(func(context.Context, any) (any, error) { return nil, nil })(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	recs := decode(t, &buf)
	var msgs []any
	for _, r := range recs {
		msgs = append(msgs, r["msg"])
	}
	if diff := cmp.Diff([]any{logging.ServerMessage, logging.ClientMessage}, msgs); diff != "" {
		t.Errorf("default logger messages (-want +got):\n%s", diff)
	}
}
