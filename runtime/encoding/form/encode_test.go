package form_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

func TestEncode(t *testing.T) {
	md := descriptor(t, "Rich")
	tests := []struct {
		name string
		msg  string // prototext
		opts []form.EncodeOption
		want url.Values
	}{
		{name: "empty message", msg: ``, want: url.Values{}},
		{
			name: "scalars",
			msg: `f_double: 1.5 f_float: 0.1 f_int32: -3 f_uint64: 18446744073709551615 f_bool: true f_string: "a b"
				f_bytes: "\xfb\xff" f_enum: KIND_FILM opt_int32: 0 opt_string: ""`,
			want: url.Values{"f_double": {"1.5"}, "f_float": {"0.1"}, "f_int32": {"-3"}, "f_uint64": {"18446744073709551615"},
				"f_bool": {"true"}, "f_string": {"a b"}, "f_bytes": {"+/8="}, "f_enum": {"KIND_FILM"}, "opt_int32": {"0"}, "opt_string": {""}},
		},
		{name: "special floats", msg: `r_double: [nan, inf, -inf, -0]`, want: url.Values{"r_double": {"NaN", "Infinity", "-Infinity", "-0"}}},
		{name: "open enum number", msg: `f_enum: 7 r_enum: [1, 9]`, want: url.Values{"f_enum": {"7"}, "r_enum": {"KIND_BOOK", "9"}}},
		{name: "JSON names", msg: `f_int32: 1 custom: "c" filter {kind: KIND_BOOK} m_string {key: "k" value: "v"}`, opts: []form.EncodeOption{form.UseJSONNames()},
			want: url.Values{"fInt32": {"1"}, "customJSON": {"c"}, "filter.kind": {"KIND_BOOK"}, "mString[k]": {"v"}}},
		{name: "nested and recursive", msg: `filter {query: "q" child {kind: KIND_FILM}} child {child {f_bool: true}}`,
			want: url.Values{"filter.query": {"q"}, "filter.child.kind": {"KIND_FILM"}, "child.child.f_bool": {"true"}}},
		{name: "present empty messages", msg: `filter {} c_filter {} empty {} legacy {Grp {}} child {filter {kind: KIND_UNSPECIFIED}}`,
			want: url.Values{"filter": {"{}"}, "c_filter": {"{}"}, "empty": {"{}"}, "legacy.grp": {"{}"}, "child.filter": {"{}"}}},
		{name: "maps", msg: `m_string {key: "a]b[" value: ""} m_bool {key: true value: KIND_BOOK} m_int32 {key: -1 value: 2}
				m_uint64 {key: 3 value: 0.5} m_dur {key: 4 value: {seconds: 1}}`,
			want: url.Values{"m_string[a]b[]": {""}, "m_bool[true]": {"KIND_BOOK"}, "m_int32[-1]": {"2"},
				"m_uint64[3]": {"0.5"}, "m_dur[4]": {"1s"}}},
		{
			name: "well-known types",
			msg: `ts {seconds: 1 nanos: 500000000} dur {seconds: -1 nanos: -500000000}
				mask {paths: ["update_time", "a.b_c", "foo_1", "x"]} w_int32 {} w_string {value: "s"} w_bytes {value: "\x01"}
				w_float {value: inf} st {fields {key: "a" value: {list_value: {values: [{number_value: 1}, {null_value: NULL_VALUE}]}}}}
				list {values: {bool_value: true}} val {null_value: NULL_VALUE} r_value: [{string_value: "x"}] null: NULL_VALUE`,
			want: url.Values{"ts": {"1970-01-01T00:00:01.500Z"}, "dur": {"-1.500s"}, "mask": {"updateTime,a.bC,foo_1,x"},
				"w_int32": {"0"}, "w_string": {"s"}, "w_bytes": {"AQ=="}, "w_float": {"Infinity"}, "st": {`{"a":[1,null]}`},
				"list": {"[true]"}, "val": {"null"}, "r_value": {`"x"`}},
		},
		{name: "skip paths", msg: `f_int32: 1 f_int64: 2 filter {kind: KIND_BOOK query: "q"} m_string {key: "a" value: "b"} child {f_int32: 3}`,
			opts: []form.EncodeOption{form.SkipPaths("f_int32", "filter.kind"), form.SkipPaths("m_string", "child")},
			want: url.Values{"f_int64": {"2"}, "filter.query": {"q"}}},
		{name: "skipped fields only: message still present", msg: `filter {kind: KIND_BOOK}`, opts: []form.EncodeOption{form.SkipPaths("filter.kind")},
			want: url.Values{"filter": {"{}"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := url.Values{}
			if err := form.Encode(fromText(t, md, tc.msg), got, tc.opts...); err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Encode mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// roundTripMessages hold every field a query can carry.
var roundTripMessages = []string{
	``,
	`f_double: 1.5 f_float: 3.4028235e38 f_int32: -2147483648 f_int64: -9223372036854775808 f_uint32: 4294967295
	 f_uint64: 18446744073709551615 f_sint32: -7 f_sint64: 9223372036854775807 f_fixed32: 3 f_fixed64: 4 f_sfixed32: -5
	 f_sfixed64: -6 f_bool: true f_string: "hé llo &=+%;#" f_bytes: "\x00\xfb\xff" f_enum: KIND_BOOK opt_int32: 0 opt_string: "" custom: "c"`,
	`f_float: 1e-45 f_double: -0 r_double: [nan, inf, -inf, 5e-324] f_enum: -3`,
	`r_int32: [3, 0, -1] r_string: ["", "a,b", "[x]"] r_enum: [KIND_FILM, 0, 42] r_bytes: ["", "\x01"] r_bool: [true, false]
	 r_ts: [{}, {seconds: -62135596800}, {seconds: 253402300799 nanos: 999999999}] r_value: [{null_value: NULL_VALUE}, {struct_value: {}}, {number_value: -0.5}]`,
	`m_string {key: "" value: ""} m_string {key: "a[b]c]" value: "x=y&z"} m_int32 {key: -2147483648 value: 0} m_bool {key: false value: KIND_FILM}
	 m_bool {key: true value: 5} m_uint64 {key: 18446744073709551615 value: nan} m_dur {key: -1 value: {seconds: -315576000000}}
	 m_sint32 {key: 0 value: ""} m_value {key: "v" value: {list_value: {values: [{bool_value: false}]}}} m_fixed32 {key: 4294967295 value: 1}`,
	`filter {kind: KIND_FILM query: "q" child {child {labels: [""]}}} child {child {f_int32: 1 filter {}} c_name: ""} any {type_url: "t" value: "\x01"}
	 empty {} legacy {closed: CLOSED_ZERO closed_list: [CLOSED_ONE] name: "" Grp {a: 0}}`,
	`ts {seconds: 1704164645 nanos: 123000000} dur {seconds: 315576000000} mask {paths: ["update_time", "a.b_c", "foo_1", "_x", "y__z"]}
	 w_int32 {value: -1} w_int64 {} w_uint32 {value: 1} w_uint64 {value: 18446744073709551615} w_float {value: nan} w_double {value: -0}
	 w_bool {} w_string {} w_bytes {} st {fields {key: "k" value: {struct_value: {fields {key: "n" value: {number_value: 1e300}}}}}}
	 val {null_value: NULL_VALUE} list {} c_filter {}`,
	`mask {} st {} val {string_value: ""} c_id: 0`,
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	md := descriptor(t, "Rich")
	dec := form.NewDecoder(md)
	for _, opts := range [][]form.EncodeOption{nil, {form.UseJSONNames()}} {
		for _, txt := range roundTripMessages {
			want := fromText(t, md, txt)
			values := url.Values{}
			if err := form.Encode(want, values, opts...); err != nil {
				t.Fatalf("Encode(%s): %v", txt, err)
			}
			got := dynamicpb.NewMessage(md)
			if err := dec.Decode(parseQuery(t, values.Encode()), got); err != nil {
				t.Fatalf("Decode(%s): %v", values.Encode(), err)
			}
			if d := diff(want, got); d != "" {
				t.Errorf("round trip through %s (-want +got):\n%s", values.Encode(), d)
			}
		}
	}
}

func TestEncodeSkipRoundTrip(t *testing.T) {
	md := descriptor(t, "Rich")
	msg := fromText(t, md, `f_int32: 1 filter {kind: KIND_BOOK query: "q"} m_string {key: "a" value: "b"} f_string: "s"`)
	skip := []string{"f_int32", "filter.kind", "m_string"}
	values := url.Values{}
	if err := form.Encode(msg, values, form.SkipPaths(skip...)); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	// The server fills the skipped fields from the path, then decodes the
	// query with the same paths skipped.
	got := fromText(t, md, `f_int32: 1 filter {kind: KIND_BOOK} m_string {key: "a" value: "b"}`)
	values.Set("f_int32", "99") // a stray query value for a path field is ignored
	if err := form.NewDecoder(md, form.Skip(skip...)).Decode(values, got); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if d := diff(msg, got); d != "" {
		t.Errorf("mismatch (-want +got):\n%s", d)
	}
}

func TestEncodeKeepsOtherValues(t *testing.T) {
	md := descriptor(t, "Rich")
	values := url.Values{"x": {"1"}, "r_int32": {"0"}}
	if err := form.Encode(fromText(t, md, `r_int32: [1, 2]`), values); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	want := url.Values{"x": {"1"}, "r_int32": {"0", "1", "2"}}
	if d := cmp.Diff(want, values); d != "" {
		t.Errorf("mismatch (-want +got):\n%s", d)
	}
}

func TestEncodeErrors(t *testing.T) {
	md := descriptor(t, "Rich")
	legacy := md.Fields().ByName("legacy").Message()
	closed := dynamicpb.NewMessage(legacy)
	closed.Set(legacy.Fields().ByName("closed"), protoreflect.ValueOfEnum(5))
	badUTF8 := dynamicpb.NewMessage(md)
	badUTF8.Set(md.Fields().ByName("f_string"), protoreflect.ValueOfString("\xff"))
	badKey := dynamicpb.NewMessage(md)
	badKey.Mutable(md.Fields().ByName("m_string")).Map().Set(protoreflect.ValueOfString("\xff").MapKey(), protoreflect.ValueOfString("v"))
	tests := []struct {
		name string
		msg  *dynamicpb.Message
		key  string
		msgs string
	}{
		{"repeated messages", fromText(t, md, `items {name: "x"}`), "items", `"items" holds messages`},
		{"map of messages", fromText(t, md, `m_item {key: "k" value: {}}`), "m_item", `"m_item" holds messages`},
		{"nested repeated messages", fromText(t, md, `child {items {}}`), "child.items", "holds messages"},
		{"closed enum undeclared number", closed, "closed", "not a value of closed enum formtest.v1.Closed"},
		{"string not UTF-8", badUTF8, "f_string", "invalid UTF-8"},
		{"map key not UTF-8", badKey, "m_string", "invalid map key: invalid UTF-8"},
		{"field mask path not snake_case", fromText(t, md, `mask {paths: ["fooBar"]}`), "mask", `field mask path "fooBar" has no query form`},
		{"field mask path invalid", fromText(t, md, `mask {paths: ["a,b"]}`), "mask", "has no query form"},
		{"value without kind", fromText(t, md, `val {}`), "val", "invalid google.protobuf.Value"},
		{"timestamp out of range", fromText(t, md, `ts {seconds: 253402300800}`), "ts", "invalid google.protobuf.Timestamp"},
		{"repeated value without kind", fromText(t, md, `r_value {}`), "r_value", "invalid google.protobuf.Value"},
		{"map value without kind", fromText(t, md, `m_value {key: "k" value: {}}`), "m_value[k]", "invalid google.protobuf.Value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := form.Encode(tc.msg, url.Values{})
			if err == nil {
				t.Fatal("Encode succeeded, want an error")
			}
			fe := asFormError(t, err)
			if fe.Key != tc.key || !strings.Contains(fe.Msg, tc.msgs) {
				t.Errorf("Encode error = %q (key %q), want key %q and a message containing %q", fe.Msg, fe.Key, tc.key, tc.msgs)
			}
		})
	}
}

func TestEncodeUsageErrors(t *testing.T) {
	md := descriptor(t, "Rich")
	msg := fromText(t, md, `f_int32: 1`)
	for name, call := range map[string]func() error{
		"nil values":     func() error { return form.Encode(msg, nil) },
		"nil message":    func() error { return form.Encode(nil, url.Values{}) },
		"bad skip path":  func() error { return form.Encode(msg, url.Values{}, form.SkipPaths("nope")) },
		"skip into list": func() error { return form.Encode(msg, url.Values{}, form.SkipPaths("items.name")) },
	} {
		t.Run(name, func(t *testing.T) {
			err := call()
			var fe *form.Error
			if err == nil || errors.As(err, &fe) {
				t.Errorf("got %v, want an error that is not a *form.Error", err)
			}
		})
	}
}

func TestEncodeValueIsDecodeValueInverse(t *testing.T) {
	md := (&descriptorpb.FieldDescriptorProto{}).ProtoReflect().Descriptor()
	for _, tc := range []struct {
		field string
		value protoreflect.Value
		want  string
	}{
		{"name", protoreflect.ValueOfString("a/b c"), "a/b c"},
		{"number", protoreflect.ValueOfInt32(-7), "-7"},
		{"label", protoreflect.ValueOfEnum(3), "LABEL_REPEATED"},
		{"proto3_optional", protoreflect.ValueOfBool(true), "true"},
	} {
		fd := md.Fields().ByName(protoreflect.Name(tc.field))
		got, err := form.EncodeValue(fd, tc.value)
		if err != nil || got != tc.want {
			t.Errorf("EncodeValue(%s) = %q, %v; want %q", tc.field, got, err, tc.want)
			continue
		}
		m := (&descriptorpb.FieldDescriptorProto{}).ProtoReflect()
		if err := form.NewDecoder(md).DecodeValue(tc.field, got, m.Interface()); err != nil || !m.Get(fd).Equal(tc.value) {
			t.Errorf("DecodeValue(%s, %q) = %v, %v; want %v", tc.field, got, m.Get(fd), err, tc.value)
		}
	}
	if _, err := form.EncodeValue(md.Fields().ByName("options"), protoreflect.Value{}); err == nil {
		t.Error("EncodeValue of a message field succeeded")
	}
	if _, err := form.EncodeValue(md.Fields().ByName("name"), protoreflect.ValueOfString("\xff")); err == nil {
		t.Error("EncodeValue of invalid UTF-8 succeeded")
	}
}
