package httprule

import (
	"cmp"
	"strconv"
	"strings"
)

// Relation is how the path sets of two templates relate: the sets of
// request paths (and custom verbs) each one matches. Compare computes it.
//
// Routing follows the rule of Go 1.22 net/http.ServeMux: when two templates
// match the same path, the more specific one wins, where a template is more
// specific than another if it matches a strict subset of the other's paths.
// Only two templates neither of which is more specific than the other, yet
// both matching some path, are a conflict, because no order between them
// follows from the templates alone (see Conflicts).
type Relation uint8

// The relations of a template a to a template b, as Compare(a, b) returns
// them. Compare(b, a) returns the mirror: Narrower and Wider swap, the
// others stay.
const (
	// Disjoint: no path matches both. Templates with different custom
	// verbs are always Disjoint.
	Disjoint Relation = iota
	// Equal: a and b match exactly the same paths, e.g. "/v1/{a}" and
	// "/v1/{b}", or "/v1/a-b" and "/v1/a%2Db". A conflict: neither is more
	// specific.
	Equal
	// Narrower: every path a matches also matches b, and some path matches
	// b but not a. a is more specific and takes precedence, e.g.
	// "/v1/users/me" against "/v1/users/{id}".
	Narrower
	// Wider: the mirror of Narrower; b is more specific than a.
	Wider
	// Ambiguous: some path matches both, some only a and some only b, e.g.
	// "/v1/{a}/b" and "/v1/a/{b}" (both match "/v1/a/b"). A conflict.
	Ambiguous
)

var relationNames = [...]string{
	Disjoint:  "Disjoint",
	Equal:     "Equal",
	Narrower:  "Narrower",
	Wider:     "Wider",
	Ambiguous: "Ambiguous",
}

// String returns the relation's name, "Narrower".
func (r Relation) String() string {
	if int(r) < len(relationNames) {
		return relationNames[r]
	}
	return "Relation(" + strconv.Itoa(int(r)) + ")"
}

// Compare reports how the path set of a relates to that of b.
//
// A request path is a sequence of segments, split at '/': "/" has none,
// "/a/" has two, the second empty. A Literal matches the one segment equal
// to its decoded value (never empty), `*` any one non-empty segment, and
// `**` (last only) the rest of the path: zero or more segments of any
// content, empty ones included. So "/a/**" matches "/a", and is neither
// contained in "/a/*" (which does not match "/a") nor in "/a" (which does not
// match "/a/b"), while both "/a" and "/a/*" are contained in "/a/**". The
// custom verb is compared decoded, like a literal, and must be equal for the
// templates to share any path.
//
// The answer is exact, not a heuristic: since every segment pattern matches
// at least one segment, containment reduces to comparing the templates
// segment by segment (a literal is inside `*` and inside an equal literal;
// a `**` covers any tail) plus the number of segments each one requires.
func Compare(a, b *Template) Relation {
	if decodedVerb(a) != decodedVerb(b) {
		return Disjoint
	}
	// The fixed parts, without a trailing `**`.
	as, bs := a.Segments, b.Segments
	aDeep, bDeep := a.HasDeepWildcard(), b.HasDeepWildcard()
	if aDeep {
		as = as[:len(as)-1]
	}
	if bDeep {
		bs = bs[:len(bs)-1]
	}
	// sub: a ⊆ b; sup: b ⊆ a. Both are decided position by position on the
	// common fixed part; no pattern is empty, so a position where neither
	// contains the other leaves only overlap possible, and two different
	// literals rule out even that.
	sub, sup := true, true
	for i := range min(len(as), len(bs)) {
		x, y := as[i], bs[i]
		switch {
		case x.Kind == Literal && y.Kind == Literal:
			if x.Decoded() != y.Decoded() {
				return Disjoint
			}
		case x.Kind == Literal: // y is `*`
			sup = false
		case y.Kind == Literal: // x is `*`
			sub = false
		}
	}
	// Lengths: a template without `**` matches paths of exactly its number
	// of segments; with `**`, of at least its fixed part.
	switch {
	case len(as) > len(bs):
		if !bDeep {
			return Disjoint // a needs more segments than b allows
		}
		// b's `**` covers a's extra segments (and a's `**`), but b also
		// matches paths too short for a.
		sup = false
	case len(as) < len(bs):
		if !aDeep {
			return Disjoint
		}
		sub = false
	default:
		// Same fixed length: a lone `**` matches longer paths the other
		// template does not.
		if aDeep && !bDeep {
			sub = false
		}
		if bDeep && !aDeep {
			sup = false
		}
	}
	switch {
	case sub && sup:
		return Equal
	case sub:
		return Narrower
	case sup:
		return Wider
	}
	return Ambiguous
}

// Conflicts reports whether two templates of the same HTTP method cannot be
// registered together: they match some path in common and neither is more
// specific than the other (Compare is Equal or Ambiguous), so no rule picks
// the route for that path.
//
// It is net/http.ServeMux's rule (Go 1.22): "/v1/users/me" beside
// "/v1/users/{id}" is fine, the literal wins for "/v1/users/me"; so is
// "/v1/{x=shelves/*}" beside "/v1/{x=**}". Users write such pairs
// routinely (a fixed resource name beside the generic one), and Kratos and
// grpc-gateway accept them. What stays rejected is what specificity cannot
// settle, which would leave the winner to registration order:
// "/v1/{a}/b" beside "/v1/a/{b}" (both match "/v1/a/b"), or one shape
// twice, "/v1/{a}" and "/v1/{b}".
func Conflicts(a, b *Template) bool {
	switch Compare(a, b) {
	case Equal, Ambiguous:
		return true
	}
	return false
}

// Precedence orders templates for routing, cmp-style (for slices.SortFunc):
// negative when a should be tried before b, positive when after, zero
// exactly when Compare(a, b) is Equal.
//
// It is a linear extension of "more specific": if a is Narrower than b,
// Precedence(a, b) < 0. Hence among templates that pairwise do not conflict,
// the ones matching any given path form a chain of ever wider sets, and the
// first of them in Precedence order is the most specific, the winner.
//
// The order is lexicographic over the segments, where at each position the
// end of the template comes first, then a literal (by decoded value), then
// `*`, then `**`; templates with a custom verb come before those without
// (by decoded verb), as a router tries the verb's templates first. This is
// also the order in which a trie matcher that tries literal children, then
// `*`, then `**`, and at the end of the path an exact end before `**`, meets
// the templates.
func Precedence(a, b *Template) int {
	av, bv := decodedVerb(a), decodedVerb(b)
	if (av == "") != (bv == "") {
		if av != "" {
			return -1
		}
		return 1
	}
	if c := strings.Compare(av, bv); c != 0 {
		return c
	}
	for i := 0; ; i++ {
		ra, rb := rankAt(a, i), rankAt(b, i)
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		switch ra {
		case rankEnd, rankDeep: // `**` is last
			return 0
		case rankLiteral:
			if c := strings.Compare(a.Segments[i].Decoded(), b.Segments[i].Decoded()); c != 0 {
				return c
			}
		}
	}
}

// The Precedence ranks of what a template has at one position.
const (
	rankEnd = iota
	rankLiteral
	rankWildcard
	rankDeep
)

func rankAt(t *Template, i int) int {
	if i >= len(t.Segments) {
		return rankEnd
	}
	switch t.Segments[i].Kind {
	case Literal:
		return rankLiteral
	case Wildcard:
		return rankWildcard
	}
	return rankDeep
}

// decodedVerb returns t's custom verb percent-decoded, as a request's verb
// is compared; "" when it has none.
func decodedVerb(t *Template) string {
	return Segment{Kind: Literal, Value: t.Verb}.Decoded()
}
