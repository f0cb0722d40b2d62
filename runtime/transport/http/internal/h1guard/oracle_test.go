package h1guard

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/textproto"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// --- Differential check against net/http's own parser. ---

// stream reads requests from b the way net/http.Server reads them from a
// connection, tracking the byte offset of each.
type stream struct {
	b    []byte
	cr   *countReader
	br   *bufio.Reader
	prev string // method of the previous request read without error
}

type countReader struct {
	r *bytes.Reader
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func newStream(b []byte) *stream {
	cr := &countReader{r: bytes.NewReader(b)}
	return &stream{b: b, cr: cr, br: bufio.NewReader(cr)} // 4096 bytes, like the server
}

func (s *stream) offset() int { return s.cr.n - s.br.Buffered() }

// skipCRLF does what net/http.Server does before reading a request that
// follows a POST: discard up to 4 leading CR/LF bytes.
func (s *stream) skipCRLF() {
	if s.prev != "POST" {
		return
	}
	peek, _ := s.br.Peek(4)
	n := 0
	for n < len(peek) && (peek[n] == '\r' || peek[n] == '\n') {
		n++
	}
	s.br.Discard(n)
}

type parsed struct {
	req     *http.Request
	body    []byte
	err     error // from ReadRequest
	bodyErr error
}

func (s *stream) next() parsed {
	req, err := http.ReadRequest(s.br)
	if err != nil {
		return parsed{err: err}
	}
	body, berr := io.ReadAll(req.Body)
	if berr == nil {
		s.prev = req.Method
	}
	return parsed{req: req, body: body, bodyErr: berr}
}

// head is a request line and header block parsed with net/textproto, as
// http.ReadRequest does, before net/http removes framing fields.
type head struct {
	line string
	hdr  textproto.MIMEHeader
	err  error
	end  int // offset just after the header block
}

func parseHead(b []byte) head {
	cr := &countReader{r: bytes.NewReader(b)}
	br := bufio.NewReader(cr)
	tp := textproto.NewReader(br)
	line, err := tp.ReadLine()
	if err != nil {
		return head{err: err}
	}
	hdr, err := tp.ReadMIMEHeader()
	return head{line: line, hdr: hdr, err: err, end: cr.n - br.Buffered()}
}

// trackable reports whether a request line is one net/http.Server serves as
// HTTP/1.x: method a token, two spaces, "HTTP/1.d" (http.ParseHTTPVersion).
func trackable(line string) bool {
	method, rest, ok1 := strings.Cut(line, " ")
	_, proto, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || method == "" {
		return false
	}
	for i := 0; i < len(method); i++ {
		if !isTokenByte(method[i]) {
			return false
		}
	}
	major, _, ok := http.ParseHTTPVersion(proto)
	return ok && major == 1
}

func hasBoth(h textproto.MIMEHeader) bool {
	return len(h["Content-Length"]) > 0 && len(h["Transfer-Encoding"]) > 0
}

// checkOnlyRenames fails unless out equals in except for whole field names
// Content-Length / Transfer-Encoding at the start of a line replaced by the
// marker of the same length, followed by a colon.
func checkOnlyRenames(tb testing.TB, in, out []byte) {
	tb.Helper()
	if len(in) != len(out) {
		tb.Fatalf("output length %d, input length %d", len(out), len(in))
	}
	for i := 0; i < len(in); i++ {
		if in[i] == out[i] {
			continue
		}
		ok := false
		for _, m := range []struct{ name, marker string }{
			{nameCL, MarkerContentLength}, {nameTE, MarkerTransferEncoding},
		} {
			n := len(m.name)
			if i > 0 && in[i-1] == '\n' && i+n < len(in) && in[i+n] == ':' &&
				asciiEqualFold(in[i:i+n], m.name) && string(out[i:i+n]) == m.marker {
				i += n - 1
				ok = true
				break
			}
		}
		if !ok {
			tb.Fatalf("byte %d changed from %q to %q and is not a field name rewrite\nin:  %q\nout: %q",
				i, in[i], out[i], in, out)
		}
	}
}

// checkNetHTTP is the differential oracle: it parses in and out (in's
// guarded version) request by request with http.ReadRequest, the way
// net/http.Server does (reading each body fully, skipping CR/LF after a
// POST), and fails unless
//   - out differs from in only by field-name rewrites;
//   - every request without both framing fields parses identically from both
//     streams (method, URI, proto, header, body, trailer, errors), so no
//     marker was added to it;
//   - the first request with both (per net/textproto) carries the marker
//     instead of the fields of one kind, with the same values, and no
//     longer has both; comparison stops there, as its framing changes;
//   - from a request line the server does not serve as HTTP/1.x on, out
//     equals in (the guard stopped).
//
// It returns how many requests were compared and whether a marked request
// was found.
func checkNetHTTP(tb testing.TB, in, out []byte) (requests int, marked bool) {
	tb.Helper()
	checkOnlyRenames(tb, in, out)
	so, sg := newStream(in), newStream(out)
	for ; ; requests++ {
		so.skipCRLF()
		sg.skipCRLF()
		off := so.offset()
		if g := sg.offset(); g != off {
			tb.Fatalf("request %d: offset %d in the input, %d in the output", requests, off, g)
		}
		if off == len(in) {
			return requests, false
		}
		ho := parseHead(in[off:])
		if ho.err == nil && !trackable(ho.line) {
			// The server does not serve it as HTTP/1.x: the guard stopped.
			if !bytes.Equal(in[off:], out[off:]) {
				tb.Fatalf("request %d (%q): bytes changed after a request line the guard cannot follow", requests, ho.line)
			}
			return requests, false
		}
		if ho.err == nil && hasBoth(ho.hdr) {
			checkMarked(tb, requests, ho, parseHead(out[off:]))
			if g := sg.next(); g.err == nil && !Smuggled(g.req.Header) {
				tb.Fatalf("request %d: net/http parsed the marked request without a marker: %v", requests, g.req.Header)
			}
			return requests, true
		}
		po, pg := so.next(), sg.next()
		if (po.err == nil) != (pg.err == nil) {
			tb.Fatalf("request %d: ReadRequest error %v on the input, %v on the output", requests, po.err, pg.err)
		}
		if po.err != nil {
			return requests, false // the server answers an error and closes
		}
		compareRequests(tb, requests, po, pg)
		if po.bodyErr != nil {
			return requests, false
		}
	}
}

func compareRequests(tb testing.TB, i int, o, g parsed) {
	tb.Helper()
	a, b := o.req, g.req
	if a.Method != b.Method || a.RequestURI != b.RequestURI || a.Proto != b.Proto ||
		a.Host != b.Host || a.ContentLength != b.ContentLength || a.Close != b.Close ||
		!reflect.DeepEqual(a.TransferEncoding, b.TransferEncoding) {
		tb.Fatalf("request %d differs:\ninput:  %s %s %s host=%q cl=%d te=%v close=%v\noutput: %s %s %s host=%q cl=%d te=%v close=%v",
			i, a.Method, a.RequestURI, a.Proto, a.Host, a.ContentLength, a.TransferEncoding, a.Close,
			b.Method, b.RequestURI, b.Proto, b.Host, b.ContentLength, b.TransferEncoding, b.Close)
	}
	if !reflect.DeepEqual(a.Header, b.Header) {
		tb.Fatalf("request %d: header %v in the input, %v in the output", i, a.Header, b.Header)
	}
	if Smuggled(b.Header) != Smuggled(a.Header) {
		tb.Fatalf("request %d: marker added to a request without both framing fields", i)
	}
	if !bytes.Equal(o.body, g.body) || (o.bodyErr == nil) != (g.bodyErr == nil) {
		tb.Fatalf("request %d: body %q (err %v) in the input, %q (err %v) in the output", i, o.body, o.bodyErr, g.body, g.bodyErr)
	}
	if !reflect.DeepEqual(a.Trailer, b.Trailer) {
		tb.Fatalf("request %d: trailer %v in the input, %v in the output", i, a.Trailer, b.Trailer)
	}
}

// checkMarked checks the raw header block of a request that had both
// framing fields (ho) against its guarded version (hg).
func checkMarked(tb testing.TB, i int, ho, hg head) {
	tb.Helper()
	if hg.err != nil {
		tb.Fatalf("request %d: guarded header block does not parse: %v", i, hg.err)
	}
	if hasBoth(hg.hdr) {
		tb.Fatalf("request %d: guarded header still has both framing fields: %v", i, hg.hdr)
	}
	kept, renamed, marker := "Content-Length", "Transfer-Encoding", MarkerTransferEncoding
	if len(hg.hdr[kept]) == 0 {
		kept, renamed, marker = renamed, kept, MarkerContentLength
	}
	if !slices.Equal(hg.hdr[kept], ho.hdr[kept]) {
		tb.Fatalf("request %d: kept %s %q, was %q", i, kept, hg.hdr[kept], ho.hdr[kept])
	}
	want := slices.Sorted(slices.Values(append(slices.Clone(ho.hdr[marker]), ho.hdr[renamed]...)))
	if got := slices.Sorted(slices.Values(hg.hdr[marker])); !slices.Equal(got, want) {
		tb.Fatalf("request %d: %s values %q, want those of %s %q", i, marker, got, renamed, want)
	}
	for k, v := range ho.hdr {
		if k == kept || k == renamed || k == marker {
			continue
		}
		if !slices.Equal(hg.hdr[k], v) {
			tb.Fatalf("request %d: header %s %q changed to %q", i, k, v, hg.hdr[k])
		}
	}
	if hg.line != ho.line || hg.end != ho.end {
		tb.Fatalf("request %d: request line or header length changed", i)
	}
}
