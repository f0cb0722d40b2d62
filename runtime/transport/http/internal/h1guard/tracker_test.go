package h1guard

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Requests used by several tests (and as fuzz seeds).
const (
	reqGET = "GET /items?page=2 HTTP/1.1\r\nHost: example.com\r\nAccept: application/json\r\n\r\n"

	reqPOST = "POST /items HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n" +
		"Content-Length: 16\r\n\r\n{\"name\":\"item\"}\n"

	// A chunked body with chunk extensions (one quoted), white space after a
	// chunk size, and trailers with a continuation line.
	reqChunked = "POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n" +
		"5;name=\"a b\";x\r\nhello\r\n" +
		"6 \t\r\n world\r\n" +
		"0;last\r\nX-Checksum: 42\r\nX-Other: a\r\n  folded\r\n\r\n"

	// Both framing fields, Content-Length first: the guard renames
	// Transfer-Encoding, net/http then reads the 5 bytes "0\r\n\r\n".
	reqCLTE       = "POST /cl-te HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
	reqCLTEMarked = "POST /cl-te HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n"
)

// markCase is an input stream and the output the guard must produce.
type markCase struct {
	name   string
	in     string
	want   string
	marked bool // the differential check must find a marked request
}

// runMarkCases checks each case with every chunking and against net/http.
func runMarkCases(t *testing.T, cases []markCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkChunkings(t, []byte(tc.in), []byte(tc.want))
			_, marked := checkNetHTTP(t, []byte(tc.in), []byte(tc.want))
			if marked != tc.marked {
				t.Fatalf("differential check found a marked request: %v, want %v", marked, tc.marked)
			}
		})
	}
}

var markingCases = []markCase{
	{
		name: "CL then TE",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n",
	},
	{
		name: "TE then CL",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + MarkerContentLength + ": 40\r\n\r\n0\r\n\r\n",
	},
	{
		name: "mixed case CL then TE",
		in:   "POST / HTTP/1.1\r\nHost: x\r\ncontent-LENGTH: 5\r\ntRANSFER-eNCODING: CHUNKED\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\ncontent-LENGTH: 5\r\n" + MarkerTransferEncoding + ": CHUNKED\r\n\r\n0\r\n\r\n",
	},
	{
		name: "lower case TE then upper case CL",
		in:   "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\nHost: x\r\nCONTENT-LENGTH: 3\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\nHost: x\r\n" + MarkerContentLength + ": 3\r\n\r\n0\r\n\r\n",
	},
	{
		name: "CL TE TE: every TE renamed",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\n" +
			MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n",
	},
	{
		name: "TE CL CL: every CL renamed",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + MarkerContentLength + ": 5\r\n" +
			MarkerContentLength + ": 5\r\n\r\n0\r\n\r\n",
	},
	{
		name: "CL CL TE",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n",
	},
	{
		name: "CL TE CL: the CLs are kept",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
	},
	{
		name: "any values",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n" + MarkerTransferEncoding + ": gzip, chunked\r\n\r\n",
	},
	{
		name: "empty values without spaces",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\nContent-Length:\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n" + MarkerContentLength + ":\r\n\r\n",
	},
	{
		name: "HTTP/1.0",
		in:   "POST / HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.0\r\nContent-Length: 5\r\n" + MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n",
	},
	{
		name: "bare LF line endings",
		in:   "POST / HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\nContent-Length: 5\n\n0\r\n\r\n",
		want: "POST / HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n" + MarkerContentLength + ": 5\n\n0\r\n\r\n",
	},
	{
		name: "continuation lines in between",
		in:   "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\nX-A: 1\r\n\t2\r\n Content-Length: 1\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
		want: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\nX-A: 1\r\n\t2\r\n Content-Length: 1\r\n" +
			MarkerContentLength + ": 3\r\n\r\n0\r\n\r\n",
	},
	{
		name: "Upgrade request with both",
		in:   "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		want: "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 5\r\n" +
			MarkerTransferEncoding + ": chunked\r\n\r\n0\r\n\r\n",
	},
	{
		name: "after a request line longer than a read buffer",
		in:   "GET /" + strings.Repeat("a", 9000) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
		want: "GET /" + strings.Repeat("a", 9000) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + MarkerContentLength + ": 5\r\n\r\n0\r\n\r\n",
	},
}

// Field names net/http does not take for a framing field: never renamed.
var notFramingCases = []markCase{
	{name: "space before colon", in: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
	{name: "TE with space before colon", in: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"},
	{name: "underscore", in: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer_Encoding: chunked\r\n\r\n0\r\n\r\n"},
	{name: "longer name", in: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encodings: chunked\r\n\r\n0\r\n\r\n"},
	{name: "prefixed name", in: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
	{name: "folded into the previous value", in: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX: y\r\n Content-Length: 5\r\n\r\n0\r\n\r\n"},
	{name: "non-ASCII fold of a letter", in: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTran\u017ffer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
	{name: "marker sent by the client", in: "POST / HTTP/1.1\r\nHost: x\r\n" + MarkerTransferEncoding + ": chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"},
}

func TestMarking(t *testing.T) {
	for i := range markingCases {
		markingCases[i].marked = true
	}
	runMarkCases(t, markingCases)
}

func TestNotFramingFieldsAreNotRenamed(t *testing.T) {
	cases := make([]markCase, len(notFramingCases))
	for i, tc := range notFramingCases {
		tc.want = tc.in
		cases[i] = tc
	}
	runMarkCases(t, cases)
}

// The marked request is the 4th of a pipeline: the first three (a GET, a
// POST with a Content-Length body, a chunked POST with extensions and
// trailers) are followed exactly and left alone.
func TestPipeline(t *testing.T) {
	in := reqGET + reqPOST + reqChunked + reqCLTE
	want := reqGET + reqPOST + reqChunked + reqCLTEMarked
	checkChunkings(t, []byte(in), []byte(want))
	if n, marked := checkNetHTTP(t, []byte(in), []byte(want)); n != 3 || !marked {
		t.Fatalf("differential check: %d unmarked requests then marked=%v, want 3 then true", n, marked)
	}

	// What net/http makes of the guarded stream.
	br := bufio.NewReader(strings.NewReader(want))
	type seen struct {
		path, body string
		smuggled   bool
		trailer    string
	}
	var got []seen
	for {
		req, err := http.ReadRequest(br)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, seen{req.URL.Path, string(body), Smuggled(req.Header), req.Trailer.Get("X-Checksum")})
	}
	want4 := []seen{
		{"/items", "", false, ""},
		{"/items", "{\"name\":\"item\"}\n", false, ""},
		{"/upload", "hello world", false, "42"},
		{"/cl-te", "0\r\n\r\n", true, ""},
	}
	if len(got) != len(want4) {
		t.Fatalf("parsed %d requests %+v, want %d", len(got), got, len(want4))
	}
	for i := range got {
		if got[i] != want4[i] {
			t.Errorf("request %d: %+v, want %+v", i, got[i], want4[i])
		}
	}
}

// Body-like bytes that would be header lines of a request with both fields.
var (
	fake    = "\r\nTransfer-Encoding: chunked\r\n\r\n"
	fakeReq = "GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
)

// followCases are requests net/http.Server reads and then reads the next
// one: the guard must follow them exactly, including bodies that look like
// header lines, and keep tracking (it must not stop where net/http goes on).
var followCases = []struct{ name, prefix string }{
	{"CL body looking like header lines",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + itoa(len(fake)+1) + "\r\n\r\nx" + fake},
	{"CL body that is a request with both fields",
		"PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: " + itoa(len(fakeReq)) + "\r\n\r\n" + fakeReq},
	{"chunk data that is a request with both fields",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
			hex(len(fakeReq)) + "\r\n" + fakeReq + "\r\n0\r\n\r\n"},
	{"chunk extension naming the fields",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
			"3;Content-Length: 1;Transfer-Encoding: chunked\r\nabc\r\n0\r\n\r\n"},
	{"trailers with both fields",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
			"1\r\na\r\n0\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"},
	{"HTTP/1.0 chunked is no body",
		"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"},
	{"GET with a body",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n\r\n\r\n"},
	{"CR/LF after a POST body",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab\r\n\r\n"},
	{"CL with leading zeros",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + strings.Repeat("0", 40) + "3\r\n\r\nabc"},
	{"CL folded onto a continuation line",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n 3 \r\n\r\n{ }"},
	{"TE folded onto a continuation line",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n\t chunked\r\n\r\n3\r\n{ }\r\n0\r\n\r\n"},
	{"TE with trailing white space",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked" + strings.Repeat(" ", 40) + "\r\n\r\n0\r\n\r\n"},
	{"chunk size with leading zeros",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000003\r\nabc\r\n0\r\n\r\n"},
	{"long chunk extension",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;" + strings.Repeat("e", 3000) + "\r\nabc\r\n0\r\n\r\n"},
	{"long header line",
		"GET / HTTP/1.1\r\nHost: x\r\nCookie: " + strings.Repeat("c", 10000) + "\r\n\r\n"},
	{"Upgrade request not taken over",
		"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n"},
	{"Upgrade-Insecure-Requests",
		"GET / HTTP/1.1\r\nHost: x\r\nUpgrade-Insecure-Requests: 1\r\n\r\n"},
	{"CONNECT not taken over",
		"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"},
	{"Expect 100-continue",
		"PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc"},
	{"HTTP/1.9",
		"GET / HTTP/1.9\r\nHost: x\r\n\r\n"},
}

// Body bytes are never taken for header lines, and tracking goes on: each
// stream ends with a request having both fields, which must be marked,
// proving the guard followed the framing up to it.
func TestBodyBytesAreNotHeaders(t *testing.T) {
	for _, tc := range followCases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.prefix + reqCLTE
			want := tc.prefix + reqCLTEMarked
			checkChunkings(t, []byte(in), []byte(want))
			if _, marked := checkNetHTTP(t, []byte(in), []byte(want)); !marked {
				t.Fatal("differential check did not reach the marked request")
			}
		})
	}
}

// stopCases are requests after which the guard must stop tracking: not
// HTTP/1.x, or rejected by net/http.Server (which then closes the
// connection).
var stopCases = []struct {
	name, prefix string
}{
	{"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
	{"HTTP/2.0 request", "GET / HTTP/2.0\r\nHost: x\r\n\r\n"},
	{"HTTP/0.9 version", "GET / HTTP/0.9\r\nHost: x\r\n\r\n"},
	{"lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n"},
	{"space after the version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n"},
	{"one space", "GET /\r\nHost: x\r\n\r\n"},
	{"no space", "GARBAGE\r\n"},
	{"empty request line", "\r\n"},
	{"empty method", " / HTTP/1.1\r\nHost: x\r\n\r\n"},
	{"TLS record", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"},
	{"WebSocket frame after an upgrade", "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"},
	{"h2c upgrade taken over", "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\nPRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
	{"CONNECT tunnel carrying TLS", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"},
	{"first header line folded", "GET / HTTP/1.1\r\n Host: x\r\n\r\n"},
	{"header line starting with CR", "GET / HTTP/1.1\r\nHost: x\r\n\rX: y\r\n\r\n"},
	{"invalid CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5x\r\n\r\n"},
	{"signed CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n"},
	{"CL with inner space", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n"},
	{"CL too large", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775808\r\n\r\n"},
	{"conflicting CLs", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 05\r\n\r\n"},
	{"TE gzip", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"},
	{"TE list", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"},
	{"two TE lines", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"},
	{"TE folded with empty continuation", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n \r\n\r\n"},
	{"non-hex chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
	{"empty chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\n"},
	{"17 hex digits", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000001\r\na\r\n0\r\n\r\n"},
	{"bare LF chunk line", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\na\r\n0\r\n\r\n"},
	{"space before chunk extension", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1 ;e\r\na\r\n0\r\n\r\n"},
	{"CR in chunk extension", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;e\rf\r\na\r\n0\r\n\r\n"},
	{"chunk data without CRLF", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n"},
	{"first trailer line folded", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n X: y\r\n\r\n"},
	{"trailer line starting with CR", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n\rZ: w\r\n\r\n"},
	{"five CR/LF after a POST", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na\r\n\r\n\r\n"},
}

// Where the guard cannot follow the stream it stops: the stream (which ends
// with a request having both fields) passes unchanged. serverReads checks
// that net/http.Server would not read the trailing request either: if it
// did, the stop would be a bypass.
func TestStopTracking(t *testing.T) {
	for _, tc := range stopCases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.prefix + reqCLTE
			checkChunkings(t, []byte(in), []byte(in))
			checkNetHTTP(t, []byte(in), []byte(in))
			if serverReads(t, in, "/cl-te") {
				t.Fatal("net/http.Server would read the trailing request: stopping is a bypass")
			}
		})
	}
	// Control: after a request the guard follows, the same trailing request
	// is marked (so the cases above can fail).
	in := reqGET + reqCLTE
	out := guardAll(t, []byte(in))
	if string(out) != reqGET+reqCLTEMarked {
		t.Fatalf("control: output %q", out)
	}
	if !serverReads(t, in, "/cl-te") {
		t.Fatal("control: serverReads does not see the trailing request")
	}
}

// serverReads reports whether net/http, reading s as net/http.Server does
// (HTTP/1.x only, stopping at the first error), gets to a request for path.
func serverReads(t *testing.T, s, path string) bool {
	t.Helper()
	st := newStream([]byte(s))
	for {
		st.skipCRLF()
		p := st.next()
		if p.err != nil || p.bodyErr != nil || p.req.ProtoMajor != 1 {
			return false
		}
		if p.req.URL.Path == path {
			return true
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func hex(n int) string { return strconv.FormatInt(int64(n), 16) }

// seedStreams returns the streams of the tests above, for the fuzz target.
func seedStreams() []string {
	s := []string{reqGET, reqPOST, reqChunked, reqCLTE, reqGET + reqPOST + reqChunked + reqCLTE}
	for _, tc := range markingCases {
		s = append(s, tc.in)
	}
	for _, tc := range notFramingCases {
		s = append(s, tc.in)
	}
	for _, tc := range followCases {
		s = append(s, tc.prefix+reqCLTE)
	}
	for _, tc := range stopCases {
		s = append(s, tc.prefix+reqCLTE)
	}
	return append(s,
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n\r\nTransfer-Encoding: chunked\r\n\r\n"+reqCLTE,
		"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"+reqCLTE,
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 1\r\n\r\n"+reqCLTE,
		"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"+reqCLTE,
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na\r\n\r\n"+reqCLTE,
	)
}
