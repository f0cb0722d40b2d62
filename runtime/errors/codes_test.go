package errors_test

import (
	"testing"

	"github.com/bia-go/bia/runtime/errors"
	"google.golang.org/grpc/codes"
)

// allGRPCCodes lists every code of google.rpc.Code.
var allGRPCCodes = []codes.Code{
	codes.OK, codes.Canceled, codes.Unknown, codes.InvalidArgument,
	codes.DeadlineExceeded, codes.NotFound, codes.AlreadyExists,
	codes.PermissionDenied, codes.ResourceExhausted, codes.FailedPrecondition,
	codes.Aborted, codes.OutOfRange, codes.Unimplemented, codes.Internal,
	codes.Unavailable, codes.DataLoss, codes.Unauthenticated,
}

// specGRPCToHTTP is the mapping written in the comments of
// google/rpc/code.proto (and grpc-gateway's HTTPStatusFromCode).
var specGRPCToHTTP = map[codes.Code]int{
	codes.OK:                 200,
	codes.Canceled:           499,
	codes.Unknown:            500,
	codes.InvalidArgument:    400,
	codes.DeadlineExceeded:   504,
	codes.NotFound:           404,
	codes.AlreadyExists:      409,
	codes.PermissionDenied:   403,
	codes.Unauthenticated:    401,
	codes.ResourceExhausted:  429,
	codes.FailedPrecondition: 400,
	codes.Aborted:            409,
	codes.OutOfRange:         400,
	codes.Unimplemented:      501,
	codes.Internal:           500,
	codes.Unavailable:        503,
	codes.DataLoss:           500,
}

// specHTTPToGRPC is the documented HTTP to gRPC direction: the reverse of
// specGRPCToHTTP with Kratos's choices for shared HTTP codes, plus 502 from
// grpc/grpc doc/http-grpc-status-mapping.md.
var specHTTPToGRPC = map[int]codes.Code{
	200: codes.OK,
	400: codes.InvalidArgument,
	401: codes.Unauthenticated,
	403: codes.PermissionDenied,
	404: codes.NotFound,
	409: codes.Aborted,
	429: codes.ResourceExhausted,
	499: codes.Canceled,
	500: codes.Internal,
	501: codes.Unimplemented,
	502: codes.Unavailable,
	503: codes.Unavailable,
	504: codes.DeadlineExceeded,
}

func TestStandardCodesGRPCToHTTP(t *testing.T) {
	m := errors.StandardCodes()
	if len(specGRPCToHTTP) != len(allGRPCCodes) {
		t.Fatalf("spec table has %d entries, want one per gRPC code (%d)", len(specGRPCToHTTP), len(allGRPCCodes))
	}
	for _, c := range allGRPCCodes {
		want, ok := specGRPCToHTTP[c]
		if !ok {
			t.Fatalf("spec table lacks %v", c)
		}
		if got := m.HTTPCode(c); got != want {
			t.Errorf("HTTPCode(%v) = %d, want %d", c, got, want)
		}
	}
	for _, c := range []codes.Code{17, 100, 1 << 31} {
		if got := m.HTTPCode(c); got != 500 {
			t.Errorf("HTTPCode(%v) = %d, want 500 for a code outside google.rpc.Code", c, got)
		}
	}
}

func TestStandardCodesHTTPToGRPC(t *testing.T) {
	m := errors.StandardCodes()
	for h, want := range specHTTPToGRPC {
		if got := m.GRPCCode(h); got != want {
			t.Errorf("GRPCCode(%d) = %v, want %v", h, got, want)
		}
	}
	for _, h := range []int{-1, 0, 100, 201, 302, 402, 405, 408, 412, 418, 422, 505, 599, 600, 1000} {
		if got := m.GRPCCode(h); got != codes.Unknown {
			t.Errorf("GRPCCode(%d) = %v, want Unknown for a code outside the table", h, got)
		}
	}
}

func TestStandardCodesRoundTrip(t *testing.T) {
	// gRPC codes that share an HTTP code with another gRPC code come back
	// as the one the HTTP direction picks; every other code round-trips.
	manyToOne := map[codes.Code]codes.Code{
		codes.Unknown:            codes.Internal,        // 500
		codes.DataLoss:           codes.Internal,        // 500
		codes.AlreadyExists:      codes.Aborted,         // 409
		codes.FailedPrecondition: codes.InvalidArgument, // 400
		codes.OutOfRange:         codes.InvalidArgument, // 400
	}
	m := errors.StandardCodes()
	for _, c := range allGRPCCodes {
		want := c
		if w, ok := manyToOne[c]; ok {
			want = w
		}
		if got := m.GRPCCode(m.HTTPCode(c)); got != want {
			t.Errorf("GRPCCode(HTTPCode(%v)) = %v, want %v", c, got, want)
		}
	}
	// In the other direction only 502 does not come back: it shares
	// UNAVAILABLE with 503.
	for h := range specHTTPToGRPC {
		want := h
		if h == 502 {
			want = 503
		}
		if got := m.HTTPCode(m.GRPCCode(h)); got != want {
			t.Errorf("HTTPCode(GRPCCode(%d)) = %d, want %d", h, got, want)
		}
	}
}

func TestStandardCodesAgainstHTTPGRPCStatusMapping(t *testing.T) {
	// The table of grpc/grpc doc/http-grpc-status-mapping.md, for clients
	// that get an HTTP response without grpc-status from an intermediary.
	// Servers must not use it to pick HTTP codes, and Bia's table is the
	// semantic one of google.rpc.Code, so some entries deliberately differ.
	tests := []struct {
		http  int
		spec  codes.Code
		agree bool
		want  codes.Code
	}{
		// A 400 from a Bia service is a rejected argument, not a broken
		// gRPC frame.
		{http: 400, spec: codes.Internal, agree: false, want: codes.InvalidArgument},
		{http: 401, spec: codes.Unauthenticated, agree: true, want: codes.Unauthenticated},
		{http: 403, spec: codes.PermissionDenied, agree: true, want: codes.PermissionDenied},
		// A 404 from a Bia service means the resource is missing; the
		// spec's UNIMPLEMENTED assumes an unknown gRPC path.
		{http: 404, spec: codes.Unimplemented, agree: false, want: codes.NotFound},
		// 429 is a quota or rate limit, which google.rpc.Code names
		// RESOURCE_EXHAUSTED.
		{http: 429, spec: codes.Unavailable, agree: false, want: codes.ResourceExhausted},
		{http: 502, spec: codes.Unavailable, agree: true, want: codes.Unavailable},
		{http: 503, spec: codes.Unavailable, agree: true, want: codes.Unavailable},
		// 504 is a deadline that passed, DEADLINE_EXCEEDED, so clients do
		// not retry it as if the server were down.
		{http: 504, spec: codes.Unavailable, agree: false, want: codes.DeadlineExceeded},
		// "All other codes" are UNKNOWN in both tables.
		{http: 418, spec: codes.Unknown, agree: true, want: codes.Unknown},
	}
	m := errors.StandardCodes()
	for _, tt := range tests {
		got := m.GRPCCode(tt.http)
		if got != tt.want {
			t.Errorf("GRPCCode(%d) = %v, want %v", tt.http, got, tt.want)
		}
		if agree := got == tt.spec; agree != tt.agree {
			t.Errorf("GRPCCode(%d) = %v agrees with the spec's %v: %t, want %t", tt.http, got, tt.spec, agree, tt.agree)
		}
	}
}

func TestNewCodeMapper(t *testing.T) {
	toHTTP := map[codes.Code]int{codes.FailedPrecondition: 412}
	toGRPC := map[int]codes.Code{422: codes.FailedPrecondition}
	overlay := errors.NewCodeMapper(toHTTP, toGRPC, errors.StandardCodes())
	bare := errors.NewCodeMapper(toHTTP, toGRPC, nil)
	// The mapper keeps its own copies of the maps.
	toHTTP[codes.FailedPrecondition] = 999
	toGRPC[422] = codes.DataLoss
	toGRPC[404] = codes.DataLoss

	httpTests := []struct {
		name string
		m    errors.CodeMapper
		in   codes.Code
		want int
	}{
		{"overlay entry", overlay, codes.FailedPrecondition, 412},
		{"overlay falls back", overlay, codes.NotFound, 404},
		{"bare entry", bare, codes.FailedPrecondition, 412},
		{"bare default", bare, codes.NotFound, 500},
	}
	for _, tt := range httpTests {
		if got := tt.m.HTTPCode(tt.in); got != tt.want {
			t.Errorf("%s: HTTPCode(%v) = %d, want %d", tt.name, tt.in, got, tt.want)
		}
	}
	grpcTests := []struct {
		name string
		m    errors.CodeMapper
		in   int
		want codes.Code
	}{
		{"overlay entry", overlay, 422, codes.FailedPrecondition},
		{"overlay falls back", overlay, 404, codes.NotFound},
		{"bare entry", bare, 422, codes.FailedPrecondition},
		{"bare default", bare, 404, codes.Unknown},
	}
	for _, tt := range grpcTests {
		if got := tt.m.GRPCCode(tt.in); got != tt.want {
			t.Errorf("%s: GRPCCode(%d) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}
