package jsoncodec

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
)

// Decoder reads proto3 JSON for generated UnmarshalProtoJSON methods. It
// walks the input once, without reflection, and keeps the first failure
// (with its byte offset and the member being read) instead of returning
// errors, so that generated code stays straight-line: after a failure
// every method does nothing and returns zero values.
type Decoder struct {
	data     []byte
	pos      int
	err      error
	depth    int // messages entered
	limit    int // RecursionLimit, 10,000 when unset
	discard  bool
	resolver Resolver
	first    bool // the container just opened has had no member yet
	key      []byte
	keyStart int // the raw name is data[keyStart:keyEnd]
	keyEnd   int
	keyBuf   []byte   // key when it has escapes
	valBuf   []byte   // string values with escapes
	stack    []uint64 // kinds of the containers skipValue is in
}

// decMaxPooledBuffer bounds the scratch buffers a pooled Decoder keeps.
const decMaxPooledBuffer = 64 << 10

var decPool = sync.Pool{New: func() any { return new(Decoder) }}

func newDecoder(data []byte, o *UnmarshalOptions) *Decoder {
	d := decPool.Get().(*Decoder)
	d.data, d.pos, d.err, d.depth = data, 0, nil, 0
	d.limit = o.RecursionLimit
	if d.limit == 0 {
		d.limit = protowire.DefaultRecursionLimit
	}
	d.discard, d.resolver = o.DiscardUnknown, o.Resolver
	d.first, d.key, d.keyStart, d.keyEnd = false, nil, 0, 0
	return d
}

// finish returns the recorded failure, or a failure when anything but
// whitespace follows the value, and returns d to the pool.
func (d *Decoder) finish() error {
	if d.err == nil {
		d.key = nil
		d.skipWS()
		if d.pos < len(d.data) {
			d.failToken("unexpected token ")
		}
	}
	err := d.err
	d.data, d.err, d.key, d.resolver = nil, nil, nil, nil
	if cap(d.keyBuf) > decMaxPooledBuffer {
		d.keyBuf = nil
	}
	if cap(d.valBuf) > decMaxPooledBuffer {
		d.valBuf = nil
	}
	if len(d.stack) > decMaxPooledBuffer/8 {
		d.stack = nil
	}
	decPool.Put(d)
	return err
}

// decodeError is a failure recorded by a Decoder.
type decodeError struct {
	offset int    // in the input
	field  string // the member being read; "" at the top level
	msg    string
	err    error // from protojson, for values it decoded
}

func (x *decodeError) Error() string {
	b := []byte("jsoncodec: ")
	if x.field != "" {
		b = append(b, "field "...)
		if strings.ContainsFunc(x.field, func(r rune) bool { return r < ' ' || r == '"' }) {
			b = strconv.AppendQuote(b, x.field)
		} else {
			b = append(b, x.field...)
		}
		b = append(b, " ("...)
	}
	b = append(b, "offset "...)
	b = strconv.AppendInt(b, int64(x.offset), 10)
	if x.field != "" {
		b = append(b, ')')
	}
	b = append(b, ": "...)
	b = append(b, x.msg...)
	if x.err != nil {
		if x.msg != "" {
			b = append(b, ": "...)
		}
		b = append(b, x.err.Error()...)
	}
	return string(b)
}

func (x *decodeError) Unwrap() error { return x.err }

// fail records a failure at offset off unless one is recorded already.
//
//go:noinline
func (d *Decoder) fail(off int, msg string) {
	if d.err == nil {
		d.err = &decodeError{offset: off, field: string(d.key), msg: msg}
	}
}

func (d *Decoder) failEOF() { d.fail(len(d.data), "unexpected EOF") }

// failToken records msg followed by the token at d.pos.
//
//go:noinline
func (d *Decoder) failToken(msg string) {
	if d.pos >= len(d.data) {
		d.failEOF()
		return
	}
	d.fail(d.pos, msg+decTokenText(d.data[d.pos:]))
}

// failAt records msg followed by the token at off.
func (d *Decoder) failAt(off int, msg string) {
	d.pos = off
	d.failToken(msg)
}

// failValue records that the token at d.pos is no value of kind.
func (d *Decoder) failValue(kind string) {
	d.failToken("invalid value for " + kind + ": ")
}

// decTokenText returns the start of b, a token, for error messages.
func decTokenText(b []byte) string {
	const max = 40
	n := 1
	switch {
	case b[0] == '"':
		for n < len(b) && b[n] != '"' {
			if b[n] == '\\' {
				n++
			}
			n++
		}
		n++
	case decNotDelim[b[0]]:
		for n < len(b) && decNotDelim[b[n]] {
			n++
		}
	}
	t := b[:min(n, len(b), max)]
	s := string(t)
	if !utf8.Valid(t) || bytes.ContainsFunc(t, func(r rune) bool { return r < ' ' }) {
		s = strconv.Quote(s)
	}
	if n > max {
		s += "..."
	}
	return s
}

func decQuoteBytes(b []byte) string { return strconv.Quote(string(b)) }

// rawKey returns the current member name as written, quotes included.
func (d *Decoder) rawKey() string { return string(d.data[d.keyStart:d.keyEnd]) }

// EnterMessage consumes the '{' of a message. Messages count towards the
// recursion limit, as in protojson, so that hostile input cannot nest
// without bound; the check comes first, before the token is looked at.
// On false the caller returns without calling LeaveMessage.
func (d *Decoder) EnterMessage() bool {
	if d.err != nil {
		return false
	}
	if d.depth >= d.limit {
		d.fail(d.pos, "exceeded max recursion depth")
		return false
	}
	if !d.open('{') {
		return false
	}
	d.depth++
	return true
}

// LeaveMessage ends the message EnterMessage began, once NextField has
// returned false, so that the depth counts only enclosing messages.
func (d *Decoder) LeaveMessage() { d.depth-- }

// ObjectStart consumes the '{' of a map, which, unlike a message, does not
// count towards the recursion limit.
func (d *Decoder) ObjectStart() bool {
	return d.err == nil && d.open('{')
}

// ArrayStart consumes the '[' of a repeated field.
func (d *Decoder) ArrayStart() bool {
	return d.err == nil && d.open('[')
}

func (d *Decoder) open(c byte) bool {
	d.skipWS()
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		d.first = true
		return true
	}
	d.failToken("unexpected token ")
	return false
}

// NextField advances to the next member of the object being read, so that
// generated code can loop over members and switch on Key. It returns false
// once the closing '}' is consumed, or on failure.
func (d *Decoder) NextField() bool {
	if d.err != nil {
		return false
	}
	d.skipWS()
	if d.pos >= len(d.data) {
		d.failEOF()
		return false
	}
	c := d.data[d.pos]
	if c == '}' {
		d.pos++
		d.first = false
		return false
	}
	if d.first {
		d.first = false
	} else if c == ',' {
		d.pos++
		d.skipWS()
	} else {
		d.failToken("unexpected token ")
		return false
	}
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		d.failToken("unexpected token ")
		return false
	}
	start := d.pos
	end, esc, ok := d.scanString(start)
	if !ok {
		return false
	}
	d.pos, d.keyStart, d.keyEnd = end, start, end
	if esc {
		d.keyBuf = decUnescape(d.keyBuf[:0], d.data[start+1:end-1])
		d.key = d.keyBuf
	} else {
		d.key = d.data[start+1 : end-1]
	}
	return d.colon()
}

// NextElem advances to the next element of the array being read, so that
// generated code can loop over elements. It returns false once the closing
// ']' is consumed, or on failure.
func (d *Decoder) NextElem() bool {
	if d.err != nil {
		return false
	}
	d.skipWS()
	if d.pos >= len(d.data) {
		d.failEOF()
		return false
	}
	switch c := d.data[d.pos]; {
	case c == ']':
		d.pos++
		d.first = false
		return false
	case d.first:
		d.first = false
		return true
	case c == ',':
		d.pos++
		return true
	}
	d.failToken("unexpected token ")
	return false
}

// Key returns the name of the current member, unescaped, for generated
// code to switch on without allocating. It is valid until the next
// NextField.
func (d *Decoder) Key() []byte { return d.key }

// First marks field i in seen, so that a message naming one field twice
// (by either of its names) is rejected as protojson rejects it.
func (d *Decoder) First(seen []uint64, i int) bool {
	if d.err != nil {
		return false
	}
	w, bit := i>>6, uint64(1)<<(i&63)
	if seen[w]&bit != 0 {
		d.fail(d.keyStart, "duplicate field "+d.rawKey())
		return false
	}
	seen[w] |= bit
	return true
}

// Oneof marks oneof i in seen, so that setting two members of the oneof
// named name is rejected as protojson rejects it.
func (d *Decoder) Oneof(seen []uint64, i int, name string) bool {
	if d.err != nil {
		return false
	}
	w, bit := i>>6, uint64(1)<<(i&63)
	if seen[w]&bit != 0 {
		d.fail(d.keyStart, "error parsing "+d.rawKey()+", oneof "+name+" is already set")
		return false
	}
	seen[w] |= bit
	return true
}

// Null consumes a null, which protojson treats as an absent field for all
// but google.protobuf.Value and NullValue fields.
func (d *Decoder) Null() bool {
	if d.err != nil {
		return false
	}
	d.skipWS()
	return d.literal("null")
}

// Unknown handles a member that names no field: with DiscardUnknown its
// value is validated and skipped, else it is a failure, as in protojson.
func (d *Decoder) Unknown() {
	if d.err != nil {
		return
	}
	if !d.discard {
		d.fail(d.keyStart, "unknown field "+d.rawKey())
		return
	}
	d.skipValue(d.limit - d.depth)
}

// DuplicateKey records that the current map key is already in the map,
// which protojson rejects; generated code detects it with its own map.
func (d *Decoder) DuplicateKey() {
	if d.err == nil {
		d.fail(d.keyStart, "duplicate map key "+d.rawKey())
	}
}
