package h1guard

// Content-Length value parser states (see clByte).
const (
	clLead  uint8 = iota // leading white space, no digit yet
	clDigit              // in the digits
	clTrail              // white space after the digits
	clBad                // anything net/http rejects
)

// continuation handles the start of a continuation line: net/textproto
// appends a single space and the line's trimmed content to the value.
func (t *tracker) continuation() {
	switch t.cur {
	case kindCL:
		t.clByte(' ')
	case kindTE:
		// The space separator survives trimming; only leading space of
		// the whole value is removed.
		if t.teIdx > 0 || t.teBad {
			t.teBad = true
		}
	}
}

// valueByte feeds one byte (neither CR nor LF) of the value of a kept
// Content-Length or Transfer-Encoding line.
func (t *tracker) valueByte(c byte) {
	if t.cur == kindCL {
		t.clByte(c)
		return
	}
	// Transfer-Encoding: net/http wants exactly "chunked" after net/textproto
	// trimmed SP/HT from both ends of each line and the front of the value.
	if c == ' ' || c == '\t' {
		if t.teIdx > 0 || t.teBad {
			t.teWS = true // trailing (trimmed) unless content follows
		}
		return
	}
	if t.teWS || t.teIdx == uint8(len("chunked")) || c|0x20 != "chunked"[t.teIdx] {
		t.teBad = true
		return
	}
	t.teIdx++
}

// clByte feeds one byte of a Content-Length value. net/http trims ASCII
// white space and parses the rest with strconv.ParseUint(v, 10, 63).
func (t *tracker) clByte(c byte) {
	switch {
	case c == ' ' || c == '\t':
		if t.vSt == clDigit {
			t.vSt = clTrail
		}
	case '0' <= c && c <= '9':
		switch t.vSt {
		case clLead, clDigit:
			t.vSt = clDigit
			t.vN++
			if t.vVal > (1<<63-1-uint64(c-'0'))/10 {
				t.vSt = clBad // does not fit in 63 bits
				return
			}
			t.vVal = t.vVal*10 + uint64(c-'0')
		case clTrail:
			t.vSt = clBad
		}
	default:
		t.vSt = clBad
	}
}

// finishValue records the value of the line just completed (with its
// continuation lines) if it is a kept Content-Length or Transfer-Encoding.
func (t *tracker) finishValue() {
	switch t.cur {
	case kindCL:
		if t.valCR {
			t.vSt = clBad
		}
		// net/http rejects differing values (compared as trimmed strings:
		// equal digit count and value) and values that do not parse.
		// Empty values are equal to each other.
		if t.vSt == clBad {
			t.clBad = true
		} else if t.clCount == 0 {
			t.clN, t.clVal = t.vN, t.vVal
		} else if t.vN != t.clN || t.vVal != t.clVal {
			t.clBad = true
		}
		t.clCount++
	case kindTE:
		if t.valCR {
			t.teBad = true
		}
		if t.teCount == 0 {
			t.teChunked = !t.teBad && t.teIdx == uint8(len("chunked"))
		}
		t.teCount++
	}
	t.cur = kindNone
	t.valCR = false
}

// endHeaders decides the body framing at the blank line ending a header
// block, exactly as net/http will decide it for the (rewritten) block.
func (t *tracker) endHeaders() {
	t.finishValue()
	// CONNECT and Upgrade requests are followed like any other: if a
	// handler takes the connection over, the next bytes (TLS records,
	// masked WebSocket frames, the HTTP/2 preface) are not an HTTP/1.x
	// request line and tracking stops there; if it does not, net/http
	// reads the next request, which must still be checked.
	t.prevPOST = t.mlen == len("POST") && string(t.method[:4]) == "POST"
	switch t.first {
	case kindCL:
		if t.clBad {
			t.stop() // net/http answers 400 and closes the connection
			return
		}
		if t.clVal == 0 {
			t.endRequest() // no body (an empty value counts as none)
			return
		}
		t.remain = t.clVal
		t.st = stBodyCL
	case kindTE:
		if t.v10 {
			// HTTP/1.0: net/http drops Transfer-Encoding; without
			// Content-Length a request has no body.
			t.endRequest()
			return
		}
		if t.teCount != 1 || !t.teChunked {
			t.stop() // net/http answers 501 or 400 and closes
			return
		}
		t.remain = 0
		t.hexN = 0
		t.st = stChunkSize
	default:
		t.endRequest()
	}
}

// hexVal returns the value of the hex digit c.
func hexVal(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
