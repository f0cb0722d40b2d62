package h1guard

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
