package errors_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/bia-go/bia/runtime/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestClasses(t *testing.T) {
	tests := []struct {
		name string
		new  func(reason, message string) *errors.Error
		is   func(error) bool
		code int
	}{
		{"BadRequest", errors.BadRequest, errors.IsBadRequest, 400},
		{"Unauthorized", errors.Unauthorized, errors.IsUnauthorized, 401},
		{"Forbidden", errors.Forbidden, errors.IsForbidden, 403},
		{"NotFound", errors.NotFound, errors.IsNotFound, 404},
		{"Conflict", errors.Conflict, errors.IsConflict, 409},
		{"TooManyRequests", errors.TooManyRequests, errors.IsTooManyRequests, 429},
		{"ClientClosed", errors.ClientClosed, errors.IsClientClosed, 499},
		{"InternalServer", errors.InternalServer, errors.IsInternalServer, 500},
		{"NotImplemented", errors.NotImplemented, errors.IsNotImplemented, 501},
		{"ServiceUnavailable", errors.ServiceUnavailable, errors.IsServiceUnavailable, 503},
		{"GatewayTimeout", errors.GatewayTimeout, errors.IsGatewayTimeout, 504},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.new("R", "m")
			if e.Code != tt.code || e.Reason != "R" || e.Message != "m" || e.Metadata != nil || e.Unwrap() != nil {
				t.Errorf("%s() = %v, want code %d reason R message m", tt.name, e, tt.code)
			}
			if !tt.is(e) || !tt.is(fmt.Errorf("wrapped: %w", e)) {
				t.Errorf("Is%s(%v) = false, want true (also wrapped)", tt.name, e)
			}
			// Over gRPC, where the class is all the table knows.
			if !tt.is(status.Error(errors.StandardCodes().GRPCCode(tt.code), "m")) {
				t.Errorf("Is%s(status with code %v) = false, want true", tt.name, errors.StandardCodes().GRPCCode(tt.code))
			}
			if tt.is(nil) {
				t.Errorf("Is%s(nil) = true", tt.name)
			}
			// Every other class is rejected.
			other := tests[(i+1)%len(tests)]
			if tt.is(other.new("R", "m")) {
				t.Errorf("Is%s(%s) = true", tt.name, other.name)
			}
		})
	}
}

func TestClassPredicatesOnForeignErrors(t *testing.T) {
	tests := []struct {
		name string
		is   func(error) bool
		err  error
		want bool
	}{
		{"canceled is ClientClosed", errors.IsClientClosed, context.Canceled, true},
		{"deadline is GatewayTimeout", errors.IsGatewayTimeout, fmt.Errorf("q: %w", context.DeadlineExceeded), true},
		{"plain error is InternalServer", errors.IsInternalServer, fmt.Errorf("boom"), true},
		{"AlreadyExists status is Conflict", errors.IsConflict, status.Error(codes.AlreadyExists, "dup"), true},
		{"OutOfRange status is BadRequest", errors.IsBadRequest, status.Error(codes.OutOfRange, "far"), true},
		{"plain error is not NotFound", errors.IsNotFound, fmt.Errorf("not found"), false},
	}
	for _, tt := range tests {
		if got := tt.is(tt.err); got != tt.want {
			t.Errorf("%s: got %t, want %t", tt.name, got, tt.want)
		}
	}
}
