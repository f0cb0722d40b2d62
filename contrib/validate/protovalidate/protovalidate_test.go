package protovalidate_test

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
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/bia-go/bia/contrib/validate/protovalidate"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/validate"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	pb "github.com/bia-go/bia/testdata/golden/pvtest/v1"
)

// users serves the Users service, counting the calls that reach it.
type users struct {
	pb.UnimplementedUsersServer
	calls atomic.Int32
}

func (u *users) CreateUser(_ context.Context, in *pb.CreateUserRequest) (*pb.User, error) {
	u.calls.Add(1)
	return &pb.User{Id: in.GetId(), Name: in.GetName()}, nil
}

func (u *users) GetUser(_ context.Context, in *pb.GetUserRequest) (*pb.User, error) {
	u.calls.Add(1)
	return &pb.User{Id: in.GetId()}, nil
}

// serve starts Users over HTTP (both error formats) and gRPC behind the
// validation middleware with protovalidate's rules, and returns a way to
// call CreateUser through each.
func serve(t *testing.T) (*users, map[string]func(context.Context, *pb.CreateUserRequest) error) {
	t.Helper()
	rules, err := protovalidate.Rules()
	if err != nil {
		t.Fatal(err)
	}
	mw := validate.Validator(validate.WithRules(rules))
	svc := &users{}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	calls := map[string]func(context.Context, *pb.CreateUserRequest) error{}
	for name, extra := range map[string][]http.ServerOption{"http": nil, "http status": {http.StatusErrors()}} {
		s := http.NewServer(append([]http.ServerOption{http.Address("127.0.0.1:0"), http.Middleware(mw), http.Logger(logger)}, extra...)...)
		pb.RegisterUsersHTTPServer(s, svc)
		hc, err := http.NewClient(t.Context(), http.WithEndpoint(start(t, s.Endpoint, s.Start, s.Stop)))
		if err != nil {
			t.Fatal(err)
		}
		client := pb.NewUsersHTTPClient(hc)
		calls[name] = func(ctx context.Context, in *pb.CreateUserRequest) error {
			_, err := client.CreateUser(ctx, in)
			return err
		}
	}
	gs := biagrpc.NewServer(biagrpc.Address("127.0.0.1:0"), biagrpc.Middleware(mw), biagrpc.Logger(logger))
	pb.RegisterUsersServer(gs, svc)
	cc, err := biagrpc.DialInsecure(t.Context(), biagrpc.WithEndpoint(strings.TrimPrefix(start(t, gs.Endpoint, gs.Start, gs.Stop), "grpc://")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	client := pb.NewUsersClient(cc)
	calls["grpc"] = func(ctx context.Context, in *pb.CreateUserRequest) error {
		_, err := client.CreateUser(ctx, in)
		return err
	}
	return svc, calls
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
func valid() *pb.CreateUserRequest {
	return &pb.CreateUserRequest{
		Name: "Ada", Email: "ada@example.com", Id: "0b5f5e3c-8d3b-4c35-9a7e-1d1ef0a8f0b2", Handle: "ada",
		Age: 36, Score: 1.5, Tags: []string{"ab", "cd"}, Profile: &pb.Profile{City: "London"},
		Role: pb.Role_ROLE_WRITER, Previous: []*pb.Profile{{City: "Paris"}}, Labels: map[string]string{"kk": "v"},
		Contact: &pb.CreateUserRequest_Phone{Phone: "+44"}, Password: "s3cret", ConfirmPassword: "s3cret",
	}
}

func TestRules(t *testing.T) {
	svc, calls := serve(t)
	tests := []struct {
		name   string
		mutate func(*pb.CreateUserRequest)
		want   []errors.FieldViolation // field and rule; messages are checked to be set
	}{
		{"string min_len", func(r *pb.CreateUserRequest) { r.Name = "" }, []errors.FieldViolation{{Field: "name", Rule: "string.min_len"}}},
		{"string max_len", func(r *pb.CreateUserRequest) { r.Name = strings.Repeat("x", 21) }, []errors.FieldViolation{{Field: "name", Rule: "string.max_len"}}},
		{"email", func(r *pb.CreateUserRequest) { r.Email = "nope" }, []errors.FieldViolation{{Field: "email", Rule: "string.email"}}},
		{"uuid", func(r *pb.CreateUserRequest) { r.Id = "nope" }, []errors.FieldViolation{{Field: "id", Rule: "string.uuid"}}},
		{"pattern", func(r *pb.CreateUserRequest) { r.Handle = "ADA" }, []errors.FieldViolation{{Field: "handle", Rule: "string.pattern"}}},
		{"numeric range, low", func(r *pb.CreateUserRequest) { r.Age = -1 }, []errors.FieldViolation{{Field: "age", Rule: "int32.gte_lte"}}},
		{"numeric range, high", func(r *pb.CreateUserRequest) { r.Age = 151 }, []errors.FieldViolation{{Field: "age", Rule: "int32.gte_lte"}}},
		{"double gt", func(r *pb.CreateUserRequest) { r.Score = 0 }, []errors.FieldViolation{{Field: "score", Rule: "double.gt"}}},
		{"repeated min_items", func(r *pb.CreateUserRequest) { r.Tags = nil }, []errors.FieldViolation{{Field: "tags", Rule: "repeated.min_items"}}},
		{"repeated max_items", func(r *pb.CreateUserRequest) { r.Tags = []string{"ab", "cd", "ef", "gh"} }, []errors.FieldViolation{{Field: "tags", Rule: "repeated.max_items"}}},
		{"repeated unique", func(r *pb.CreateUserRequest) { r.Tags = []string{"ab", "ab"} }, []errors.FieldViolation{{Field: "tags", Rule: "repeated.unique"}}},
		{"repeated items", func(r *pb.CreateUserRequest) { r.Tags = []string{"ab", "c"} }, []errors.FieldViolation{{Field: "tags[1]", Rule: "string.min_len"}}},
		{"required message", func(r *pb.CreateUserRequest) { r.Profile = nil }, []errors.FieldViolation{{Field: "profile", Rule: "required"}}},
		{"nested message", func(r *pb.CreateUserRequest) { r.Profile.City = "" }, []errors.FieldViolation{{Field: "profile.city", Rule: "string.min_len"}}},
		{"enum defined_only", func(r *pb.CreateUserRequest) { r.Role = 99 }, []errors.FieldViolation{{Field: "role", Rule: "enum.defined_only"}}},
		{"repeated message element", func(r *pb.CreateUserRequest) { r.Previous = append(r.Previous, &pb.Profile{}) },
			[]errors.FieldViolation{{Field: "previous[1].city", Rule: "string.min_len"}}},
		{"map key", func(r *pb.CreateUserRequest) { r.Labels = map[string]string{"k": "v"} }, []errors.FieldViolation{{Field: `labels["k"]`, Rule: "string.min_len"}}},
		{"map value", func(r *pb.CreateUserRequest) { r.Labels = map[string]string{"kk": "toolong"} }, []errors.FieldViolation{{Field: `labels["kk"]`, Rule: "string.max_len"}}},
		{"oneof required", func(r *pb.CreateUserRequest) { r.Contact = nil }, []errors.FieldViolation{{Field: "contact", Rule: "required"}}},
		{"CEL rule on the message", func(r *pb.CreateUserRequest) { r.ConfirmPassword = "other" },
			[]errors.FieldViolation{{Field: "", Rule: "user.passwords_match"}}},
		{"every violation at once", func(r *pb.CreateUserRequest) { r.Name, r.Age, r.Contact = "", 200, nil },
			// protovalidate checks oneofs before fields.
			[]errors.FieldViolation{{Field: "contact", Rule: "required"}, {Field: "name", Rule: "string.min_len"}, {Field: "age", Rule: "int32.gte_lte"}}},
	}
	for _, tt := range tests {
		for transport, call := range calls {
			t.Run(tt.name+"/"+transport, func(t *testing.T) {
				in := valid()
				tt.mutate(in)
				before := svc.calls.Load()
				err := call(t.Context(), in)
				if svc.calls.Load() != before {
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
	t.Run("the CEL rule's message", func(t *testing.T) {
		in := valid()
		in.ConfirmPassword = "other"
		vs := errors.FromError(calls["http"](t.Context(), in)).FieldViolations()
		if len(vs) != 1 || vs[0].Message != "password and confirm_password must be equal" {
			t.Errorf("violations %v", vs)
		}
	})
	t.Run("valid requests reach the handler", func(t *testing.T) {
		for transport, call := range calls {
			before := svc.calls.Load()
			if err := call(t.Context(), valid()); err != nil || svc.calls.Load() != before+1 {
				t.Errorf("%s: %v", transport, err)
			}
		}
	})
}
