package fieldrules_test

import (
	"context"
	"os"
	"testing"

	bufvalidate "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"github.com/bufbuild/protocompile"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/internal/fieldrules"
	pvpb "github.com/bia-go/bia/testdata/golden/pvtest/v1"
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

func TestProtovalidateFieldRules(t *testing.T) {
	md := (&pvpb.CreateUserRequest{}).ProtoReflect().Descriptor()
	tests := []struct {
		field string
		want  []rule
	}{
		{"name", []rule{{"string.min_len", fieldrules.Value, uint64(1)}, {"string.max_len", fieldrules.Value, uint64(20)}}},
		{"email", []rule{{"string.email", fieldrules.Value, true}}},
		{"age", []rule{{"int32.lte", fieldrules.Value, int32(150)}, {"int32.gte", fieldrules.Value, int32(0)}}},
		{"tags", []rule{{"repeated.min_items", fieldrules.Value, uint64(1)}, {"repeated.max_items", fieldrules.Value, uint64(3)},
			{"repeated.unique", fieldrules.Value, true}, {"string.min_len", fieldrules.Item, uint64(2)}}},
		{"profile", []rule{{"required", fieldrules.Value, true}}},
		{"role", []rule{{"enum.defined_only", fieldrules.Value, true}}},
		{"labels", []rule{{"string.min_len", fieldrules.Key, uint64(2)}, {"string.max_len", fieldrules.MapValue, uint64(5)}}},
		{"password", nil},
	}
	for _, tt := range tests {
		got := fieldrules.Field(md.Fields().ByName(protoreflect.Name(tt.field)))
		for _, r := range got {
			if r.Source != fieldrules.Protovalidate {
				t.Errorf("%s: rule %s from source %d", tt.field, r.ID, r.Source)
			}
		}
		if d := cmp.Diff(tt.want, view(got)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.field, d)
		}
	}
	msg := fieldrules.Message(md)
	if len(msg) != 1 || msg[0].ID != "user.passwords_match" || msg[0].Expression != "this.password == this.confirm_password" ||
		msg[0].Message != "password and confirm_password must be equal" {
		t.Errorf("message rules = %+v", msg)
	}
	if d := cmp.Diff([]rule{{"required", fieldrules.Value, true}}, view(fieldrules.Oneof(md.Oneofs().ByName("contact")))); d != "" {
		t.Errorf("oneof contact (-want +got):\n%s", d)
	}
	if !fieldrules.HasRules(md, fieldrules.Protovalidate) || fieldrules.HasRules(md, fieldrules.PGV) {
		t.Error("HasRules(CreateUserRequest): want protovalidate rules only")
	}
	if fieldrules.HasRules((&pvpb.GetUserRequest{}).ProtoReflect().Descriptor(), fieldrules.Protovalidate) {
		t.Error("HasRules(GetUserRequest) = true")
	}
}

// TestPrintedValidateProto checks that the buf/validate/validate.proto
// scripts/fetch-protos.sh prints (internal/cmd/protoprint) compiles to the
// descriptor the runtime links, so code generated from it and the rules
// the validator reads agree.
func TestPrintedValidateProto(t *testing.T) {
	src, err := os.ReadFile("../../third_party/buf/validate/validate.proto")
	if os.IsNotExist(err) {
		t.Skip("third_party/ not fetched: run make protos")
	}
	if err != nil {
		t.Fatal(err)
	}
	compiler := protocompile.Compiler{Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{"buf/validate/validate.proto": string(src)}),
	})}
	files, err := compiler.Compile(context.Background(), "buf/validate/validate.proto")
	if err != nil {
		t.Fatal(err)
	}
	got := protodesc.ToFileDescriptorProto(files[0])
	want := protodesc.ToFileDescriptorProto((&bufvalidate.FieldRules{}).ProtoReflect().Descriptor().ParentFile())
	got.SourceCodeInfo, want.SourceCodeInfo = nil, nil
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("printed validate.proto differs from the linked descriptor (-linked +printed):\n%s", d)
	}
}
