package httprule

import "net/url"

// Overlaps reports whether some request path is matched by both templates,
// which makes two rules of the same HTTP method ambiguous.
//
// Templates with different custom verbs never overlap: a request whose last
// segment ends in ":verb" is routed to the template with that verb when one
// matches, and only otherwise to templates without a verb. Literals are
// compared after percent-decoding, so "a%2Db" and "a-b" are the same literal.
func Overlaps(a, b *Template) bool {
	if a.Verb != b.Verb {
		return false
	}
	as, bs := a.Segments, b.Segments
	for i := 0; ; i++ {
		switch {
		case i == len(as) && i == len(bs):
			return true
		case i < len(as) && as[i].Kind == DeepWildcard,
			i < len(bs) && bs[i].Kind == DeepWildcard:
			// `**` matches any rest, including none.
			return true
		case i == len(as) || i == len(bs):
			return false
		}
		x, y := as[i], bs[i]
		if x.Kind == Literal && y.Kind == Literal && x.Decoded() != y.Decoded() {
			return false
		}
	}
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
