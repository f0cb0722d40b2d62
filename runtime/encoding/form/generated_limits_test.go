package form_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/encoding/form"
	jsontestv1 "github.com/bia-go/bia/testdata/golden/jsontest/v1"
)

func newTree() proto.Message { return &jsontestv1.Tree{} }

// treeText is the prototext of txt under n nested Tree.left fields.
func treeText(n int, txt string) string {
	return strings.Repeat("left { ", n) + txt + strings.Repeat(" }", n)
}

// TestDecodeGeneratedLimits checks the limits on keys bound by generated
// code, in the recursive jsontest.v1.Tree: the same messages and the same
// errors as the generic engine, checked before anything is bound.
func TestDecodeGeneratedLimits(t *testing.T) {
	deepErr := func(key string, names, limit int) *form.Error {
		return &form.Error{Key: key, Msg: fmt.Sprintf("nests %d fields deep; the limit is %d", names, limit)}
	}
	manyKeys := url.Values{}
	for i := range 1000 {
		manyKeys.Set(fmt.Sprintf("k%d", i), "v")
	}
	manyKeys.Set("label", "x")
	names := url.Values{} // 199 keys of 1 to 100 names: 10,099 names in all
	for i := range 100 {
		names.Set(treeChain(i, "label"), "x")
		if i < 99 {
			names.Set(treeChain(i, "leaf.text"), "x")
		}
	}
	namesKey := func(err *form.Error) bool {
		return err.Key != "" && strings.HasSuffix(err.Msg, " field names in all; the limit is 10000")
	}
	tests := []struct {
		name   string
		opts   []form.DecoderOption
		values url.Values
		want   string      // prototext, when there is no error
		err    *form.Error // the error, when exact
		errIf  func(*form.Error) bool
	}{
		{name: "at the default depth", values: url.Values{treeChain(99, "label"): {"x"}}, want: treeText(99, `label: "x"`)},
		{name: "past the default depth", values: url.Values{treeChain(100, "label"): {"x"}}, err: deepErr(treeChain(100, "label"), 101, 100)},
		{name: "past a lower depth", opts: []form.DecoderOption{form.MaxDepth(3)}, values: url.Values{treeChain(3, "label"): {"x"}},
			err: deepErr(treeChain(3, "label"), 4, 3)},
		{name: "skipped key past the depth", opts: []form.DecoderOption{form.Skip("left")}, values: url.Values{treeChain(100, "label"): {"x"}},
			err: deepErr(treeChain(100, "label"), 101, 100)},
		{name: "no depth limit", opts: []form.DecoderOption{form.MaxDepth(0)}, values: url.Values{treeChain(3000, "label"): {"x"}},
			want: treeText(3000, `label: "x"`)},
		{name: "past the default keys", values: manyKeys, err: &form.Error{Msg: "1001 keys; the limit is 1000"}},
		{name: "within more keys", opts: []form.DecoderOption{form.MaxKeys(1001)}, values: manyKeys, want: `label: "x"`},
		{name: "past the default names", values: names, errIf: namesKey},
		{name: "within more names", opts: []form.DecoderOption{form.MaxNames(10100)}, values: names,
			want: strings.Repeat(`label: "x" leaf {text: "x"} left { `, 99) + `label: "x"` + strings.Repeat(" }", 99)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSubject("Tree", newTree, tc.opts...)
			if !form.UsesGenerated(s.gen, s.new()) {
				t.Fatal("Tree is not bound through its generated code")
			}
			for _, dec := range []*form.Decoder{s.gen, s.ign} {
				got := s.new()
				err := dec.Decode(tc.values, got)
				switch {
				case tc.err == nil && tc.errIf == nil:
					if err != nil {
						t.Fatal(err)
					}
					if d := diff(s.fromInit(t, tc.want), got); d != "" {
						t.Errorf("message (-want +got):\n%s", d)
					}
				case err == nil:
					t.Fatal("succeeded, want an error")
				case tc.err != nil:
					if d := cmp.Diff(tc.err, asFormError(t, err)); d != "" {
						t.Errorf("error (-want +got):\n%s", d)
					}
					if d := diff(s.new(), got); d != "" {
						t.Errorf("failed and bound something:\n%s", d)
					}
				case !tc.errIf(asFormError(t, err)):
					t.Errorf("error %v", err)
				}
			}
			checkSame(t, s, nil, tc.values)
		})
	}
}

// TestDecodeGeneratedDeepKeyFailsFast decodes a 100,000-deep key, 600
// KB, into the recursive Tree through its generated code: it must fail
// before building any of the chain, with a few allocations.
func TestDecodeGeneratedDeepKeyFailsFast(t *testing.T) {
	dec := form.NewDecoder(newTree().ProtoReflect().Descriptor())
	key := treeChain(100000, "label")
	deep := url.Values{key: {"x"}}
	want := &form.Error{Key: key, Msg: "nests 100001 fields deep; the limit is 100"}
	for _, mode := range []struct {
		name   string
		decode func(msg proto.Message) error
	}{
		{"Decode", func(msg proto.Message) error { return dec.Decode(deep, msg) }},
		{"DecodeValue", func(msg proto.Message) error { return dec.DecodeValue(key, "x", msg) }},
	} {
		t.Run(mode.name, func(t *testing.T) {
			msg := newTree()
			if d := cmp.Diff(want, asFormError(t, mode.decode(msg))); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if d := diff(newTree(), msg); d != "" {
				t.Errorf("failed and bound something:\n%s", d)
			}
			if allocs := testing.AllocsPerRun(20, func() { _ = mode.decode(msg) }); allocs > 8 {
				t.Errorf("a 100,000-deep key allocates %v times; want a few", allocs)
			}
			if b := heapPerRun(20, func() { _ = mode.decode(msg) }); b > 4096 {
				t.Errorf("a 100,000-deep key allocates %d bytes; want a few hundred, not the chain", b)
			}
		})
	}
}
