package jsoncodec

import (
	"cmp"
	"encoding/base64"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Encoder is what generated MarshalProtoJSON methods write to. It appends
// compact proto3 JSON, byte for byte what protojson writes apart from
// protojson's random spaces, to an internal buffer.
//
// Generated code calls the methods in JSON order and never checks for
// failures: the first one (invalid UTF-8, a Timestamp out of range, ...) is
// kept together with the name of the field being written, later calls do
// nothing, and the entry points (MarshalOptions.Marshal and MarshalAppend)
// return it instead of the output. An Encoder is only valid inside the
// MarshalProtoJSON call it was given to; it is reused afterwards.
type Encoder struct {
	buf   []byte // output being built
	first bool   // the next member or element is the first of its object or array
	own   bool   // buf is scratch: finish copies it after dst
	opts  MarshalOptions
	field string // last name given to Name, still quoted, for errors
	err   error
	dst   []byte // the caller's buffer when own is set

	// scratch is the buffer kept across uses for callers that give no
	// room to append to.
	scratch []byte
}

// encMaxPooledBuffer is the largest scratch buffer an Encoder keeps when it
// goes back to the pool; a rare huge message must not pin its memory.
const encMaxPooledBuffer = 64 << 10

var encPool = sync.Pool{New: func() any { return &Encoder{scratch: make([]byte, 0, 512)} }}

// newEncoder returns a pooled Encoder appending to b. When b has spare
// capacity the output is written into it directly; otherwise it is built in
// the Encoder's scratch buffer and copied once after b by finish, which
// saves the repeated growth of a buffer that starts empty.
func newEncoder(b []byte, o *MarshalOptions) *Encoder {
	e := encPool.Get().(*Encoder)
	e.opts = *o
	e.first = true
	if cap(b) > len(b) {
		e.buf, e.own = b, false
	} else {
		e.buf, e.dst, e.own = e.scratch[:0], b, true
	}
	return e
}

// finish returns the output (caller's from then on) or nil and the first
// failure, and puts e back into the pool.
func (e *Encoder) finish() ([]byte, error) {
	out, err := e.buf, e.err
	if e.own {
		if err == nil {
			out = append(e.dst, e.buf...)
			if out == nil {
				out = []byte{}
			}
		}
		e.scratch = e.buf[:0]
		if cap(e.scratch) > encMaxPooledBuffer {
			e.scratch = nil
		}
	}
	if err != nil {
		out = nil
	}
	e.buf, e.dst, e.own = nil, nil, false
	e.opts, e.field, e.err = MarshalOptions{}, "", nil
	encPool.Put(e)
	return out, err
}

// encodeError is a failure recorded by an Encoder, with the field being
// written when it happened.
type encodeError struct {
	field string // JSON (or proto) name, unquoted; "" at the top level
	err   error
}

func (x *encodeError) Error() string {
	if x.field == "" {
		return "jsoncodec: " + x.err.Error()
	}
	return "jsoncodec: field " + x.field + ": " + x.err.Error()
}

func (x *encodeError) Unwrap() error { return x.err }

var errEncInvalidUTF8 = errors.New("invalid UTF-8 in string")

// fail records err, unless an earlier failure is already recorded.
//
//go:noinline
func (e *Encoder) fail(err error) {
	if e.err != nil {
		return
	}
	f := strings.TrimSuffix(strings.TrimPrefix(e.field, `"`), `":`)
	e.err = &encodeError{field: f, err: err}
}

// EmitUnpopulated reports whether the options ask for fields with zero
// values; generated code consults it once per message to decide which
// fields to write.
func (e *Encoder) EmitUnpopulated() bool { return e.opts.EmitUnpopulated }

// ObjectStart writes '{'. The next Name or MapKey call writes no comma.
func (e *Encoder) ObjectStart() { e.begin('{') }

// ObjectEnd writes '}'. The object is a value of its parent, so the next
// Name or Elem call of the parent writes a comma.
func (e *Encoder) ObjectEnd() { e.end('}') }

// ArrayStart writes '['. The next Elem call writes no comma.
func (e *Encoder) ArrayStart() { e.begin('[') }

// ArrayEnd writes ']'. Like ObjectEnd, it makes the next Name or Elem of
// the parent write a comma.
func (e *Encoder) ArrayEnd() { e.end(']') }

func (e *Encoder) begin(c byte) {
	if e.err == nil {
		e.buf = append(e.buf, c)
		e.first = true
	}
}

func (e *Encoder) end(c byte) {
	if e.err == nil {
		e.buf = append(e.buf, c)
		e.first = false
	}
}

// sep writes the ',' that precedes every member and element but the first
// of its object or array. It reports false, writing nothing, after a
// failure.
func (e *Encoder) sep() bool {
	if e.err != nil {
		return false
	}
	if !e.first {
		e.buf = append(e.buf, ',')
	}
	e.first = false
	return true
}

// Elem must precede every array element: it writes the ',' separating the
// element from the previous one.
func (e *Encoder) Elem() { e.sep() }

// Name writes a member name of a message with the ',' before it when
// needed. jsonName and protoName are written verbatim, so they must be
// quoted, escaped and followed by ':' already (`"createTime":`,
// `"create_time":`); the options pick one. The name also identifies the
// field in a failure recorded until the next Name.
func (e *Encoder) Name(jsonName, protoName string) {
	if !e.sep() {
		return
	}
	if e.opts.UseProtoNames {
		jsonName = protoName
	}
	e.field = jsonName
	e.buf = append(e.buf, jsonName...)
}

// MapKeyString writes a map key, escaped like String, and ':'. Invalid
// UTF-8 is a failure, as in protojson. Keys must come in the order of
// SortedKeys to match protojson.
func (e *Encoder) MapKeyString(k string) {
	if e.sep() {
		e.appendString(k)
		e.buf = append(e.buf, ':')
	}
}

// MapKeyInt64 writes a signed integer map key ("-12":); callers convert
// int32 keys.
func (e *Encoder) MapKeyInt64(k int64) {
	if e.sep() {
		e.buf = strconv.AppendInt(append(e.buf, '"'), k, 10)
		e.buf = append(e.buf, '"', ':')
	}
}

// MapKeyUint64 writes an unsigned integer map key ("12":); callers convert
// uint32 keys.
func (e *Encoder) MapKeyUint64(k uint64) {
	if e.sep() {
		e.buf = strconv.AppendUint(append(e.buf, '"'), k, 10)
		e.buf = append(e.buf, '"', ':')
	}
}

// MapKeyBool writes a bool map key ("true":). protojson writes false
// before true.
func (e *Encoder) MapKeyBool(k bool) {
	if e.sep() {
		e.buf = strconv.AppendBool(append(e.buf, '"'), k)
		e.buf = append(e.buf, '"', ':')
	}
}

// Null writes null: an unset message field with EmitUnpopulated, or a
// google.protobuf.NullValue.
func (e *Encoder) Null() {
	if e.err == nil {
		e.buf = append(e.buf, "null"...)
	}
}

// Bool writes true or false.
func (e *Encoder) Bool(v bool) {
	if e.err == nil {
		e.buf = strconv.AppendBool(e.buf, v)
	}
}

// Int32 writes a JSON number, for int32, sint32 and sfixed32 fields.
func (e *Encoder) Int32(v int32) {
	if e.err == nil {
		e.buf = strconv.AppendInt(e.buf, int64(v), 10)
	}
}

// Uint32 writes a JSON number, for uint32 and fixed32 fields.
func (e *Encoder) Uint32(v uint32) {
	if e.err == nil {
		e.buf = strconv.AppendUint(e.buf, uint64(v), 10)
	}
}

// Int64 writes a quoted decimal ("-12"), as protojson does for all 64-bit
// integer kinds so that JavaScript readers keep every digit.
func (e *Encoder) Int64(v int64) {
	if e.err == nil {
		e.buf = strconv.AppendInt(append(e.buf, '"'), v, 10)
		e.buf = append(e.buf, '"')
	}
}

// Uint64 writes a quoted decimal, like Int64.
func (e *Encoder) Uint64(v uint64) {
	if e.err == nil {
		e.buf = strconv.AppendUint(append(e.buf, '"'), v, 10)
		e.buf = append(e.buf, '"')
	}
}

// Float64 writes a double as protojson does: the shortest decimal that
// reads back to v, in exponent form below 1e-6 and from 1e21 up (exponent
// without leading zeros: 1e-7, 1e+21), and the strings "NaN", "Infinity"
// and "-Infinity" for the values JSON numbers cannot hold.
func (e *Encoder) Float64(v float64) {
	if e.err == nil {
		a := math.Abs(v)
		e.appendFloat(v, 64, a != 0 && (a < 1e-6 || a >= 1e21))
	}
}

// Float32 writes a float like Float64, with the shortest decimal that reads
// back to the same float32 (0.1, not 0.10000000149011612).
func (e *Encoder) Float32(v float32) {
	if e.err == nil {
		a := float32(math.Abs(float64(v)))
		e.appendFloat(float64(v), 32, a != 0 && (a < 1e-6 || a >= 1e21))
	}
}

// appendFloat writes v, in exponent form if exp; strconv's two-digit
// negative exponent ("1e-07") loses its zero ("1e-7") as in protojson.
func (e *Encoder) appendFloat(v float64, bits int, exp bool) {
	switch {
	case math.IsNaN(v):
		e.buf = append(e.buf, `"NaN"`...)
	case math.IsInf(v, 1):
		e.buf = append(e.buf, `"Infinity"`...)
	case math.IsInf(v, -1):
		e.buf = append(e.buf, `"-Infinity"`...)
	case !exp:
		e.buf = strconv.AppendFloat(e.buf, v, 'f', -1, bits)
	default:
		b := strconv.AppendFloat(e.buf, v, 'e', -1, bits)
		if n := len(b); b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
		e.buf = b
	}
}

// String writes a JSON string. Only '"', '\\' and control characters are
// escaped (\b \f \n \r \t, else \u00xx), everything else, U+2028 and U+2029
// included, is written as is. Invalid UTF-8 is a failure, as in protojson.
func (e *Encoder) String(s string) { e.appendString(s) }

// encNoEscape marks the ASCII bytes written as is in a JSON string.
var encNoEscape = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (e *Encoder) appendString(s string) {
	if e.err != nil {
		return
	}
	b := append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if encNoEscape[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				const hex = "0123456789abcdef"
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			e.buf = b
			e.fail(errEncInvalidUTF8)
			return
		}
		i += n
	}
	b = append(b, s[start:]...)
	e.buf = append(b, '"')
}

// Bytes writes standard base64 with padding, quoted, as protojson does.
func (e *Encoder) Bytes(v []byte) {
	if e.err == nil {
		e.buf = base64.StdEncoding.AppendEncode(append(e.buf, '"'), v)
		e.buf = append(e.buf, '"')
	}
}

// Enum writes the name of v from names (the generated <Enum>_name map) or,
// for a number the enum does not know, the number, as protojson does.
// google.protobuf.NullValue is written with Null instead.
func (e *Encoder) Enum(v int32, names map[int32]string) {
	if e.err != nil {
		return
	}
	if n, ok := names[v]; ok {
		e.appendString(n)
		return
	}
	e.buf = strconv.AppendInt(e.buf, int64(v), 10)
}

// SortedKeys appends the keys of m to buf[:0] in the order protojson writes
// map entries (ascending numbers, strings byte-wise) and returns the
// result. Generated code passes a stack array so that small maps need no
// allocation; bool keys are handled by the generated code itself.
func SortedKeys[K cmp.Ordered, V any](m map[K]V, buf []K) []K {
	buf = buf[:0]
	for k := range m {
		buf = append(buf, k)
	}
	slices.Sort(buf)
	return buf
}
