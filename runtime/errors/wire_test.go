package errors_test

import (
	"context"
	"net"
	"testing"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// failingHealth answers every Check with the error of the request's service
// name.
type failingHealth struct {
	healthpb.UnimplementedHealthServer
	errs map[string]error
}

func (h failingHealth) Check(_ context.Context, req *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	return nil, h.errs[req.GetService()]
}

// TestOverGRPC sends errors from a real gRPC server on a loopback socket and
// reads them back with FromError on the client.
func TestOverGRPC(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode codes.Code
		want     *errors.Error
	}{
		{
			name:     "exact code 422",
			err:      errors.New(422, "UNPROCESSABLE", "cannot process").WithMetadata(map[string]string{"field": "name"}),
			wantCode: codes.Unknown,
			want:     &errors.Error{Code: 422, Reason: "UNPROCESSABLE", Message: "cannot process", Metadata: map[string]string{"field": "name"}},
		},
		{
			name:     "conflict",
			err:      errors.Conflict("TAKEN", "name taken"),
			wantCode: codes.Aborted,
			want:     &errors.Error{Code: 409, Reason: "TAKEN", Message: "name taken"},
		},
		{
			name:     "foreign status with ErrorInfo is read through the table",
			err:      statusWithInfo(t, codes.AlreadyExists, "dup", "DUPLICATE"),
			wantCode: codes.AlreadyExists,
			want:     &errors.Error{Code: 409, Reason: "DUPLICATE", Message: "dup"},
		},
	}
	errs := make(map[string]error)
	for _, tt := range tests {
		errs[tt.name] = tt.err
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	healthpb.RegisterHealthServer(srv, failingHealth{errs: errs})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	t.Cleanup(func() {
		srv.Stop()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})

	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	client := healthpb.NewHealthClient(conn)

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.Check(t.Context(), &healthpb.HealthCheckRequest{Service: tt.name})
			if got := status.Code(err); got != tt.wantCode {
				t.Errorf("gRPC code = %v, want %v", got, tt.wantCode)
			}
			if diff := cmp.Diff(tt.want, errors.FromError(err), ignoreCause); diff != "" {
				t.Errorf("FromError() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
