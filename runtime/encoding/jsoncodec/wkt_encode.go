package jsoncodec

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/internal/jsonname"
)

// The ranges protojson accepts when writing Timestamps and Durations.
const (
	encMinTimestampSeconds = -62135596800 // 0001-01-01T00:00:00Z
	encMaxTimestampSeconds = 253402300799 // 9999-12-31T23:59:59Z
	encMaxDurationSeconds  = 315576000000 // 10,000 years
	encMaxNanos            = 999999999
)

// Timestamp writes m as protojson does: a quoted RFC 3339 time in UTC with
// a 'Z', four-digit year and 0, 3, 6 or 9 fraction digits, the fewest that
// hold the nanoseconds ("2024-05-01T10:00:00.120Z"). Seconds before year 1
// or after year 9999 and nanos outside 0..999999999 are failures. A nil m
// is written as the zero Timestamp, "1970-01-01T00:00:00Z", as protojson
// writes an empty one.
func (e *Encoder) Timestamp(m *timestamppb.Timestamp) {
	if e.err != nil {
		return
	}
	secs, nanos := m.GetSeconds(), m.GetNanos()
	if secs < encMinTimestampSeconds || secs > encMaxTimestampSeconds {
		e.fail(fmt.Errorf("google.protobuf.Timestamp: seconds out of range %d", secs))
		return
	}
	if nanos < 0 || nanos > encMaxNanos {
		e.fail(fmt.Errorf("google.protobuf.Timestamp: nanos out of range %d", nanos))
		return
	}
	t := time.Unix(secs, 0).UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	b := append(e.buf, '"')
	b = encAppendPadded(b, uint64(year), 4)
	b = append(b, '-')
	b = encAppendPadded(b, uint64(month), 2)
	b = append(b, '-')
	b = encAppendPadded(b, uint64(day), 2)
	b = append(b, 'T')
	b = encAppendPadded(b, uint64(hour), 2)
	b = append(b, ':')
	b = encAppendPadded(b, uint64(minute), 2)
	b = append(b, ':')
	b = encAppendPadded(b, uint64(sec), 2)
	b = encAppendFraction(b, nanos)
	e.buf = append(b, 'Z', '"')
}

// Duration writes m as protojson does: quoted seconds with 0, 3, 6 or 9
// fraction digits and an "s" ("2s", "-1.500s", "0.000000001s"). Seconds beyond ±315576000000, nanos beyond
// ±999999999 and nanos whose sign differs from a non-zero seconds are
// failures. A nil m is written as "0s".
func (e *Encoder) Duration(m *durationpb.Duration) {
	if e.err != nil {
		return
	}
	secs, nanos := m.GetSeconds(), m.GetNanos()
	if secs < -encMaxDurationSeconds || secs > encMaxDurationSeconds {
		e.fail(fmt.Errorf("google.protobuf.Duration: seconds out of range %d", secs))
		return
	}
	if nanos < -encMaxNanos || nanos > encMaxNanos {
		e.fail(fmt.Errorf("google.protobuf.Duration: nanos out of range %d", nanos))
		return
	}
	if (secs > 0 && nanos < 0) || (secs < 0 && nanos > 0) {
		e.fail(fmt.Errorf("google.protobuf.Duration: signs of seconds (%d) and nanos (%d) do not match", secs, nanos))
		return
	}
	b := append(e.buf, '"')
	if secs < 0 || nanos < 0 {
		b = append(b, '-')
		secs, nanos = -secs, -nanos
	}
	b = strconv.AppendUint(b, uint64(secs), 10)
	b = encAppendFraction(b, nanos)
	e.buf = append(b, 's', '"')
}

// encAppendPadded appends v in decimal with leading zeros to width digits.
func encAppendPadded(b []byte, v uint64, width int) []byte {
	var d [20]byte
	i := len(d)
	for v > 0 || i > len(d)-width {
		i--
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, d[i:]...)
}

// encAppendFraction appends ".ddd", ".dddddd" or ".ddddddddd" for 0 <
// nanos < 1e9, the fewest groups of three that hold it exactly, and
// nothing for 0.
func encAppendFraction(b []byte, nanos int32) []byte {
	switch {
	case nanos == 0:
		return b
	case nanos%1e6 == 0:
		return encAppendPadded(append(b, '.'), uint64(nanos/1e6), 3)
	case nanos%1e3 == 0:
		return encAppendPadded(append(b, '.'), uint64(nanos/1e3), 6)
	default:
		return encAppendPadded(append(b, '.'), uint64(nanos), 9)
	}
}

// FieldMask writes the paths of m as protojson does: each converted to
// lowerCamel ("user.display_name" -> "user.displayName") and joined with
// ','. A path that is not dot-separated identifiers, or whose conversion
// cannot be undone (upper case letters, digits or another underscore after
// an underscore, a trailing underscore, ...), is a failure. A nil m is
// written as "".
func (e *Encoder) FieldMask(m *fieldmaskpb.FieldMask) {
	if e.err != nil {
		return
	}
	b := append(e.buf, '"')
	for i, p := range m.GetPaths() {
		if i > 0 {
			b = append(b, ',')
		}
		start := len(b)
		if !encValidPath(p) {
			e.buf = b
			e.fail(fmt.Errorf("google.protobuf.FieldMask.paths contains invalid path: %q", p))
			return
		}
		b = jsonname.AppendCamel(b, p)
		if !encSnakeEquals(b[start:], p) {
			e.buf = b
			e.fail(fmt.Errorf("google.protobuf.FieldMask.paths contains irreversible value %q", p))
			return
		}
	}
	e.buf = append(b, '"')
}

// encValidPath reports whether p is identifiers ([A-Za-z_][A-Za-z0-9_]*)
// separated by single dots, what protojson requires of a FieldMask path.
func encValidPath(p string) bool {
	ident := false // inside an identifier
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			ident = true
		case '0' <= c && c <= '9':
			if !ident {
				return false
			}
		case c == '.':
			if !ident {
				return false
			}
			ident = false
		default:
			return false
		}
	}
	return ident
}

// encSnakeEquals reports whether converting camel back to snake case (each
// upper case letter becomes '_' and its lower case) gives p, that is,
// whether the conversion to camel was reversible.
func encSnakeEquals(camel []byte, p string) bool {
	j := 0
	for _, c := range camel {
		if 'A' <= c && c <= 'Z' {
			if j+1 >= len(p) || p[j] != '_' || p[j+1] != c+('a'-'A') {
				return false
			}
			j += 2
			continue
		}
		if j >= len(p) || p[j] != c {
			return false
		}
		j++
	}
	return j == len(p)
}

// Message writes m, which may be any message: with its generated code when
// it is a Marshaler, with the typed methods for the well-known types that
// have them, and with protojson (same options) for the rest (Struct, Value,
// ListValue, Any, messages of packages without generated code). protojson's
// failures are recorded like the Encoder's own, and the random spaces it
// writes are removed.
func (e *Encoder) Message(m proto.Message) {
	if e.err != nil {
		return
	}
	switch m := m.(type) {
	case Marshaler:
		m.MarshalProtoJSON(e)
	case *timestamppb.Timestamp:
		e.Timestamp(m)
	case *durationpb.Duration:
		e.Duration(m)
	case *fieldmaskpb.FieldMask:
		e.FieldMask(m)
	case *emptypb.Empty:
		e.buf = append(e.buf, '{', '}')
	case *wrapperspb.DoubleValue:
		e.Float64(m.GetValue())
	case *wrapperspb.FloatValue:
		e.Float32(m.GetValue())
	case *wrapperspb.Int64Value:
		e.Int64(m.GetValue())
	case *wrapperspb.UInt64Value:
		e.Uint64(m.GetValue())
	case *wrapperspb.Int32Value:
		e.Int32(m.GetValue())
	case *wrapperspb.UInt32Value:
		e.Uint32(m.GetValue())
	case *wrapperspb.BoolValue:
		e.Bool(m.GetValue())
	case *wrapperspb.StringValue:
		e.String(m.GetValue())
	case *wrapperspb.BytesValue:
		e.Bytes(m.GetValue())
	default:
		start := len(e.buf)
		b, err := e.opts.protojson().MarshalAppend(e.buf, m)
		if err != nil {
			e.fail(err)
			return
		}
		e.buf = encCompact(b, start)
	}
}

// encCompact removes the spaces outside strings from b[start:], the output
// of protojson: it puts one after a comma at random (depending on the
// binary) to keep users from relying on its bytes, and the Encoder's output
// must be compact and stable whichever way a message is written.
func encCompact(b []byte, start int) []byte {
	if bytes.IndexByte(b[start:], ' ') < 0 {
		return b
	}
	w := start
	inString, escaped := false, false
	for _, c := range b[start:] {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == ' ':
			continue
		}
		b[w] = c
		w++
	}
	return b[:w]
}
