package grpc_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
)

// errorView is what a test compares of an *errors.Error.
type errorView struct {
	Code     int
	Reason   string
	Message  string
	Metadata map[string]string
}

func viewOf(e *errors.Error) errorView {
	return errorView{Code: e.Code, Reason: e.Reason, Message: e.Message, Metadata: e.Metadata}
}

// errorInfoReason returns the reason of the google.rpc.ErrorInfo detail of
// st, or "" without one.
func errorInfoReason(st *status.Status) string {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.GetReason()
		}
	}
	return ""
}

func TestHandlerErrorsReachTheClient(t *testing.T) {
	table := errors.StandardCodes()
	tests := []struct {
		name       string
		err        error
		want       errorView
		wantCode   codes.Code // on the wire and from status.Code on the client
		wantLogged bool
	}{
		{
			name:     "bia error with metadata and an unmappable code",
			err:      errors.New(422, "VALIDATION", "bad").WithMetadata(map[string]string{"field": "name"}),
			want:     errorView{Code: 422, Reason: "VALIDATION", Message: "bad", Metadata: map[string]string{"field": "name"}},
			wantCode: table.GRPCCode(422),
		},
		{
			name:     "not found",
			err:      errors.NotFound("USER_NOT_FOUND", "no such user"),
			want:     errorView{Code: 404, Reason: "USER_NOT_FOUND", Message: "no such user"},
			wantCode: codes.NotFound,
		},
		{
			name:     "wrapped bia error",
			err:      fmt.Errorf("saving: %w", errors.Conflict("VERSION_MISMATCH", "stale")),
			want:     errorView{Code: 409, Reason: "VERSION_MISMATCH", Message: "stale"},
			wantCode: table.GRPCCode(409),
		},
		{
			name:       "plain error is hidden",
			err:        fmt.Errorf("dial db: password=hunter2 rejected"),
			want:       errorView{Code: 500, Reason: "INTERNAL", Message: "internal server error"},
			wantCode:   codes.Internal,
			wantLogged: true,
		},
		{
			// grpc-go's status.FromError would send the whole wrapping
			// text; only the status's own message may leave.
			name:       "wrapped grpc status keeps its own message",
			err:        fmt.Errorf("lookup with password=hunter2: %w", status.Error(codes.NotFound, "no such user")),
			want:       errorView{Code: 404, Message: "no such user"},
			wantCode:   codes.NotFound,
			wantLogged: false,
		},
		{
			name:     "deadline",
			err:      fmt.Errorf("query: %w", context.DeadlineExceeded),
			want:     errorView{Code: 504, Reason: "GATEWAY_TIMEOUT"},
			wantCode: table.GRPCCode(504),
		},
	}
	errs := map[string]error{}
	for _, tt := range tests {
		errs[tt.name] = tt.err
	}
	logs := &recorder{}
	e := &echo{unary: func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		return nil, errs[in.GetValue()]
	}}
	_, addr := startServer(t, e, biagrpc.Logger(slog.New(logs)))
	// wire records the raw status each call failed with: raw interceptors
	// run inside Bia's, before the conversion to *errors.Error.
	wire := make(chan error, 1)
	cc := dial(t, addr, biagrpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *gogrpc.ClientConn, invoker gogrpc.UnaryInvoker, opts ...gogrpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		wire <- err
		return err
	}))

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := callEcho(context.Background(), cc, tt.name)
			raw := status.Convert(<-wire)
			var got *errors.Error
			if !errors.As(err, &got) {
				t.Fatalf("error %T %v is not an *errors.Error", err, err)
			}
			ignoreMessage := tt.want.Message == ""
			gotView := viewOf(got)
			if ignoreMessage {
				gotView.Message = ""
			}
			if diff := cmp.Diff(tt.want, gotView); diff != "" {
				t.Errorf("client error (-want +got):\n%s", diff)
			}
			if raw.Code() != tt.wantCode {
				t.Errorf("wire code = %v, want %v", raw.Code(), tt.wantCode)
			}
			if c := status.Code(err); c != tt.wantCode {
				t.Errorf("status.Code(client error) = %v, want %v", c, tt.wantCode)
			}
			if r := errorInfoReason(raw); r != tt.want.Reason {
				t.Errorf("wire ErrorInfo reason = %q, want %q", r, tt.want.Reason)
			}
			if st, _ := status.FromError(err); errorInfoReason(st) != tt.want.Reason {
				t.Errorf("client status ErrorInfo reason = %q, want %q", errorInfoReason(st), tt.want.Reason)
			}
			if strings.Contains(raw.Message(), "hunter2") || strings.Contains(err.Error(), "hunter2") {
				t.Errorf("secret leaked to the client: wire %q, client %q", raw.Message(), err)
			}
			entries := logs.take()
			if !tt.wantLogged {
				if len(entries) != 0 {
					t.Errorf("logged %+v, want nothing", entries)
				}
				return
			}
			if len(entries) != 1 || entries[0].Level != slog.LevelError ||
				entries[0].Attrs["operation"] != echoMethod || !strings.Contains(entries[0].Attrs["error"], "hunter2") {
				t.Errorf("log = %+v, want one error record with operation %q and the error text", entries, echoMethod)
			}
		})
	}
}

func TestStatusErrorsPassThrough(t *testing.T) {
	e := &echo{unary: func(context.Context, *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		return nil, status.Error(codes.OutOfRange, "page 9 of 3")
	}}
	_, addr := startServer(t, e)
	wire := make(chan error, 1)
	cc := dial(t, addr, biagrpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *gogrpc.ClientConn, invoker gogrpc.UnaryInvoker, opts ...gogrpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		wire <- err
		return err
	}))
	_, err := callEcho(context.Background(), cc, "")
	raw := status.Convert(<-wire)
	if raw.Code() != codes.OutOfRange || raw.Message() != "page 9 of 3" {
		t.Errorf("wire status = %v %q, want OutOfRange %q", raw.Code(), raw.Message(), "page 9 of 3")
	}
	if got := errors.FromError(err); got == nil || got.Message != "page 9 of 3" {
		t.Errorf("client error = %v, want message %q", got, "page 9 of 3")
	}
}

func TestRecoveryKeepsTheServerServing(t *testing.T) {
	e := &echo{unary: func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		if in.GetValue() == "panic" {
			panic("boom: secret state")
		}
		return in, nil
	}}
	_, addr := startServer(t, e, biagrpc.Middleware(recovery.Recovery(recovery.WithLogger(discardLogger()))))
	cc := dial(t, addr)

	_, err := callEcho(context.Background(), cc, "panic")
	if c := status.Code(err); c != codes.Internal {
		t.Errorf("status.Code = %v, want Internal", c)
	}
	if got := errors.FromError(err); got.Code != 500 || strings.Contains(got.Message, "secret") {
		t.Errorf("error = %+v, want code 500 without the panic text", got)
	}
	got, err := callEcho(context.Background(), cc, "after")
	if err != nil || got != "after" {
		t.Errorf("call after the panic = %q, %v; want %q, nil", got, err, "after")
	}
}

func TestMiddlewareDroppingTheContextFails(t *testing.T) {
	drop := func(next middleware.Handler) middleware.Handler {
		return func(_ context.Context, req any) (any, error) {
			return next(context.Background(), req)
		}
	}
	called := make(chan struct{}, 1)
	e := &echo{unary: func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		called <- struct{}{}
		return in, nil
	}}
	tests := []struct {
		name   string
		server []biagrpc.ServerOption
		client []biagrpc.ClientOption
	}{
		{name: "server", server: []biagrpc.ServerOption{biagrpc.Middleware(drop)}},
		{name: "client", client: []biagrpc.ClientOption{biagrpc.WithMiddleware(drop)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, addr := startServer(t, e, tt.server...)
			cc := dial(t, addr, tt.client...)
			_, err := callEcho(context.Background(), cc, "x")
			if got := errors.FromError(err); got == nil || got.Code != 500 {
				t.Errorf("error = %v, want a 500", err)
			}
			select {
			case <-called:
				t.Error("the handler ran")
			default:
			}
		})
	}
}

func TestCodeMappers(t *testing.T) {
	e := &echo{unary: func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		if in.GetValue() == "status" {
			return nil, status.Error(codes.OutOfRange, "page 9 of 3")
		}
		return nil, errors.New(422, "VALIDATION", "bad")
	}}
	serverMapper := errors.NewCodeMapper(nil, map[int]codes.Code{422: codes.FailedPrecondition}, errors.StandardCodes())
	clientMapper := errors.NewCodeMapper(map[codes.Code]int{codes.OutOfRange: 416}, nil, errors.StandardCodes())
	_, addr := startServer(t, e, biagrpc.CodeMapper(serverMapper))
	wire := make(chan error, 1)
	cc := dial(t, addr, biagrpc.WithCodeMapper(clientMapper), biagrpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *gogrpc.ClientConn, invoker gogrpc.UnaryInvoker, opts ...gogrpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		wire <- err
		return err
	}))

	tests := []struct {
		in       string
		wantWire codes.Code
		wantCode int
	}{
		// The server's table picks the wire code; the Bia detail keeps 422.
		{in: "bia", wantWire: codes.FailedPrecondition, wantCode: 422},
		// A foreign status gets its HTTP code from the client's table.
		{in: "status", wantWire: codes.OutOfRange, wantCode: 416},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := callEcho(context.Background(), cc, tt.in)
			if c := status.Code(<-wire); c != tt.wantWire {
				t.Errorf("wire code = %v, want %v", c, tt.wantWire)
			}
			if c := errors.Code(err); c != tt.wantCode {
				t.Errorf("client code = %d, want %d", c, tt.wantCode)
			}
		})
	}
}
