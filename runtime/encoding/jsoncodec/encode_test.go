package jsoncodec

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/apipb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/sourcecontextpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/typepb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// encRun writes with f to a pooled Encoder, as MarshalOptions.Marshal does.
func encRun(o MarshalOptions, f func(e *Encoder)) (string, error) {
	e := newEncoder(nil, &o)
	f(e)
	b, err := e.finish()
	if err == nil && b == nil {
		return "", errors.New("finish returned nil without an error")
	}
	return string(b), err
}

// encWant is protojson's output for m without its random spaces.
func encWant(t testing.TB, o MarshalOptions, m proto.Message) (string, error) {
	t.Helper()
	b, err := o.protojson().Marshal(m)
	if err != nil {
		return "", err
	}
	var c bytes.Buffer
	if err := json.Compact(&c, b); err != nil {
		t.Fatalf("protojson wrote invalid JSON %q: %v", b, err)
	}
	return c.String(), nil
}

// encCompare checks that f writes what protojson writes for m, or that
// both fail.
func encCompare(t testing.TB, o MarshalOptions, name string, f func(*Encoder), m proto.Message) {
	t.Helper()
	got, gotErr := encRun(o, f)
	want, wantErr := encWant(t, o, m)
	switch {
	case (gotErr != nil) != (wantErr != nil):
		t.Errorf("%s: error %v, protojson error %v (got %q, protojson %q)", name, gotErr, wantErr, got, want)
	case gotErr == nil && got != want:
		t.Errorf("%s: got %s, protojson %s", name, got, want)
	}
}

var encFloat64Cases = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, -0.1, 0.3, 1.0 / 3, 2.0 / 3, 1.5, 100, 123.456, math.Pi, math.E,
	1e6, 123456789, 1 << 53, 1<<53 + 2, 1e15, 1e20, 99999999999999999999, 9.999999999999999e20,
	1e21, -1e21, 1.5e21, 1e22, 1e100, 1e300, math.MaxFloat64, -math.MaxFloat64,
	1e-5, 1e-6, -1e-6, 1.0000000000000002e-6, 9.999999999999999e-7, 1e-7, 1.5e-7, 1.2345e-8, 1e-9, 1e-10,
	1e-100, 2.2250738585072014e-308, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
	float64(float32(0.1)), float64(math.MaxFloat32),
	math.NaN(), math.Inf(1), math.Inf(-1),
}

var encFloat32Cases = []float32{
	0, float32(math.Copysign(0, -1)), 1, -1, 0.1, 0.2, 0.3, 1.0 / 3, 123.456, 16777216, 16777217, 1e10,
	1e20, 9.99999e20, 1e21, -1e21, math.Nextafter32(1e21, 0), math.Nextafter32(1e21, 2e21),
	math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, 1.17549435e-38,
	1e-6, math.Nextafter32(1e-6, 0), math.Nextafter32(1e-6, 1), 1e-7, 1.5e-7, 1e-30,
	float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
}

func TestEncoderFloats(t *testing.T) {
	for _, v := range encFloat64Cases {
		encCompare(t, MarshalOptions{}, "Float64", func(e *Encoder) { e.Float64(v) }, wrapperspb.Double(v))
	}
	for _, v := range encFloat32Cases {
		encCompare(t, MarshalOptions{}, "Float32", func(e *Encoder) { e.Float32(v) }, wrapperspb.Float(v))
	}
	for _, s := range []struct {
		f    func(*Encoder)
		want string
	}{
		{func(e *Encoder) { e.Float64(1e-7) }, "1e-7"},
		{func(e *Encoder) { e.Float64(1e21) }, "1e+21"},
		{func(e *Encoder) { e.Float64(math.NaN()) }, `"NaN"`},
		{func(e *Encoder) { e.Float32(0.1) }, "0.1"},
		{func(e *Encoder) { e.Float32(float32(math.Inf(-1))) }, `"-Infinity"`},
	} {
		if got, err := encRun(MarshalOptions{}, s.f); err != nil || got != s.want {
			t.Errorf("got %s, %v; want %s", got, err, s.want)
		}
	}
}

func TestEncoderIntegers(t *testing.T) {
	for _, v := range []int32{math.MinInt32, -1, 0, 1, 42, math.MaxInt32} {
		encCompare(t, MarshalOptions{}, "Int32", func(e *Encoder) { e.Int32(v) }, wrapperspb.Int32(v))
	}
	for _, v := range []uint32{0, 1, 42, math.MaxUint32} {
		encCompare(t, MarshalOptions{}, "Uint32", func(e *Encoder) { e.Uint32(v) }, wrapperspb.UInt32(v))
	}
	for _, v := range []int64{math.MinInt64, -1 << 53, -1, 0, 1, 1<<53 + 1, math.MaxInt64} {
		encCompare(t, MarshalOptions{}, "Int64", func(e *Encoder) { e.Int64(v) }, wrapperspb.Int64(v))
	}
	for _, v := range []uint64{0, 1, 1<<53 + 1, math.MaxUint64} {
		encCompare(t, MarshalOptions{}, "Uint64", func(e *Encoder) { e.Uint64(v) }, wrapperspb.UInt64(v))
	}
	for _, v := range []bool{false, true} {
		encCompare(t, MarshalOptions{}, "Bool", func(e *Encoder) { e.Bool(v) }, wrapperspb.Bool(v))
	}
}

// encStringCases are valid and invalid UTF-8 strings; protojson must agree
// on both the output and the failures.
var encStringCases = func() []string {
	var ascii []byte
	for c := 0; c < utf8.RuneSelf; c++ {
		ascii = append(ascii, byte(c))
	}
	return []string{
		"", "abc", `"`, `\`, `a"b\c`, "\b\f\n\r\t", "\x00\x01\x1f\x7f", string(ascii),
		"<>&'", "é", "日本語", "🎉 party", "\u2028\u2029", "\ufffd", "\ufeff", "a/b",
		"\xff", "a\xc3", "\xc3(", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "ok\xe2\x82", "\x80",
		strings.Repeat("long string ", 100) + "\n",
	}
}()

func TestEncoderStrings(t *testing.T) {
	for _, s := range encStringCases {
		encCompare(t, MarshalOptions{}, "String "+strconvQuote(s), func(e *Encoder) { e.String(s) }, wrapperspb.String(s))
		st := &structpb.Struct{Fields: map[string]*structpb.Value{s: structpb.NewNullValue()}}
		encCompare(t, MarshalOptions{}, "MapKeyString "+strconvQuote(s), func(e *Encoder) {
			e.ObjectStart()
			e.MapKeyString(s)
			e.Null()
			e.ObjectEnd()
		}, st)
	}
	got, _ := encRun(MarshalOptions{}, func(e *Encoder) { e.String("\x00\x1f\"\\\u2028") })
	if want := `"\u0000\u001f\"\\` + "\u2028\""; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal([]byte(s)); return string(b) }

func TestEncoderBytes(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, b := range [][]byte{nil, {}, []byte("a"), []byte("ab"), []byte("abc"), []byte("abcd"), {0xfb, 0xff}, all} {
		encCompare(t, MarshalOptions{}, "Bytes", func(e *Encoder) { e.Bytes(b) }, wrapperspb.Bytes(b))
	}
}

func TestEncoderEnum(t *testing.T) {
	for _, v := range []typepb.Syntax{1, 2, 7, -3} {
		encCompare(t, MarshalOptions{}, "Enum "+v.String(), func(e *Encoder) {
			e.ObjectStart()
			e.Name(`"syntax":`, `"syntax":`)
			e.Enum(int32(v), typepb.Syntax_name)
			e.ObjectEnd()
		}, &typepb.Enum{Syntax: v})
	}
	if got, _ := encRun(MarshalOptions{}, func(e *Encoder) { e.Enum(0, typepb.Syntax_name) }); got != `"SYNTAX_PROTO2"` {
		t.Errorf("Enum(0) = %s", got)
	}
}

const (
	encMinTS = -62135596800
	encMaxTS = 253402300799
	encMaxD  = 315576000000
)

var encTimestampCases = []struct {
	secs  int64
	nanos int32
}{
	{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, 10}, {0, 1000}, {0, 1000000}, {0, 120000000}, {0, 999999999},
	{1700000000, 123456789}, {951782400, 0}, {4102444800, 500}, {-2208988800, 1},
	{encMinTS, 0}, {encMinTS, 999999999}, {encMaxTS, 0}, {encMaxTS, 999999999},
	{encMinTS - 1, 0}, {encMaxTS + 1, 0}, {0, -1}, {0, 1e9}, {math.MinInt64, 0}, {math.MaxInt64, 0},
	{-61000000000, 5}, {-50000000000, 5000},
}

func TestEncoderTimestamp(t *testing.T) {
	for _, c := range encTimestampCases {
		m := &timestamppb.Timestamp{Seconds: c.secs, Nanos: c.nanos}
		encCompare(t, MarshalOptions{}, "Timestamp "+m.String(), func(e *Encoder) { e.Timestamp(m) }, m)
		encCompare(t, MarshalOptions{}, "Message "+m.String(), func(e *Encoder) { e.Message(m) }, m)
	}
	encCompare(t, MarshalOptions{}, "Timestamp nil", func(e *Encoder) { e.Timestamp(nil) }, &timestamppb.Timestamp{})
}

var encDurationCases = []struct {
	secs  int64
	nanos int32
}{
	{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {0, 500000000}, {0, -500000000}, {1, 500000000},
	{-1, -500000000}, {5, 1000}, {-5, -1000}, {3600, 999999999}, {0, -999999999},
	{encMaxD, 0}, {-encMaxD, 0}, {encMaxD, 999999999}, {-encMaxD, -999999999},
	{encMaxD + 1, 0}, {-encMaxD - 1, 0}, {1, -1}, {-1, 1}, {0, 1e9}, {0, -1e9}, {math.MinInt64, 0},
}

func TestEncoderDuration(t *testing.T) {
	for _, c := range encDurationCases {
		m := &durationpb.Duration{Seconds: c.secs, Nanos: c.nanos}
		encCompare(t, MarshalOptions{}, "Duration "+m.String(), func(e *Encoder) { e.Duration(m) }, m)
		encCompare(t, MarshalOptions{}, "Message "+m.String(), func(e *Encoder) { e.Message(m) }, m)
	}
	encCompare(t, MarshalOptions{}, "Duration nil", func(e *Encoder) { e.Duration(nil) }, &durationpb.Duration{})
}

var encFieldMaskCases = [][]string{
	nil, {"a"}, {"foo_bar"}, {"foo_bar.baz_qux", "x"}, {"a.b.c"}, {"foo1"}, {"_foo"}, {"a._b"},
	{"a_b_c_d"}, {"user.display_name", "user.email"},
	{""}, {"fooBar"}, {"foo__bar"}, {"foo_"}, {"foo_1"}, {"a..b"}, {".a"}, {"a."}, {"1a"}, {"a-b"},
	{"a b"}, {"é"}, {"A"}, {"a_.b"}, {"_"}, {"__a"}, {"ok", "bad Path"}, {"a_B"}, {"a.1"},
}

func TestEncoderFieldMask(t *testing.T) {
	for _, paths := range encFieldMaskCases {
		m := &fieldmaskpb.FieldMask{Paths: paths}
		encCompare(t, MarshalOptions{}, "FieldMask "+strings.Join(paths, "|"), func(e *Encoder) { e.FieldMask(m) }, m)
		encCompare(t, MarshalOptions{}, "Message "+strings.Join(paths, "|"), func(e *Encoder) { e.Message(m) }, m)
	}
	encCompare(t, MarshalOptions{}, "FieldMask nil", func(e *Encoder) { e.FieldMask(nil) }, &fieldmaskpb.FieldMask{})
}

// encTestMsg is a message with hand-written "generated" code.
type encTestMsg struct {
	*emptypb.Empty
	f func(*Encoder)
}

func (m *encTestMsg) MarshalProtoJSON(e *Encoder) { m.f(e) }

func TestEncoderMessage(t *testing.T) {
	api := &apipb.Api{
		Name:    "svc",
		Methods: []*apipb.Method{{Name: "Get", RequestTypeUrl: "type/x", ResponseStreaming: true}, {}},
		Options: []*typepb.Option{{Name: "o", Value: mustAny(t, durationpb.New(1500))}},
		Mixins:  []*apipb.Mixin{{Name: "m", Root: "r"}},
		Syntax:  typepb.Syntax_SYNTAX_PROTO3,
	}
	val, _ := structpb.NewValue(map[string]any{"b": []any{1.5, "x", nil, true}, "a": map[string]any{}})
	msgs := []proto.Message{
		api, &apipb.Api{}, val, val.GetStructValue(), val.GetStructValue().Fields["b"].GetListValue(),
		structpb.NewNullValue(), &emptypb.Empty{}, mustAny(t, timestamppb.New(timestamppb.Now().AsTime())),
		wrapperspb.Double(0.5), wrapperspb.Float(0.1), wrapperspb.Int64(-3), wrapperspb.UInt64(3),
		wrapperspb.Int32(-3), wrapperspb.UInt32(3), wrapperspb.Bool(true), wrapperspb.String("s\n"),
		wrapperspb.Bytes([]byte("hi")), (*wrapperspb.Int64Value)(nil), (*emptypb.Empty)(nil),
		&structpb.Value{}, wrapperspb.String("\xff"), &sourcecontextpb.SourceContext{FileName: "f"},
		(*apipb.Api)(nil),
	}
	for _, o := range []MarshalOptions{{}, {UseProtoNames: true}, {EmitUnpopulated: true}} {
		for _, m := range msgs {
			encCompare(t, o, "Message", func(e *Encoder) { e.Message(m) }, m)
			got, gotErr := encRun(o, func(e *Encoder) {
				e.ArrayStart()
				e.Elem()
				e.Int32(1)
				e.Elem()
				e.Message(m)
				e.ArrayEnd()
			})
			want, wantErr := encWant(t, o, m)
			if (gotErr != nil) != (wantErr != nil) || gotErr == nil && got != "[1,"+want+"]" {
				t.Errorf("Message in array: got %s, %v; protojson %s, %v", got, gotErr, want, wantErr)
			}
		}
	}
	if got, err := encRun(MarshalOptions{}, func(e *Encoder) { e.Message(nil) }); got != "{}" || err != nil {
		t.Errorf("Message(nil) = %s, %v", got, err)
	}
	gen := &encTestMsg{f: func(e *Encoder) { e.ObjectStart(); e.Name(`"x":`, `"x":`); e.Int32(1); e.ObjectEnd() }}
	if got, err := encRun(MarshalOptions{}, func(e *Encoder) { e.Message(gen) }); got != `{"x":1}` || err != nil {
		t.Errorf("Message(Marshaler) = %s, %v", got, err)
	}
}

func mustAny(t testing.TB, m proto.Message) *anypb.Any {
	a, err := anypb.New(m)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestEncoderCompact(t *testing.T) {
	for in, want := range map[string]string{
		``:                                  ``,
		`{"a":1, "b":[1, 2, {}], "c":null}`: `{"a":1,"b":[1,2,{}],"c":null}`,
		`{"a b":"c, d", "e":"\" , x"}`:      `{"a b":"c, d","e":"\" , x"}`,
		`["\\", "x\\\" y", " "]`:            `["\\","x\\\" y"," "]`,
	} {
		b := encCompact([]byte("keep, "+in), len("keep, "))
		if got := string(b); got != "keep, "+want {
			t.Errorf("encCompact(%s) = %s, want %s", in, got, want)
		}
	}
	st, _ := structpb.NewStruct(map[string]any{"a b": "c, d", "e": []any{1, "x , y"}, "f": map[string]any{"g": nil}})
	got, err := encRun(MarshalOptions{}, func(e *Encoder) { e.Message(st) })
	if want := `{"a b":"c, d","e":[1,"x , y"],"f":{"g":null}}`; got != want || err != nil {
		t.Errorf("got %s, %v; want %s", got, err, want)
	}
}

func TestEncoderStickyError(t *testing.T) {
	for _, o := range []MarshalOptions{{}, {UseProtoNames: true}} {
		e := newEncoder(nil, &o)
		e.ObjectStart()
		e.Name(`"okField":`, `"ok_field":`)
		e.String("fine")
		e.Name(`"badField":`, `"bad_field":`)
		e.ObjectStart()
		e.MapKeyString("k")
		e.String("bad \xff")
		e.ObjectEnd()
		e.Name(`"later":`, `"later":`)
		e.Timestamp(&timestamppb.Timestamp{Seconds: math.MaxInt64})
		e.Message(&structpb.Value{})
		e.ObjectEnd()
		if len(e.buf) > len(`{"okField":"fine","bad_field":{"k":"bad `) {
			t.Errorf("kept writing after the failure: %s", e.buf)
		}
		b, err := e.finish()
		if b != nil || err == nil {
			t.Fatalf("finish = %q, %v; want nil and an error", b, err)
		}
		name := "badField"
		if o.UseProtoNames {
			name = "bad_field"
		}
		if want := "jsoncodec: field " + name + ": invalid UTF-8 in string"; err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
		if !errors.Is(err, errEncInvalidUTF8) {
			t.Errorf("error %v does not wrap the cause", err)
		}
	}
	for _, f := range []func(*Encoder){
		func(e *Encoder) { e.Duration(&durationpb.Duration{Seconds: 1, Nanos: -1}) },
		func(e *Encoder) { e.FieldMask(&fieldmaskpb.FieldMask{Paths: []string{"aB"}}) },
		func(e *Encoder) { e.Message(&structpb.Value{}) },
	} {
		_, err := encRun(MarshalOptions{}, func(e *Encoder) { e.ObjectStart(); e.Name(`"f":`, `"f":`); f(e); e.ObjectEnd() })
		if err == nil || !strings.HasPrefix(err.Error(), "jsoncodec: field f: ") {
			t.Errorf("error %v, want one naming field f", err)
		}
	}
	if _, err := encRun(MarshalOptions{}, func(e *Encoder) { e.String("\xff") }); err == nil || err.Error() != "jsoncodec: invalid UTF-8 in string" {
		t.Errorf("top-level error %v", err)
	}
}

func TestEncoderBuffers(t *testing.T) {
	obj := func(s string) *encTestMsg {
		return &encTestMsg{f: func(e *Encoder) { e.ObjectStart(); e.Name(`"s":`, `"s":`); e.String(s); e.ObjectEnd() }}
	}
	// Appending in place when the caller's buffer has room.
	b := make([]byte, 2, 64)
	copy(b, "xx")
	out, err := MarshalOptions{}.MarshalAppend(b, obj("a"))
	if err != nil || string(out) != `xx{"s":"a"}` || &out[0] != &b[0] {
		t.Errorf("MarshalAppend with room = %q, %v, in place %v", out, err, err == nil && &out[0] == &b[0])
	}
	// A full buffer is left alone.
	b = []byte("yy")
	out, err = MarshalOptions{}.MarshalAppend(b, obj("b"))
	if err != nil || string(out) != `yy{"s":"b"}` || string(b) != "yy" {
		t.Errorf("MarshalAppend full = %q, %v", out, err)
	}
	// Outputs never share the pooled scratch buffer.
	first, _ := MarshalOptions{}.Marshal(obj("first"))
	for range 10 {
		if _, err := (MarshalOptions{}).Marshal(obj("second, longer")); err != nil {
			t.Fatal(err)
		}
	}
	if string(first) != `{"s":"first"}` {
		t.Errorf("an earlier output changed: %q", first)
	}
	// Failures return nil.
	if out, err := (MarshalOptions{}).MarshalAppend(make([]byte, 0, 8), obj("\xff")); out != nil || err == nil {
		t.Errorf("failure = %q, %v", out, err)
	}
	// The scratch buffer is kept unless it grew huge.
	for _, n := range []int{10, 100 << 10} {
		o := MarshalOptions{}
		e := newEncoder(nil, &o)
		e.String(strings.Repeat("a", n))
		out, err := e.finish()
		if err != nil || len(out) != n+2 {
			t.Fatalf("len %d, %v", len(out), err)
		}
		switch kept := e.scratch; {
		case n > encMaxPooledBuffer && kept != nil:
			t.Errorf("kept a %d-byte buffer", cap(kept))
		case n < encMaxPooledBuffer && (cap(kept) == 0 || &kept[:1][0] == &out[0]):
			t.Errorf("scratch buffer dropped or shared with the output")
		}
	}
}

func encRaceEnabled() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" {
				return s.Value == "true"
			}
		}
	}
	return false
}

// encPrimitives writes one of everything, as generated code would.
func encPrimitives(e *Encoder) {
	e.ObjectStart()
	e.Name(`"s":`, `"s":`)
	e.String("hello, world")
	e.Name(`"f":`, `"f":`)
	e.Float64(3.25)
	e.Name(`"g":`, `"g":`)
	e.Float32(0.1)
	e.Name(`"i":`, `"i":`)
	e.Int64(-1234567890123)
	e.Name(`"u":`, `"u":`)
	e.Uint32(7)
	e.Name(`"b":`, `"b":`)
	e.Bytes([]byte("bytes"))
	e.Name(`"e":`, `"e":`)
	e.Enum(1, typepb.Syntax_name)
	e.Name(`"t":`, `"t":`)
	e.Timestamp(&timestamppb.Timestamp{Seconds: 1700000000, Nanos: 5e8})
	e.Name(`"d":`, `"d":`)
	e.Duration(&durationpb.Duration{Seconds: 3, Nanos: 1})
	e.Name(`"m":`, `"m":`)
	e.FieldMask(&fieldmaskpb.FieldMask{Paths: []string{"a_b", "c"}})
	e.Name(`"l":`, `"l":`)
	e.ArrayStart()
	for _, v := range []bool{true, false} {
		e.Elem()
		e.Bool(v)
	}
	e.ArrayEnd()
	e.Name(`"k":`, `"k":`)
	e.ObjectStart()
	e.MapKeyInt64(-1)
	e.Null()
	e.MapKeyString("x")
	e.Int32(2)
	e.ObjectEnd()
	e.ObjectEnd()
}

func TestEncoderAllocs(t *testing.T) {
	if encRaceEnabled() {
		t.Skip("sync.Pool drops entries at random under the race detector")
	}
	msg := &encTestMsg{f: encPrimitives}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() {
		if _, err := (MarshalOptions{}).MarshalAppend(buf[:0], msg); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("MarshalAppend into a big enough buffer: %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		if _, err := (MarshalOptions{}).Marshal(msg); err != nil {
			t.Fatal(err)
		}
	}); n != 1 {
		t.Errorf("Marshal: %v allocations, want 1 (the output)", n)
	}
}

func TestSortedKeys(t *testing.T) {
	s := map[string]int{"b": 1, "a": 1, "B": 1, "é": 1, "aa": 1, "": 1, "\u2028": 1, "z": 1}
	var sb [16]string
	if got, want := SortedKeys(s, sb[:0]), []string{"", "B", "a", "aa", "b", "z", "é", "\u2028"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	i := map[int64]bool{3: true, -1: true, math.MinInt64: true, 0: true, math.MaxInt64: true}
	var ib [2]int64 // too small: grows
	if got, want := SortedKeys(i, ib[:1]), []int64{math.MinInt64, -1, 0, 3, math.MaxInt64}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := SortedKeys(map[uint32]int(nil), nil); len(got) != 0 {
		t.Errorf("nil map: %v", got)
	}
	if n := testing.AllocsPerRun(100, func() { SortedKeys(s, sb[:0]) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

// TestEncoderMessages writes random messages of a dynamic type with all
// kinds of fields the way generated code does (encWalk) and compares with
// protojson, under each option.
func TestEncoderMessages(t *testing.T) {
	md := encTestDescriptor(t)
	r := rand.New(rand.NewPCG(1, 2))
	opts := []MarshalOptions{{}, {UseProtoNames: true}, {EmitUnpopulated: true}, {EmitUnpopulated: true, UseProtoNames: true}}
	for i := range 200 {
		m := dynamicpb.NewMessage(md)
		if i > 0 {
			encFill(r, m, 2)
		}
		for _, o := range opts {
			encCompare(t, o, "message", func(e *Encoder) { encWalk(e, m) }, m)
		}
		if t.Failed() {
			t.Fatalf("message %d: %v", i, m)
		}
	}
}

// encWalk writes m with the typed methods, field by field in declaration
// order as protoc-gen-go-json does.
func encWalk(e *Encoder, m protoreflect.Message) {
	switch m.Descriptor().FullName() {
	case "google.protobuf.Timestamp":
		e.Timestamp(encConcrete(m, &timestamppb.Timestamp{}))
		return
	case "google.protobuf.Duration":
		e.Duration(encConcrete(m, &durationpb.Duration{}))
		return
	case "google.protobuf.FieldMask":
		e.FieldMask(encConcrete(m, &fieldmaskpb.FieldMask{}))
		return
	case "google.protobuf.StringValue":
		e.String(encConcrete(m, &wrapperspb.StringValue{}).GetValue())
		return
	case "google.protobuf.Int64Value":
		e.Int64(encConcrete(m, &wrapperspb.Int64Value{}).GetValue())
		return
	case "google.protobuf.FloatValue":
		e.Float32(encConcrete(m, &wrapperspb.FloatValue{}).GetValue())
		return
	}
	if m.Descriptor().FullName().Parent() == "google.protobuf" {
		e.Message(m.Interface())
		return
	}
	e.ObjectStart()
	fds := m.Descriptor().Fields()
	for i := 0; i < fds.Len(); i++ {
		fd := fds.Get(i)
		has := m.Has(fd)
		if !has && (!e.EmitUnpopulated() || fd.ContainingOneof() != nil) {
			continue
		}
		e.Name(`"`+fd.JSONName()+`":`, `"`+fd.TextName()+`":`)
		switch v := m.Get(fd); {
		case fd.IsList():
			e.ArrayStart()
			for j := 0; j < v.List().Len(); j++ {
				e.Elem()
				encWalkValue(e, fd, v.List().Get(j))
			}
			e.ArrayEnd()
		case fd.IsMap():
			encWalkMap(e, fd, v.Map())
		case !has && fd.HasPresence():
			e.Null()
		default:
			encWalkValue(e, fd, v)
		}
	}
	e.ObjectEnd()
}

func encConcrete[T proto.Message](m protoreflect.Message, t T) T {
	if c, ok := m.Interface().(T); ok {
		return c
	}
	b, _ := proto.Marshal(m.Interface())
	_ = proto.Unmarshal(b, t)
	return t
}

func encWalkValue(e *Encoder, fd protoreflect.FieldDescriptor, v protoreflect.Value) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		e.Bool(v.Bool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		e.Int32(int32(v.Int()))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		e.Uint32(uint32(v.Uint()))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		e.Int64(v.Int())
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		e.Uint64(v.Uint())
	case protoreflect.FloatKind:
		e.Float32(float32(v.Float()))
	case protoreflect.DoubleKind:
		e.Float64(v.Float())
	case protoreflect.StringKind:
		e.String(v.String())
	case protoreflect.BytesKind:
		e.Bytes(v.Bytes())
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			e.Null()
			return
		}
		names := map[int32]string{}
		for i := 0; i < fd.Enum().Values().Len(); i++ {
			ev := fd.Enum().Values().Get(i)
			names[int32(ev.Number())] = string(ev.Name())
		}
		e.Enum(int32(v.Enum()), names)
	default:
		encWalk(e, v.Message())
	}
}

func encWalkMap(e *Encoder, fd protoreflect.FieldDescriptor, m protoreflect.Map) {
	e.ObjectStart()
	val := fd.MapValue()
	switch fd.MapKey().Kind() {
	case protoreflect.StringKind:
		byKey := map[string]protoreflect.Value{}
		m.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool { byKey[k.String()] = v; return true })
		var kb [4]string
		for _, k := range SortedKeys(byKey, kb[:0]) {
			e.MapKeyString(k)
			encWalkValue(e, val, byKey[k])
		}
	case protoreflect.BoolKind:
		for _, k := range [...]bool{false, true} {
			if v := m.Get(protoreflect.ValueOfBool(k).MapKey()); v.IsValid() {
				e.MapKeyBool(k)
				encWalkValue(e, val, v)
			}
		}
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		byKey := map[uint64]protoreflect.Value{}
		m.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool { byKey[k.Uint()] = v; return true })
		for _, k := range SortedKeys(byKey, nil) {
			e.MapKeyUint64(k)
			encWalkValue(e, val, byKey[k])
		}
	default:
		byKey := map[int64]protoreflect.Value{}
		m.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool { byKey[k.Int()] = v; return true })
		for _, k := range SortedKeys(byKey, nil) {
			e.MapKeyInt64(k)
			encWalkValue(e, val, byKey[k])
		}
	}
	e.ObjectEnd()
}

// encTestDescriptor builds message jsoncodec.enctest.M, with a field of
// every kind the Encoder has a method for.
func encTestDescriptor(t testing.TB) protoreflect.MessageDescriptor {
	type ty = descriptorpb.FieldDescriptorProto_Type
	const (
		tString   = descriptorpb.FieldDescriptorProto_TYPE_STRING
		tBytes    = descriptorpb.FieldDescriptorProto_TYPE_BYTES
		tBool     = descriptorpb.FieldDescriptorProto_TYPE_BOOL
		tInt32    = descriptorpb.FieldDescriptorProto_TYPE_INT32
		tSint32   = descriptorpb.FieldDescriptorProto_TYPE_SINT32
		tSfixed32 = descriptorpb.FieldDescriptorProto_TYPE_SFIXED32
		tUint32   = descriptorpb.FieldDescriptorProto_TYPE_UINT32
		tFixed32  = descriptorpb.FieldDescriptorProto_TYPE_FIXED32
		tInt64    = descriptorpb.FieldDescriptorProto_TYPE_INT64
		tSint64   = descriptorpb.FieldDescriptorProto_TYPE_SINT64
		tUint64   = descriptorpb.FieldDescriptorProto_TYPE_UINT64
		tFixed64  = descriptorpb.FieldDescriptorProto_TYPE_FIXED64
		tFloat    = descriptorpb.FieldDescriptorProto_TYPE_FLOAT
		tDouble   = descriptorpb.FieldDescriptorProto_TYPE_DOUBLE
		tEnum     = descriptorpb.FieldDescriptorProto_TYPE_ENUM
		tMsg      = descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
	)
	opt := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()
	rep := descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
	var fields []*descriptorpb.FieldDescriptorProto
	var entries []*descriptorpb.DescriptorProto
	add := func(name string, typ ty, typeName string, repeated bool) *descriptorpb.FieldDescriptorProto {
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(int32(len(fields) + 1)), Type: typ.Enum(), Label: opt}
		if repeated {
			f.Label = rep
		}
		if typeName != "" {
			f.TypeName = proto.String(typeName)
		}
		fields = append(fields, f)
		return f
	}
	addMap := func(name string, k ty, v ty, vName string) {
		entry := ""
		up := true
		for _, c := range name {
			switch {
			case c == '_':
				up = true
			case up:
				entry += strings.ToUpper(string(c))
				up = false
			default:
				entry += string(c)
			}
		}
		entry += "Entry"
		val := &descriptorpb.FieldDescriptorProto{Name: proto.String("value"), Number: proto.Int32(2), Type: v.Enum(), Label: opt}
		if vName != "" {
			val.TypeName = proto.String(vName)
		}
		entries = append(entries, &descriptorpb.DescriptorProto{
			Name: proto.String(entry),
			Field: []*descriptorpb.FieldDescriptorProto{
				{Name: proto.String("key"), Number: proto.Int32(1), Type: k.Enum(), Label: opt}, val,
			},
			Options: &descriptorpb.MessageOptions{MapEntry: proto.Bool(true)},
		})
		add(name, tMsg, ".jsoncodec.enctest.M."+entry, true)
	}
	const m, color = ".jsoncodec.enctest.M", ".jsoncodec.enctest.Color"
	wkt := func(n string) string { return ".google.protobuf." + n }
	add("name", tString, "", false)
	add("tags", tString, "", true)
	add("child", tMsg, m, false)
	add("children", tMsg, m, true)
	addMap("m_i32", tInt32, tString, "")
	addMap("m_i64", tSint64, tInt64, "")
	addMap("m_u64", tFixed64, tString, "")
	addMap("m_bool", tBool, tString, "")
	addMap("m_str", tString, tDouble, "")
	addMap("m_u32", tUint32, tBool, "")
	addMap("m_msg", tString, tMsg, m)
	addMap("m_sfx", tSfixed32, tEnum, color)
	addMap("m_dur", tString, tMsg, wkt("Duration"))
	add("f_float", tFloat, "", false)
	add("f_double", tDouble, "", false)
	add("i32", tSint32, "", false)
	add("u32", tFixed32, "", false)
	add("i64", tInt64, "", false)
	add("u64", tUint64, "", false)
	add("flag", tBool, "", false)
	add("raw", tBytes, "", false)
	add("color", tEnum, color, false)
	add("r_color", tEnum, color, true)
	add("r_double", tDouble, "", true)
	add("r_float", tFloat, "", true)
	add("r_bytes", tBytes, "", true)
	add("r_i64", tSfixed64(), "", true)
	add("ts", tMsg, wkt("Timestamp"), false)
	add("dur", tMsg, wkt("Duration"), false)
	add("mask", tMsg, wkt("FieldMask"), false)
	add("value", tMsg, wkt("Value"), false)
	add("st", tMsg, wkt("Struct"), false)
	add("list", tMsg, wkt("ListValue"), false)
	add("any", tMsg, wkt("Any"), false)
	add("empty", tMsg, wkt("Empty"), false)
	add("null", tEnum, wkt("NullValue"), false)
	add("r_ts", tMsg, wkt("Timestamp"), true)
	add("r_value", tMsg, wkt("Value"), true)
	for _, w := range []string{"StringValue", "Int64Value", "FloatValue", "BoolValue", "UInt32Value", "DoubleValue", "BytesValue", "Int32Value", "UInt64Value"} {
		add("w_"+strings.ToLower(strings.TrimSuffix(w, "Value")), tMsg, wkt(w), false)
	}
	add("custom", tString, "", false).JsonName = proto.String("customJSON")
	add("c_str", tString, "", false).OneofIndex = proto.Int32(0)
	add("c_msg", tMsg, m, false).OneofIndex = proto.Int32(0)
	o := add("opt_str", tString, "", false)
	o.OneofIndex, o.Proto3Optional = proto.Int32(1), proto.Bool(true)
	add("u32b", tUint32, "", false)
	add("i32b", tInt32, "", false)
	add("sf32", tSfixed32, "", false)
	add("fx64", tFixed64, "", false)
	add("s64", tSint64, "", false)

	fdp := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("jsoncodec/enctest.proto"),
		Package: proto.String("jsoncodec.enctest"),
		Syntax:  proto.String("proto3"),
		Dependency: []string{
			"google/protobuf/any.proto", "google/protobuf/duration.proto", "google/protobuf/empty.proto",
			"google/protobuf/field_mask.proto", "google/protobuf/struct.proto", "google/protobuf/timestamp.proto",
			"google/protobuf/wrappers.proto",
		},
		EnumType: []*descriptorpb.EnumDescriptorProto{{
			Name: proto.String("Color"),
			Value: []*descriptorpb.EnumValueDescriptorProto{
				{Name: proto.String("COLOR_UNSPECIFIED"), Number: proto.Int32(0)},
				{Name: proto.String("RED"), Number: proto.Int32(1)},
				{Name: proto.String("GREEN"), Number: proto.Int32(2)},
			},
		}},
		MessageType: []*descriptorpb.DescriptorProto{{
			Name:       proto.String("M"),
			Field:      fields,
			NestedType: entries,
			OneofDecl:  []*descriptorpb.OneofDescriptorProto{{Name: proto.String("choice")}, {Name: proto.String("_opt_str")}},
		}},
	}
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return fd.Messages().ByName("M")
}

func tSfixed64() descriptorpb.FieldDescriptorProto_Type {
	return descriptorpb.FieldDescriptorProto_TYPE_SFIXED64
}

// encFill sets about half the fields of m to random values.
func encFill(r *rand.Rand, m protoreflect.Message, depth int) {
	fds := m.Descriptor().Fields()
	for i := 0; i < fds.Len(); i++ {
		fd := fds.Get(i)
		if r.IntN(2) == 0 {
			continue
		}
		switch {
		case fd.IsList():
			l := m.Mutable(fd).List()
			for range r.IntN(4) {
				l.Append(encRandValue(r, fd, depth))
			}
		case fd.IsMap():
			mp := m.Mutable(fd).Map()
			for range r.IntN(5) {
				mp.Set(encRandValue(r, fd.MapKey(), depth).MapKey(), encRandValue(r, fd.MapValue(), depth))
			}
		default:
			if fd.Message() != nil && fd.Message().FullName() == "jsoncodec.enctest.M" && depth == 0 {
				continue
			}
			m.Set(fd, encRandValue(r, fd, depth))
		}
	}
}

var encRandStrings = []string{"", "a", "hello world", "x_y", `q"uote`, `back\slash`, "\x00\x1f", "\u2028", "é日本🎉", "\ufffd", "B", "aa"}

func encRandString(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return encRandStrings[r.IntN(len(encRandStrings))]
	}
	var b []rune
	for range r.IntN(8) {
		var c rune
		switch r.IntN(4) {
		case 0:
			c = rune(r.IntN(0x80))
		case 1:
			c = rune(0x80 + r.IntN(0x780))
		case 2:
			c = rune(0x800 + r.IntN(0xf800))
		default:
			c = rune(0x10000 + r.IntN(0x100000))
		}
		if utf8.ValidRune(c) {
			b = append(b, c)
		}
	}
	return string(b)
}

func encRandFloat64(r *rand.Rand) float64 {
	if r.IntN(2) == 0 {
		return encFloat64Cases[r.IntN(len(encFloat64Cases))]
	}
	return math.Float64frombits(r.Uint64())
}

func encRandFloat32(r *rand.Rand) float32 {
	if r.IntN(2) == 0 {
		return encFloat32Cases[r.IntN(len(encFloat32Cases))]
	}
	return math.Float32frombits(r.Uint32())
}

func encRandInt(r *rand.Rand) int64 {
	edges := []int64{0, 1, -1, math.MinInt32, math.MaxInt32, math.MinInt64, math.MaxInt64}
	if r.IntN(2) == 0 {
		return edges[r.IntN(len(edges))]
	}
	return int64(r.Uint64()) >> r.IntN(64)
}

func encRandValue(r *rand.Rand, fd protoreflect.FieldDescriptor, depth int) protoreflect.Value {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(r.IntN(2) == 0)
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(int32(encRandInt(r)))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(uint32(encRandInt(r)))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(encRandInt(r))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(uint64(encRandInt(r)))
	case protoreflect.FloatKind:
		return protoreflect.ValueOfFloat32(encRandFloat32(r))
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(encRandFloat64(r))
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(encRandString(r))
	case protoreflect.BytesKind:
		b := make([]byte, r.IntN(6))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return protoreflect.ValueOfBytes(b)
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			return protoreflect.ValueOfEnum(0)
		}
		return protoreflect.ValueOfEnum(protoreflect.EnumNumber([]int32{0, 1, 2, 7, -1}[r.IntN(5)]))
	}
	var m proto.Message
	switch fd.Message().FullName() {
	case "google.protobuf.Timestamp":
		m = &timestamppb.Timestamp{Seconds: encMinTS + r.Int64N(encMaxTS-encMinTS+1), Nanos: encRandNanos(r)}
	case "google.protobuf.Duration":
		s, n := r.Int64N(2*encMaxD+1)-encMaxD, encRandNanos(r)
		if s < 0 || s == 0 && r.IntN(2) == 0 {
			n = -n
		}
		m = &durationpb.Duration{Seconds: s, Nanos: n}
	case "google.protobuf.FieldMask":
		paths := []string{"a", "foo_bar", "x.y_z", "_under"}
		m = &fieldmaskpb.FieldMask{Paths: paths[:r.IntN(len(paths)+1)]}
	case "google.protobuf.Value":
		m = encRandJSON(r, depth)
	case "google.protobuf.Struct":
		m = &structpb.Struct{Fields: map[string]*structpb.Value{encRandString(r): encRandJSON(r, depth), "k": encRandJSON(r, depth)}}
	case "google.protobuf.ListValue":
		m = &structpb.ListValue{Values: []*structpb.Value{encRandJSON(r, depth)}}
	case "google.protobuf.Any":
		a, _ := anypb.New(durationpb.New(1500))
		m = a
	case "google.protobuf.Empty":
		m = &emptypb.Empty{}
	case "google.protobuf.StringValue":
		m = wrapperspb.String(encRandString(r))
	case "google.protobuf.Int64Value":
		m = wrapperspb.Int64(encRandInt(r))
	case "google.protobuf.FloatValue":
		m = wrapperspb.Float(encRandFloat32(r))
	case "google.protobuf.BoolValue":
		m = wrapperspb.Bool(r.IntN(2) == 0)
	case "google.protobuf.UInt32Value":
		m = wrapperspb.UInt32(uint32(encRandInt(r)))
	case "google.protobuf.DoubleValue":
		m = wrapperspb.Double(encRandFloat64(r))
	case "google.protobuf.BytesValue":
		m = wrapperspb.Bytes([]byte(encRandString(r)))
	case "google.protobuf.Int32Value":
		m = wrapperspb.Int32(int32(encRandInt(r)))
	case "google.protobuf.UInt64Value":
		m = wrapperspb.UInt64(uint64(encRandInt(r)))
	default:
		d := dynamicpb.NewMessage(fd.Message())
		if depth > 0 {
			encFill(r, d, depth-1)
		}
		return protoreflect.ValueOfMessage(d)
	}
	return protoreflect.ValueOfMessage(m.ProtoReflect())
}

func encRandNanos(r *rand.Rand) int32 {
	switch r.IntN(4) {
	case 0:
		return 0
	case 1:
		return int32(r.IntN(1000)) * 1e6
	case 2:
		return int32(r.IntN(1e6)) * 1e3
	default:
		return int32(r.IntN(1e9))
	}
}

// encRandJSON is a random google.protobuf.Value protojson can write (no
// NaN or infinities).
func encRandJSON(r *rand.Rand, depth int) *structpb.Value {
	k := r.IntN(6)
	if depth <= 0 {
		k %= 4
	}
	switch k {
	case 0:
		return structpb.NewNullValue()
	case 1:
		f := encRandFloat64(r)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			f = 0.25
		}
		return structpb.NewNumberValue(f)
	case 2:
		return structpb.NewStringValue(encRandString(r))
	case 3:
		return structpb.NewBoolValue(r.IntN(2) == 0)
	case 4:
		return structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{encRandJSON(r, depth-1), encRandJSON(r, depth-1)}})
	default:
		return structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{"b": encRandJSON(r, depth-1), "a": encRandJSON(r, depth-1)}})
	}
}

// FuzzEncodePrimitives compares the typed methods with protojson; go test
// runs the seeds.
func FuzzEncodePrimitives(f *testing.F) {
	f.Add(0.0, float32(0), "", int64(0), int32(0), int64(0), int32(0))
	f.Add(1e21, float32(1e21), "a\"b\\\x00\u2028", int64(encMaxTS), int32(999999999), int64(-encMaxD), int32(-1))
	f.Add(1e-7, float32(1e-7), "\xff", int64(encMinTS-1), int32(-1), int64(1), int32(-1))
	f.Add(math.MaxFloat64, float32(math.MaxFloat32), "日本", int64(1700000000), int32(1000), int64(-5), int32(-5000))
	f.Add(math.NaN(), float32(math.Inf(-1)), "\xed\xa0\x80", int64(math.MinInt64), int32(1e9), int64(encMaxD+1), int32(1e9))
	f.Add(math.SmallestNonzeroFloat64, float32(math.SmallestNonzeroFloat32), "é\t", int64(-1), int32(120000000), int64(0), int32(500000000))
	f.Fuzz(func(t *testing.T, d float64, fl float32, s string, ts int64, tn int32, ds int64, dn int32) {
		o := MarshalOptions{}
		encCompare(t, o, "Float64", func(e *Encoder) { e.Float64(d) }, wrapperspb.Double(d))
		encCompare(t, o, "Float32", func(e *Encoder) { e.Float32(fl) }, wrapperspb.Float(fl))
		encCompare(t, o, "String", func(e *Encoder) { e.String(s) }, wrapperspb.String(s))
		encCompare(t, o, "Bytes", func(e *Encoder) { e.Bytes([]byte(s)) }, wrapperspb.Bytes([]byte(s)))
		paths := strings.Split(s, ",")
		encCompare(t, o, "FieldMask", func(e *Encoder) { e.FieldMask(&fieldmaskpb.FieldMask{Paths: paths}) }, &fieldmaskpb.FieldMask{Paths: paths})
		// The raw values, mostly out of range, then folded into the range.
		for _, t2 := range []*timestamppb.Timestamp{{Seconds: ts, Nanos: tn}, {Seconds: encMinTS + encMod(ts, encMaxTS-encMinTS+1), Nanos: int32(encMod(int64(tn), 1e9))}} {
			encCompare(t, o, "Timestamp", func(e *Encoder) { e.Timestamp(t2) }, t2)
		}
		for _, d2 := range []*durationpb.Duration{{Seconds: ds, Nanos: dn}, {Seconds: encMod(ds, 2*encMaxD+1) - encMaxD, Nanos: dn % 1e9}} {
			encCompare(t, o, "Duration", func(e *Encoder) { e.Duration(d2) }, d2)
		}
	})
}

func encMod(a, n int64) int64 {
	if a %= n; a < 0 {
		a += n
	}
	return a
}

func BenchmarkEncoder(b *testing.B) {
	ts := &timestamppb.Timestamp{Seconds: 1700000000, Nanos: 123000000}
	for _, c := range []struct {
		name string
		f    func(*Encoder)
	}{
		{"Float64", func(e *Encoder) { e.Float64(1234.5678) }},
		{"Float32", func(e *Encoder) { e.Float32(0.1) }},
		{"Int64", func(e *Encoder) { e.Int64(-1234567890123) }},
		{"String", func(e *Encoder) { e.String("a typical short string value") }},
		{"StringEscaped", func(e *Encoder) { e.String("line 1\nline \"2\"\tend") }},
		{"Timestamp", func(e *Encoder) { e.Timestamp(ts) }},
		{"Object", encPrimitives},
	} {
		b.Run(c.name, func(b *testing.B) {
			msg := &encTestMsg{f: c.f}
			buf := make([]byte, 0, 1024)
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, err = (MarshalOptions{}).MarshalAppend(buf[:0], msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("Object/protojson-reference", func(b *testing.B) {
		m := &apipb.Api{Name: "hello, world", Version: "v1", Methods: []*apipb.Method{{Name: "Get", RequestTypeUrl: "x"}}, Syntax: 1}
		buf := make([]byte, 0, 1024)
		b.ReportAllocs()
		for b.Loop() {
			var err error
			if buf, err = (protojson.MarshalOptions{}).MarshalAppend(buf[:0], m); err != nil {
				b.Fatal(err)
			}
		}
	})
}
