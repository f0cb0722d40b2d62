package errors_test

import (
	"fmt"
	"math"
	"testing"

	errorsv1 "github.com/bia-go/bia/proto/bia/errors/v1"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

func TestGRPCStatus(t *testing.T) {
	tests := []struct {
		name     string
		err      *errors.Error
		wantCode codes.Code
		wantMsg  string
		// wantDetails are the details in order: ErrorInfo, then Bia Status.
		wantDetails []proto.Message
	}{
		{
			name:     "mapped code",
			err:      errors.NotFound("USER_NOT_FOUND", "no such user").WithMetadata(map[string]string{"id": "7"}),
			wantCode: codes.NotFound,
			wantMsg:  "no such user",
			wantDetails: []proto.Message{
				&errdetails.ErrorInfo{Reason: "USER_NOT_FOUND", Metadata: map[string]string{"id": "7"}},
				&errorsv1.Status{Code: 404, Reason: "USER_NOT_FOUND", Message: "no such user", Metadata: map[string]string{"id": "7"}},
			},
		},
		{
			name:     "unmapped code is Unknown",
			err:      errors.New(422, "BAD_SHAPE", "shape"),
			wantCode: codes.Unknown,
			wantMsg:  "shape",
			wantDetails: []proto.Message{
				&errdetails.ErrorInfo{Reason: "BAD_SHAPE"},
				&errorsv1.Status{Code: 422, Reason: "BAD_SHAPE", Message: "shape"},
			},
		},
		{
			name:     "code below 100 maps like 500",
			err:      errors.New(7, "ODD", "odd"),
			wantCode: codes.Internal,
			wantMsg:  "odd",
			wantDetails: []proto.Message{
				&errdetails.ErrorInfo{Reason: "ODD"},
				&errorsv1.Status{Code: 7, Reason: "ODD", Message: "odd"},
			},
		},
		{
			name:     "code above 599 maps like 500",
			err:      errors.New(600, "ODD", "odd"),
			wantCode: codes.Internal,
			wantMsg:  "odd",
			wantDetails: []proto.Message{
				&errdetails.ErrorInfo{Reason: "ODD"},
				&errorsv1.Status{Code: 600, Reason: "ODD", Message: "odd"},
			},
		},
		{
			name:     "code beyond int32 travels as 500",
			err:      errors.New(math.MaxInt32+1, "HUGE", "huge"),
			wantCode: codes.Internal,
			wantMsg:  "huge",
			wantDetails: []proto.Message{
				&errdetails.ErrorInfo{Reason: "HUGE"},
				&errorsv1.Status{Code: 500, Reason: "HUGE", Message: "huge"},
			},
		},
		{
			name:     "200 is never OK",
			err:      errors.New(200, "FINE", "fine"),
			wantCode: codes.Unknown,
			wantMsg:  "fine",
			wantDetails: []proto.Message{
				&errdetails.ErrorInfo{Reason: "FINE"},
				&errorsv1.Status{Code: 200, Reason: "FINE", Message: "fine"},
			},
		},
		{
			name:     "invalid UTF-8 replaced",
			err:      errors.New(400, "BAD\xff", "m\xfe").WithMetadata(map[string]string{"k\xff": "v\xfe", "ok": "ok"}),
			wantCode: codes.InvalidArgument,
			wantMsg:  "m\uFFFD",
			wantDetails: []proto.Message{
				&errdetails.ErrorInfo{Reason: "BAD\uFFFD", Metadata: map[string]string{"k\uFFFD": "v\uFFFD", "ok": "ok"}},
				&errorsv1.Status{Code: 400, Reason: "BAD\uFFFD", Message: "m\uFFFD", Metadata: map[string]string{"k\uFFFD": "v\uFFFD", "ok": "ok"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.err.GRPCStatus()
			if st.Code() != tt.wantCode || st.Message() != tt.wantMsg {
				t.Errorf("GRPCStatus() = (%v, %q), want (%v, %q)", st.Code(), st.Message(), tt.wantCode, tt.wantMsg)
			}
			var got []proto.Message
			for _, d := range st.Details() {
				m, ok := d.(proto.Message)
				if !ok {
					t.Fatalf("detail %v is not a proto message", d)
				}
				got = append(got, m)
			}
			if diff := cmp.Diff(tt.wantDetails, got, protocmp.Transform()); diff != "" {
				t.Errorf("GRPCStatus() details mismatch (-want +got):\n%s", diff)
			}
			// The status must survive the wire encoding grpc-go uses.
			if _, err := proto.Marshal(st.Proto()); err != nil {
				t.Errorf("status does not marshal: %v", err)
			}
		})
	}
}

func TestToGRPCStatus(t *testing.T) {
	m := errors.NewCodeMapper(nil, map[int]codes.Code{422: codes.FailedPrecondition}, errors.StandardCodes())
	e := errors.New(422, "STALE", "stale")
	if got := e.ToGRPCStatus(m).Code(); got != codes.FailedPrecondition {
		t.Errorf("ToGRPCStatus(custom).Code() = %v, want FailedPrecondition", got)
	}
	if got := e.ToGRPCStatus(nil).Code(); got != codes.Unknown {
		t.Errorf("ToGRPCStatus(nil).Code() = %v, want Unknown (standard table)", got)
	}
	if got := (*errors.Error)(nil).ToGRPCStatus(m); got != nil {
		t.Errorf("nil *Error ToGRPCStatus() = %v, want nil", got)
	}
	// status.Convert sees an *Error through its GRPCStatus method.
	if got := status.Convert(errors.NotFound("X", "y")); got.Code() != codes.NotFound || got.Message() != "y" {
		t.Errorf("status.Convert() = %v, want NotFound y", got)
	}
}

func TestGRPCStatusRoundTrip(t *testing.T) {
	md := map[string]string{"id": "7", "shard": "eu"}
	tests := []*errors.Error{
		errors.New(400, "BAD", "bad"),
		errors.New(404, "USER_NOT_FOUND", "no such user").WithMetadata(md),
		errors.New(409, "TAKEN", "taken"),
		errors.New(418, "TEAPOT", "short and stout").WithMetadata(md),
		errors.New(422, "UNPROCESSABLE", "cannot process"),
		errors.New(499, "CLIENT_CLOSED", "gone"),
		errors.New(500, "", ""),
		errors.New(502, "BAD_GATEWAY", "upstream"),
		errors.New(600, "ODD", "out of range code"),
		errors.New(200, "FINE", "a 200 error"),
	}
	for _, want := range tests {
		t.Run(fmt.Sprintf("%d %s", want.Code, want.Reason), func(t *testing.T) {
			// Through the wire encoding of the status, as a peer sees it.
			sent := want.WithCause(errors.New(500, "LOCAL", "not sent")).GRPCStatus()
			b, err := proto.Marshal(sent.Proto())
			if err != nil {
				t.Fatal(err)
			}
			received := new(spb.Status)
			if err := proto.Unmarshal(b, received); err != nil {
				t.Fatal(err)
			}
			got := errors.FromError(status.FromProto(received).Err())
			if diff := cmp.Diff(want, got, ignoreCause); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
