package http

import (
	"strings"
	"testing"
)

// FuzzPathEscape checks the client's escaping against the server's
// decoding: every value round-trips, single- or multi-segment, and the
// escaped form holds only what http.proto lets through.
func FuzzPathEscape(f *testing.F) {
	for _, s := range []string{"", "a", "a/b", "x?y#z[0] :@!$&'()*+,;=", "%2F", "%2f/%", "..", "a/../b/./c", "ü/日本", "\x00\xff", "//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, multi := range []bool{false, true} {
			var b strings.Builder
			escapeVar(&b, v, multi)
			esc := b.String()
			for i := 0; i < len(esc); i++ {
				c := esc[i]
				switch {
				case c == '%':
					if i+2 >= len(esc) || !isHex(esc[i+1]) || !isHex(esc[i+2]) {
						t.Fatalf("escapeVar(%q, %v) = %q: a bad escape", v, multi, esc)
					}
				case c == '/' && multi, isUnreserved(c):
				default:
					t.Fatalf("escapeVar(%q, %v) = %q: %q left unescaped", v, multi, esc, c)
				}
			}
			got, err := decodeVar(esc, multi)
			if err != nil || got != v {
				t.Fatalf("decodeVar(escapeVar(%q, %v) = %q) = %q, %v", v, multi, esc, got, err)
			}
			if multi && strings.Count(esc, "/") != strings.Count(v, "/") {
				t.Fatalf("escapeVar(%q, true) = %q changes the segments", v, esc)
			}
		}
	})
}
