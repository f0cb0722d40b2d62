package httprule_test

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/bia-go/bia/internal/httprule"
)

// compareTests are Compare(a, b) cases; the mirror Compare(b, a) is checked
// too, and every case against the reference matcher. They also seed
// FuzzCompare.
var compareTests = []struct {
	a, b string
	want httprule.Relation
}{
	// The ServeMux rule.
	{"/v1/users/me", "/v1/users/{id}", httprule.Narrower},
	{"/v1/{x=shelves/*}", "/v1/{x=**}", httprule.Narrower},
	{"/v1/{a}/b", "/v1/a/{b}", httprule.Ambiguous},
	{"/v1/{a}", "/v1/{b}", httprule.Equal},
	{"/v1/users", "/v1/users", httprule.Equal},
	{"/v1/users", "/v1/groups", httprule.Disjoint},
	{"/v1/{a}/x", "/v1/{b}/y", httprule.Disjoint},

	// `**` matches zero segments.
	{"/a/**", "/a/*", httprule.Wider},
	{"/a", "/a/**", httprule.Narrower},
	{"/a/*", "/a/**", httprule.Narrower},
	{"/*/b", "/a/**", httprule.Ambiguous},
	{"/a/**", "/*/b", httprule.Ambiguous},
	{"/a/**", "/**", httprule.Narrower},
	{"/**", "/**", httprule.Equal},
	{"/{x=**}", "/**", httprule.Equal},
	{"/**", "/*", httprule.Wider},
	{"/a/b/**", "/a/**", httprule.Narrower},
	{"/a/b/**", "/*/*/**", httprule.Narrower},
	{"/a/*/**", "/*/b/**", httprule.Ambiguous},
	{"/v1/x/**", "/v1/*/y/**", httprule.Ambiguous},
	{"/v1/{name=**}", "/v1", httprule.Wider},
	{"/v1/{name=**}", "/v1/a/b/c", httprule.Wider},
	{"/v1/{name=**}", "/v2/a", httprule.Disjoint},
	{"/a/b/**", "/a/c/**", httprule.Disjoint},
	{"/a/b/**", "/a", httprule.Disjoint},

	// A literal and `*` at the same position.
	{"/a", "/*", httprule.Narrower},
	{"/a", "/b", httprule.Disjoint},
	{"/*", "/{id}", httprule.Equal},
	{"/a/*", "/*/b", httprule.Ambiguous},
	{"/a/b", "/*/*", httprule.Narrower},
	{"/a/*", "/*/*", httprule.Narrower},

	// Different lengths.
	{"/a/b", "/a", httprule.Disjoint},
	{"/*/*", "/*", httprule.Disjoint},
	{"/a/b/c", "/a/**", httprule.Narrower},
	{"/*/b/c", "/a/**", httprule.Ambiguous},
	{"/v1/{name=shelves/*}", "/v1/{id}/{x}", httprule.Narrower},
	{"/v1/{name=shelves/*}", "/v1/{id}", httprule.Disjoint},

	// The root has no segments.
	{"/", "/", httprule.Equal},
	{"/", "/**", httprule.Narrower},
	{"/", "/*", httprule.Disjoint},
	{"/", "/v1", httprule.Disjoint},
	{"/", "/{name=**}", httprule.Narrower},

	// Literals and verbs compare decoded.
	{"/v1/a-b", "/v1/a%2Db", httprule.Equal},
	{"/%61", "/a", httprule.Equal},
	{"/%61/*", "/a/b", httprule.Wider},
	{"/%2F", "/*", httprule.Narrower},

	// Custom verbs.
	{"/v1/{id}:cancel", "/v1/{id}", httprule.Disjoint},
	{"/v1/{id}:cancel", "/v1/x:cancel", httprule.Wider},
	{"/v1/{id}:cancel", "/v1/{id}:undo", httprule.Disjoint},
	{"/v1/x:cancel", "/v1/x:%63ancel", httprule.Equal},
	{"/v1/**:stream", "/v1/*:stream", httprule.Wider},
	{"/v1/**:stream", "/v1/**", httprule.Disjoint},
}

func mustParse(t testing.TB, s string) *httprule.Template {
	t.Helper()
	tmpl, err := httprule.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func mirror(r httprule.Relation) httprule.Relation {
	switch r {
	case httprule.Narrower:
		return httprule.Wider
	case httprule.Wider:
		return httprule.Narrower
	}
	return r
}

func TestCompare(t *testing.T) {
	for _, tt := range compareTests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			a, b := mustParse(t, tt.a), mustParse(t, tt.b)
			if got := httprule.Compare(a, b); got != tt.want {
				t.Errorf("Compare(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got, want := httprule.Compare(b, a), mirror(tt.want); got != want {
				t.Errorf("Compare(%q, %q) = %v, want %v (the mirror)", tt.b, tt.a, got, want)
			}
			// The hand-written expectation agrees with brute force.
			if ref := refCompare(a, b); ref != tt.want {
				t.Errorf("reference relation of %q to %q = %v, want %v", tt.a, tt.b, ref, tt.want)
			}
			conflict := tt.want == httprule.Equal || tt.want == httprule.Ambiguous
			if got := httprule.Conflicts(a, b); got != conflict {
				t.Errorf("Conflicts(%q, %q) = %v, want %v", tt.a, tt.b, got, conflict)
			}
			if got := httprule.Conflicts(b, a); got != conflict {
				t.Errorf("Conflicts(%q, %q) = %v, want %v", tt.b, tt.a, got, conflict)
			}
			overlap := tt.want != httprule.Disjoint
			if got := httprule.Overlaps(a, b); got != overlap {
				t.Errorf("Overlaps(%q, %q) = %v, want %v", tt.a, tt.b, got, overlap)
			}
			checkPrecedence(t, a, b)
		})
	}
}

func TestRelationString(t *testing.T) {
	for r, want := range map[httprule.Relation]string{
		httprule.Disjoint:     "Disjoint",
		httprule.Equal:        "Equal",
		httprule.Narrower:     "Narrower",
		httprule.Wider:        "Wider",
		httprule.Ambiguous:    "Ambiguous",
		httprule.Relation(42): "Relation(42)",
	} {
		if got := r.String(); got != want {
			t.Errorf("Relation(%d).String() = %q, want %q", r, got, want)
		}
	}
}

// checkPrecedence checks Precedence against Compare for one pair: the sign
// flips with the arguments, zero exactly for Equal, and a Narrower template
// sorts first.
func checkPrecedence(t *testing.T, a, b *httprule.Template) {
	t.Helper()
	p, q := httprule.Precedence(a, b), httprule.Precedence(b, a)
	if sign(p) != -sign(q) {
		t.Errorf("Precedence(%q, %q) = %d but Precedence(%q, %q) = %d", a, b, p, b, a, q)
	}
	switch rel := httprule.Compare(a, b); {
	case (p == 0) != (rel == httprule.Equal):
		t.Errorf("Precedence(%q, %q) = %d, Compare = %v", a, b, p, rel)
	case rel == httprule.Narrower && p >= 0, rel == httprule.Wider && p <= 0:
		t.Errorf("Precedence(%q, %q) = %d, but a is %v", a, b, p, rel)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// path is a request path in the model of Compare: its segments and its
// decoded custom verb ("" for none).
type path struct {
	segs []string
	verb string
}

func (p path) String() string {
	s := ""
	for _, seg := range p.segs {
		s += "/" + seg
	}
	if s == "" {
		s = "/"
	}
	if p.verb != "" {
		s += ":" + p.verb
	}
	return s
}

func unescape(s string) string {
	v, err := url.PathUnescape(s)
	if err != nil {
		panic(err)
	}
	return v
}

// refMatch is the reference matcher: a template matches a path when the
// verbs are equal decoded, and its segments, left to right, match: a
// literal the segment equal to its decoded value, `*` one non-empty
// segment, `**` whatever is left, nothing included.
func refMatch(t *httprule.Template, p path) bool {
	if unescape(t.Verb) != p.verb {
		return false
	}
	for i, s := range t.Segments {
		switch s.Kind {
		case httprule.DeepWildcard:
			return true
		case httprule.Wildcard:
			if i >= len(p.segs) || p.segs[i] == "" {
				return false
			}
		case httprule.Literal:
			if i >= len(p.segs) || p.segs[i] != unescape(s.Value) {
				return false
			}
		}
	}
	return len(p.segs) == len(t.Segments)
}

// enumPaths returns every path with at most maxLen segments drawn from segs
// and a verb drawn from verbs.
func enumPaths(segs, verbs []string, maxLen int) []path {
	var out []path
	var rec func(prefix []string)
	rec = func(prefix []string) {
		for _, v := range verbs {
			out = append(out, path{segs: slices.Clone(prefix), verb: v})
		}
		if len(prefix) == maxLen {
			return
		}
		for _, s := range segs {
			rec(append(prefix, s))
		}
	}
	rec(nil)
	return out
}

// witnessPaths returns enough paths to decide the relation of a and b by
// brute force: every segment in {"", "a", "b", "c"} or a literal of either
// template (so every literal is hit and every `*` has a non-empty segment
// no literal at that position matches, and `**` an empty one `*` does not),
// both templates' verbs, and lengths up to two more than the longer
// template (beyond the fixed part of either, so `**` can be told from a
// fixed length).
func witnessPaths(a, b *httprule.Template) []path {
	segs := []string{"", "a", "b", "c"}
	verbs := []string{unescape(a.Verb)}
	if v := unescape(b.Verb); v != verbs[0] {
		verbs = append(verbs, v)
	}
	for _, t := range []*httprule.Template{a, b} {
		for _, s := range t.Segments {
			if s.Kind == httprule.Literal && !slices.Contains(segs, unescape(s.Value)) {
				segs = append(segs, unescape(s.Value))
			}
		}
	}
	return enumPaths(segs, verbs, max(len(a.Segments), len(b.Segments))+2)
}

// refRelation derives the relation from counts of paths matching both
// templates, only a and only b.
func refRelation(both, onlyA, onlyB int) httprule.Relation {
	switch {
	case both == 0:
		return httprule.Disjoint
	case onlyA == 0 && onlyB == 0:
		return httprule.Equal
	case onlyA == 0:
		return httprule.Narrower
	case onlyB == 0:
		return httprule.Wider
	}
	return httprule.Ambiguous
}

// refCompare is Compare by brute force over witnessPaths.
func refCompare(a, b *httprule.Template) httprule.Relation {
	rel, _ := refCompareWitness(a, b)
	return rel
}

// refCompareWitness also returns one path matching both, only a and only b
// (zero paths where none does), to explain a disagreement.
func refCompareWitness(a, b *httprule.Template) (httprule.Relation, [3]*path) {
	var both, onlyA, onlyB int
	var w [3]*path
	for _, p := range witnessPaths(a, b) {
		ma, mb := refMatch(a, p), refMatch(b, p)
		switch {
		case ma && mb:
			both++
			if w[0] == nil {
				w[0] = &p
			}
		case ma:
			onlyA++
			if w[1] == nil {
				w[1] = &p
			}
		case mb:
			onlyB++
			if w[2] == nil {
				w[2] = &p
			}
		}
	}
	return refRelation(both, onlyA, onlyB), w
}

// allTemplates returns every template of at most maxSegs segments over the
// literals a, b and %61 (= a), `*` and a final `**`, with no verb, ":v"
// and ":%76" (= ":v").
func allTemplates(maxSegs int) []string {
	var fixed []string
	var rec func(prefix string, n int)
	rec = func(prefix string, n int) {
		fixed = append(fixed, prefix)
		if n == maxSegs {
			return
		}
		for _, tok := range []string{"a", "b", "%61", "*"} {
			rec(prefix+"/"+tok, n+1)
		}
	}
	rec("", 0)
	var out []string
	for _, f := range fixed {
		var shapes []string
		if f == "" {
			shapes = append(shapes, "/")
		} else {
			shapes = append(shapes, f)
		}
		if len(f) == 0 || countSegs(f) < maxSegs {
			shapes = append(shapes, f+"/**")
		}
		for _, s := range shapes {
			out = append(out, s)
			if s != "/" {
				out = append(out, s+":v", s+":%76")
			}
		}
	}
	return out
}

func countSegs(s string) int {
	n := 0
	for _, c := range s {
		if c == '/' {
			n++
		}
	}
	return n
}

// TestCompareExhaustive compares every pair of small templates with the
// brute-force relation over all paths of up to five segments, and checks
// that Precedence sorts them as a linear extension of "more specific".
func TestCompareExhaustive(t *testing.T) {
	const maxSegs = 3
	srcs := allTemplates(maxSegs)
	tmpls := make([]*httprule.Template, len(srcs))
	for i, s := range srcs {
		tmpls[i] = mustParse(t, s)
	}
	paths := enumPaths([]string{"", "a", "b", "c"}, []string{"", "v"}, maxSegs+2)
	// match[i] is the set of paths template i matches, a bitset.
	words := (len(paths) + 63) / 64
	match := make([][]uint64, len(tmpls))
	for i, tmpl := range tmpls {
		match[i] = make([]uint64, words)
		for j, p := range paths {
			if refMatch(tmpl, p) {
				match[i][j/64] |= 1 << (j % 64)
			}
		}
	}
	counts := map[httprule.Relation]int{}
	for i, a := range tmpls {
		for j, b := range tmpls {
			var both, onlyA, onlyB int
			for w := range words {
				x, y := match[i][w], match[j][w]
				both += popcount(x & y)
				onlyA += popcount(x &^ y)
				onlyB += popcount(y &^ x)
			}
			want := refRelation(both, onlyA, onlyB)
			counts[want]++
			if got := httprule.Compare(a, b); got != want {
				t.Fatalf("Compare(%q, %q) = %v, brute force says %v", a, b, got, want)
			}
			checkPrecedence(t, a, b)
		}
	}
	for r := httprule.Disjoint; r <= httprule.Ambiguous; r++ {
		if counts[r] == 0 {
			t.Errorf("no pair is %v; the enumeration is too small", r)
		}
	}

	// Sorted by Precedence, no template comes after one it is narrower
	// than; so the first match in that order is the most specific.
	sorted := slices.Clone(tmpls)
	slices.SortFunc(sorted, httprule.Precedence)
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			if httprule.Precedence(sorted[i], sorted[j]) > 0 || httprule.Compare(sorted[i], sorted[j]) == httprule.Wider {
				t.Fatalf("sorted by Precedence, %q comes before %q", sorted[i], sorted[j])
			}
		}
	}
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// TestPrecedenceWinner routes paths through a conflict-free set of
// templates the way a router would: the first match in Precedence order.
func TestPrecedenceWinner(t *testing.T) {
	routes := []string{
		"/v1/{name=**}",
		"/v1/users/{id}",
		"/v1/users/me",
		"/v1/users/{id}:activate",
		"/v1/{x=shelves/*}",
		"/v1/shelves/*/books/{b}",
		"/v1/authors/*/books/**",
		"/",
	}
	tmpls := make([]*httprule.Template, len(routes))
	for i, r := range routes {
		tmpls[i] = mustParse(t, r)
	}
	for i, a := range tmpls {
		for _, b := range tmpls[i+1:] {
			if httprule.Conflicts(a, b) {
				t.Fatalf("%q conflicts with %q", a, b)
			}
		}
	}
	slices.SortFunc(tmpls, httprule.Precedence)
	tests := []struct {
		path path
		want string
	}{
		{path{segs: []string{"v1", "users", "me"}}, "/v1/users/me"},
		{path{segs: []string{"v1", "users", "42"}}, "/v1/users/{id}"},
		{path{segs: []string{"v1", "users", "42"}, verb: "activate"}, "/v1/users/{id}:activate"},
		{path{segs: []string{"v1", "users", "42", "x"}}, "/v1/{name=**}"},
		{path{segs: []string{"v1", "users"}}, "/v1/{name=**}"},
		{path{segs: []string{"v1"}}, "/v1/{name=**}"},
		{path{segs: []string{"v1", "shelves", "s"}}, "/v1/{x=shelves/*}"},
		{path{segs: []string{"v1", "shelves", ""}}, "/v1/{name=**}"},
		{path{segs: []string{"v1", "shelves", "s", "books", "b"}}, "/v1/shelves/*/books/{b}"},
		{path{segs: []string{"v1", "shelves", "s", "books"}}, "/v1/{name=**}"},
		{path{segs: []string{"v1", "authors", "x", "books", "b", "c"}}, "/v1/authors/*/books/**"},
		{path{segs: []string{"v1", "authors", "x", "books"}}, "/v1/authors/*/books/**"},
		{path{segs: []string{"v1", "authors", "", "books"}}, "/v1/{name=**}"},
		{path{}, "/"},
		{path{segs: []string{"v2"}}, ""},
	}
	for _, tt := range tests {
		got := ""
		for _, tmpl := range tmpls {
			if refMatch(tmpl, tt.path) {
				got = tmpl.String()
				break
			}
		}
		if got != tt.want {
			t.Errorf("%v routes to %q, want %q", tt.path, got, tt.want)
		}
	}
}

// fuzzTemplate turns fuzz input into a template of at most four segments.
// Input that parses as such a template, with few distinct literals, is used
// as is (so the seeds are readable templates); anything else is read as a
// recipe: the first byte picks the number of segments and the verb, each
// next byte a segment over the literals a, b, %61 and c, `*`, variables
// and a final `**`.
func fuzzTemplate(t *testing.T, s string) *httprule.Template {
	if tmpl, err := httprule.Parse(s); err == nil && len(tmpl.Segments) <= 4 && distinctLiterals(tmpl) <= 2 {
		return tmpl
	}
	tmpl, err := httprule.Parse(recipe(s))
	if err != nil {
		t.Fatalf("recipe %q: %v", s, err)
	}
	return tmpl
}

func distinctLiterals(t *httprule.Template) int {
	var lits []string
	for _, s := range t.Segments {
		if d := unescape(s.Value); s.Kind == httprule.Literal && !slices.Contains([]string{"a", "b", "c"}, d) && !slices.Contains(lits, d) {
			lits = append(lits, d)
		}
	}
	return len(lits)
}

func recipe(s string) string {
	if s == "" {
		return "/"
	}
	head, body := s[0], s[1:]
	n := min(int(head%5), len(body)) // at most four segments
	out := ""
	for i, segs := 0, 0; segs < n; i++ {
		last := segs == n-1
		switch c := body[i] % 10; {
		case c < 4:
			out += "/" + []string{"a", "b", "%61", "c"}[c]
		case c == 4:
			out += "/*"
		case c == 5:
			out += fmt.Sprintf("/{v%d}", i)
		case c == 6 && !last:
			out += fmt.Sprintf("/{v%d=a/*}", i)
			segs++
		case c == 6:
			out += fmt.Sprintf("/{v%d=*}", i)
		case c == 7 && last:
			out += "/**"
		case c == 8 && last:
			out += fmt.Sprintf("/{v%d=**}", i)
		default:
			out += "/b"
		}
		segs++
	}
	if out == "" {
		return "/" // the root takes no verb
	}
	return out + []string{"", "", ":v", ":%76", ":w"}[head/5%5]
}

// FuzzCompare checks Compare against brute force: for two small templates
// it enumerates every path of up to two segments more than the longer one,
// over the segments "", a, b, c and the templates' literals, and checks
// that Disjoint means no path matches both, Equal that the same paths match,
// Narrower that every path matching a matches b and some matches b only,
// Ambiguous that some path matches both, some a only and some b only; also
// the mirror, Conflicts, Overlaps and Precedence.
func FuzzCompare(f *testing.F) {
	for _, tt := range compareTests {
		f.Add(tt.a, tt.b)
	}
	f.Add("\x04\x00\x04\x08\x08", "\x13\x04\x05\x09")
	f.Add("\x0e\x06\x06", "\x09\x02\x07\x03\x09")
	f.Fuzz(func(t *testing.T, sa, sb string) {
		a, b := fuzzTemplate(t, sa), fuzzTemplate(t, sb)
		want, w := refCompareWitness(a, b)
		if got := httprule.Compare(a, b); got != want {
			t.Fatalf("Compare(%q, %q) = %v, brute force says %v (both: %v, only a: %v, only b: %v)",
				a, b, got, want, w[0], w[1], w[2])
		}
		if got := httprule.Compare(b, a); got != mirror(want) {
			t.Fatalf("Compare(%q, %q) = %v, want %v", b, a, got, mirror(want))
		}
		conflict := want == httprule.Equal || want == httprule.Ambiguous
		if httprule.Conflicts(a, b) != conflict || httprule.Overlaps(a, b) != (want != httprule.Disjoint) {
			t.Fatalf("Conflicts/Overlaps(%q, %q) disagree with %v", a, b, want)
		}
		checkPrecedence(t, a, b)
	})
}

func ExampleConflicts() {
	me, _ := httprule.Parse("/v1/users/me")
	byID, _ := httprule.Parse("/v1/users/{id}")
	a, _ := httprule.Parse("/v1/{a}/b")
	b, _ := httprule.Parse("/v1/a/{b}")
	fmt.Println(httprule.Compare(me, byID), httprule.Conflicts(me, byID))
	fmt.Println(httprule.Compare(a, b), httprule.Conflicts(a, b))
	// Output:
	// Narrower false
	// Ambiguous true
}
