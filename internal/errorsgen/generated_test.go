package errorsgen_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/errors"
	errorstestv1 "github.com/bia-go/bia/testdata/golden/errorstest/v1"
)

// TestGeneratedFunctions calls the committed golden code: ErrorXxx builds
// the error of its value, IsXxx recognises it, also wrapped and across a
// gRPC status, and nothing else.
func TestGeneratedFunctions(t *testing.T) {
	tests := []struct {
		name   string
		newErr func(format string, args ...any) *errors.Error
		is     func(error) bool
		code   int
		reason string
	}{
		{"own code", errorstestv1.ErrorUserNotFound, errorstestv1.IsUserNotFound, 404, "USER_NOT_FOUND"},
		{"default code", errorstestv1.ErrorSystemError, errorstestv1.IsSystemError, 500, "SYSTEM_ERROR"},
		{"zero value with default code", errorstestv1.ErrorErrorReasonUnspecified, errorstestv1.IsErrorReasonUnspecified, 500, "ERROR_REASON_UNSPECIFIED"},
		{"explicit zero falls back", errorstestv1.ErrorExplicitZeroFallsBack, errorstestv1.IsExplicitZeroFallsBack, 500, "EXPLICIT_ZERO_FALLS_BACK"},
		{"default only", errorstestv1.ErrorUnavailableOverloaded, errorstestv1.IsUnavailableOverloaded, 503, "UNAVAILABLE_OVERLOADED"},
		{"codes only", errorstestv1.ErrorCodesOnlyConflict, errorstestv1.IsCodesOnlyConflict, 409, "CODES_ONLY_CONFLICT"},
		{"zero default", errorstestv1.ErrorZeroDefaultTeapot, errorstestv1.IsZeroDefaultTeapot, 418, "ZERO_DEFAULT_TEAPOT"},
		{"title snake", errorstestv1.ErrorNameStyleTitleSnake, errorstestv1.IsNameStyleTitleSnake, 400, "Name_Style_Title_Snake"},
		{"lower camel", errorstestv1.ErrorNameStyleLowerCamel, errorstestv1.IsNameStyleLowerCamel, 400, "nameStyleLowerCamel"},
		{"nested", errorstestv1.ErrorOuterTooLong, errorstestv1.IsOuterTooLong, 413, "OUTER_TOO_LONG"},
		{"nested default", errorstestv1.ErrorOuterInvalid, errorstestv1.IsOuterInvalid, 422, "OUTER_INVALID"},
		{"nested two deep", errorstestv1.ErrorInnerGone, errorstestv1.IsInnerGone, 410, "INNER_GONE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.newErr("item %d of %q", 7, "x")
			want := errors.New(tt.code, tt.reason, `item 7 of "x"`)
			if diff := cmp.Diff(want, err, cmp.Comparer(sameError)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			cases := []struct {
				name string
				err  error
				want bool
			}{
				{"itself", err, true},
				{"wrapped", fmt.Errorf("op: %w", err), true},
				{"through a gRPC status", err.GRPCStatus().Err(), true},
				{"same code and reason, built by hand", errors.New(tt.code, tt.reason, "other"), true},
				{"other reason", errors.New(tt.code, tt.reason+"_OTHER", "x"), false},
				{"other code", errors.New(tt.code+1, tt.reason, "x"), false},
				{"plain error", fmt.Errorf("%s", tt.reason), false},
				{"nil", nil, false},
			}
			for _, c := range cases {
				if got := tt.is(c.err); got != c.want {
					t.Errorf("Is(%s) = %v, want %v", c.name, got, c.want)
				}
			}
		})
	}
}

// sameError compares the exported fields of two errors.
func sameError(a, b *errors.Error) bool {
	return a.Code == b.Code && a.Reason == b.Reason && a.Message == b.Message && cmp.Equal(a.Metadata, b.Metadata)
}
