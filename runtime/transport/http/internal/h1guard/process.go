package h1guard

import "bytes"

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
