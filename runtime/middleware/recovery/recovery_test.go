package recovery_test

import (
	"bytes"
	"context"
	"encoding/json"
	stderrors "errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	"github.com/bia-go/bia/runtime/transport"
)

// jsonLogger returns a logger writing JSON records to the returned buffer.
func jsonLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewJSONHandler(&buf, nil)), &buf
}

// records decodes the JSON lines in buf.
func records(t *testing.T, buf *bytes.Buffer) []map[string]any {
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

// panicky is a handler that panics with the request unless it is "ok".
func panicky(_ context.Context, req any) (any, error) {
	if req == "ok" {
		return "reply", nil
	}
	panic(req)
}

func TestRecovery(t *testing.T) {
	secret := "db password is hunter2"
	tests := []struct {
		name      string
		ctx       context.Context
		value     any
		wantKind  string
		wantOp    string
		wantPanic string
	}{
		{name: "string on server", ctx: transport.NewServerContext(context.Background(), newTransport("/pkg.S/M")), value: secret, wantKind: "grpc", wantOp: "/pkg.S/M", wantPanic: secret},
		{name: "error on client", ctx: transport.NewClientContext(context.Background(), newTransport("/pkg.S/C")), value: fmt.Errorf("boom: %s", secret), wantKind: "grpc", wantOp: "/pkg.S/C", wantPanic: "boom: " + secret},
		{name: "struct without transporter", ctx: context.Background(), value: struct{ A int }{7}, wantPanic: "{7}"},
		{name: "panic(nil)", ctx: context.Background(), value: nil, wantPanic: "panic called with nil argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, buf := jsonLogger()
			h := recovery.Recovery(recovery.WithLogger(l))(panicky)

			reply, err := h(tt.ctx, tt.value)

			if reply != nil {
				t.Errorf("reply = %v, want nil", reply)
			}
			e := errors.FromError(err)
			if e == nil || e.Code != 500 || e.Reason != "INTERNAL" || e.Message != "internal server error" {
				t.Fatalf("error = %v, want 500 INTERNAL \"internal server error\"", err)
			}
			if pub := errors.Public(err); strings.Contains(pub.Message, "hunter2") || strings.Contains(pub.Reason, "hunter2") {
				t.Errorf("public error %+v reveals the panic text", pub)
			}

			recs := records(t, buf)
			if len(recs) != 1 {
				t.Fatalf("got %d log records, want 1:\n%s", len(recs), buf)
			}
			r := recs[0]
			got := map[string]any{"level": r["level"], "kind": r["kind"], "operation": r["operation"], "panic": r["panic"]}
			want := map[string]any{"level": "ERROR", "kind": tt.wantKind, "operation": tt.wantOp, "panic": tt.wantPanic}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("log record (-want +got):\n%s", diff)
			}
			stack, _ := r["stack"].(string)
			if !strings.Contains(stack, "recovery_test.panicky") {
				t.Errorf("logged stack does not show the panicking function:\n%s", stack)
			}

			// The handler keeps working after a panic.
			reply, err = h(tt.ctx, "ok")
			if err != nil || reply != "reply" {
				t.Errorf("call after the panic = (%v, %v), want (reply, nil)", reply, err)
			}
		})
	}
}

func TestWithHandler(t *testing.T) {
	custom := errors.ServiceUnavailable("PANIC", "try again")
	tests := []struct {
		name    string
		handler recovery.HandlerFunc
		want    *errors.Error
	}{
		{name: "custom error", handler: func(context.Context, any, any) error { return custom }, want: custom},
		{name: "nil falls back to default", handler: func(context.Context, any, any) error { return nil }, want: errors.InternalServer("INTERNAL", "internal server error")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type key struct{}
			l, buf := jsonLogger()
			var gotReq, gotValue, gotCtxValue any
			h := recovery.Recovery(recovery.WithLogger(l), recovery.WithHandler(func(ctx context.Context, req, v any) error {
				gotReq, gotValue, gotCtxValue = req, v, ctx.Value(key{})
				return tt.handler(ctx, req, v)
			}))(func(context.Context, any) (any, error) { panic("bad") })

			_, err := h(context.WithValue(context.Background(), key{}, "v"), "the request")
			if diff := cmp.Diff([]any{"the request", "bad", "v"}, []any{gotReq, gotValue, gotCtxValue}); diff != "" {
				t.Errorf("handler arguments (req, panic, ctx value) (-want +got):\n%s", diff)
			}
			e := errors.FromError(err)
			if e == nil || e.Code != tt.want.Code || e.Reason != tt.want.Reason || e.Message != tt.want.Message {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
			if n := len(records(t, buf)); n != 1 {
				t.Errorf("%d log records, want 1 (the panic is logged whatever the handler returns)", n)
			}
		})
	}
}

func TestAbortHandlerRepanics(t *testing.T) {
	l, buf := jsonLogger()
	h := recovery.Recovery(recovery.WithLogger(l))(func(context.Context, any) (any, error) {
		panic(http.ErrAbortHandler)
	})
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler re-raised", v)
		}
		if buf.Len() != 0 {
			t.Errorf("http.ErrAbortHandler was logged: %s", buf)
		}
	}()
	_, _ = h(context.Background(), nil)
	t.Error("Recovery swallowed http.ErrAbortHandler")
}

func TestPassThrough(t *testing.T) {
	l, buf := jsonLogger()
	sentinel := stderrors.New("plain failure")
	tests := []struct {
		name      string
		next      middleware.Handler
		wantReply any
		wantErr   error
	}{
		{name: "reply", next: func(context.Context, any) (any, error) { return 1, nil }, wantReply: 1},
		{name: "error", next: func(context.Context, any) (any, error) { return nil, sentinel }, wantErr: sentinel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply, err := recovery.Recovery(recovery.WithLogger(l))(tt.next)(context.Background(), nil)
			if reply != tt.wantReply || err != tt.wantErr {
				t.Errorf("got (%v, %v), want (%v, %v)", reply, err, tt.wantReply, tt.wantErr)
			}
		})
	}
	if buf.Len() != 0 {
		t.Errorf("calls without a panic were logged: %s", buf)
	}
}

func TestDefaultLogger(t *testing.T) {
	l, buf := jsonLogger()
	prev := slog.Default()
	slog.SetDefault(l)
	t.Cleanup(func() { slog.SetDefault(prev) })

	h := recovery.Recovery()(panicky)
	if _, err := h(context.Background(), "x"); err == nil {
		t.Fatal("no error after a panic")
	}
	if recs := records(t, buf); len(recs) != 1 || recs[0]["panic"] != "x" {
		t.Errorf("default logger records = %v, want one with panic x", recs)
	}
}
