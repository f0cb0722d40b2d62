package httprule

import "net/url"

// Overlaps reports whether some request path is matched by both templates:
// Compare(a, b) is not Disjoint. Overlap alone is not a conflict: the more
// specific template wins (see Compare and Conflicts).
//
// Templates with different custom verbs never overlap: a request whose last
// segment ends in ":verb" is routed to the template with that verb when one
// matches, and only otherwise to templates without a verb. Literals and
// verbs are compared after percent-decoding, so "a%2Db" and "a-b" are the
// same literal.
func Overlaps(a, b *Template) bool {
	return Compare(a, b) != Disjoint
}

// Decoded returns a literal segment's value with percent-escapes decoded; it
// is what a decoded request segment is compared with.
func (s Segment) Decoded() string {
	if s.Kind != Literal {
		return ""
	}
	v, err := url.PathUnescape(s.Value)
	if err != nil { // Parse only accepts valid escapes.
		return s.Value
	}
	return v
}
