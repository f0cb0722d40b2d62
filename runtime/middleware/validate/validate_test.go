package validate_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/validate"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	pb "github.com/bia-go/bia/testdata/golden/validatetest/v1"
)

// accounts serves the Accounts service, counting the calls that reach it.
type accounts struct {
	pb.UnimplementedAccountsServer
	calls atomic.Int32
}

func (a *accounts) CreateAccount(_ context.Context, in *pb.CreateAccountRequest) (*pb.Account, error) {
	a.calls.Add(1)
	return &pb.Account{Id: in.GetId(), Name: in.GetName()}, nil
}

func (a *accounts) GetAccount(_ context.Context, in *pb.GetAccountRequest) (*pb.Account, error) {
	a.calls.Add(1)
	return &pb.Account{Id: in.GetId()}, nil
}

// clients are the three ways to call a validated Accounts service: the
// generated HTTP client against the default error format and against
// google.rpc.Status bodies, and gRPC.
type clients struct {
	svc   *accounts
	calls map[string]func(context.Context, *pb.CreateAccountRequest) error
}

// serve starts Accounts over HTTP (both error formats) and gRPC behind the
// validation middleware built from opts.
func serve(t *testing.T, opts ...validate.Option) clients {
	t.Helper()
	svc := &accounts{}
	mw := validate.Validator(opts...)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := clients{svc: svc, calls: map[string]func(context.Context, *pb.CreateAccountRequest) error{}}
	for name, extra := range map[string][]http.ServerOption{"http": nil, "http status": {http.StatusErrors()}} {
		s := http.NewServer(append([]http.ServerOption{http.Address("127.0.0.1:0"), http.Middleware(mw), http.Logger(logger)}, extra...)...)
		pb.RegisterAccountsHTTPServer(s, svc)
		ep := start(t, s.Endpoint, s.Start, s.Stop)
		hc, err := http.NewClient(t.Context(), http.WithEndpoint(ep))
		if err != nil {
			t.Fatal(err)
		}
		client := pb.NewAccountsHTTPClient(hc)
		c.calls[name] = func(ctx context.Context, in *pb.CreateAccountRequest) error {
			_, err := client.CreateAccount(ctx, in)
			return err
		}
	}
	gs := biagrpc.NewServer(biagrpc.Address("127.0.0.1:0"), biagrpc.Middleware(mw), biagrpc.Logger(logger))
	pb.RegisterAccountsServer(gs, svc)
	ep := start(t, gs.Endpoint, gs.Start, gs.Stop)
	cc, err := biagrpc.DialInsecure(t.Context(), biagrpc.WithEndpoint(strings.TrimPrefix(ep, "grpc://")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	grpcClient := pb.NewAccountsClient(cc)
	c.calls["grpc"] = func(ctx context.Context, in *pb.CreateAccountRequest) error {
		_, err := grpcClient.CreateAccount(ctx, in)
		return err
	}
	return c
}

// start starts a server and returns its endpoint.
func start(t *testing.T, endpoint func() (*url.URL, error), run, stop func(context.Context) error) string {
	t.Helper()
	u, err := endpoint()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- run(context.Background()) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = stop(ctx)
		<-done
	})
	return u.String()
}

// valid is a request that breaks no rule.
func valid() *pb.CreateAccountRequest {
	return &pb.CreateAccountRequest{
		Name: "Ada", Email: "ada@example.com", Id: "0b5f5e3c-8d3b-4c35-9a7e-1d1ef0a8f0b2", Handle: "ada",
		Age: 36, Score: 1.5, Tags: []string{"ab", "cd"}, Address: &pb.Address{City: "London"},
		Plan: pb.Plan_PLAN_PRO, Previous: []*pb.Address{{City: "Paris"}}, Labels: map[string]string{"kk": "v"},
		Contact: &pb.CreateAccountRequest_Phone{Phone: "+44"},
	}
}

func TestPGVRules(t *testing.T) {
	c := serve(t)
	tests := []struct {
		name   string
		mutate func(*pb.CreateAccountRequest)
		want   []errors.FieldViolation // field and rule; messages are checked to be set
	}{
		{"string min_len", func(r *pb.CreateAccountRequest) { r.Name = "" }, []errors.FieldViolation{{Field: "name", Rule: "string.min_len"}}},
		{"string max_len", func(r *pb.CreateAccountRequest) { r.Name = strings.Repeat("x", 21) }, []errors.FieldViolation{{Field: "name", Rule: "string.max_len"}}},
		{"email", func(r *pb.CreateAccountRequest) { r.Email = "nope" }, []errors.FieldViolation{{Field: "email", Rule: "string.email"}}},
		{"uuid", func(r *pb.CreateAccountRequest) { r.Id = "nope" }, []errors.FieldViolation{{Field: "id", Rule: "string.uuid"}}},
		{"pattern", func(r *pb.CreateAccountRequest) { r.Handle = "ADA" }, []errors.FieldViolation{{Field: "handle", Rule: "string.pattern"}}},
		{"numeric range, low", func(r *pb.CreateAccountRequest) { r.Age = -1 }, []errors.FieldViolation{{Field: "age", Rule: "int32.gte_lte"}}},
		{"numeric range, high", func(r *pb.CreateAccountRequest) { r.Age = 151 }, []errors.FieldViolation{{Field: "age", Rule: "int32.gte_lte"}}},
		{"double gt", func(r *pb.CreateAccountRequest) { r.Score = 0 }, []errors.FieldViolation{{Field: "score", Rule: "double.gt"}}},
		{"repeated min_items", func(r *pb.CreateAccountRequest) { r.Tags = nil }, []errors.FieldViolation{{Field: "tags", Rule: "repeated.min_items"}}},
		{"repeated max_items", func(r *pb.CreateAccountRequest) { r.Tags = []string{"ab", "cd", "ef", "gh"} }, []errors.FieldViolation{{Field: "tags", Rule: "repeated.max_items"}}},
		{"repeated unique", func(r *pb.CreateAccountRequest) { r.Tags = []string{"ab", "ab"} }, []errors.FieldViolation{{Field: "tags[1]", Rule: "repeated.unique"}}},
		{"repeated items", func(r *pb.CreateAccountRequest) { r.Tags = []string{"ab", "c"} }, []errors.FieldViolation{{Field: "tags[1]", Rule: "string.min_len"}}},
		{"required message", func(r *pb.CreateAccountRequest) { r.Address = nil }, []errors.FieldViolation{{Field: "address", Rule: "required"}}},
		{"nested message", func(r *pb.CreateAccountRequest) { r.Address.City = "" }, []errors.FieldViolation{{Field: "address.city", Rule: "string.min_len"}}},
		{"enum defined_only", func(r *pb.CreateAccountRequest) { r.Plan = 99 }, []errors.FieldViolation{{Field: "plan", Rule: "enum.defined_only"}}},
		{"repeated message element", func(r *pb.CreateAccountRequest) { r.Previous = append(r.Previous, &pb.Address{}) },
			[]errors.FieldViolation{{Field: "previous[1].city", Rule: "string.min_len"}}},
		{"map key", func(r *pb.CreateAccountRequest) { r.Labels = map[string]string{"k": "v"} }, []errors.FieldViolation{{Field: `labels["k"]`, Rule: "string.min_len"}}},
		{"map value", func(r *pb.CreateAccountRequest) { r.Labels = map[string]string{"kk": "toolong"} }, []errors.FieldViolation{{Field: `labels["kk"]`, Rule: "string.max_len"}}},
		{"oneof required", func(r *pb.CreateAccountRequest) { r.Contact = nil }, []errors.FieldViolation{{Field: "contact", Rule: "required"}}},
		{"every violation at once", func(r *pb.CreateAccountRequest) { r.Name, r.Age, r.Contact = "", 200, nil },
			[]errors.FieldViolation{{Field: "name", Rule: "string.min_len"}, {Field: "age", Rule: "int32.gte_lte"}, {Field: "contact", Rule: "required"}}},
	}
	for _, tt := range tests {
		for transport, call := range c.calls {
			t.Run(tt.name+"/"+transport, func(t *testing.T) {
				in := valid()
				tt.mutate(in)
				before := c.svc.calls.Load()
				err := call(t.Context(), in)
				if c.svc.calls.Load() != before {
					t.Error("the handler ran for an invalid request")
				}
				e := errors.FromError(err)
				if e.Code != 400 || e.Reason != errors.ReasonValidation {
					t.Fatalf("error %v, want 400 VALIDATION", err)
				}
				got := e.FieldViolations()
				for i := range got {
					if got[i].Message == "" {
						t.Errorf("violation %d has no message", i)
					}
					got[i].Message = ""
				}
				if d := cmp.Diff(tt.want, got); d != "" {
					t.Errorf("violations (-want +got):\n%s", d)
				}
				if transport == "grpc" && status.Code(err) != codes.InvalidArgument {
					t.Errorf("gRPC code %v, want InvalidArgument", status.Code(err))
				}
			})
		}
	}
	t.Run("valid requests reach the handler", func(t *testing.T) {
		for transport, call := range c.calls {
			before := c.svc.calls.Load()
			if err := call(t.Context(), valid()); err != nil || c.svc.calls.Load() != before+1 {
				t.Errorf("%s: %v", transport, err)
			}
		}
	})
}

// TestViolationsOnTheWire checks what clients that are not Bia's see: a
// google.rpc.BadRequest detail over gRPC, with the field, message and the
// rule as an UPPER_SNAKE reason.
func TestViolationsOnTheWire(t *testing.T) {
	c := serve(t)
	in := valid()
	in.Name = ""
	err := c.calls["grpc"](t.Context(), in)
	st, _ := status.FromError(err)
	var br *errdetails.BadRequest
	for _, d := range st.Details() {
		if b, ok := d.(*errdetails.BadRequest); ok {
			br = b
		}
	}
	want := &errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{
		Field: "name", Description: "value length must be between 1 and 20 runes, inclusive", Reason: "STRING_MIN_LEN"}}}
	if !proto.Equal(br, want) {
		t.Errorf("BadRequest detail = %v, want %v", br, want)
	}
}

func TestOptions(t *testing.T) {
	c := serve(t,
		validate.WithReason("BAD_INPUT"),
		validate.WithMessage(func(_ context.Context, v errors.FieldViolation) string {
			if v.Rule == "string.min_len" {
				return "trop court"
			}
			return ""
		}),
		validate.WithFunc(func(_ context.Context, m proto.Message) ([]errors.FieldViolation, error) {
			if r, ok := m.(*pb.CreateAccountRequest); ok && r.GetHandle() == "root" {
				return []errors.FieldViolation{{Field: "handle", Rule: "handle.reserved", Message: "is reserved"}}, nil
			}
			return nil, nil
		}),
	)
	for transport, call := range c.calls {
		in := valid()
		in.Name, in.Handle = "", "root"
		e := errors.FromError(call(t.Context(), in))
		want := []errors.FieldViolation{
			{Field: "name", Rule: "string.min_len", Message: "trop court"},
			{Field: "handle", Rule: "handle.reserved", Message: "is reserved"},
		}
		if e.Reason != "BAD_INPUT" || !cmp.Equal(want, e.FieldViolations()) {
			t.Errorf("%s: %s %v, want BAD_INPUT %v", transport, e.Reason, e.FieldViolations(), want)
		}
		if !strings.Contains(e.Message, "name: trop court") || !strings.Contains(e.Message, "handle: is reserved") {
			t.Errorf("%s: message %q does not list the violations", transport, e.Message)
		}
	}
}
