package jsoncodec

import (
	"bytes"
	"encoding/base64"
	"math"
	"strconv"
	"unsafe"
)

// stringValue reads a JSON string and returns its content, unescaped: a
// sub-slice of the input or of d.valBuf, valid until the next read. The
// offset is that of the opening quote.
func (d *Decoder) stringValue(kind string) ([]byte, int, bool) {
	if d.err != nil {
		return nil, 0, false
	}
	d.skipWS()
	start := d.pos
	if start >= len(d.data) || d.data[start] != '"' {
		d.failValue(kind)
		return nil, 0, false
	}
	end, esc, ok := d.scanString(start)
	if !ok {
		return nil, 0, false
	}
	d.pos = end
	if esc {
		d.valBuf = decUnescape(d.valBuf[:0], d.data[start+1:end-1])
		return d.valBuf, start, true
	}
	return d.data[start+1 : end-1], start, true
}

// String reads a string value; it allocates the result once.
func (d *Decoder) String() string {
	s, _, _ := d.stringValue("string")
	return string(s)
}

// Bytes reads a bytes value: base64 in the standard or the URL alphabet,
// padded or not, chosen as protojson chooses (URL when the text has '-'
// or '_', unpadded when its length is not a multiple of 4).
func (d *Decoder) Bytes() []byte {
	s, start, ok := d.stringValue("bytes")
	if !ok {
		return nil
	}
	enc := base64.StdEncoding
	if bytes.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
		if len(s)%4 != 0 {
			enc = base64.RawURLEncoding
		}
	} else if len(s)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	b := make([]byte, enc.DecodedLen(len(s)))
	n, err := enc.Decode(b, s)
	if err != nil {
		d.failAt(start, "invalid value for bytes: ")
		return nil
	}
	return b[:n]
}

// Bool reads true or false; protojson accepts no other spelling.
func (d *Decoder) Bool() bool {
	if d.err != nil {
		return false
	}
	d.skipWS()
	if d.literal("true") {
		return true
	}
	if !d.literal("false") {
		d.failValue("bool")
	}
	return false
}

// number reads a number, bare or, when quoted is set, as a string that
// holds one number and nothing else. It returns the number's text (for a
// quoted number, a sub-slice of the input or of d.valBuf) and its offset.
func (d *Decoder) number(kind string, quoted bool) ([]byte, int, bool) {
	if d.err != nil {
		return nil, 0, false
	}
	d.skipWS()
	start := d.pos
	if start < len(d.data) && d.data[start] == '"' && quoted {
		s, _, ok := d.stringValue(kind)
		if ok && !decWholeNumber(s) {
			d.pos = start
			d.failValue(kind)
			return nil, 0, false
		}
		return s, start, ok
	}
	n, ok := decNumberLen(d.data[start:])
	if !ok {
		d.failValue(kind)
		return nil, 0, false
	}
	d.pos += n
	return d.data[start:d.pos], start, true
}

// integer reads an integer of bits bits, signed or not: a number or a
// quoted number (when quoted is set) whose value is integral, like 1.0 or
// 1e2, as protojson reads integers.
func (d *Decoder) integer(kind string, bits int, signed, quoted bool) (int64, uint64, bool) {
	s, start, ok := d.number(kind, quoted)
	if !ok {
		return 0, 0, false
	}
	neg, mag, ok := decIntegral(s)
	if ok {
		if signed {
			lim := uint64(1) << (bits - 1)
			if neg && mag <= lim {
				return int64(-mag), 0, true
			}
			if !neg && mag < lim {
				return int64(mag), 0, true
			}
		} else if !neg && (bits == 64 || mag < 1<<bits) {
			return 0, mag, true
		}
	}
	d.pos = start
	d.failValue(kind)
	return 0, 0, false
}

// Int32 reads an int32, sint32 or sfixed32 value.
func (d *Decoder) Int32() int32 {
	v, _, _ := d.integer("int32", 32, true, true)
	return int32(v)
}

// Int64 reads an int64, sint64 or sfixed64 value, which protojson writes
// quoted but reads either way.
func (d *Decoder) Int64() int64 {
	v, _, _ := d.integer("int64", 64, true, true)
	return v
}

// Uint32 reads a uint32 or fixed32 value.
func (d *Decoder) Uint32() uint32 {
	_, v, _ := d.integer("uint32", 32, false, true)
	return uint32(v)
}

// Uint64 reads a uint64 or fixed64 value.
func (d *Decoder) Uint64() uint64 {
	_, v, _ := d.integer("uint64", 64, false, true)
	return v
}

// float reads a float of bits bits: a number, a quoted number or one of
// the strings "NaN", "Infinity" and "-Infinity"; values out of range are
// failures, as in protojson.
func (d *Decoder) float(kind string, bits int) float64 {
	if d.err != nil {
		return 0
	}
	d.skipWS()
	start := d.pos
	var s []byte
	if start < len(d.data) && d.data[start] == '"' {
		v, _, ok := d.stringValue(kind)
		if !ok {
			return 0
		}
		switch string(v) {
		case "NaN":
			return math.NaN()
		case "Infinity":
			return math.Inf(1)
		case "-Infinity":
			return math.Inf(-1)
		}
		if !decWholeNumber(v) {
			d.pos = start
			d.failValue(kind)
			return 0
		}
		s = v
	} else {
		var ok bool
		if s, _, ok = d.number(kind, false); !ok {
			return 0
		}
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(s), len(s)), bits)
	if err != nil {
		d.pos = start
		d.failValue(kind)
		return 0
	}
	return f
}

// Float32 reads a float value.
func (d *Decoder) Float32() float32 { return float32(d.float("float", 32)) }

// Float64 reads a double value.
func (d *Decoder) Float64() float64 { return d.float("double", 64) }

// decIntegral returns the value of the JSON number s when it is an
// integer that fits in 64 bits (sign apart), with protojson's quirks: an
// empty exponent counts as 0, a zero value is 0 whatever its exponent, and
// integer digits plus a positive exponent may not exceed 20.
func decIntegral(s []byte) (neg bool, mag uint64, ok bool) {
	i := 0
	if s[0] == '-' {
		neg = true
		i++
	}
	intp := i // integer digits s[intp:i], without a lone 0
	if s[i] == '0' {
		i++
		intp = i
	}
	for i < len(s) && decIsDigit(s[i]) {
		i++
	}
	intEnd := i
	frac, fracEnd := i, i
	if i < len(s) && s[i] == '.' {
		i++
		frac = i
		for i < len(s) && decIsDigit(s[i]) {
			i++
		}
		fracEnd = i
		for fracEnd > frac && s[fracEnd-1] == '0' {
			fracEnd--
		}
	}
	var exp []byte
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		exp = s[i+1:]
		if len(exp) == 1 && (exp[0] == '+' || exp[0] == '-') {
			return false, 0, false
		}
	}
	nInt, nFrac := intEnd-intp, fracEnd-frac
	if nInt == 0 && nFrac == 0 {
		return false, 0, true
	}
	e, ok := decExponent(exp)
	if !ok {
		return false, 0, false
	}
	digits := func(b []byte, mag uint64) (uint64, bool) {
		for _, c := range b {
			if mag > (math.MaxUint64-uint64(c-'0'))/10 {
				return 0, false
			}
			mag = mag*10 + uint64(c-'0')
		}
		return mag, true
	}
	if e >= 0 {
		if nFrac > e || nInt+e > 20 {
			return false, 0, false
		}
		mag, ok = digits(s[intp:intEnd], 0)
		if ok {
			mag, ok = digits(s[frac:fracEnd], mag)
		}
		for k := nFrac; ok && k < e; k++ {
			ok = mag <= math.MaxUint64/10
			mag *= 10
		}
		return neg, mag, ok
	}
	cut := intEnd + e // digits from cut on must be 0
	if nFrac > 0 || cut < intp {
		return false, 0, false
	}
	for _, c := range s[cut:intEnd] {
		if c != '0' {
			return false, 0, false
		}
	}
	mag, ok = digits(s[intp:cut], 0)
	return neg, mag, ok
}

// decExponent parses an exponent as strconv.ParseInt(exp, 10, 32) does.
func decExponent(exp []byte) (int, bool) {
	if len(exp) == 0 {
		return 0, true
	}
	neg := exp[0] == '-'
	if exp[0] == '+' || exp[0] == '-' {
		exp = exp[1:]
	}
	var e int64
	for _, c := range exp {
		e = e*10 + int64(c-'0')
		if e > 1<<31 {
			return 0, false
		}
	}
	if neg {
		e = -e
	}
	if e > math.MaxInt32 {
		return 0, false
	}
	return int(e), true
}

// decParseInt parses a decimal integer of bits bits as strconv.ParseInt
// (signed) or strconv.ParseUint does, for map keys.
func decParseInt(s []byte, bits int, signed bool) (neg bool, mag uint64, ok bool) {
	if len(s) > 0 && signed && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 {
		return false, 0, false
	}
	for _, c := range s {
		if !decIsDigit(c) || mag > (math.MaxUint64-uint64(c-'0'))/10 {
			return false, 0, false
		}
		mag = mag*10 + uint64(c-'0')
	}
	switch {
	case !signed:
		ok = bits == 64 || mag < 1<<bits
	case neg:
		ok = mag <= 1<<(bits-1)
	default:
		ok = mag < 1<<(bits-1)
	}
	return neg, mag, ok
}

// KeyString returns the current map key as a string key.
func (d *Decoder) KeyString() string {
	if d.err != nil {
		return ""
	}
	return string(d.key)
}

// intKey parses the current map key as an integer, as protojson does (with
// strconv, so "+1" and "007" are keys but "1.0" and " 1" are not).
func (d *Decoder) intKey(kind string, bits int, signed bool) (int64, uint64) {
	if d.err != nil {
		return 0, 0
	}
	neg, mag, ok := decParseInt(d.key, bits, signed)
	if !ok {
		d.fail(d.keyStart, "invalid value for "+kind+" key: "+d.rawKey())
		return 0, 0
	}
	if neg {
		return int64(-mag), 0
	}
	return int64(mag), mag
}

// KeyInt32 returns the current map key as an int32 key.
func (d *Decoder) KeyInt32() int32 {
	v, _ := d.intKey("int32", 32, true)
	return int32(v)
}

// KeyInt64 returns the current map key as an int64 key.
func (d *Decoder) KeyInt64() int64 {
	v, _ := d.intKey("int64", 64, true)
	return v
}

// KeyUint32 returns the current map key as a uint32 key.
func (d *Decoder) KeyUint32() uint32 {
	_, v := d.intKey("uint32", 32, false)
	return uint32(v)
}

// KeyUint64 returns the current map key as a uint64 key.
func (d *Decoder) KeyUint64() uint64 {
	_, v := d.intKey("uint64", 64, false)
	return v
}

// KeyBool returns the current map key as a bool key: "true" or "false".
func (d *Decoder) KeyBool() bool {
	if d.err != nil {
		return false
	}
	switch string(d.key) {
	case "true":
		return true
	case "false":
		return false
	}
	d.fail(d.keyStart, "invalid value for bool key: "+d.rawKey())
	return false
}
