package validate_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/validate"
	pb "github.com/bia-go/bia/testdata/golden/validatetest/v1"
)

// onlyValidate is a message whose generated code has Validate but not
// ValidateAll, as protoc-gen-validate wrote it before ValidateAll existed.
type onlyValidate struct{ *pb.Address }

func (m onlyValidate) Validate() error { return m.Address.Validate() }

func TestSources(t *testing.T) {
	var reached int
	h := validate.Validator()(func(context.Context, any) (any, error) { reached++; return nil, nil })
	tests := []struct {
		name string
		req  any
		want []errors.FieldViolation
	}{
		{"not a proto message", "plain text", nil},
		{"no rules", &pb.GetAccountRequest{}, nil},
		{"Validate only", onlyValidate{&pb.Address{}}, []errors.FieldViolation{{Field: "city", Rule: "string.min_len", Message: "value length must be at least 1 runes"}}},
		{"Validate only, valid", onlyValidate{&pb.Address{City: "x"}}, nil},
	}
	for _, tt := range tests {
		reached = 0
		_, err := h(t.Context(), tt.req)
		if tt.want == nil {
			if err != nil || reached != 1 {
				t.Errorf("%s: error %v, handler reached %d times; want it passed", tt.name, err, reached)
			}
			continue
		}
		if reached != 0 {
			t.Errorf("%s: the handler ran", tt.name)
		}
		if d := cmp.Diff(tt.want, errors.FromError(err).FieldViolations()); d != "" {
			t.Errorf("%s: violations (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestFuncErrorFailsTheCall(t *testing.T) {
	boom := errors.ServiceUnavailable("RULES_DOWN", "rule store unreachable")
	h := validate.Validator(validate.WithFunc(func(context.Context, proto.Message) ([]errors.FieldViolation, error) { return nil, boom }))(
		func(context.Context, any) (any, error) { t.Error("the handler ran"); return nil, nil })
	if _, err := h(t.Context(), &pb.GetAccountRequest{}); !errors.Is(err, boom) {
		t.Errorf("error %v, want %v", err, boom)
	}
}
