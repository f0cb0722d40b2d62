package form_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

type decodeCase struct {
	name  string
	query string // raw query, as in a URL
	init  string // prototext the message holds before Decode
	skip  []string
	want  string // prototext of the message after Decode
}

var decodeCases = []decodeCase{
	{
		name: "scalars by proto name",
		query: "f_double=1.5&f_float=-2.25&f_int32=-2147483648&f_int64=-9223372036854775808" +
			"&f_uint32=4294967295&f_uint64=18446744073709551615&f_sint32=-7&f_sint64=9223372036854775807" +
			"&f_fixed32=3&f_fixed64=4&f_sfixed32=-5&f_sfixed64=-6&f_bool=true&f_string=h%C3%A9+llo" +
			"&f_bytes=AQID&f_enum=KIND_BOOK",
		want: `f_double: 1.5 f_float: -2.25 f_int32: -2147483648 f_int64: -9223372036854775808
			f_uint32: 4294967295 f_uint64: 18446744073709551615 f_sint32: -7 f_sint64: 9223372036854775807
			f_fixed32: 3 f_fixed64: 4 f_sfixed32: -5 f_sfixed64: -6 f_bool: true f_string: "hé llo"
			f_bytes: "\x01\x02\x03" f_enum: KIND_BOOK`,
	},
	{
		name:  "scalars by JSON name, custom json_name",
		query: "fDouble=1&fInt32=2&fString=x&fEnum=2&customJSON=c&fSfixed64=9",
		want:  `f_double: 1 f_int32: 2 f_string: "x" f_enum: KIND_FILM custom: "c" f_sfixed64: 9`,
	},
	{name: "custom json_name field by proto name", query: "custom=c", want: `custom: "c"`},
	{name: "int with plus sign", query: "f_int32=%2B5", want: `f_int32: 5`},
	{name: "bool True", query: "f_bool=True", want: `f_bool: true`},
	{name: "bool TRUE", query: "f_bool=TRUE", want: `f_bool: true`},
	{name: "bool tRuE", query: "f_bool=tRuE", want: `f_bool: true`},
	{name: "bool 1", query: "f_bool=1", want: `f_bool: true`},
	{name: "bool t", query: "f_bool=t", want: `f_bool: true`},
	{name: "bool false forms", query: "r_bool=false&r_bool=FALSE&r_bool=0&r_bool=f&r_bool=F&r_bool=fAlSe",
		want: `r_bool: [false, false, false, false, false, false]`},
	{name: "float specials", query: "r_double=NaN&r_double=Infinity&r_double=-Infinity&r_double=inf&r_double=1e10&r_double=0x1p-2",
		want: `r_double: [nan, inf, -inf, inf, 1e10, 0.25]`},
	{name: "float32 max", query: "f_float=3.4028235e38", want: `f_float: 3.4028235e38`},
	{name: "negative zero double", query: "f_double=-0", want: `f_double: -0`},
	{name: "bytes standard padded", query: "f_bytes=%2B%2F8%3D", want: `f_bytes: "\xfb\xff"`},
	{name: "bytes url-safe padded", query: "f_bytes=-_8%3D", want: `f_bytes: "\xfb\xff"`},
	{name: "bytes standard raw", query: "f_bytes=%2B%2F8", want: `f_bytes: "\xfb\xff"`},
	{name: "bytes url-safe raw", query: "f_bytes=-_8", want: `f_bytes: "\xfb\xff"`},
	{name: "enum by number", query: "f_enum=1", want: `f_enum: KIND_BOOK`},
	{name: "open enum, undeclared number", query: "f_enum=7", want: `f_enum: 7`},
	{name: "open enum, negative number", query: "f_enum=-1", want: `f_enum: -1`},
	{name: "optional zero and empty are set", query: "opt_int32=0&opt_string=", want: `opt_int32: 0 opt_string: ""`},
	{name: "empty values ignored unless a value", query: "f_int32=&f_enum=&f_bool=&f_double=&ts=&st=&val=&filter=&f_string=&w_int32=",
		want: ``},
	{name: "empty values of string-like wrappers and masks", query: "w_string=&w_bytes=&mask=&f_bytes=",
		want: `w_string: {} w_bytes: {} mask: {}`},
	{name: "repeated in order, commas kept", query: "r_int32=3&r_int32=1&r_int32=2&r_string=a,b&r_string=&r_string=c",
		want: `r_int32: [3, 1, 2] r_string: ["a,b", "", "c"]`},
	{name: "repeated empty number skipped", query: "r_int32=1&r_int32=&r_int32=2", want: `r_int32: [1, 2]`},
	{name: "repeated enum and bytes by JSON name", query: "rEnum=KIND_BOOK&rEnum=2&rBytes=AQ&rBytes=",
		want: `r_enum: [KIND_BOOK, KIND_FILM] r_bytes: ["\x01", ""]`},
	{name: "repeated timestamps", query: "r_ts=1970-01-01T00:00:01.5Z&r_ts=1970-01-01T01:00:00%2B01:00",
		want: `r_ts: [{seconds: 1 nanos: 500000000}, {}]`},
	{name: "repeated values, null is a value", query: "r_value=1&r_value=null&r_value=%22s%22&r_value=%5B%5D",
		want: `r_value: [{number_value: 1}, {null_value: NULL_VALUE}, {string_value: "s"}, {list_value: {}}]`},
	{name: "appends to repeated, adds to maps", init: `r_int32: 1 m_string {key: "a" value: "x"}`,
		query: "r_int32=2&m_string[b]=y", want: `r_int32: [1, 2] m_string {key: "a" value: "x"} m_string {key: "b" value: "y"}`},
	{
		name:  "string map keys taken verbatim",
		query: "m_string[a]=x&m_string[b.c]=y&m_string[]=e&m_string[a[b]]=z&m_string[%5D]=w&m_string[k]=",
		want: `m_string {key: "a" value: "x"} m_string {key: "b.c" value: "y"} m_string {key: "" value: "e"}
			m_string {key: "a[b]" value: "z"} m_string {key: "]" value: "w"} m_string {key: "k" value: ""}`,
	},
	{
		name:  "map keys parsed per key type",
		query: "m_int32[-1]=5&m_bool[true]=KIND_FILM&m_bool[0]=1&m_uint64[18446744073709551615]=NaN&m_sint32[-3]=AQ&m_fixed32[7]=8",
		want: `m_int32 {key: -1 value: 5} m_bool {key: true value: KIND_FILM} m_bool {key: false value: KIND_BOOK}
			m_uint64 {key: 18446744073709551615 value: nan} m_sint32 {key: -3 value: "\x01"} m_fixed32 {key: 7 value: 8}`,
	},
	{name: "map by JSON name", query: "mString[a]=x&mInt32[2]=3", want: `m_string {key: "a" value: "x"} m_int32 {key: 2 value: 3}`},
	{name: "map empty number value ignored", query: "m_int32[1]=", want: ``},
	{name: "map of well-known types", query: "m_dur[1]=1.5s&m_value[n]=null&m_value[o]=%7B%22a%22:1%7D",
		want: `m_dur {key: 1 value: {seconds: 1 nanos: 500000000}} m_value {key: "n" value: {null_value: NULL_VALUE}}
			m_value {key: "o" value: {struct_value: {fields {key: "a" value: {number_value: 1}}}}}`},
	{name: "nested", query: "filter.kind=KIND_BOOK&filter.query=q&filter.labels=a&filter.labels=b",
		want: `filter {kind: KIND_BOOK query: "q" labels: ["a", "b"]}`},
	{name: "recursive message types", query: "filter.child.child.kind=1&child.filter.kind=2&child.child.fInt32=3&child.fString=s",
		want: `filter {child {child {kind: KIND_BOOK}}} child {filter {kind: KIND_FILM} child {f_int32: 3} f_string: "s"}`},
	{name: "nested with JSON names", query: "child.fInt32=4&child.f_int64=5", want: `child {f_int32: 4 f_int64: 5}`},
	{name: "proto2: closed enum, group", query: "legacy.closed=CLOSED_ONE&legacy.closedList=0&legacy.closedList=1&legacy.grp.a=5&legacy.name=",
		want: `legacy {closed: CLOSED_ONE closed_list: [CLOSED_ZERO, CLOSED_ONE] Grp {a: 5} name: ""}`},
	{name: "proto2 closed enum by declared number", query: "legacy.closed=1", want: `legacy {closed: CLOSED_ONE}`},
	{name: "Any through its fields", query: "any.type_url=t&any.value=AQ", want: `any {type_url: "t" value: "\x01"}`},
	{name: "{} sets an empty message", query: "empty=%7B%7D&filter=%7B%7D&legacy.grp=%7B%7D", want: `empty {} filter {} legacy {Grp {}}`},
	{name: "{} with fields", query: "filter=%7B%7D&filter.kind=1", want: `filter {kind: KIND_BOOK}`},
	{name: "null leaves messages unset", query: "filter=null&ts=null&st=null&list=null&w_int32=null&mask=null&child.filter=null&c_filter=null",
		want: ``},
	{name: "null Value and NullValue", query: "val=null&null=null", want: `val {null_value: NULL_VALUE}`},
	{name: "NullValue by name", query: "null=NULL_VALUE", want: ``},
	{name: "timestamp", query: "ts=2024-01-02T03:04:05.123Z", want: `ts {seconds: 1704164645 nanos: 123000000}`},
	{name: "timestamp with offset", query: "ts=1970-01-01T01:00:01%2B01:00", want: `ts {seconds: 1}`},
	{name: "duration", query: "dur=-1.5s", want: `dur {seconds: -1 nanos: -500000000}`},
	{name: "duration in Go form", query: "dur=1h30m0.5s", want: `dur {seconds: 5400 nanos: 500000000}`},
	{name: "field mask camel to snake", query: "mask=updateTime,fInt32,a.bC,foo_bar,,x",
		want: `mask {paths: ["update_time", "f_int32", "a.b_c", "foo_bar", "x"]}`},
	{
		name: "wrappers as scalars",
		query: "w_int32=-5&w_int64=-6&w_uint32=7&w_uint64=8&w_float=NaN&w_double=1.5&w_bool=1" +
			"&w_string=s&w_bytes=-_8",
		want: `w_int32 {value: -5} w_int64 {value: -6} w_uint32 {value: 7} w_uint64 {value: 8} w_float {value: nan}
			w_double {value: 1.5} w_bool {value: true} w_string {value: "s"} w_bytes {value: "\xfb\xff"}`,
	},
	{name: "wrapper zero is set", query: "w_int32=0&wBool=false", want: `w_int32 {} w_bool {}`},
	{
		name:  "struct, list, value as JSON",
		query: "st=%7B%22a%22:%5B1,%22x%22,null%5D%7D&list=%5Btrue%5D&val=%22str%22",
		want: `st {fields {key: "a" value: {list_value: {values: [{number_value: 1}, {string_value: "x"}, {null_value: NULL_VALUE}]}}}}
			list {values: [{bool_value: true}]} val {string_value: "str"}`,
	},
	{name: "oneof scalar", query: "c_name=x", want: `c_name: "x"`},
	{name: "oneof zero is set", query: "cId=0", want: `c_id: 0`},
	{name: "oneof message through fields", query: "c_filter.kind=1&c_filter.query=q", want: `c_filter {kind: KIND_BOOK query: "q"}`},
	{name: "oneof message {}", query: "c_filter=%7B%7D", want: `c_filter {}`},
	{name: "oneof same member again", init: `c_name: "old"`, query: "c_name=new", want: `c_name: "new"`},
	{name: "unknown keys ignored", query: "nope=1&filter.nope=2&nope.x=3&nope[k]=v&=x&filter..kind=1&filter.=1&.f_int32=1&f_int32[=1",
		want: ``},
	{
		name:  "skipped paths ignored by either name",
		skip:  []string{"f_int32", "filter.kind", "m_string", "child"},
		query: "f_int32=1&fInt32=2&filter.kind=1&filter.kind.x=1&filter.query=q&m_string[a]=b&mString[c]=d&child.f_int32=1&child=bad&f_int64=5",
		want:  `filter {query: "q"} f_int64: 5`,
	},
	{name: "skipped path keeps the path value", init: `f_int32: 7 filter {kind: KIND_FILM}`, skip: []string{"f_int32", "filter.kind"},
		query: "f_int32=1&filter.kind=1&filter.query=q", want: `f_int32: 7 filter {kind: KIND_FILM query: "q"}`},
	{name: "skipped repeated message field", skip: []string{"items"}, query: "items=x&items.name=y", want: ``},
}

func TestDecode(t *testing.T) {
	md := descriptor(t, "Rich")
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			dec := form.NewDecoder(md, form.Skip(tc.skip...))
			got := fromText(t, md, tc.init)
			if err := dec.Decode(parseQuery(t, tc.query), got); err != nil {
				t.Fatalf("Decode(%q): %v", tc.query, err)
			}
			if d := diff(fromText(t, md, tc.want), got); d != "" {
				t.Errorf("Decode(%q) mismatch (-want +got):\n%s", tc.query, d)
			}
		})
	}
}

func TestDecodeZeroValuesMessage(t *testing.T) {
	md := descriptor(t, "Rich")
	got := dynamicpb.NewMessage(md)
	if err := form.NewDecoder(md).Decode(nil, got); err != nil {
		t.Fatalf("Decode(nil): %v", err)
	}
	if d := diff(dynamicpb.NewMessage(md), got); d != "" {
		t.Errorf("Decode(nil) changed the message:\n%s", d)
	}
}

func TestDecoderConcurrentUse(t *testing.T) {
	md := descriptor(t, "Rich")
	dec := form.NewDecoder(md, form.Skip("f_int64"))
	const query = "f_int32=1&filter.child.kind=2&m_string[a]=b&r_int32=1&r_int32=2&ts=1970-01-01T00:00:01Z"
	want := fromText(t, md, `f_int32: 1 filter {child {kind: KIND_FILM}} m_string {key: "a" value: "b"} r_int32: [1, 2] ts {seconds: 1}`)
	values := parseQuery(t, query)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got := dynamicpb.NewMessage(md)
				if err := dec.Decode(values, got); err != nil {
					errs <- err
					return
				}
				if d := diff(want, got); d != "" {
					t.Errorf("mismatch (-want +got):\n%s", d)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Decode: %v", err)
	}
}

// TestDecodeManyKeys binds more keys than Decode tracks without an index.
func TestDecodeManyKeys(t *testing.T) {
	md := descriptor(t, "Rich")
	dec := form.NewDecoder(md)
	values := url.Values{}
	want := dynamicpb.NewMessage(md)
	entries := want.Mutable(md.Fields().ByName("m_int32")).Map()
	for i := range 100 {
		values.Set(fmt.Sprintf("m_int32[%d]", i), strconv.Itoa(2*i))
		entries.Set(protoreflect.ValueOfInt32(int32(i)).MapKey(), protoreflect.ValueOfInt64(int64(2*i)))
	}
	got := dynamicpb.NewMessage(md)
	if err := dec.Decode(values, got); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if d := diff(want, got); d != "" {
		t.Errorf("mismatch (-want +got):\n%s", d)
	}

	values.Set("mInt32[+50]", "1")
	err := dec.Decode(values, dynamicpb.NewMessage(md))
	if err == nil {
		t.Fatal("Decode with map key 50 given twice succeeded")
	}
	if fe := asFormError(t, err); !strings.Contains(fe.Msg, "map key given twice") {
		t.Errorf("Msg = %q, want a duplicate map key", fe.Msg)
	}
}
