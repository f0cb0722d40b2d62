package h1guard

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

// endRequest moves on to the next request on the connection.
func (t *tracker) endRequest() {
	t.st = stReqStart
	t.skipped = 0
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
