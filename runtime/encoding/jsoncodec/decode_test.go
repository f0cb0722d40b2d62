package jsoncodec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/sourcecontextpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/typepb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// decRun decodes data with read driving a Decoder, as a generated
// UnmarshalProtoJSON would, and returns what finish returns.
func decRun(data []byte, o UnmarshalOptions, read func(*Decoder)) error {
	d := newDecoder(data, &o)
	read(d)
	return d.finish()
}

// decPrim reads one value of a type protojson writes as a JSON primitive,
// into the message protojson would decode the same text into.
type decPrim struct {
	name string
	new  func() proto.Message
	read func(*Decoder) proto.Message
}

var decPrims = []decPrim{
	{"int32", func() proto.Message { return &wrapperspb.Int32Value{} },
		func(d *Decoder) proto.Message { return wrapperspb.Int32(d.Int32()) }},
	{"int64", func() proto.Message { return &wrapperspb.Int64Value{} },
		func(d *Decoder) proto.Message { return wrapperspb.Int64(d.Int64()) }},
	{"uint32", func() proto.Message { return &wrapperspb.UInt32Value{} },
		func(d *Decoder) proto.Message { return wrapperspb.UInt32(d.Uint32()) }},
	{"uint64", func() proto.Message { return &wrapperspb.UInt64Value{} },
		func(d *Decoder) proto.Message { return wrapperspb.UInt64(d.Uint64()) }},
	{"float", func() proto.Message { return &wrapperspb.FloatValue{} },
		func(d *Decoder) proto.Message { return wrapperspb.Float(d.Float32()) }},
	{"double", func() proto.Message { return &wrapperspb.DoubleValue{} },
		func(d *Decoder) proto.Message { return wrapperspb.Double(d.Float64()) }},
	{"bool", func() proto.Message { return &wrapperspb.BoolValue{} },
		func(d *Decoder) proto.Message { return wrapperspb.Bool(d.Bool()) }},
	{"string", func() proto.Message { return &wrapperspb.StringValue{} },
		func(d *Decoder) proto.Message { return wrapperspb.String(d.String()) }},
	{"bytes", func() proto.Message { return &wrapperspb.BytesValue{} },
		func(d *Decoder) proto.Message { return wrapperspb.Bytes(d.Bytes()) }},
	{"timestamp", func() proto.Message { return &timestamppb.Timestamp{} },
		func(d *Decoder) proto.Message { return decOrEmpty(d.Timestamp()) }},
	{"duration", func() proto.Message { return &durationpb.Duration{} },
		func(d *Decoder) proto.Message { return decOrEmpty(d.Duration()) }},
	{"fieldmask", func() proto.Message { return &fieldmaskpb.FieldMask{} },
		func(d *Decoder) proto.Message { return decOrEmpty(d.FieldMask()) }},
}

func decOrEmpty[M any, P interface {
	*M
	proto.Message
}](m P) proto.Message {
	if m == nil {
		return P(new(M))
	}
	return m
}

// decPrimInputs are JSON texts to read as each primitive.
var decPrimInputs = []string{
	// integers and their spellings
	`0`, `-0`, `1`, `-1`, `01`, `-01`, `00`, `1.0`, `1.00`, `1.5`, `-1.5`, `1e2`, `1E2`, `1e+2`, `1e-2`,
	`100e-2`, `100e-3`, `1.`, `.5`, `+1`, `- 1`, `-`, `1e`, `1e `, `1E `, `1e+ `, `1E- `, `0e+ `, `0e `, `1.0e `,
	`1.5e `, `1ee2`, `1e2.5`, `0x10`, `1_000`, `0.5e1`, `0.05e2`, `0.00000000001e25`, `0.0000000001e20`,
	`1e2147483648`, `0e99999999999`, `1e-2147483648`, `1e-2147483649`, `1e0000000000000000002`, `12e-1`,
	`123456789012345678901e-1`, `123456789012345678900e-1`, `1e19`, `1e20`, `1.8446744073709551615e19`,
	`2147483647`, `2147483648`, `-2147483648`, `-2147483649`, `4294967295`, `4294967296`, `-4294967295`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `-9223372036854775809`,
	`18446744073709551615`, `18446744073709551616`, `99999999999999999999`, `100000000000000000000`,
	`-0.0`, `-0e5`, `0.0e-5`, `10e-1`, `1000000000000000000000e-3`,
	// quoted numbers
	`"1"`, `" 1"`, `"1 "`, `"\t1"`, `"1\n"`, `"1e2"`, `"-0"`, `"+1"`, `"01"`, `"1.0"`, `"1.5"`, `"0x10"`,
	`"1e"`, `"1e "`, `"\u0031"`, `"1\u00a0"`, `"\u00a01"`, `"1\u2028"`, `""`, `"-"`, `"1,"`, `"1}"`, `"[1]"`,
	`"\"1\""`, `"4294967296"`, `"-2147483648"`, `"18446744073709551615"`, `"1e400"`, `"-1e400"`,
	`"NaN"`, `"Infinity"`, `"-Infinity"`, `"nan"`, `"inf"`, `"+Infinity"`, `"Infinity "`, `"\u004eaN"`,
	// floats
	`3.4028235e38`, `3.4028236e38`, `3.402823567e38`, `1e39`, `-1e39`, `1e308`, `1.7976931348623157e308`,
	`1.7976931348623159e308`, `1e309`, `-1e309`, `1e-400`, `4.9e-324`, `1e-46`, `1.401298464324817e-45`,
	`0.1`, `123456789.123456789`, `1e-7`, `5e-324`,
	// literals
	`true`, `false`, `null`, `True`, `FALSE`, `truex`, `true1`, `nul`, `tru`, `null_`, `true,`, `"true"`,
	// strings
	`"abc"`, `"a\"b"`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`, `"\u00e9"`, `"\u00E9"`, `"\ud83d\ude00"`, `"\uD83D\uDE00"`,
	`"\ud83d"`, `"\ude00"`, `"\ud83dx"`, `"\ud83d\u0041"`, `"\ud83d\ud83d"`, `"\ude00\ud83d"`, `"\x"`, `"\u12"`,
	`"\u12G4"`, `"\u"`, `"\ud83d\u12"`, "\"\t\"", "\"\x7f\"", "\"\x00\"", `"\u0000"`, "\"\xff\"", "\"\xed\xa0\x80\"",
	"\"\xc3\"", "\"\xc3\xa9\"", "\"\xef\xbf\xbd\"", "\"\xf4\x90\x80\x80\"", `"é"`, `"abc`, `"abc\`, `"abc\"`,
	`'a'`, `"a" "b"`, `"a"x`, `"a":`,
	// base64
	`"AQID"`, `"AQI"`, `"AQI="`, `"AQ=="`, `"AQ"`, `"AQ="`, `"A"`, `"-_8"`, `"-_8="`, `"+/8="`, `"+/8"`, `"+_8="`,
	`"AQ\nID"`, `"AQ\r\nID"`, `"AQI\n="`, `"A=Q="`, `"AR=="`, `"AR"`, `"===="`, `"AQ==AQ=="`, `"A Q=="`,
	`"AQID\u0000"`, `"_-__"`,
	// timestamps
	`"1970-01-01T00:00:00Z"`, `"2024-05-01T10:00:00.120Z"`, `"2024-05-01T10:00:00.123456789Z"`,
	`"2024-05-01T10:00:00.1234567891Z"`, `"2024-05-01T10:00:00.000000000000Z"`, `"2024-05-01T10:00:00+02:00"`,
	`"2024-05-01T10:00:00.5-07:30"`, `"2024-05-01t10:00:00z"`, `"2024-05-01 10:00:00Z"`, `"2024-05-01T10:00:00"`,
	`"0001-01-01T00:00:00Z"`, `"0000-12-31T23:59:59Z"`, `"9999-12-31T23:59:59.999999999Z"`,
	`"9999-12-31T23:59:59-01:00"`, `"0001-01-01T00:00:00+01:00"`, `"2024-02-30T00:00:00Z"`,
	`"2024-05-01T24:00:00Z"`, `"2024-05-01T10:00:60Z"`, `"2024-05-01T10:00:00,5Z"`, `"2024-5-1T10:00:00Z"`,
	`"2024-05-01T10:00:00.Z"`, `"2024-05-01T10:00:00+24:00"`, `"2024-05-01T10:00:00+0200"`,
	`"2024-05-01T10:00:00.123456789+02:00"`, `"2024-05-01T10:00:00.1234567891+02:00"`, `"+2024-05-01T10:00:00Z"`,
	// durations
	`"1s"`, `"-1s"`, `"+1s"`, `"1.5s"`, `"-1.5s"`, `"0.5s"`, `"-0.5s"`, `".5s"`, `"-.5s"`, `"1.s"`, `".s"`, `"-.s"`,
	`"s"`, `"-s"`, `"1"`, `"01s"`, `"00s"`, `"0s"`, `"1.123456789s"`, `"1.1234567891s"`, `"1.000000000s"`,
	`"315576000000s"`, `"315576000001s"`, `"-315576000000.999999999s"`, `"-315576000001s"`,
	`"9223372036854775807s"`, `"9223372036854775808s"`, `"1e3s"`, `"1 s"`, `" 1s"`, `"1S"`, `"1ms"`, `"1.5.5s"`,
	// field masks
	`"fooBar"`, `"fooBar,bazQux.quux"`, `"foo_bar"`, `"foo,"`, `",foo"`, `"foo,,bar"`, `" foo "`, `"foo, bar"`,
	`"Foo"`, `"fOO"`, `"foo.Bar"`, `"foo."`, `".foo"`, `"foo..bar"`, `"1foo"`, `"foo1"`, `"foo.1bar"`, `"föo"`,
	`"foo-bar"`, `"\u00a0foo\u00a0"`, `"a1B2"`, `"a.b.c"`,
	// enums of NullValue
	`"NULL_VALUE"`, `"NULL"`, `5`, `-5`, `5.0`, `"5"`,
	// structure and whitespace
	``, ` `, ` 1 `, "\t1\n", "\r1\r", "\xc2\xa01", "\f1", "\v1", "1\x00", `1 2`, `1,`, `1}`, `1]`, `[1]`, `{}`,
	`[`, `{`, `]`, `}`, `,`, `:`, `"\ufeff"`, "\xef\xbb\xbf1",
}

// TestDecodePrimitives reads each input as each primitive and compares
// acceptance and value with protojson.
func TestDecodePrimitives(t *testing.T) {
	for _, in := range decPrimInputs {
		for _, p := range decPrims {
			if msg := decComparePrim(p, []byte(in)); msg != "" {
				t.Errorf("%s %q: %s", p.name, in, msg)
			}
		}
	}
}

// decComparePrim reports how the Decoder and protojson disagree on data
// read as p, or "".
func decComparePrim(p decPrim, data []byte) string {
	want := p.new()
	errWant := protojson.Unmarshal(data, want)
	var got proto.Message
	errGot := decRun(data, UnmarshalOptions{}, func(d *Decoder) { got = p.read(d) })
	switch {
	case errWant == nil && errGot != nil:
		return fmt.Sprintf("protojson accepts (%v), Decoder rejects: %v", want, errGot)
	case errWant != nil && errGot == nil:
		return fmt.Sprintf("protojson rejects (%v), Decoder accepts: %v", errWant, got)
	case errWant == nil && !proto.Equal(got, want):
		return fmt.Sprintf("protojson reads %v, Decoder %v", want, got)
	}
	return ""
}

// FuzzDecodePrimitives checks that the Decoder and protojson agree on
// acceptance and value for every primitive, and on skipping the text as an
// unknown field's value.
func FuzzDecodePrimitives(f *testing.F) {
	for _, in := range decPrimInputs {
		f.Add([]byte(in))
	}
	for _, in := range decSkipInputs {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range decPrims {
			if msg := decComparePrim(p, data); msg != "" {
				t.Errorf("%s %q: %s", p.name, data, msg)
			}
		}
		in := append(append([]byte(`{"u":`), data...), '}')
		if msg := decCompareSkip(in, 0, true); msg != "" {
			t.Errorf("skipping %q: %s", in, msg)
		}
	})
}

// decReadEmpty reads google.protobuf.Empty as its generated code would.
func decReadEmpty(d *Decoder) {
	if !d.EnterMessage() {
		return
	}
	for d.NextField() {
		d.Unknown()
	}
	d.LeaveMessage()
}

// decCompareSkip reports how the Decoder and protojson disagree on data
// read as google.protobuf.Empty, or "".
func decCompareSkip(data []byte, limit int, discard bool) string {
	errWant := protojson.UnmarshalOptions{DiscardUnknown: discard, RecursionLimit: limit}.Unmarshal(data, &emptypb.Empty{})
	errGot := decRun(data, UnmarshalOptions{DiscardUnknown: discard, RecursionLimit: limit}, decReadEmpty)
	if (errWant == nil) != (errGot == nil) {
		return fmt.Sprintf("protojson: %v, Decoder: %v", errWant, errGot)
	}
	return ""
}

// decSkipInputs are values of unknown fields.
var decSkipInputs = []string{
	`1`, `"x"`, `null`, `true`, `[]`, `{}`, `[1,2,3]`, `{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, `[[]]`, `[{}]`,
	`[[[[[[1]]]]]]`, `{"a":{"a":{"a":{}}}}`, ` [ 1 , { "a" : [ ] } ] `, `[1,]`, `[,1]`, `[1 2]`, `{"a"}`, `{"a":}`,
	`{"a":1,}`, `{,}`, `{1:2}`, `{"a" 1}`, `{"a"::1}`, `[}`, `{]`, `[1}`, `{"a":1]`, `[[]`, `[]]`, `{"a":[}]}`,
	`1e`, `1e,`, `[1e]`, `[1E+]`, `[1e ,2]`, `{"a":1e}`, `[0e+]`, `[-]`, `[01]`, `[1.]`, `[.1]`, `[+1]`, `[1x]`,
	`[truex]`, `[nul]`, `["\ud83d"]`, "[\"\xff\"]", "{\"\xff\":1}", `{"\u0061":1}`, `{"a":1,"a":2}`, `[1]x`,
	`[1]]`, `"a"`, `[NaN]`, `[Infinity]`, `[-0]`, `[1.5e300]`, `[1e999]`, `[` + strings.Repeat(`"x",`, 50) + `1]`,
	"[\t\n\r 1]", "[\f1]", "[\u00a01]", `{"":{"":[""]}}`,
}

// TestDecodeSkip compares skipping unknown fields with protojson's, with
// and without DiscardUnknown, and the grammar around the members.
func TestDecodeSkip(t *testing.T) {
	for _, v := range decSkipInputs {
		for _, discard := range []bool{true, false} {
			in := []byte(`{"unknownfield":` + v + `}`)
			if msg := decCompareSkip(in, 0, discard); msg != "" {
				t.Errorf("%s (discard %v): %s", in, discard, msg)
			}
		}
	}
	for _, in := range []string{
		`{}`, ` { } `, `{"a":1,"b":2}`, `{"a":1,}`, `{,"a":1}`, `{"a":1 "b":2}`, `{"a":1}}`, `{"a":1} x`,
		`{"a":1}{}`, `{"a":1`, `{"a"`, `{"a":`, `{`, ``, `null`, `[]`, `"x"`, `{"a":1}` + "\x00", `{"a":1}` + "\n\t",
		`{"a":1}/**/`, "\xef\xbb\xbf{}", `{"a":1,"a":2}`, `{"a" : 1 , "b" : 2 }`, `{ "a":[1,{"b":null}] }`,
	} {
		if msg := decCompareSkip([]byte(in), 0, true); msg != "" {
			t.Errorf("%s: %s", in, msg)
		}
	}
}

// TestDecodeSkipDepth compares the nesting protojson allows in skipped
// values, which depends on the recursion limit and the depth of the
// message.
func TestDecodeSkipDepth(t *testing.T) {
	for _, limit := range []int{-1, 1, 2, 3, 5, 0} {
		for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 9999, 10000} {
			arrays := strings.Repeat("[", n) + strings.Repeat("]", n)
			objects := strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
			for _, v := range []string{arrays, objects} {
				in := []byte(`{"u":` + v + `}`)
				if msg := decCompareSkip(in, limit, true); msg != "" {
					t.Errorf("limit %d, depth %d: %s", limit, n, msg)
				}
			}
		}
	}
}

// TestDecodeErrors checks the failures that the comparisons cannot: the
// messages, offsets and field names, and that later calls do nothing.
func TestDecodeErrors(t *testing.T) {
	err := decRun([]byte(`{"a": 1, "bad\u0021": "x"}`), UnmarshalOptions{}, func(d *Decoder) {
		d.EnterMessage()
		d.NextField()
		d.Int32()
		d.NextField()
		d.Int32()
		if d.Int32() != 0 || d.String() != "" || d.NextField() || d.Bytes() != nil {
			t.Error("calls after a failure return values")
		}
	})
	want := `jsoncodec: field bad! (offset 22): invalid value for int32: "x"`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	err = decRun([]byte(`{"a":1} x`), UnmarshalOptions{DiscardUnknown: true}, decReadEmpty)
	if err == nil || !strings.Contains(err.Error(), "offset 8: unexpected token x") {
		t.Errorf("trailing data: %v", err)
	}
	err = decRun([]byte(`{"a":1}`), UnmarshalOptions{}, decReadEmpty)
	if err == nil || !strings.Contains(err.Error(), `unknown field "a"`) {
		t.Errorf("unknown field: %v", err)
	}
	// protojson's errors are kept, with the offset of the value.
	err = decRun([]byte(`{"v": {"@type": "x/unknown.Type"}}`), UnmarshalOptions{}, func(d *Decoder) {
		d.EnterMessage()
		d.NextField()
		d.Message(&anypb.Any{})
		d.NextField()
		d.LeaveMessage()
	})
	if errors.Unwrap(err) == nil || !strings.Contains(err.Error(), `field v (offset 6): proto`) {
		t.Errorf("Any: %v", err)
	}
}

// TestDecodeKeys compares map keys, read with the Key methods, with
// protojson's reading of the same key into a map field of each key type.
func TestDecodeKeys(t *testing.T) {
	keys := []string{`"1"`, `"-1"`, `"+1"`, `"01"`, `"-0"`, `" 1"`, `"1 "`, `"1.0"`, `"1e2"`, `""`, `"+"`, `"-"`, `"x"`,
		`"\u0031"`, `"2147483647"`, `"2147483648"`, `"-2147483648"`, `"-2147483649"`, `"4294967295"`, `"4294967296"`,
		`"9223372036854775807"`, `"9223372036854775808"`, `"-9223372036854775808"`, `"-9223372036854775809"`,
		`"18446744073709551615"`, `"18446744073709551616"`, `"1_0"`, `"0x1"`, `"true"`, `"false"`, `"True"`, `"1"`,
		`"true "`, `"é"`}
	fields := []string{"mI32", "mI64", "mU32", "mU64", "mBool", "mStr", "mS32", "mF64"}
	for _, k := range keys {
		for _, f := range fields {
			v := "1"
			switch f {
			case "mI64":
				v = "{}"
			case "mU32":
				v = "true"
			case "mU64":
				v = `"RED"`
			case "mI32":
				v = `"x"`
			case "mS32":
				v = `""`
			}
			in := []byte(`{"` + f + `":{` + k + `:` + v + `}}`)
			if msg := decCompareDyn(in, UnmarshalOptions{}); msg != "" {
				t.Errorf("%s: %s", in, msg)
			}
		}
	}
}

// decDynSource is a message with a field of each kind, for comparing a
// reflective stand-in for generated code with protojson.
const decDynSource = `syntax = "proto3";
package jsoncodec.test;
import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
message M {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
  fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10; float flt = 11; double dbl = 12;
  bool b = 13; string str = 14; bytes byt = 15; Color color = 16; optional int32 opt_i32 = 17; M child = 18;
  repeated int32 r_i32 = 19; repeated string r_str = 20; repeated M r_child = 21; repeated Color r_color = 22;
  map<string, int32> m_str = 23; map<int32, string> m_i32 = 24; map<int64, M> m_i64 = 25;
  map<uint32, bool> m_u32 = 26; map<uint64, Color> m_u64 = 27; map<bool, double> m_bool = 28;
  map<sint32, bytes> m_s32 = 29; map<fixed64, float> m_f64 = 30;
  oneof kind { string o_str = 31; M o_child = 32; google.protobuf.NullValue o_null = 33; int64 o_i64 = 34; }
  google.protobuf.Timestamp ts = 35; google.protobuf.Duration dur = 36; google.protobuf.FieldMask fm = 37;
  google.protobuf.Struct st = 38; google.protobuf.Value val = 39; google.protobuf.ListValue lv = 40;
  google.protobuf.Any any = 41; google.protobuf.Empty empty = 42; google.protobuf.Int64Value w_i64 = 43;
  google.protobuf.StringValue w_str = 44; google.protobuf.BoolValue w_bool = 45; google.protobuf.BytesValue w_byt = 46;
  google.protobuf.DoubleValue w_dbl = 47; repeated google.protobuf.Timestamp r_ts = 48;
  google.protobuf.NullValue null_val = 49; repeated google.protobuf.Value r_val = 50;
  map<string, google.protobuf.Value> m_val = 51; repeated google.protobuf.NullValue r_null = 52;
  M json_named = 53 [json_name = "custom"]; repeated bytes r_byt = 54; repeated double r_dbl = 55;
}`

var decDynDesc = func() protoreflect.MessageDescriptor {
	c := protocompile.Compiler{Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: func(path string) (io.ReadCloser, error) {
			if path != "m.proto" {
				return nil, errors.New("not found")
			}
			return io.NopCloser(strings.NewReader(decDynSource)), nil
		},
	})}
	files, err := c.Compile(context.Background(), "m.proto")
	if err != nil {
		panic(err)
	}
	fd, err := protodesc.NewFile(protodesc.ToFileDescriptorProto(files[0]), protoregistry.GlobalFiles)
	if err != nil {
		panic(err)
	}
	return fd.Messages().ByName("M")
}()

// decCompareDyn reports how a reflective stand-in for generated code and
// protojson disagree on data read as the test message, or "".
func decCompareDyn(data []byte, o UnmarshalOptions) string {
	want := dynamicpb.NewMessage(decDynDesc)
	errWant := o.protojson().Unmarshal(data, want)
	got := dynamicpb.NewMessage(decDynDesc)
	errGot := decRun(data, o, func(d *Decoder) { decReadDyn(d, got) })
	switch {
	case errWant == nil && errGot != nil:
		return fmt.Sprintf("protojson accepts (%v), Decoder rejects: %v", want, errGot)
	case errWant != nil && errGot == nil:
		return fmt.Sprintf("protojson rejects (%v), Decoder accepts: %v", errWant, got)
	case errWant == nil && !proto.Equal(got, want):
		return fmt.Sprintf("protojson reads %v, Decoder %v", want, got)
	}
	return ""
}

// decReadDyn reads m field by field through the Decoder, the way
// generated code does, using reflection only to store the values.
func decReadDyn(d *Decoder, m protoreflect.Message) {
	if !d.EnterMessage() {
		return
	}
	fields := m.Descriptor().Fields()
	var seen [1]uint64
	var oneofs [1]uint64
	for d.NextField() {
		fd := fields.ByJSONName(string(d.Key()))
		if fd == nil {
			fd = fields.ByTextName(string(d.Key()))
		}
		if fd == nil {
			d.Unknown()
			continue
		}
		if !d.First(seen[:], fd.Index()) {
			continue
		}
		if !decTakesNull(fd) && d.Null() {
			continue
		}
		switch {
		case fd.IsList():
			if !d.ArrayStart() {
				continue
			}
			list := m.Mutable(fd).List()
			for d.NextElem() {
				if v, ok := decReadDynValue(d, fd, list.NewElement); ok {
					list.Append(v)
				}
			}
		case fd.IsMap():
			if !d.ObjectStart() {
				continue
			}
			mm := m.Mutable(fd).Map()
			for d.NextField() {
				k := decReadDynKey(d, fd.MapKey())
				if d.err == nil && mm.Has(k) {
					d.DuplicateKey()
				}
				if v, ok := decReadDynValue(d, fd.MapValue(), mm.NewValue); ok && d.err == nil {
					mm.Set(k, v)
				}
			}
		default:
			if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() &&
				!d.Oneof(oneofs[:], od.Index(), string(od.FullName())) {
				continue
			}
			if v, ok := decReadDynValue(d, fd, func() protoreflect.Value { return m.NewField(fd) }); ok && d.err == nil {
				m.Set(fd, v)
			}
		}
	}
	d.LeaveMessage()
}

// decTakesNull reports whether null is a value of fd rather than its
// absence, as for google.protobuf.Value and NullValue.
func decTakesNull(fd protoreflect.FieldDescriptor) bool {
	if e := fd.Enum(); e != nil {
		return e.FullName() == "google.protobuf.NullValue"
	}
	return fd.Message() != nil && fd.Message().FullName() == "google.protobuf.Value"
}

func decReadDynKey(d *Decoder, fd protoreflect.FieldDescriptor) protoreflect.MapKey {
	var v protoreflect.Value
	switch fd.Kind() {
	case protoreflect.StringKind:
		v = protoreflect.ValueOfString(d.KeyString())
	case protoreflect.BoolKind:
		v = protoreflect.ValueOfBool(d.KeyBool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		v = protoreflect.ValueOfInt32(d.KeyInt32())
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		v = protoreflect.ValueOfInt64(d.KeyInt64())
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		v = protoreflect.ValueOfUint32(d.KeyUint32())
	default:
		v = protoreflect.ValueOfUint64(d.KeyUint64())
	}
	return v.MapKey()
}

var decEnumValues = map[protoreflect.FullName]map[string]int32{}

// decReadDynValue reads one value of fd's type (an element, for lists).
func decReadDynValue(d *Decoder, fd protoreflect.FieldDescriptor, newMsg func() protoreflect.Value) (protoreflect.Value, bool) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(d.Bool()), true
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(d.Int32()), true
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(d.Int64()), true
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(d.Uint32()), true
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(d.Uint64()), true
	case protoreflect.FloatKind:
		return protoreflect.ValueOfFloat32(d.Float32()), true
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(d.Float64()), true
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(d.String()), true
	case protoreflect.BytesKind:
		return protoreflect.ValueOfBytes(d.Bytes()), true
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			v, ok := d.NullValue()
			return protoreflect.ValueOfEnum(protoreflect.EnumNumber(v)), ok
		}
		values := decEnumValues[fd.Enum().FullName()]
		if values == nil {
			values = map[string]int32{}
			for i := 0; i < fd.Enum().Values().Len(); i++ {
				ev := fd.Enum().Values().Get(i)
				values[string(ev.Name())] = int32(ev.Number())
			}
			decEnumValues[fd.Enum().FullName()] = values
		}
		v, ok := d.Enum(values)
		return protoreflect.ValueOfEnum(protoreflect.EnumNumber(v)), ok
	}
	v := newMsg()
	var src proto.Message
	switch fd.Message().FullName() {
	case "jsoncodec.test.M":
		decReadDyn(d, v.Message())
		return v, true
	case "google.protobuf.Timestamp":
		src = decOrEmpty(d.Timestamp())
	case "google.protobuf.Duration":
		src = decOrEmpty(d.Duration())
	case "google.protobuf.FieldMask":
		src = decOrEmpty(d.FieldMask())
	case "google.protobuf.Int64Value":
		if d.Wrapper() {
			src = wrapperspb.Int64(d.Int64())
		}
	case "google.protobuf.StringValue":
		if d.Wrapper() {
			src = wrapperspb.String(d.String())
		}
	case "google.protobuf.BoolValue":
		if d.Wrapper() {
			src = wrapperspb.Bool(d.Bool())
		}
	case "google.protobuf.BytesValue":
		if d.Wrapper() {
			src = wrapperspb.Bytes(d.Bytes())
		}
	case "google.protobuf.DoubleValue":
		if d.Wrapper() {
			src = wrapperspb.Double(d.Float64())
		}
	default:
		mt, err := protoregistry.GlobalTypes.FindMessageByName(fd.Message().FullName())
		if err != nil {
			panic(err)
		}
		src = mt.New().Interface()
		d.Message(src)
	}
	if d.err == nil {
		proto.Merge(v.Message().Interface(), src)
	}
	return v, true
}

// decDynInputs are documents to read as the test message.
var decDynInputs = []string{
	`{}`, `{"i32":1,"i64":"2","u32":3,"u64":"4","s32":-5,"s64":"-6","f32":7,"f64":"8","sf32":-9,"sf64":"-10"}`,
	`{"flt":1.5,"dbl":"NaN","b":true,"str":"x\u00e9","byt":"AQID","color":"RED"}`, `{"color":2}`, `{"color":7}`,
	`{"color":"BLUE"}`, `{"color":1.0}`, `{"color":"1"}`, `{"color":null}`, `{"optI32":0}`, `{"opt_i32":0}`,
	`{"optI32":0,"opt_i32":1}`, `{"i32":1,"i32":2}`, `{"child":{"child":{"i32":1}}}`, `{"child":null}`,
	`{"rI32":[1,2,"3"],"r_str":["a"],"rChild":[{},{"i32":1}],"rColor":["RED","BLUE",2]}`, `{"rI32":[null]}`,
	`{"rI32":null}`, `{"rChild":[null]}`, `{"rI32":[]}`, `{"rI32":{}}`, `{"mStr":{"a":1,"b":2}}`, `{"mStr":{"a":1,"a":2}}`,
	`{"mI32":{"1":"a","01":"b"}}`, `{"mI64":{"1":{"i32":1}}}`, `{"mU64":{"1":"BLUE","1":"RED"}}`, `{"mU64":{"1":"RED","1":"BLUE"}}`,
	`{"mBool":{"true":1,"false":"2"}}`, `{"mStr":{"a":null}}`, `{"mStr":null}`, `{"mStr":[]}`,
	`{"oStr":"x"}`, `{"oStr":"x","oChild":{}}`, `{"oStr":null,"oChild":{}}`, `{"oNull":null}`, `{"oNull":null,"oStr":"x"}`,
	`{"oNull":"NULL_VALUE"}`, `{"oNull":3}`, `{"oNull":"X"}`, `{"oI64":"5","o_str":"x"}`, `{"nullVal":null}`,
	`{"nullVal":0}`, `{"rNull":[null,"NULL_VALUE",1,"X"]}`, `{"ts":"2024-05-01T10:00:00Z","dur":"1.5s","fm":"a.bC,d"}`,
	`{"ts":null,"dur":null,"fm":null}`, `{"fm":""}`, `{"st":{"a":[1,"x",null,{"b":true}]}}`, `{"st":{"a":1,"a":2}}`,
	`{"val":null}`, `{"val":1e}`, `{"val":1e,"i32":1}`, `{"val":[1e ]}`, `{"val":"NaN"}`, `{"val":{"a":null}}`,
	`{"lv":[1,null]}`, `{"lv":null}`, `{"rVal":[null,1,"a",[],{}]}`, `{"mVal":{"a":null}}`, `{"st":null}`,
	`{"any":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1s"}}`, `{"any":{}}`,
	`{"any":{"@type":"type.googleapis.com/google.protobuf.Empty"}}`, `{"any":{"a":1}}`, `{"empty":{}}`,
	`{"empty":{"a":1}}`, `{"empty":null}`, `{"wI64":"5","wStr":"x","wBool":false,"wByt":"","wDbl":"-Infinity"}`,
	`{"wI64":null}`, `{"wI64":1e}`, `{"wI64":1e }`, `{"w_i64":1.0}`, `{"rTs":["2024-05-01T10:00:00Z"]}`,
	`{"rTs":[null]}`, `{"custom":{"i32":1}}`, `{"json_named":{"i32":1}}`, `{"jsonNamed":{}}`, `{"rByt":["AQ","-_"]}`,
	`{"rDbl":[1,"1",1e1,"Infinity"]}`, `{"unknown":1}`, `{"i32":1,"unknown":[1,{"a":2}]}`, `{"[ext]":1}`,
	`{"i32":1}x`, `{"i32":1,}`, `{"i32" 1}`, `{"child":{"i32":1,}}`, `{"rI32":[1,]}`, `{"rI32":[1}`,
	`{"mStr":{"a":1,}}`, `{"mStr":{"a" 1}}`, `{"mStr":{,}}`, `{"i32":"1", "str":1}`, `{"b":"true"}`,
	`{"any":{"@type":"type.googleapis.com/google.protobuf.Int64Value","value":1e}}`,
	`{"i32":1e}`, `{"i32":1E+}`, `{"rI32":[1e,2e ,3.0e]}`, `{"u64":0e+}`, `{"u64":0e}`, `{"flt":1e}`, `{"color":1e}`,
	`{"i32":-0e}`, `{"i64":1.5e}`, `{"i64":15e-1}`, `{"oI64":"1e2"}`, `{"mStr":{"a":1e}}`, `{"i32" :1}`,
	` {"i32": 1 } `, "{\"i32\":\t1\r\n}", `{"i32":1 ,}`, `{"str":"\ud800\udc00"}`, `{"val":-}`,
}

// TestDecodeMessage compares reading whole messages with protojson, with
// and without DiscardUnknown.
func TestDecodeMessage(t *testing.T) {
	for _, in := range decDynInputs {
		for _, discard := range []bool{false, true} {
			if msg := decCompareDyn([]byte(in), UnmarshalOptions{DiscardUnknown: discard}); msg != "" {
				t.Errorf("%s (discard %v): %s", in, discard, msg)
			}
		}
	}
}

// TestDecodeDepth compares the recursion limit at each kind of nested
// message: generated ones, well-known ones read by the Decoder, and those
// handed to protojson.
func TestDecodeDepth(t *testing.T) {
	nest := func(n int, inner string) string {
		return strings.Repeat(`{"child":`, n) + inner + strings.Repeat("}", n)
	}
	inners := []string{`{}`, `{"i32":1}`, `{"ts":"2024-05-01T10:00:00Z"}`, `{"wI64":"1"}`, `{"st":{}}`,
		`{"val":1}`, `{"val":{"a":{"b":[[1]]}}}`, `{"any":{"@type":"type.googleapis.com/google.protobuf.Empty"}}`,
		`{"u":[[[1]]]}`, `{"u":{"a":{}}}`, `{"rChild":[{"rTs":["2024-05-01T10:00:00Z"]}]}`, `{"empty":{"x":[1]}}`,
		`{"ts":null}`, `{"mI64":{"1":{}}}`}
	for _, limit := range []int{-1, 1, 2, 3, 4, 5, 6} {
		for n := 0; n < 6; n++ {
			for _, inner := range inners {
				in := nest(n, inner)
				if msg := decCompareDyn([]byte(in), UnmarshalOptions{RecursionLimit: limit, DiscardUnknown: true}); msg != "" {
					t.Errorf("limit %d: %s: %s", limit, in, msg)
				}
			}
		}
	}
	deep := nest(10001, `{}`)
	if msg := decCompareDyn([]byte(deep), UnmarshalOptions{}); msg != "" {
		t.Errorf("10001 deep: %s", msg[:min(len(msg), 200)])
	}
}

// FuzzDecodeMessage compares reading the test message with protojson.
func FuzzDecodeMessage(f *testing.F) {
	for _, in := range decDynInputs {
		f.Add([]byte(in), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, discard bool) {
		if msg := decCompareDyn(data, UnmarshalOptions{DiscardUnknown: discard}); msg != "" {
			t.Errorf("%q (discard %v): %s", data, discard, msg)
		}
	})
}

// TestDecodeFloatSpecial checks the values proto.Equal cannot tell apart.
func TestDecodeFloatSpecial(t *testing.T) {
	for in, want := range map[string]float64{`"NaN"`: math.NaN(), `"Infinity"`: math.Inf(1), `"-Infinity"`: math.Inf(-1),
		`-0`: math.Copysign(0, -1), `"-0.0"`: math.Copysign(0, -1)} {
		var got float64
		if err := decRun([]byte(in), UnmarshalOptions{}, func(d *Decoder) { got = d.Float64() }); err != nil {
			t.Errorf("%s: %v", in, err)
		}
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("%s: %v, want %v", in, got, want)
		}
	}
}

// decReadType reads typepb.Type as generated code would, for the
// benchmark and to check a decoder over concrete Go types.
func decReadType(d *Decoder, x *typepb.Type) {
	if !d.EnterMessage() {
		return
	}
	var seen [1]uint64
	for d.NextField() {
		switch string(d.Key()) {
		case "name":
			if d.First(seen[:], 0) && !d.Null() {
				x.Name = d.String()
			}
		case "fields":
			if d.First(seen[:], 1) && !d.Null() && d.ArrayStart() {
				for d.NextElem() {
					f := &typepb.Field{}
					decReadField(d, f)
					x.Fields = append(x.Fields, f)
				}
			}
		case "oneofs":
			if d.First(seen[:], 2) && !d.Null() && d.ArrayStart() {
				for d.NextElem() {
					x.Oneofs = append(x.Oneofs, d.String())
				}
			}
		case "sourceContext", "source_context":
			if d.First(seen[:], 4) && !d.Null() {
				x.SourceContext = &sourcecontextpb.SourceContext{}
				d.Message(x.SourceContext)
			}
		case "syntax":
			if d.First(seen[:], 5) && !d.Null() {
				if v, ok := d.Enum(typepb.Syntax_value); ok {
					x.Syntax = typepb.Syntax(v)
				}
			}
		case "edition":
			if d.First(seen[:], 6) && !d.Null() {
				x.Edition = d.String()
			}
		default:
			d.Unknown()
		}
	}
	d.LeaveMessage()
}

func decReadField(d *Decoder, x *typepb.Field) {
	if !d.EnterMessage() {
		return
	}
	var seen [1]uint64
	for d.NextField() {
		switch string(d.Key()) {
		case "kind":
			if d.First(seen[:], 0) && !d.Null() {
				if v, ok := d.Enum(typepb.Field_Kind_value); ok {
					x.Kind = typepb.Field_Kind(v)
				}
			}
		case "cardinality":
			if d.First(seen[:], 1) && !d.Null() {
				if v, ok := d.Enum(typepb.Field_Cardinality_value); ok {
					x.Cardinality = typepb.Field_Cardinality(v)
				}
			}
		case "number":
			if d.First(seen[:], 2) && !d.Null() {
				x.Number = d.Int32()
			}
		case "name":
			if d.First(seen[:], 3) && !d.Null() {
				x.Name = d.String()
			}
		case "typeUrl", "type_url":
			if d.First(seen[:], 4) && !d.Null() {
				x.TypeUrl = d.String()
			}
		case "oneofIndex", "oneof_index":
			if d.First(seen[:], 5) && !d.Null() {
				x.OneofIndex = d.Int32()
			}
		case "packed":
			if d.First(seen[:], 6) && !d.Null() {
				x.Packed = d.Bool()
			}
		case "jsonName", "json_name":
			if d.First(seen[:], 8) && !d.Null() {
				x.JsonName = d.String()
			}
		case "defaultValue", "default_value":
			if d.First(seen[:], 9) && !d.Null() {
				x.DefaultValue = d.String()
			}
		default:
			d.Unknown()
		}
	}
	d.LeaveMessage()
}

const decTypeJSON = `{"name":"acme.Item","fields":[
 {"kind":"TYPE_STRING","cardinality":"CARDINALITY_OPTIONAL","number":1,"name":"id","jsonName":"id"},
 {"kind":"TYPE_INT64","cardinality":"CARDINALITY_OPTIONAL","number":2,"name":"count","jsonName":"count","defaultValue":"0"},
 {"kind":"TYPE_MESSAGE","cardinality":"CARDINALITY_REPEATED","number":3,"name":"create_time","typeUrl":"type.googleapis.com/google.protobuf.Timestamp","jsonName":"createTime","packed":false},
 {"kind":"TYPE_STRING","cardinality":"CARDINALITY_REPEATED","number":4,"name":"tags","jsonName":"tags","oneofIndex":0}
],"oneofs":["kind"],"sourceContext":{"fileName":"acme/item.proto"},"syntax":"SYNTAX_PROTO3","edition":"2023"}`

// TestDecodeType checks the concrete decoder against protojson.
func TestDecodeType(t *testing.T) {
	for _, in := range []string{decTypeJSON, `{}`, `{"fields":[{"kind":"TYPE_BOGUS"}]}`, `{"fields":[{"number":"7"}]}`,
		`{"fields":[{"packed":true,"packed":false}]}`, `{"syntax":1}`, `{"sourceContext":{"x":1}}`} {
		for _, discard := range []bool{false, true} {
			want := &typepb.Type{}
			errWant := protojson.UnmarshalOptions{DiscardUnknown: discard}.Unmarshal([]byte(in), want)
			got := &typepb.Type{}
			errGot := decRun([]byte(in), UnmarshalOptions{DiscardUnknown: discard}, func(d *Decoder) { decReadType(d, got) })
			if (errWant == nil) != (errGot == nil) || errWant == nil && !proto.Equal(got, want) {
				t.Errorf("%s (discard %v): protojson %v, %v; Decoder %v, %v", in, discard, want, errWant, got, errGot)
			}
		}
	}
}

// BenchmarkDecoderType reads a typepb.Type as generated code would.
func BenchmarkDecoderType(b *testing.B) {
	data := []byte(decTypeJSON)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		x := &typepb.Type{}
		if err := decRun(data, UnmarshalOptions{}, func(d *Decoder) { decReadType(d, x) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecoderTypeProtojson is protojson reading the same, to compare.
func BenchmarkDecoderTypeProtojson(b *testing.B) {
	data := []byte(decTypeJSON)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := protojson.Unmarshal(data, &typepb.Type{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecoderScalars reads numbers, strings and skips unknown values.
func BenchmarkDecoderScalars(b *testing.B) {
	data := []byte(`{"a":"123456","b":1.5e3,"c":"hello, world","d":[1,2,{"x":null}],"e":true,"f":"AQIDBA=="}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		err := decRun(data, UnmarshalOptions{DiscardUnknown: true}, func(d *Decoder) {
			if !d.EnterMessage() {
				return
			}
			for d.NextField() {
				switch string(d.Key()) {
				case "a":
					d.Int64()
				case "b":
					d.Float64()
				case "e":
					d.Bool()
				default:
					d.Unknown()
				}
			}
			d.LeaveMessage()
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeKeyAndAllocs checks that names without escapes are read in
// place, that names with escapes are unescaped, and that reading numbers,
// bools, names and skipped values allocates nothing while a string
// allocates once.
func TestDecodeKeyAndAllocs(t *testing.T) {
	data := []byte(`{"plain":1,"esc\u0061ped":2}`)
	var keys []string
	err := decRun(data, UnmarshalOptions{}, func(d *Decoder) {
		d.EnterMessage()
		for d.NextField() {
			k := d.Key()
			if string(k) == "plain" && &k[0] != &data[2] {
				t.Error("a plain name is copied")
			}
			keys = append(keys, string(k))
			d.Int32()
		}
		d.LeaveMessage()
	})
	if err != nil || strings.Join(keys, ",") != "plain,escaped" {
		t.Errorf("keys %q, %v", keys, err)
	}
	data = []byte(`{"a":"123","b":1.5e3,"c":true,"d":[1,{"x":null}],"e":null,"f":"x\"y"}`)
	var s string
	allocs := testing.AllocsPerRun(100, func() {
		err = decRun(data, UnmarshalOptions{DiscardUnknown: true}, func(d *Decoder) {
			d.EnterMessage()
			for d.NextField() {
				switch string(d.Key()) {
				case "a":
					d.Int64()
				case "b":
					d.Float32()
				case "c":
					d.Bool()
				case "e":
					d.Null()
				case "f":
					s = d.String()
				default:
					d.Unknown()
				}
			}
			d.LeaveMessage()
		})
	})
	if err != nil || s != `x"y` || allocs != 1 {
		t.Errorf("%v allocations (want 1), %q, %v", allocs, s, err)
	}
}
