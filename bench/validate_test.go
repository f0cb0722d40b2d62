package bench_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/bia-go/bia/contrib/validate/protovalidate"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/validate"

	vbpb "github.com/bia-go/bia/bench/gen/validatebench/v1"
)

// signup is a valid Signup.
func signup() *vbpb.Signup {
	return &vbpb.Signup{
		Name: "Ada Lovelace", Email: "ada@example.com", Id: "0b5f5e3c-8d3b-4c35-9a7e-1d1ef0a8f0b2",
		Handle: "ada_l", Age: 36, Score: 4.5, Tags: []string{"math", "engines"},
		Address: &vbpb.Address{City: "London"}, Plan: vbpb.Plan_PLAN_PRO, Country: "GB",
	}
}

// validated returns the handler the validation middleware built from opts
// makes of a handler that does nothing.
func validated(tb testing.TB, opts ...validate.Option) middleware.Handler {
	tb.Helper()
	return validate.Validator(opts...)(func(context.Context, any) (any, error) { return nil, nil })
}

func protovalidateRules(tb testing.TB) validate.Option {
	tb.Helper()
	rules, err := protovalidate.Rules()
	if err != nil {
		tb.Fatal(err)
	}
	return validate.WithRules(rules)
}

// TestValidationBenchmarksValidate checks what the benchmarks measure: the
// valid Signup passes both engines, an invalid one fails both with the
// same violations, and Plain passes.
func TestValidationBenchmarksValidate(t *testing.T) {
	pgv := validated(t)
	pv := validated(t, protovalidateRules(t), validate.WithoutPGV())
	for name, h := range map[string]middleware.Handler{"pgv": pgv, "protovalidate": pv} {
		if _, err := h(t.Context(), signup()); err != nil {
			t.Errorf("%s: valid Signup: %v", name, err)
		}
		if _, err := h(t.Context(), &vbpb.Plain{}); err != nil {
			t.Errorf("%s: Plain: %v", name, err)
		}
		bad := signup()
		bad.Country = "GBR"
		vs := errors.FromError(func() error { _, err := h(t.Context(), bad); return err }()).FieldViolations()
		if len(vs) != 1 || vs[0].Field != "country" || vs[0].Rule != "string.len" {
			t.Errorf("%s: invalid Signup: %v", name, vs)
		}
	}
}

// BenchmarkValidate measures the validation middleware per request: a
// valid 10-field Signup with protoc-gen-validate's generated code and with
// protovalidate, and a message without rules with both engines on (the
// cost every request without rules pays).
func BenchmarkValidate(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []validate.Option
		msg  any
	}{
		{"pgv", nil, signup()},
		{"protovalidate", []validate.Option{protovalidateRules(b), validate.WithoutPGV()}, signup()},
		{"no-rules", []validate.Option{protovalidateRules(b)}, &vbpb.Plain{Name: "x", Tags: []string{"a"}}},
		// A service has several request types: the cache of which types
		// have rules must not allocate as they alternate.
		{"no-rules-alternating", []validate.Option{protovalidateRules(b)}, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h := validated(b, bc.opts...)
			ctx := context.Background()
			msgs := []any{bc.msg}
			if bc.msg == nil { // two rule-free types, in turn
				msgs = []any{&vbpb.Plain{Name: "x"}, &emptypb.Empty{}}
			}
			for _, m := range msgs {
				if _, err := h(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := h(ctx, msgs[i%len(msgs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
