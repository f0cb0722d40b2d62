package jsoncodec

import (
	"unicode/utf8"
)

// The tokenizer accepts exactly what protojson's JSON reader accepts:
// RFC 8259 with whitespace limited to space, tab, CR and LF, literals and
// numbers that must be followed by a delimiter, strings of valid UTF-8
// without control characters, and escapes whose \u surrogates pair up.
// The one leniency it copies is protojson's: an exponent marker with no
// digits ("1e", "1E+") still ends a number token when a delimiter follows,
// so that protojson's integer rules, not the grammar, decide about it.

// decNotDelim marks the bytes that may not follow a literal or a number:
// protojson treats [-+._a-zA-Z0-9] as part of the token.
var decNotDelim = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	t['-'], t['+'], t['.'], t['_'] = true, true, true, true
	return t
}()

// decPlain marks the ASCII bytes a string holds as they are.
var decPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// decWS marks JSON whitespace.
var decWS = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// skipWS moves past whitespace.
func (d *Decoder) skipWS() {
	for d.pos < len(d.data) && decWS[d.data[d.pos]] {
		d.pos++
	}
}

// literal reports whether lit starts at d.pos and ends at a delimiter,
// and consumes it if so.
func (d *Decoder) literal(lit string) bool {
	end := d.pos + len(lit)
	if end > len(d.data) || string(d.data[d.pos:end]) != lit {
		return false
	}
	if end < len(d.data) && decNotDelim[d.data[end]] {
		return false
	}
	d.pos = end
	return true
}

// decNumberLen returns the length of the JSON number at the start of b, as
// protojson delimits it (see the leniency above), or false.
func decNumberLen(b []byte) (int, bool) {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return 0, false
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		i++
		for i < len(b) && decIsDigit(b[i]) {
			i++
		}
	default:
		return 0, false
	}
	if i+1 < len(b) && b[i] == '.' && decIsDigit(b[i+1]) {
		i += 2
		for i < len(b) && decIsDigit(b[i]) {
			i++
		}
	}
	if i+1 < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if b[i] == '+' || b[i] == '-' {
			i++
			if i == len(b) {
				return 0, false
			}
		}
		for i < len(b) && decIsDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && decNotDelim[b[i]] {
		return 0, false
	}
	return i, true
}

// decWholeNumber reports whether b is one JSON number and nothing else,
// which is what protojson asks of a number written as a string.
func decWholeNumber(b []byte) bool {
	n, ok := decNumberLen(b)
	return ok && n == len(b)
}

func decIsDigit(c byte) bool { return '0' <= c && c <= '9' }

// decHex4 decodes the four hex digits at the start of b.
func decHex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// scanString validates the string starting with the quote at start and
// returns the offset after its closing quote and whether it has escapes.
// On failure it records the error and returns false.
func (d *Decoder) scanString(start int) (end int, esc bool, ok bool) {
	b := d.data
	i := start + 1
	for {
		for i < len(b) && decPlain[b[i]] {
			i++
		}
		if i >= len(b) {
			d.failEOF()
			return 0, false, false
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1, esc, true
		case c == '\\':
			esc = true
			if i+1 >= len(b) {
				d.failEOF()
				return 0, false, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				n, good := decEscapeU(b[i:])
				if n < 0 {
					d.failEOF()
					return 0, false, false
				}
				if !good {
					d.fail(i, "invalid escape code "+decQuoteBytes(b[i:min(i+12, len(b))])+" in string")
					return 0, false, false
				}
				i += n
			default:
				d.fail(i, "invalid escape code "+decQuoteBytes(b[i:i+2])+" in string")
				return 0, false, false
			}
		case c < ' ':
			d.fail(i, "invalid character "+decQuoteBytes(b[i:i+1])+" in string")
			return 0, false, false
		default:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				d.fail(i, "invalid UTF-8 in string")
				return 0, false, false
			}
			i += n
		}
	}
}

// decEscapeU checks the \u escape at the start of b: its length (6, or 12
// for a surrogate pair), whether it is valid, and -1 when the input ends
// too early, as protojson tells the cases apart.
func decEscapeU(b []byte) (int, bool) {
	if len(b) < 6 {
		return -1, false
	}
	r, ok := decHex4(b[2:])
	if !ok {
		return 6, false
	}
	if r < 0xd800 || r >= 0xe000 {
		return 6, true
	}
	if len(b) < 12 {
		return -1, false
	}
	r2, ok := decHex4(b[8:])
	ok = ok && b[6] == '\\' && b[7] == 'u' && r < 0xdc00 && 0xdc00 <= r2 && r2 < 0xe000
	return 12, ok
}

// decUnescape appends the value of the string content s, validated by
// scanString, to buf.
func decUnescape(buf, s []byte) []byte {
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\\' {
			i++
		}
		buf = append(buf, s[:i]...)
		if i == len(s) {
			break
		}
		s = s[i:]
		switch c := s[1]; c {
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, _ := decHex4(s[2:])
			if r >= 0xd800 && r < 0xe000 {
				lo, _ := decHex4(s[8:])
				r = 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00)
				s = s[6:]
			}
			buf = utf8.AppendRune(buf, r)
			s = s[4:]
		default: // '"', '\\', '/'
			buf = append(buf, c)
		}
		s = s[2:]
	}
	return buf
}

// skipValue validates and consumes the next JSON value, of any kind. It
// fails when more than maxOpen arrays and objects are open at once, as
// protojson's skipping of unknown fields does.
func (d *Decoder) skipValue(maxOpen int) bool {
	open := 0
	for {
		// A value is expected.
		d.skipWS()
		if d.pos >= len(d.data) {
			d.failEOF()
			return false
		}
		switch c := d.data[d.pos]; c {
		case '{', '[':
			open++
			if open > maxOpen {
				d.fail(d.pos, "exceeded max recursion depth")
				return false
			}
			d.push(open, c == '{')
			d.pos++
			d.skipWS()
			if d.pos < len(d.data) && d.data[d.pos] == c+2 { // '}' or ']'
				d.pos++
				open--
				break
			}
			if c == '[' || d.name() {
				continue
			}
			return false
		case '"':
			end, _, ok := d.scanString(d.pos)
			if !ok {
				return false
			}
			d.pos = end
		case 't', 'f', 'n':
			if !d.literal("true") && !d.literal("false") && !d.literal("null") {
				d.failToken("invalid value ")
				return false
			}
		default:
			n, ok := decNumberLen(d.data[d.pos:])
			if !ok {
				d.failToken("invalid value ")
				return false
			}
			d.pos += n
		}
		// A value has ended: close what it ends, then expect the next.
		for {
			if open == 0 {
				return true
			}
			d.skipWS()
			if d.pos >= len(d.data) {
				d.failEOF()
				return false
			}
			obj := d.top(open)
			c := d.data[d.pos]
			if c == ',' {
				d.pos++
				if obj && !d.name() {
					return false
				}
				break
			}
			if obj && c == '}' || !obj && c == ']' {
				d.pos++
				open--
				continue
			}
			d.failToken("unexpected token ")
			return false
		}
	}
}

// name consumes a member name and its colon, for skipValue.
func (d *Decoder) name() bool {
	d.skipWS()
	if d.pos >= len(d.data) {
		d.failEOF()
		return false
	}
	if d.data[d.pos] != '"' {
		d.failToken("unexpected token ")
		return false
	}
	end, _, ok := d.scanString(d.pos)
	if !ok {
		return false
	}
	d.pos = end
	return d.colon()
}

// colon consumes the ':' after a member name.
func (d *Decoder) colon() bool {
	d.skipWS()
	if d.pos >= len(d.data) {
		d.failEOF()
		return false
	}
	if d.data[d.pos] != ':' {
		d.fail(d.pos, `unexpected character `+string(d.data[d.pos:d.pos+1])+`, missing ":" after field name`)
		return false
	}
	d.pos++
	return true
}

// push records whether the open-th open container is an object.
func (d *Decoder) push(open int, obj bool) {
	i := open - 1
	for i>>6 >= len(d.stack) {
		d.stack = append(d.stack, 0)
	}
	if obj {
		d.stack[i>>6] |= 1 << (i & 63)
	} else {
		d.stack[i>>6] &^= 1 << (i & 63)
	}
}

// top reports whether the open-th open container is an object.
func (d *Decoder) top(open int) bool {
	i := open - 1
	return d.stack[i>>6]&(1<<(i&63)) != 0
}
