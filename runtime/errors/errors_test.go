package errors_test

import (
	"context"
	stderrors "errors"
	"fmt"
	"io"
	"testing"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ignoreCause compares Errors by their exported fields.
var ignoreCause = cmpopts.IgnoreUnexported(errors.Error{})

// statusWithInfo returns a status error with an ErrorInfo detail.
func statusWithInfo(t *testing.T, c codes.Code, msg, reason string) error {
	t.Helper()
	return statusWith(t, c, msg, &errdetails.ErrorInfo{Reason: reason})
}

// statusWith returns a status error with the given details.
func statusWith(t *testing.T, c codes.Code, msg string, details ...*errdetails.ErrorInfo) error {
	t.Helper()
	st := status.New(c, msg)
	for _, d := range details {
		var err error
		if st, err = st.WithDetails(d); err != nil {
			t.Fatal(err)
		}
	}
	return st.Err()
}

func TestFromError(t *testing.T) {
	notFound := errors.NotFound("USER_NOT_FOUND", "no such user").WithMetadata(map[string]string{"id": "7"})
	plain := stderrors.New("disk on fire")
	tests := []struct {
		name string
		err  error
		want *errors.Error
		// same: FromError returns the very *Error in the chain.
		same *errors.Error
	}{
		{name: "nil", err: nil, want: nil},
		{name: "Error", err: notFound, want: notFound, same: notFound},
		{name: "wrapped Error", err: fmt.Errorf("get user: %w", notFound), want: notFound, same: notFound},
		{name: "joined Error", err: stderrors.Join(plain, notFound), want: notFound, same: notFound},
		{
			name: "status without details",
			err:  status.Error(codes.NotFound, "gone"),
			want: &errors.Error{Code: 404, Message: "gone"},
		},
		{
			name: "status with ErrorInfo",
			err: statusWith(t, codes.PermissionDenied, "no",
				&errdetails.ErrorInfo{Reason: "NOT_OWNER", Metadata: map[string]string{"owner": "ann"}}),
			want: &errors.Error{Code: 403, Reason: "NOT_OWNER", Message: "no", Metadata: map[string]string{"owner": "ann"}},
		},
		{
			name: "status code without an HTTP twin",
			err:  statusWith(t, codes.FailedPrecondition, "not empty", &errdetails.ErrorInfo{Reason: "NOT_EMPTY"}),
			want: &errors.Error{Code: 400, Reason: "NOT_EMPTY", Message: "not empty"},
		},
		{
			name: "status with Bia detail",
			err:  errors.New(422, "BAD_SHAPE", "shape").WithMetadata(map[string]string{"k": "v"}).GRPCStatus().Err(),
			want: &errors.Error{Code: 422, Reason: "BAD_SHAPE", Message: "shape", Metadata: map[string]string{"k": "v"}},
		},
		{
			// The wrapping text may hold secrets: only the status's own
			// message is kept (status.FromError would take err.Error()).
			name: "wrapped status keeps only its own message",
			err:  fmt.Errorf("call users with token=s3cret: %w", status.Error(codes.Unavailable, "down")),
			want: &errors.Error{Code: 503, Message: "down"},
		},
		{
			name: "wrapped status with Bia detail keeps its message",
			err:  fmt.Errorf("call users: %w", errors.Conflict("TAKEN", "name taken").GRPCStatus().Err()),
			want: &errors.Error{Code: 409, Reason: "TAKEN", Message: "name taken"},
		},
		{
			name: "status with codes.OK is not a success",
			err:  grpcStatusError{status.New(codes.OK, "odd")},
			want: &errors.Error{Code: 500, Message: "odd"},
		},
		{
			name: "GRPCStatus returning nil is a plain error",
			err:  grpcStatusError{nil},
			want: &errors.Error{Code: 500, Reason: "INTERNAL", Message: "custom status error"},
		},
		{
			name: "context canceled",
			err:  context.Canceled,
			want: &errors.Error{Code: 499, Reason: "CLIENT_CLOSED", Message: "context canceled"},
		},
		{
			name: "wrapped context canceled",
			err:  fmt.Errorf("query: %w", context.Canceled),
			want: &errors.Error{Code: 499, Reason: "CLIENT_CLOSED", Message: "context canceled"},
		},
		{
			name: "deadline exceeded",
			err:  context.DeadlineExceeded,
			want: &errors.Error{Code: 504, Reason: "GATEWAY_TIMEOUT", Message: "context deadline exceeded"},
		},
		{
			name: "wrapped deadline exceeded",
			err:  fmt.Errorf("query: %w", context.DeadlineExceeded),
			want: &errors.Error{Code: 504, Reason: "GATEWAY_TIMEOUT", Message: "context deadline exceeded"},
		},
		{
			name: "plain error",
			err:  plain,
			want: &errors.Error{Code: 500, Reason: "INTERNAL", Message: "disk on fire"},
		},
		{
			name: "typed nil Error is a plain error",
			err:  fmt.Errorf("x: %w", (*errors.Error)(nil)),
			want: &errors.Error{Code: 500, Reason: "INTERNAL", Message: "x: <nil>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errors.FromError(tt.err)
			if diff := cmp.Diff(tt.want, got, ignoreCause); diff != "" {
				t.Errorf("FromError() mismatch (-want +got):\n%s", diff)
			}
			if tt.same != nil && got != tt.same {
				t.Errorf("FromError() = %p, want the *Error from the chain %p", got, tt.same)
			}
			if tt.err != nil && tt.same == nil && !stderrors.Is(got, tt.err) {
				t.Errorf("FromError() = %v does not wrap the original error", got)
			}
		})
	}
}

// grpcStatusError is an error with a GRPCStatus method returning any status.
type grpcStatusError struct{ st *status.Status }

func (e grpcStatusError) Error() string              { return "custom status error" }
func (e grpcStatusError) GRPCStatus() *status.Status { return e.st }

func TestFromErrorWith(t *testing.T) {
	m := errors.NewCodeMapper(map[codes.Code]int{codes.FailedPrecondition: 412}, nil, errors.StandardCodes())
	got := errors.FromErrorWith(status.Error(codes.FailedPrecondition, "stale"), m)
	want := &errors.Error{Code: 412, Message: "stale"}
	if diff := cmp.Diff(want, got, ignoreCause); diff != "" {
		t.Errorf("FromErrorWith() mismatch (-want +got):\n%s", diff)
	}
	// A nil mapper is the standard table.
	if got := errors.FromErrorWith(status.Error(codes.FailedPrecondition, "stale"), nil); got.Code != 400 {
		t.Errorf("FromErrorWith(nil mapper).Code = %d, want 400", got.Code)
	}
}

func TestPublic(t *testing.T) {
	secret := stderrors.New("password=hunter2")
	bia := errors.BadRequest("BAD_NAME", "name is empty").WithCause(secret)
	tests := []struct {
		name string
		err  error
		want *errors.Error
	}{
		{name: "nil", err: nil, want: nil},
		{name: "plain error hidden", err: secret,
			want: &errors.Error{Code: 500, Reason: "INTERNAL", Message: "internal server error"}},
		{name: "wrapped plain error hidden", err: fmt.Errorf("save: %w", secret),
			want: &errors.Error{Code: 500, Reason: "INTERNAL", Message: "internal server error"}},
		{name: "Error message kept", err: bia,
			want: &errors.Error{Code: 400, Reason: "BAD_NAME", Message: "name is empty"}},
		{name: "wrapped Error message kept", err: fmt.Errorf("validate: %w", bia),
			want: &errors.Error{Code: 400, Reason: "BAD_NAME", Message: "name is empty"}},
		{name: "status kept", err: status.Error(codes.NotFound, "gone"),
			want: &errors.Error{Code: 404, Message: "gone"}},
		{name: "context error without wrapping text", err: fmt.Errorf("user 7: %w", context.Canceled),
			want: &errors.Error{Code: 499, Reason: "CLIENT_CLOSED", Message: "context canceled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errors.Public(tt.err)
			if diff := cmp.Diff(tt.want, got, ignoreCause); diff != "" {
				t.Errorf("Public() mismatch (-want +got):\n%s", diff)
			}
			if tt.err != nil && !stderrors.Is(got, tt.err) && !stderrors.Is(tt.err, got) {
				t.Errorf("Public() = %v lost the original error", got)
			}
		})
	}
	if got := errors.PublicWith(io.EOF, nil); got.Message != "internal server error" {
		t.Errorf("PublicWith(io.EOF, nil).Message = %q, want the generic message", got.Message)
	}
}

func TestWithDoesNotMutate(t *testing.T) {
	md := map[string]string{"a": "1"}
	orig := errors.New(404, "NOT_FOUND", "gone").WithMetadata(md)
	md["a"] = "changed by caller"
	snapshot := &errors.Error{Code: 404, Reason: "NOT_FOUND", Message: "gone", Metadata: map[string]string{"a": "1"}}
	if diff := cmp.Diff(snapshot, orig, ignoreCause); diff != "" {
		t.Fatalf("WithMetadata aliased the caller's map (-want +got):\n%s", diff)
	}

	withMD := orig.WithMetadata(map[string]string{"b": "2"})
	withMD.Metadata["c"] = "3"
	cause := io.ErrUnexpectedEOF
	withCause := orig.WithCause(cause)
	withCause.Metadata["a"] = "changed through the copy"

	if diff := cmp.Diff(snapshot, orig, ignoreCause); diff != "" {
		t.Errorf("original changed (-want +got):\n%s", diff)
	}
	if orig.Unwrap() != nil {
		t.Errorf("original cause = %v, want nil", orig.Unwrap())
	}
	if diff := cmp.Diff(map[string]string{"b": "2", "c": "3"}, withMD.Metadata); diff != "" {
		t.Errorf("WithMetadata copy metadata (-want +got):\n%s", diff)
	}
	if withCause.Unwrap() != cause {
		t.Errorf("WithCause copy cause = %v, want %v", withCause.Unwrap(), cause)
	}
	if got := orig.WithMetadata(nil).Metadata; got != nil {
		t.Errorf("WithMetadata(nil).Metadata = %v, want nil", got)
	}
}

func TestIsAsUnwrap(t *testing.T) {
	sentinel := errors.NotFound("USER_NOT_FOUND", "")
	cause := io.EOF
	err := fmt.Errorf("handler: %w", errors.NotFound("USER_NOT_FOUND", "user 7").WithCause(cause))
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"same code and reason", err, sentinel, true},
		{"cause through Unwrap", err, cause, true},
		{"other reason", err, errors.NotFound("ORDER_NOT_FOUND", ""), false},
		{"other code", err, errors.Conflict("USER_NOT_FOUND", ""), false},
		{"nil *Error target", err, (*errors.Error)(nil), false},
		{"not an *Error", errors.New(404, "X", ""), stderrors.New("X"), false},
		{"status from FromError", errors.FromError(sentinel.GRPCStatus().Err()), sentinel, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stderrors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is() = %t, want %t", got, tt.want)
			}
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("re-exported Is() = %t, want %t", got, tt.want)
			}
		})
	}

	var e *errors.Error
	if !stderrors.As(err, &e) || e.Message != "user 7" {
		t.Errorf("errors.As() = %v, want the wrapped *Error", e)
	}
	var e2 *errors.Error
	if !errors.As(err, &e2) || e2 != e {
		t.Errorf("re-exported As() = %v, want %v", e2, e)
	}
	if got := errors.Unwrap(err); got != e {
		t.Errorf("Unwrap() = %v, want %v", got, e)
	}
	if got := errors.Unwrap(e); got != cause {
		t.Errorf("Unwrap(*Error) = %v, want %v", got, cause)
	}
	joined := errors.Join(nil, cause, sentinel)
	if !stderrors.Is(joined, cause) || !stderrors.Is(joined, sentinel) {
		t.Errorf("Join() = %v does not match its parts", joined)
	}
	if errors.Join(nil, nil) != nil {
		t.Error("Join(nil, nil) != nil")
	}
}

func TestCodeReasonMatch(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		code      int
		reason    string
		matchCode int
		matchRsn  string
		wantMatch bool
	}{
		{"nil", nil, 200, "", 200, "", false},
		{"Error", errors.NotFound("USER_NOT_FOUND", "x"), 404, "USER_NOT_FOUND", 404, "USER_NOT_FOUND", true},
		{"other reason", errors.NotFound("USER_NOT_FOUND", "x"), 404, "USER_NOT_FOUND", 404, "ORDER_NOT_FOUND", false},
		{"other code", errors.NotFound("USER_NOT_FOUND", "x"), 404, "USER_NOT_FOUND", 410, "USER_NOT_FOUND", false},
		{"plain", io.EOF, 500, "INTERNAL", 500, "INTERNAL", true},
		{"deadline", context.DeadlineExceeded, 504, "GATEWAY_TIMEOUT", 504, "GATEWAY_TIMEOUT", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Code(tt.err); got != tt.code {
				t.Errorf("Code() = %d, want %d", got, tt.code)
			}
			if got := errors.Reason(tt.err); got != tt.reason {
				t.Errorf("Reason() = %q, want %q", got, tt.reason)
			}
			if got := errors.Match(tt.err, tt.matchCode, tt.matchRsn); got != tt.wantMatch {
				t.Errorf("Match(%d, %q) = %t, want %t", tt.matchCode, tt.matchRsn, got, tt.wantMatch)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *errors.Error
		want string
	}{
		{"bare", errors.New(404, "USER_NOT_FOUND", "no such user"),
			"error: code = 404 reason = USER_NOT_FOUND message = no such user metadata = map[] cause = <nil>"},
		{"full", errors.Newf(409, "TAKEN", "name %q taken", "ann").
			WithMetadata(map[string]string{"b": "2", "a": "1"}).WithCause(io.EOF),
			`error: code = 409 reason = TAKEN message = name "ann" taken metadata = map[a:1 b:2] cause = EOF`},
		{"nil", nil, "<nil>"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%s: Error() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestKratosHelpers checks Errorf and Clone, kept for Kratos users.
func TestKratosHelpers(t *testing.T) {
	err := errors.Errorf(409, "TAKEN", "name %q is taken", "bia")
	var e *errors.Error
	if !errors.As(err, &e) || e.Code != 409 || e.Reason != "TAKEN" || e.Message != `name "bia" is taken` {
		t.Fatalf("Errorf = %#v", err)
	}
	orig := errors.New(404, "GONE", "gone").WithMetadata(map[string]string{"k": "v"}).WithCause(io.EOF)
	c := errors.Clone(orig)
	c.Metadata["k"] = "changed"
	if orig.Metadata["k"] != "v" {
		t.Error("Clone shares the Metadata map")
	}
	if c.Code != 404 || c.Reason != "GONE" || !errors.Is(c, io.EOF) {
		t.Errorf("Clone = %v, lost fields or cause", c)
	}
	if errors.Clone(nil) != nil {
		t.Error("Clone(nil) != nil")
	}
}
