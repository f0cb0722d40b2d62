package form_test

import (
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// chain is the key of leaf under n nested Rich.child fields:
// "child.child.leaf" for n = 2.
func chain(n int, leaf string) string {
	return strings.Repeat("child.", n) + leaf
}

// nestedText is the prototext of txt under n nested Rich.child fields.
func nestedText(n int, txt string) string {
	return strings.Repeat("child { ", n) + txt + strings.Repeat(" }", n)
}

// limitMode is one way a query reaches a Rich message.
type limitMode struct {
	name   string
	new    func() proto.Message
	decode func(d *form.Decoder, values url.Values, msg proto.Message) error
}

// limitModes bind into a Rich of the Go type protoc-gen-go generates
// (which has no generated binding code: see generated_limits_test.go for
// that) and into a dynamicpb one.
var limitModes = []limitMode{
	{"generated struct", newRich, func(d *form.Decoder, values url.Values, msg proto.Message) error {
		return d.Decode(values, msg)
	}},
	{"dynamicpb", func() proto.Message { return dynamicpb.NewMessage(newRich().ProtoReflect().Descriptor()) },
		func(d *form.Decoder, values url.Values, msg proto.Message) error { return d.Decode(values, msg) }},
}

// decodeValueMode binds a one-key query with DecodeValue.
var decodeValueMode = limitMode{"DecodeValue", newRich, func(d *form.Decoder, values url.Values, msg proto.Message) error {
	for key, vals := range values {
		if err := d.DecodeValue(key, vals[0], msg); err != nil {
			return err
		}
	}
	return nil
}}

// checkLimit decodes values in every mode with a Decoder of opts and
// checks the outcome: the prototext want or, when wantErr is not nil,
// exactly that error with nothing bound.
func checkLimit(t *testing.T, modes []limitMode, opts []form.DecoderOption, values url.Values, want string, wantErr *form.Error) {
	t.Helper()
	dec := form.NewDecoder(newRich().ProtoReflect().Descriptor(), opts...)
	wantMsg := newRich()
	if err := prototext.Unmarshal([]byte(want), wantMsg); err != nil {
		t.Fatalf("prototext %q: %v", want, err)
	}
	for _, m := range modes {
		got := m.new()
		err := m.decode(dec, values, got)
		if wantErr == nil {
			if err != nil {
				t.Fatalf("%s: %v", m.name, err)
			}
			if d := diff(wantMsg, got); d != "" {
				t.Errorf("%s: message (-want +got):\n%s", m.name, d)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%s: succeeded, want %v", m.name, wantErr)
		}
		if d := cmp.Diff(wantErr, asFormError(t, err)); d != "" {
			t.Errorf("%s: error (-want +got):\n%s", m.name, d)
		}
		if d := diff(m.new(), got); d != "" {
			t.Errorf("%s: failed and bound something (-before +after):\n%s", m.name, d)
		}
	}
}

func TestDecodeMaxDepth(t *testing.T) {
	deepErr := func(key string, names, limit int) *form.Error {
		return &form.Error{Key: key, Msg: fmt.Sprintf("nests %d fields deep; the limit is %d", names, limit)}
	}
	tests := []struct {
		name string
		opts []form.DecoderOption
		key  string
		want string // prototext, when err is nil
		err  *form.Error
	}{
		{name: "at the default limit", key: chain(99, "f_int32"), want: nestedText(99, "f_int32: 1")},
		{name: "past the default limit", key: chain(100, "f_int32"), err: deepErr(chain(100, "f_int32"), 101, 100)},
		{name: "JSON names", key: chain(99, "fInt32"), want: nestedText(99, "f_int32: 1")},
		{name: "JSON names past the limit", key: chain(100, "fInt32"), err: deepErr(chain(100, "fInt32"), 101, 100)},
		{name: "map key does not count", key: chain(99, "m_string[a.b.c]"), want: nestedText(99, `m_string { key: "a.b.c" value: "1" }`)},
		{name: "map entry past the limit", key: chain(100, "m_string[a]"), err: deepErr(chain(100, "m_string[a]"), 101, 100)},
		{name: "through another message type", key: chain(98, "filter.kind"), want: nestedText(98, "filter { kind: KIND_BOOK }")},
		{name: "unknown key at the limit", key: strings.Repeat("nope.", 99) + "x"},
		{name: "unknown key past the limit", key: strings.Repeat("nope.", 100) + "x", err: deepErr(strings.Repeat("nope.", 100)+"x", 101, 100)},
		{name: "empty names count", key: strings.Repeat(".", 100), err: deepErr(strings.Repeat(".", 100), 101, 100)},
		{name: "skipped key past the limit", opts: []form.DecoderOption{form.Skip("child")}, key: chain(100, "f_int32"),
			err: deepErr(chain(100, "f_int32"), 101, 100)},
		{name: "lower limit", opts: []form.DecoderOption{form.MaxDepth(3)}, key: chain(2, "f_int32"), want: nestedText(2, "f_int32: 1")},
		{name: "past a lower limit", opts: []form.DecoderOption{form.MaxDepth(3)}, key: chain(3, "f_int32"), err: deepErr(chain(3, "f_int32"), 4, 3)},
		{name: "limit 1", opts: []form.DecoderOption{form.MaxDepth(1)}, key: "m_string[x.y]", want: `m_string { key: "x.y" value: "1" }`},
		{name: "past limit 1", opts: []form.DecoderOption{form.MaxDepth(1)}, key: "filter.kind", err: deepErr("filter.kind", 2, 1)},
		{name: "higher limit", opts: []form.DecoderOption{form.MaxDepth(200)}, key: chain(199, "f_int32"), want: nestedText(199, "f_int32: 1")},
		{name: "last option wins", opts: []form.DecoderOption{form.MaxDepth(2), form.MaxDepth(5)}, key: chain(4, "f_int32"),
			want: nestedText(4, "f_int32: 1")},
		{name: "zero disables", opts: []form.DecoderOption{form.MaxDepth(0)}, key: chain(150, "f_int32"), want: nestedText(150, "f_int32: 1")},
		{name: "negative disables", opts: []form.DecoderOption{form.MaxDepth(-1)}, key: chain(150, "f_int32"), want: nestedText(150, "f_int32: 1")},
	}
	modes := append(slices.Clone(limitModes), decodeValueMode)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkLimit(t, modes, tc.opts, url.Values{tc.key: {"1"}}, tc.want, tc.err)
		})
	}
}

// TestDecodeDeepKeyFailsFast decodes a 100,000-deep key, 600 KB, into the
// recursive Rich: it must fail before building any of the chain, with a
// few allocations, no more than for a 1,001-deep key, and an error text of
// bounded length.
func TestDecodeDeepKeyFailsFast(t *testing.T) {
	dec := form.NewDecoder(newRich().ProtoReflect().Descriptor())
	deep := url.Values{chain(100000, "f_int32"): {"1"}}
	short := url.Values{chain(1000, "f_int32"): {"1"}}
	modes := append(slices.Clone(limitModes), decodeValueMode)
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			msg := m.new()
			err := m.decode(dec, deep, msg)
			if err == nil {
				t.Fatal("Decode of a 100,000-deep key succeeded")
			}
			fe := asFormError(t, err)
			want := &form.Error{Key: chain(100000, "f_int32"), Msg: "nests 100001 fields deep; the limit is 100"}
			if d := cmp.Diff(want, fe); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if got, want := fe.Error(), `form: key "`+chain(100000, "f_int32")[:64]+`"...: nests 100001 fields deep; the limit is 100`; got != want {
				t.Errorf("Error() = %s, want %s", got, want)
			}
			if d := diff(m.new(), msg); d != "" {
				t.Errorf("failed and bound something (-before +after):\n%s", d)
			}
			// Nothing was bound, so msg can be decoded into again.
			deepAllocs := testing.AllocsPerRun(20, func() { _ = m.decode(dec, deep, msg) })
			shortAllocs := testing.AllocsPerRun(20, func() { _ = m.decode(dec, short, msg) })
			if deepAllocs > shortAllocs || deepAllocs > 8 {
				t.Errorf("a 100,000-deep key allocates %v times, a 1,001-deep one %v; want the same few", deepAllocs, shortAllocs)
			}
			if b := heapPerRun(20, func() { _ = m.decode(dec, deep, msg) }); b > 4096 {
				t.Errorf("a 100,000-deep key allocates %d bytes; want a few hundred, not the chain", b)
			}
		})
	}
}

// heapPerRun returns the bytes f allocates on the heap, on average.
func heapPerRun(runs int, f func()) uint64 {
	f() // warm up, as testing.AllocsPerRun does
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}

// manyKeys returns n keys that name no field, k0 to k{n-1}, plus the
// given key=value pairs.
func manyKeys(n int, pairs ...string) url.Values {
	values := url.Values{}
	for i := range n {
		values.Set(fmt.Sprintf("k%d", i), "v")
	}
	for i := 0; i < len(pairs); i += 2 {
		values.Add(pairs[i], pairs[i+1])
	}
	return values
}

func TestDecodeMaxKeys(t *testing.T) {
	keysErr := func(n, limit int) *form.Error {
		return &form.Error{Msg: fmt.Sprintf("%d keys; the limit is %d", n, limit)}
	}
	repeated := url.Values{"r_int32": slices.Repeat([]string{"7"}, 2000), "f_int32": {"1"}}
	tests := []struct {
		name   string
		opts   []form.DecoderOption
		values url.Values
		want   string // prototext, when err is nil
		err    *form.Error
	}{
		{name: "at the default limit", values: manyKeys(999, "f_int32", "1"), want: "f_int32: 1"},
		{name: "past the default limit", values: manyKeys(1000, "f_int32", "1"), err: keysErr(1001, 1000)},
		{name: "skipped keys count", opts: []form.DecoderOption{form.Skip("f_int32"), form.MaxKeys(2)},
			values: manyKeys(0, "f_int32", "1", "f_int64", "2", "nope", "3"), err: keysErr(3, 2)},
		{name: "a repeated key counts once", opts: []form.DecoderOption{form.MaxKeys(2)}, values: repeated,
			want: "f_int32: 1 r_int32: [" + strings.Repeat("7, ", 1999) + "7]"},
		{name: "lower limit", opts: []form.DecoderOption{form.MaxKeys(2)}, values: manyKeys(0, "f_int32", "1", "fInt64", "2"),
			want: "f_int32: 1 f_int64: 2"},
		{name: "past a lower limit", opts: []form.DecoderOption{form.MaxKeys(2)}, values: manyKeys(1, "f_int32", "1", "fInt64", "2"),
			err: keysErr(3, 2)},
		{name: "higher limit", opts: []form.DecoderOption{form.MaxKeys(5000)}, values: manyKeys(4999, "f_int32", "1"), want: "f_int32: 1"},
		{name: "last option wins", opts: []form.DecoderOption{form.MaxKeys(5000), form.MaxKeys(3)}, values: manyKeys(3, "f_int32", "1"),
			err: keysErr(4, 3)},
		{name: "zero disables", opts: []form.DecoderOption{form.MaxKeys(0)}, values: manyKeys(5000, "f_int32", "1"), want: "f_int32: 1"},
		{name: "negative disables", opts: []form.DecoderOption{form.MaxKeys(-1)}, values: manyKeys(5000, "f_int32", "1"), want: "f_int32: 1"},
		{name: "both limits", opts: []form.DecoderOption{form.MaxKeys(2), form.MaxDepth(2)},
			values: manyKeys(0, "filter.kind", "1", "f_int32", "1"), want: "filter { kind: KIND_BOOK } f_int32: 1"},
		{name: "both limits, too deep", opts: []form.DecoderOption{form.MaxKeys(2), form.MaxDepth(2)},
			values: manyKeys(0, "filter.child.kind", "1"), err: &form.Error{Key: "filter.child.kind", Msg: "nests 3 fields deep; the limit is 2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkLimit(t, limitModes, tc.opts, tc.values, tc.want, tc.err)
		})
	}
}

// TestDecodeMaxNames checks the budget of field names per call: keys that
// are each within MaxDepth, but together name more fields than MaxNames,
// fail, so one request cannot build MaxKeys × MaxDepth messages.
func TestDecodeMaxNames(t *testing.T) {
	// 200 keys of 1 to 100 names: 10,100 names in all.
	values := url.Values{}
	for i := range 100 {
		values.Set(chain(i, "f_int32"), "1")
		values.Set(chain(i, "f_int64"), "1")
	}
	for _, m := range limitModes {
		t.Run(m.name, func(t *testing.T) {
			err := m.decode(form.NewDecoder(newRich().ProtoReflect().Descriptor()), values, m.new())
			if fe := asFormError(t, err); fe.Key == "" || !strings.HasSuffix(fe.Msg, " field names in all; the limit is 10000") {
				t.Errorf("error %v, want the key past 10000 field names", err)
			}
			if err := m.decode(form.NewDecoder(newRich().ProtoReflect().Descriptor(), form.MaxNames(10100)), values, m.new()); err != nil {
				t.Errorf("with MaxNames(10100): %v", err)
			}
			if err := m.decode(form.NewDecoder(newRich().ProtoReflect().Descriptor(), form.MaxNames(0)), values, m.new()); err != nil {
				t.Errorf("with MaxNames(0): %v", err)
			}
		})
	}
	t.Run("DecodeValue counts one key", func(t *testing.T) {
		d := form.NewDecoder(newRich().ProtoReflect().Descriptor(), form.MaxNames(3))
		if err := d.DecodeValue(chain(2, "f_int32"), "1", newRich()); err != nil {
			t.Error(err)
		}
		err := d.DecodeValue(chain(3, "f_int32"), "1", newRich())
		if fe := asFormError(t, err); fe.Msg != "4 field names in all; the limit is 3" {
			t.Errorf("error %v", err)
		}
	})
}

// TestDecodeJSONNestingLimit checks that protojson's recursion limit, 10000
// nested messages, applies to the JSON text of Struct, ListValue and Value
// fields, singular, repeated and map values alike. An array is one Value
// (or the ListValue at the top), an object one Struct and the Value holding
// it, less one at the top, and the scalar at the bottom a Value: 10000
// nested arrays and 9999 nested objects parse, one more do not.
func TestDecodeJSONNestingLimit(t *testing.T) {
	arrays := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	objects := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	dec := form.NewDecoder(newRich().ProtoReflect().Descriptor())
	tests := []struct {
		key, value string
		wantErr    string // Error.Msg
	}{
		{"val", arrays(10000), ""},
		{"val", arrays(10001), "not valid JSON for google.protobuf.Value"},
		{"list", arrays(10000), ""},
		{"list", arrays(10001), "not valid JSON for google.protobuf.ListValue"},
		{"st", objects(9999), ""},
		{"st", objects(10000), "not valid JSON for google.protobuf.Struct"},
		{"r_value", arrays(10000), ""},
		{"r_value", arrays(10001), "not valid JSON for google.protobuf.Value"},
		{"m_value[k]", objects(9999), ""},
		{"m_value[k]", objects(10000), "not valid JSON for google.protobuf.Value"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%d", tc.key, strings.Count(tc.value, "[")+strings.Count(tc.value, "{")), func(t *testing.T) {
			for _, m := range limitModes {
				err := m.decode(dec, url.Values{tc.key: {tc.value}}, m.new())
				switch {
				case tc.wantErr == "" && err != nil:
					t.Errorf("%s: %v", m.name, err)
				case tc.wantErr != "" && err == nil:
					t.Errorf("%s: succeeded, want %q", m.name, tc.wantErr)
				case tc.wantErr != "":
					fe := asFormError(t, err)
					if fe.Key != tc.key || fe.Value != tc.value || fe.Msg != tc.wantErr {
						t.Errorf("%s: error for key %q (value of %d bytes): %s; want %q", m.name, fe.Key, len(fe.Value), fe.Msg, tc.wantErr)
					}
				}
			}
		})
	}
}
