package jsoncodec

import (
	"bytes"
	"time"
	"unsafe"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The ranges protojson accepts when reading Timestamps and Durations.
const (
	decMinTimestampSeconds = -62135596800 // 0001-01-01T00:00:00Z
	decMaxTimestampSeconds = 253402300799 // 9999-12-31T23:59:59Z
	decMaxDurationSeconds  = 315576000000 // 10,000 years
)

// wkt starts reading a well-known type written as a string: protojson
// counts the message towards the recursion limit before it reads the
// value, and the value must be a string.
func (d *Decoder) wkt(name string) ([]byte, int, bool) {
	if !d.Wrapper() {
		return nil, 0, false
	}
	d.skipWS()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		d.failToken("unexpected token ")
		return nil, 0, false
	}
	return d.stringValue(name)
}

// Wrapper reports whether a message whose JSON form is not an object may
// be read here. Generated code calls it before reading the value of a
// wrapper field (google.protobuf.Int64Value and the like) with the scalar
// methods, because protojson counts wrappers, like all messages, towards
// the recursion limit; Timestamp, Duration and FieldMask check it
// themselves.
func (d *Decoder) Wrapper() bool {
	if d.err != nil {
		return false
	}
	if d.depth >= d.limit {
		d.fail(d.pos, "exceeded max recursion depth")
		return false
	}
	return true
}

// Enum reads an enum value: a name from values or a number. A name it does
// not know is a failure, or, with DiscardUnknown, false, for the caller to
// leave the field (or the element) out as protojson does.
func (d *Decoder) Enum(values map[string]int32) (int32, bool) {
	return d.enum(values, false)
}

// NullValue reads a google.protobuf.NullValue field, which, unlike other
// fields, takes null as a value; it accepts what Enum accepts too. On false
// the caller leaves the field out.
func (d *Decoder) NullValue() (int32, bool) {
	return d.enum(decNullValues, true)
}

var decNullValues = map[string]int32{"NULL_VALUE": 0}

func (d *Decoder) enum(values map[string]int32, null bool) (int32, bool) {
	if d.err != nil {
		return 0, false
	}
	d.skipWS()
	start := d.pos
	if start < len(d.data) && d.data[start] == '"' {
		s, _, ok := d.stringValue("enum")
		if !ok {
			return 0, false
		}
		if v, ok := values[string(s)]; ok {
			return v, true
		}
		if d.discard {
			return 0, false
		}
		d.pos = start
		d.failValue("enum")
		return 0, false
	}
	if null && d.literal("null") {
		return 0, true
	}
	v, _, ok := d.integer("enum", 32, true, false)
	return int32(v), ok
}

// Timestamp reads a google.protobuf.Timestamp: an RFC 3339 time as Go's
// time package parses it, with at most nine fraction digits, between the
// years 1 and 9999, which is what protojson accepts.
func (d *Decoder) Timestamp() *timestamppb.Timestamp {
	const name = "google.protobuf.Timestamp"
	s, start, ok := d.wkt(name)
	if !ok {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, unsafe.String(unsafe.SliceData(s), len(s)))
	if err != nil {
		d.failAt(start, "invalid "+name+" value ")
		return nil
	}
	secs := t.Unix()
	if secs < decMinTimestampSeconds || secs > decMaxTimestampSeconds {
		d.failAt(start, name+" value out of range: ")
		return nil
	}
	// Go reads any number of fraction digits; protojson allows nine.
	i := bytes.LastIndexByte(s, '.')
	j := bytes.LastIndexAny(s, "Z-+")
	if i >= 0 && j >= i && j-i > len(".999999999") {
		d.failAt(start, "invalid "+name+" value ")
		return nil
	}
	return &timestamppb.Timestamp{Seconds: secs, Nanos: int32(t.Nanosecond())}
}

// Duration reads a google.protobuf.Duration: a decimal number of seconds
// with an "s" suffix, an optional sign and at most nine fraction digits,
// within ±10,000 years, as protojson reads it.
func (d *Decoder) Duration() *durationpb.Duration {
	const name = "google.protobuf.Duration"
	s, start, ok := d.wkt(name)
	if !ok {
		return nil
	}
	secs, nanos, ok := decParseDuration(s)
	if !ok {
		d.failAt(start, "invalid "+name+" value ")
		return nil
	}
	if secs < -decMaxDurationSeconds || secs > decMaxDurationSeconds {
		d.failAt(start, name+" value out of range: ")
		return nil
	}
	return &durationpb.Duration{Seconds: secs, Nanos: nanos}
}

// decParseDuration parses "[+-]<int>[.<frac>]s" where at least one of the
// parts is there (".s" is zero, as in protojson), the integer has no
// leading zeros and the fraction at most nine digits.
func decParseDuration(s []byte) (int64, int32, bool) {
	if len(s) < 2 || s[len(s)-1] != 's' {
		return 0, 0, false
	}
	s = s[:len(s)-1]
	neg := s[0] == '-'
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, 0, false
	}
	var secs int64
	switch c := s[0]; {
	case c == '0':
		s = s[1:]
	case '1' <= c && c <= '9':
		for len(s) > 0 && decIsDigit(s[0]) {
			if secs > (1<<63-1-int64(s[0]-'0'))/10 {
				return 0, 0, false
			}
			secs = secs*10 + int64(s[0]-'0')
			s = s[1:]
		}
	case c != '.':
		return 0, 0, false
	}
	var nanos int32
	if len(s) > 0 {
		if s[0] != '.' {
			return 0, 0, false
		}
		s = s[1:]
		n := 0
		for ; n < len(s) && n < 9 && decIsDigit(s[n]); n++ {
			nanos = nanos*10 + int32(s[n]-'0')
		}
		if n < len(s) {
			return 0, 0, false
		}
		for ; n < 9; n++ {
			nanos *= 10
		}
	}
	if neg {
		secs, nanos = -secs, -nanos
	}
	return secs, nanos, true
}

// FieldMask reads a google.protobuf.FieldMask: lowerCamel paths separated
// by commas, turned into snake_case paths as protojson turns them; a path
// with an underscore or that is no valid name is a failure.
func (d *Decoder) FieldMask() *fieldmaskpb.FieldMask {
	s, start, ok := d.wkt("google.protobuf.FieldMask")
	if !ok {
		return nil
	}
	s = bytes.TrimSpace(s)
	m := &fieldmaskpb.FieldMask{}
	if len(s) == 0 {
		return m
	}
	m.Paths = make([]string, 0, bytes.Count(s, []byte{','})+1)
	for {
		p := s
		i := bytes.IndexByte(s, ',')
		if i >= 0 {
			p, s = s[:i], s[i+1:]
		}
		path, ok := decSnakePath(p)
		if !ok {
			d.fail(start, "google.protobuf.FieldMask.paths contains invalid path: "+decQuoteBytes(p))
			return nil
		}
		m.Paths = append(m.Paths, path)
		if i < 0 {
			break
		}
	}
	return m
}

// decSnakePath converts a lowerCamel path to snake_case and checks it:
// it must have no '_' and convert to a valid proto full name.
func decSnakePath(p []byte) (string, bool) {
	n := len(p)
	for _, c := range p {
		if 'A' <= c && c <= 'Z' {
			n++
		}
	}
	b := make([]byte, 0, n)
	start := true // at the start of a name segment
	for _, c := range p {
		switch {
		case c == '_':
			return "", false
		case 'A' <= c && c <= 'Z':
			b = append(b, '_', c+'a'-'A')
		case c == '.':
			if start {
				return "", false
			}
			b = append(b, c)
			start = true
			continue
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9' && !start:
			b = append(b, c)
		default:
			return "", false
		}
		start = false
	}
	if start {
		return "", false
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

// Message reads a message field of a type without generated code of its
// own here (Struct, Value, ListValue, Any, Empty or a foreign type): with
// its UnmarshalProtoJSON when it has one, else by validating the value and
// handing it to protojson with the recursion limit that remains, so that
// the nesting allowed overall is the same. m must be new or reset.
func (d *Decoder) Message(m proto.Message) {
	if d.err != nil {
		return
	}
	if u, ok := m.(Unmarshaler); ok {
		u.UnmarshalProtoJSON(d)
		return
	}
	if d.depth >= d.limit {
		d.fail(d.pos, "exceeded max recursion depth")
		return
	}
	d.skipWS()
	start := d.pos
	if !d.skipValue(int(^uint(0) >> 1)) {
		return
	}
	raw := d.data[start:d.pos]
	if c := raw[len(raw)-1]; raw[0] != 't' && raw[0] != 'f' && (c == 'e' || c == 'E' || c == '+' || c == '-') {
		// A number such as "1e" ends here only because a delimiter
		// follows; protojson needs to see one too.
		raw = append(append(make([]byte, 0, len(raw)+1), raw...), ' ')
	}
	o := UnmarshalOptions{DiscardUnknown: d.discard, RecursionLimit: d.limit - d.depth, Resolver: d.resolver}
	if err := o.protojson().Unmarshal(raw, m); err != nil {
		if d.err == nil {
			d.err = &decodeError{offset: start, field: string(d.key), err: err}
		}
	}
}
