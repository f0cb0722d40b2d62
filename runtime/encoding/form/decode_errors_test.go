package form_test

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

type decodeErrorCase struct {
	name  string
	query string
	init  string
	keys  []string // Error.Key is one of these (map order decides which of two keys fails)
	value string   // Error.Value
	msg   string   // Error.Msg contains this
}

var decodeErrorCases = []decodeErrorCase{
	{name: "int32 overflow", query: "f_int32=2147483648", keys: []string{"f_int32"}, value: "2147483648", msg: "out of range for int32"},
	{name: "int32 underflow", query: "fSint32=-2147483649", keys: []string{"fSint32"}, value: "-2147483649", msg: "out of range for int32"},
	{name: "int32 not an integer", query: "f_int32=1.5", keys: []string{"f_int32"}, value: "1.5", msg: "not a valid int32"},
	{name: "int64 overflow", query: "f_int64=9223372036854775808", keys: []string{"f_int64"}, value: "9223372036854775808", msg: "out of range for int64"},
	{name: "uint32 negative", query: "f_uint32=-1", keys: []string{"f_uint32"}, value: "-1", msg: "not a valid uint32"},
	{name: "uint32 overflow", query: "f_fixed32=4294967296", keys: []string{"f_fixed32"}, value: "4294967296", msg: "out of range for uint32"},
	{name: "uint64 overflow", query: "f_uint64=18446744073709551616", keys: []string{"f_uint64"}, value: "18446744073709551616", msg: "out of range for uint64"},
	{name: "int hex", query: "f_int64=0x10", keys: []string{"f_int64"}, value: "0x10", msg: "not a valid int64"},
	{name: "float overflow", query: "f_float=1e39", keys: []string{"f_float"}, value: "1e39", msg: "out of range for float"},
	{name: "double overflow", query: "f_double=1e400", keys: []string{"f_double"}, value: "1e400", msg: "out of range for double"},
	{name: "double junk", query: "f_double=1.5x", keys: []string{"f_double"}, value: "1.5x", msg: "not a valid double"},
	{name: "bool", query: "f_bool=yes", keys: []string{"f_bool"}, value: "yes", msg: "not a bool"},
	{name: "bytes", query: "f_bytes=!!", keys: []string{"f_bytes"}, value: "!!", msg: "not base64"},
	{name: "bytes bad length", query: "f_bytes=A", keys: []string{"f_bytes"}, value: "A", msg: "not base64"},
	{name: "string not UTF-8", query: "f_string=%FF", keys: []string{"f_string"}, value: "\xff", msg: "invalid UTF-8"},
	{name: "enum unknown name", query: "f_enum=KIND_NOPE", keys: []string{"f_enum"}, value: "KIND_NOPE", msg: "not a value of enum formtest.v1.Kind"},
	{name: "enum number beyond int32", query: "f_enum=2147483648", keys: []string{"f_enum"}, value: "2147483648", msg: "not a value of enum"},
	{name: "enum name in wrong case", query: "f_enum=kind_book", keys: []string{"f_enum"}, value: "kind_book", msg: "not a value of enum"},
	{name: "closed enum undeclared number", query: "legacy.closed=5", keys: []string{"legacy.closed"}, value: "5", msg: "not a value of closed enum formtest.v1.Closed"},
	{name: "repeated closed enum", query: "legacy.closed_list=1&legacy.closed_list=9", keys: []string{"legacy.closed_list"}, value: "9", msg: "closed enum"},
	{name: "repeated element", query: "r_int32=1&r_int32=x", keys: []string{"r_int32"}, value: "x", msg: "not a valid int32"},
	{name: "scalar given twice", query: "f_int32=1&f_int32=2", keys: []string{"f_int32"}, msg: `2 values for field "f_int32", which is not repeated`},
	{name: "scalar twice, one empty", query: "f_int32=1&f_int32=", keys: []string{"f_int32"}, msg: "2 values"},
	{name: "message given twice", query: "filter=%7B%7D&filter=null", keys: []string{"filter"}, msg: "2 values"},
	{name: "scalar by proto and JSON name", query: "f_int32=1&fInt32=2", keys: []string{"f_int32", "fInt32"}, msg: `field "f_int32" given twice, also as`},
	{name: "nested scalar by two names", query: "child.f_int32=1&child.fInt32=1", keys: []string{"child.f_int32", "child.fInt32"}, msg: "given twice"},
	{name: "wrapper by two names", query: "w_int32=1&wInt32=1", keys: []string{"w_int32", "wInt32"}, msg: "given twice"},
	{name: "repeated by two names", query: "r_int32=1&rInt32=2", keys: []string{"r_int32", "rInt32"}, msg: `field "r_int32" given twice`},
	{name: "map entry twice by two names", query: "m_string[a]=1&mString[a]=2", keys: []string{"m_string[a]", "mString[a]"}, msg: "map key given twice"},
	{name: "map entry twice by equal keys", query: "m_int32[1]=1&m_int32[01]=2", keys: []string{"m_int32[1]", "m_int32[01]"}, msg: "map key given twice"},
	{name: "bool map entry twice", query: "m_bool[true]=1&m_bool[1]=2", keys: []string{"m_bool[true]", "m_bool[1]"}, msg: "map key given twice"},
	{name: "map entry with two values", query: "m_string[a]=1&m_string[a]=2", keys: []string{"m_string[a]"}, msg: "2 values for one map entry"},
	{name: "two oneof members", query: "c_name=x&c_id=1", keys: []string{"c_name", "c_id"}, msg: `of oneof "choice" cannot both be set`},
	{name: "oneof scalar and message", query: "c_name=x&c_filter.kind=1", keys: []string{"c_name", "c_filter.kind"}, msg: "cannot both be set"},
	{name: "oneof {} and scalar", query: "c_filter=%7B%7D&cId=1", keys: []string{"c_filter", "cId"}, msg: "cannot both be set"},
	{name: "oneof member already set", init: `c_id: 1`, query: "c_name=x", keys: []string{"c_name"}, msg: `fields "c_id" and "c_name" of oneof "choice" cannot both be set`},
	{name: "through a repeated field", query: "items.name=x", keys: []string{"items.name"}, msg: `"items" is a repeated field; a key cannot go through it`},
	{name: "through a map field", query: "m_string.a=x", keys: []string{"m_string.a"}, msg: `"m_string" is a map field`},
	{name: "through a scalar", query: "f_int32.x=1", keys: []string{"f_int32.x"}, msg: `"f_int32" is not a message field`},
	{name: "through a well-known type", query: "ts.seconds=1", keys: []string{"ts.seconds"}, msg: `"ts" is a google.protobuf.Timestamp, given as one value`},
	{name: "repeated messages", query: "items=x", keys: []string{"items"}, msg: `"items" holds messages, which a query cannot carry`},
	{name: "map of messages", query: "m_item[k]=x", keys: []string{"m_item[k]"}, msg: `"m_item" holds messages`},
	{name: "map without key", query: "m_string=x", keys: []string{"m_string"}, msg: `map field "m_string" takes one key per entry, as m_string[KEY]=VALUE`},
	{name: "key on a non-map", query: "f_int32[1]=2", keys: []string{"f_int32[1]"}, msg: `"f_int32" is not a map field`},
	{name: "map key not an int", query: "m_int32[x]=1", keys: []string{"m_int32[x]"}, msg: `invalid map key "x": not a valid int32`},
	{name: "map key empty int", query: "m_int32[]=1", keys: []string{"m_int32[]"}, msg: `invalid map key ""`},
	{name: "map key out of range", query: "m_fixed32[-1]=1", keys: []string{"m_fixed32[-1]"}, msg: "invalid map key"},
	{name: "map key bool", query: "m_bool[yes]=1", keys: []string{"m_bool[yes]"}, msg: "not a bool"},
	{name: "map key not UTF-8", query: "m_string[%FF]=x", keys: []string{"m_string[\xff]"}, msg: "invalid UTF-8"},
	{name: "map value", query: "m_int32[1]=x", keys: []string{"m_int32[1]"}, value: "x", msg: "not a valid int64"},
	{name: "message with a value", query: "filter=abc", keys: []string{"filter"}, value: "abc",
		msg: `message field "filter" takes no value but {} or null; set its fields as filter.FIELD=VALUE`},
	{name: "null in repeated well-known type", query: "r_ts=null", keys: []string{"r_ts"}, value: "null", msg: "null cannot be an element"},
	{name: "null map value", query: "m_dur[1]=null", keys: []string{"m_dur[1]"}, value: "null", msg: "null cannot be a map value"},
	{name: "timestamp", query: "ts=yesterday", keys: []string{"ts"}, value: "yesterday", msg: "not an RFC 3339 timestamp"},
	{name: "timestamp out of range", query: "ts=10000-01-01T00:00:00Z", keys: []string{"ts"}, value: "10000-01-01T00:00:00Z", msg: "not an RFC 3339 timestamp"},
	{name: "timestamp without zone", query: "ts=2024-01-01T00:00:00", keys: []string{"ts"}, value: "2024-01-01T00:00:00", msg: "not an RFC 3339 timestamp"},
	{name: "duration", query: "dur=soon", keys: []string{"dur"}, value: "soon", msg: "not a duration"},
	{name: "field mask path", query: "mask=a-b", keys: []string{"mask"}, value: "a-b", msg: `invalid field mask path "a-b"`},
	{name: "field mask path digit", query: "mask=a,1b", keys: []string{"mask"}, value: "a,1b", msg: `invalid field mask path "1b"`},
	{name: "wrapper range", query: "w_int32=2147483648", keys: []string{"w_int32"}, value: "2147483648", msg: "out of range for int32"},
	{name: "wrapper bool", query: "w_bool=maybe", keys: []string{"w_bool"}, value: "maybe", msg: "not a bool"},
	{name: "struct not an object", query: "st=%5B1%5D", keys: []string{"st"}, value: "[1]", msg: "not valid JSON for google.protobuf.Struct"},
	{name: "list not an array", query: "list=%7B%7D", keys: []string{"list"}, value: "{}", msg: "not valid JSON for google.protobuf.ListValue"},
	{name: "value not JSON", query: "val=hello", keys: []string{"val"}, value: "hello", msg: "not valid JSON for google.protobuf.Value"},
	{name: "repeated value not JSON", query: "r_value=%7B", keys: []string{"r_value"}, value: "{", msg: "not valid JSON"},
}

func TestDecodeErrors(t *testing.T) {
	md := descriptor(t, "Rich")
	dec := form.NewDecoder(md)
	for _, tc := range decodeErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			err := dec.Decode(parseQuery(t, tc.query), fromText(t, md, tc.init))
			if err == nil {
				t.Fatalf("Decode(%q) succeeded, want an error", tc.query)
			}
			fe := asFormError(t, err)
			if !slices.Contains(tc.keys, fe.Key) {
				t.Errorf("Key = %q, want one of %q", fe.Key, tc.keys)
			}
			if fe.Value != tc.value {
				t.Errorf("Value = %q, want %q", fe.Value, tc.value)
			}
			if !strings.Contains(fe.Msg, tc.msg) {
				t.Errorf("Msg = %q, want it to contain %q", fe.Msg, tc.msg)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  *form.Error
		want string
	}{
		{&form.Error{Key: "f_int32", Value: "2147483648", Msg: "out of range for int32"},
			`form: key "f_int32", value "2147483648": out of range for int32`},
		{&form.Error{Key: "items.name", Msg: `"items" is a repeated field`},
			`form: key "items.name": "items" is a repeated field`},
		{&form.Error{Key: "k", Value: strings.Repeat("v", 100), Msg: "bad"},
			`form: key "k", value "` + strings.Repeat("v", 64) + `"...: bad`},
		{&form.Error{Key: "a\nb", Value: "\xff", Msg: "bad"}, `form: key "a\nb", value "\xff": bad`},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %s, want %s", got, tc.want)
		}
	}
}

func TestDecodeWrongMessage(t *testing.T) {
	md := descriptor(t, "Rich")
	dec := form.NewDecoder(md)
	tests := []struct {
		name string
		msg  any
	}{
		{"other type", dynamicpb.NewMessage(descriptor(t, "Filter"))},
		{"nil", nil},
		{"nil pointer", (*timestamppb.Timestamp)(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			switch m := tc.msg.(type) {
			case nil:
				err = dec.Decode(url.Values{"f_int32": {"1"}}, nil)
			case *timestamppb.Timestamp:
				err = form.NewDecoder(m.ProtoReflect().Descriptor()).Decode(url.Values{"seconds": {"1"}}, m)
			case *dynamicpb.Message:
				err = dec.Decode(url.Values{"f_int32": {"1"}}, m)
			}
			var fe *form.Error
			if err == nil || errors.As(err, &fe) {
				t.Errorf("Decode = %v, want an error that is not a *form.Error", err)
			}
		})
	}
}

func TestNewDecoderPanicsOnBadSkip(t *testing.T) {
	md := descriptor(t, "Rich")
	for _, path := range []string{"nope", "f_int32.x", "items.name", "m_string.x", "filter.nope", "fInt32", ""} {
		t.Run(path, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatalf("NewDecoder(Skip(%q)) did not panic", path)
				}
				if s, ok := r.(string); !ok || !strings.Contains(s, "skip path") {
					t.Errorf("panic value %v does not name the skip path", r)
				}
			}()
			form.NewDecoder(md, form.Skip(path))
		})
	}
}
