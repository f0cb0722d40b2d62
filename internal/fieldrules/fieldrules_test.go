package fieldrules_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/fieldrules"
	pb "github.com/bia-go/bia/testdata/golden/validatetest/v1"
)

// rule is what a test compares of a fieldrules.Rule.
type rule struct {
	ID    string
	Scope fieldrules.Scope
	Value any
}

func view(rules []fieldrules.Rule) []rule {
	var out []rule
	for _, r := range rules {
		out = append(out, rule{r.ID, r.Scope, r.Value.Interface()})
	}
	return out
}

func TestPGVFieldRules(t *testing.T) {
	md := (&pb.CreateAccountRequest{}).ProtoReflect().Descriptor()
	tests := []struct {
		field string
		want  []rule
	}{
		{"name", []rule{{"string.min_len", fieldrules.Value, uint64(1)}, {"string.max_len", fieldrules.Value, uint64(20)}}},
		{"email", []rule{{"string.email", fieldrules.Value, true}}},
		{"handle", []rule{{"string.pattern", fieldrules.Value, "^[a-z]+$"}}},
		{"age", []rule{{"int32.lte", fieldrules.Value, int32(150)}, {"int32.gte", fieldrules.Value, int32(0)}}},
		{"tags", []rule{{"repeated.min_items", fieldrules.Value, uint64(1)}, {"repeated.max_items", fieldrules.Value, uint64(3)},
			{"repeated.unique", fieldrules.Value, true}, {"string.min_len", fieldrules.Item, uint64(2)}}},
		{"address", []rule{{"required", fieldrules.Value, true}}},
		{"plan", []rule{{"enum.defined_only", fieldrules.Value, true}}},
		{"labels", []rule{{"string.min_len", fieldrules.Key, uint64(2)}, {"string.max_len", fieldrules.MapValue, uint64(5)}}},
		{"previous", nil},
	}
	for _, tt := range tests {
		got := fieldrules.Field(md.Fields().ByName(protoreflect.Name(tt.field)))
		for _, r := range got {
			if r.Source != fieldrules.PGV {
				t.Errorf("%s: rule %s from source %d", tt.field, r.ID, r.Source)
			}
		}
		if d := cmp.Diff(tt.want, view(got)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.field, d)
		}
	}
	if d := cmp.Diff([]rule{{"required", fieldrules.Value, true}}, view(fieldrules.Oneof(md.Oneofs().ByName("contact")))); d != "" {
		t.Errorf("oneof contact (-want +got):\n%s", d)
	}
	if !fieldrules.HasRules(md, fieldrules.PGV) || fieldrules.HasRules(md, fieldrules.Protovalidate) {
		t.Error("HasRules(CreateAccountRequest): want PGV rules only")
	}
	if fieldrules.HasRules((&pb.GetAccountRequest{}).ProtoReflect().Descriptor(), fieldrules.PGV) {
		t.Error("HasRules(GetAccountRequest) = true, want false")
	}
	if !fieldrules.HasRules((&pb.Address{}).ProtoReflect().Descriptor(), fieldrules.PGV) {
		t.Error("HasRules(Address) = false")
	}
}
