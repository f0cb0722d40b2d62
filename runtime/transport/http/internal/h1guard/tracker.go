package h1guard

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
