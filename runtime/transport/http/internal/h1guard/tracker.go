package h1guard

import "bytes"

// state is the position of a tracker in the HTTP/1.x request byte stream.
type state uint8

const (
	stReqStart    state = iota // before a request line (may skip CR/LF after a POST)
	stMethod                   // in the method of the request line
	stURI                      // in the request target
	stProto                    // in the protocol version, up to the end of the line
	stHdrStart                 // at the start of a header line (or the blank line)
	stHdrCR                    // a header line started with CR
	stHdrValue                 // in a header line after its name, up to LF
	stBodyCL                   // in a Content-Length body
	stChunkSize                // in the hex digits of a chunk-size line
	stChunkWS                  // in white space after the chunk size
	stChunkExt                 // in a chunk extension
	stChunkLF                  // after the CR of a chunk-size line
	stChunkData                // in chunk data
	stChunkCR                  // expecting the CR after chunk data
	stChunkDataLF              // expecting the LF after chunk data
	stTrlStart                 // at the start of a trailer line (or the blank line)
	stTrlCR                    // a trailer line started with CR
	stTrlLine                  // in a trailer line, up to LF
	stStopped                  // not tracking any more: bytes pass through
)

// kind classifies a header line by its field name.
type kind uint8

const (
	kindNone  kind = iota // no header line (yet)
	kindOther             // a field the tracker has no interest in
	kindCL                // Content-Length
	kindTE                // Transfer-Encoding
)

// Lower-case field names the tracker recognises, compared ASCII
// case-insensitively, as net/textproto canonicalises them.
const (
	nameCL = "content-length"
	nameTE = "transfer-encoding"

	// maxHold is the most bytes of a header line the guard holds back
	// because they could still turn out to be a recognised field name: the
	// longest name. One more byte (':' or not) decides.
	maxHold = len(nameTE)
)

// Content-Length value parser states (see clFeed).
const (
	clLead  uint8 = iota // leading white space, no digit yet
	clDigit              // in the digits
	clTrail              // white space after the digits
	clBad                // anything net/http rejects
)

// tracker follows the framing of HTTP/1.x requests in a byte stream the
// way net/http.Server parses it, and renames the second of Content-Length /
// Transfer-Encoding in a header block that has both (see package doc).
//
// It is fed the stream in order by process; it keeps no bytes itself.
type tracker struct {
	st state

	// Request line.
	prevPOST bool // the previous request's method was "POST"
	skipped  uint8
	mlen     int // method bytes seen
	method   [8]byte
	plen     int // protocol bytes seen
	proto    [9]byte
	v10      bool // HTTP/1.0: net/http ignores Transfer-Encoding

	// Header block.
	firstHdr bool // the next line is the first header line
	first    kind // framing field that came first: kindCL or kindTE (kept)
	cur      kind // field of the (possibly continued) line being scanned
	valCR    bool // a CR in a Content-Length/Transfer-Encoding value
	marked   bool // a framing field was renamed in this header block

	// Content-Length fields that net/http will see.
	clCount int
	clBad   bool
	clN     int64  // digit count of the first value (leading zeros count)
	clVal   uint64 // value of the first
	vSt     uint8  // current value: parser state
	vN      int64  // current value: digits
	vVal    uint64 // current value: number

	// Transfer-Encoding fields that net/http will see.
	teCount   int
	teChunked bool  // the first one is exactly "chunked" (ASCII case-insensitive)
	teIdx     uint8 // current value: bytes of "chunked" matched
	teBad     bool  // current value: cannot be "chunked"
	teWS      bool  // current value: white space pending after content

	remain   uint64 // Content-Length body or chunk data bytes left, or chunk size
	hexN     uint8  // hex digits of the current chunk size
	trlFirst bool   // the next trailer line is the first one
}

// stopped reports whether the tracker has given up on the stream.
func (t *tracker) stopped() bool { return t.st == stStopped }

// stop makes the tracker pass every later byte through unchanged.
func (t *tracker) stop() { t.st = stStopped }

// process follows b, the next bytes of the stream, renaming framing fields
// in place. It returns how many bytes of b are decided; the rest (at most
// maxHold bytes, only if !final) is the start of a header line whose name
// might still need renaming and must be passed to process again, followed
// by more bytes. final means no more bytes will follow b.
func (t *tracker) process(b []byte, final bool) int {
	i := 0
	for i < len(b) {
		switch t.st {
		case stStopped:
			return len(b)

		case stReqStart:
			// net/http.Server discards up to 4 leading CR/LF bytes before
			// a request that follows a POST (RFC 7230 §3.5 tolerance).
			if c := b[i]; t.prevPOST && t.skipped < 4 && (c == '\r' || c == '\n') {
				t.skipped++
				i++
				continue
			}
			t.beginRequest()

		case stMethod:
			for i < len(b) {
				c := b[i]
				if c == ' ' {
					break
				}
				if !isTokenByte(c) {
					// Not a method (TLS record, HTTP/2 frame, a line
					// without spaces, ...): net/http rejects the request.
					t.stop()
					return len(b)
				}
				if t.mlen < len(t.method) {
					t.method[t.mlen] = c
				}
				t.mlen++
				i++
			}
			if i == len(b) {
				continue
			}
			if t.mlen == 0 {
				t.stop() // empty method: net/http rejects the request
				continue
			}
			t.st = stURI
			i++

		case stURI:
			rest := b[i:]
			sp := bytes.IndexByte(rest, ' ')
			if sp < 0 {
				if bytes.IndexByte(rest, '\n') >= 0 {
					t.stop() // one space only: malformed request line
					continue
				}
				i = len(b)
				continue
			}
			if bytes.IndexByte(rest[:sp], '\n') >= 0 {
				t.stop()
				continue
			}
			i += sp + 1
			t.st = stProto

		case stProto:
			for i < len(b) {
				c := b[i]
				i++
				if c == '\n' {
					t.endRequestLine()
					break
				}
				if t.plen == len(t.proto) {
					// Longer than "HTTP/1.1\r": not a version net/http
					// accepts.
					t.stop()
					return len(b)
				}
				t.proto[t.plen] = c
				t.plen++
			}

		case stHdrStart:
			c := b[i]
			switch c {
			case '\n':
				i++
				t.endHeaders()
			case '\r':
				i++
				t.st = stHdrCR
			case ' ', '\t':
				if t.firstHdr {
					// net/http: "malformed MIME header initial line".
					t.stop()
					continue
				}
				// Continuation line (obs-fold): net/textproto joins it to
				// the previous value with a single space.
				i++
				t.continuation()
				t.st = stHdrValue
			default:
				t.finishValue()
				t.firstHdr = false
				// The field name ends at the first colon of the line; only
				// names of up to maxHold bytes matter.
				rest := b[i:]
				lf := bytes.IndexByte(rest, '\n')
				name := rest
				if lf >= 0 {
					name = rest[:lf]
				}
				if len(name) > maxHold+1 {
					name = name[:maxHold+1]
				}
				if k := bytes.IndexByte(name, ':'); k >= 0 {
					t.headerName(rest[:k])
					if t.cur == kindOther && lf >= 0 {
						i += lf + 1 // the whole line, at once
						continue
					}
					i += k + 1
					t.st = stHdrValue
					continue
				}
				if lf < 0 && len(rest) <= maxHold && !final && isNamePrefix(rest) {
					return i // hold back: the name is not complete yet
				}
				t.cur = kindOther // long name or no colon
				if lf >= 0 {
					i += lf + 1
					continue
				}
				i = len(b)
				t.st = stHdrValue
			}

		case stHdrCR:
			if b[i] != '\n' {
				// A header line starting with CR: net/http rejects it (CR
				// is not valid in a field name, and it is not a blank line).
				t.stop()
				continue
			}
			i++
			t.endHeaders()

		case stHdrValue:
			if t.cur != kindCL && t.cur != kindTE {
				k := bytes.IndexByte(b[i:], '\n')
				if k < 0 {
					i = len(b)
					continue
				}
				i += k + 1
				t.st = stHdrStart
				continue
			}
			for i < len(b) {
				c := b[i]
				i++
				if c == '\n' {
					t.valCR = false
					t.teWS = false // trailing white space of a line is trimmed
					t.st = stHdrStart
					break
				}
				if t.valCR {
					// CR not followed by LF: an invalid value byte.
					t.valCR = false
					t.vSt, t.teBad = clBad, true
				}
				if c == '\r' {
					t.valCR = true
					continue
				}
				t.valueByte(c)
			}

		case stBodyCL:
			if n := uint64(len(b) - i); n < t.remain {
				t.remain -= n
				i = len(b)
				continue
			}
			i += int(t.remain)
			t.endRequest()

		case stChunkSize:
			c := b[i]
			if h, ok := hexVal(c); ok {
				if t.hexN == 16 {
					t.stop() // "http chunk length too large"
					continue
				}
				t.remain = t.remain<<4 | uint64(h)
				t.hexN++
				i++
				continue
			}
			if t.hexN == 0 {
				t.stop() // empty or non-hex chunk size
				continue
			}
			switch c {
			case ' ', '\t':
				t.st = stChunkWS
			case ';':
				t.st = stChunkExt
			case '\r':
				t.st = stChunkLF
			default: // bare LF, junk after the size
				t.stop()
				continue
			}
			i++

		case stChunkWS:
			// Trailing white space is trimmed before the extension is cut
			// off, so white space may only be followed by CRLF.
			switch b[i] {
			case ' ', '\t':
			case '\r':
				t.st = stChunkLF
			default:
				t.stop()
				continue
			}
			i++

		case stChunkExt:
			// Extensions are ignored by net/http; only CR is not allowed
			// before the final CRLF, and the line must end in CRLF.
			rest := b[i:]
			k := bytes.IndexByte(rest, '\r')
			if k < 0 {
				if bytes.IndexByte(rest, '\n') >= 0 {
					t.stop() // bare LF
					continue
				}
				i = len(b)
				continue
			}
			if bytes.IndexByte(rest[:k], '\n') >= 0 {
				t.stop()
				continue
			}
			i += k + 1
			t.st = stChunkLF

		case stChunkLF:
			if b[i] != '\n' {
				t.stop() // "invalid CR in chunked line"
				continue
			}
			i++
			if t.remain == 0 {
				t.st = stTrlStart // last chunk
				t.trlFirst = true
			} else {
				t.st = stChunkData
			}

		case stChunkData:
			if n := uint64(len(b) - i); n < t.remain {
				t.remain -= n
				i = len(b)
				continue
			}
			i += int(t.remain)
			t.remain = 0
			t.st = stChunkCR

		case stChunkCR:
			if b[i] != '\r' {
				t.stop() // "malformed chunked encoding"
				continue
			}
			i++
			t.st = stChunkDataLF

		case stChunkDataLF:
			if b[i] != '\n' {
				t.stop()
				continue
			}
			i++
			t.st = stChunkSize
			t.hexN = 0

		case stTrlStart:
			switch b[i] {
			case '\n':
				i++
				t.endRequest()
				continue
			case '\r':
				t.st = stTrlCR
			case ' ', '\t':
				if t.trlFirst {
					t.stop() // malformed initial trailer line
					continue
				}
				t.st = stTrlLine
			default:
				t.st = stTrlLine
			}
			t.trlFirst = false
			i++

		case stTrlCR:
			if b[i] != '\n' {
				t.stop() // a trailer line starting with CR is rejected
				continue
			}
			i++
			t.endRequest()

		case stTrlLine:
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				i = len(b)
				continue
			}
			i += k + 1
			t.st = stTrlStart
		}
	}
	return i
}

// beginRequest resets the per-request state at the first byte of a request
// line.
func (t *tracker) beginRequest() {
	*t = tracker{st: stMethod} // prevPOST has been used by stReqStart
}

// endRequestLine classifies the request line once its LF is seen.
func (t *tracker) endRequestLine() {
	p := t.proto[:t.plen]
	if len(p) > 0 && p[len(p)-1] == '\r' {
		p = p[:len(p)-1] // bufio.Reader.ReadLine drops the CR of CRLF
	}
	// net/http.ParseHTTPVersion accepts exactly "HTTP/d.d"; the server
	// serves major version 1 only, apart from "PRI * HTTP/2.0" which is
	// handed to HTTP/2 (or a handler): neither can be followed.
	if len(p) != len("HTTP/1.1") || string(p[:7]) != "HTTP/1." || p[7] < '0' || p[7] > '9' {
		t.stop()
		return
	}
	t.v10 = p[7] == '0'
	t.st = stHdrStart
	t.firstHdr = true
}

// headerName handles the complete field name of a new header line (name is
// the bytes before its colon, in the caller's buffer), renaming it in place
// if it is the second of the two framing fields.
func (t *tracker) headerName(name []byte) {
	t.cur = kindOther
	var k kind
	switch {
	case len(name) == len(nameCL) && asciiEqualFold(name, nameCL):
		k = kindCL
	case len(name) == len(nameTE) && asciiEqualFold(name, nameTE):
		k = kindTE
	default:
		return
	}
	if t.first == kindNone {
		t.first = k
	}
	if k != t.first {
		if k == kindCL {
			copy(name, MarkerContentLength)
		} else {
			copy(name, MarkerTransferEncoding)
		}
		t.marked = true
		return
	}
	t.cur = k
	t.valCR = false
	if k == kindCL {
		t.vSt, t.vN, t.vVal = clLead, 0, 0
	} else {
		t.teIdx, t.teBad, t.teWS = 0, false, false
	}
}

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

// endRequest moves on to the next request on the connection.
func (t *tracker) endRequest() {
	t.st = stReqStart
	t.skipped = 0
}

// isNamePrefix reports whether b, the start of a header line whose colon
// has not arrived yet, could still become a field name the tracker acts on.
func isNamePrefix(b []byte) bool {
	return hasFoldPrefix(nameCL, b) || hasFoldPrefix(nameTE, b)
}

// hasFoldPrefix reports whether b is an ASCII case-insensitive prefix of the
// lower-case name.
func hasFoldPrefix(name string, b []byte) bool {
	return len(b) <= len(name) && asciiEqualFold(b, name[:len(b)])
}

// asciiEqualFold reports whether b equals the lower-case ASCII string s,
// ignoring the case of ASCII letters only (as net/textproto does; no
// Unicode folding).
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
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

// tokenBytes holds the RFC 9110 token characters, which net/http accepts in
// a method.
var tokenBytes = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

func isTokenByte(c byte) bool { return tokenBytes[c] }
