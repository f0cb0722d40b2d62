package httprule

import "strings"

// SegmentKind says what one path segment of a template matches.
type SegmentKind uint8

// The segment kinds of a compiled template.
const (
	// Literal matches exactly its text.
	Literal SegmentKind = iota
	// Wildcard (`*`) matches exactly one non-empty segment. It never
	// matches across '/'.
	Wildcard
	// DeepWildcard (`**`) matches zero or more segments: the rest of the
	// path. It can only be the last segment.
	DeepWildcard
)

// Segment is one path segment of a compiled template.
type Segment struct {
	Kind SegmentKind
	// Value is the literal text of a Literal segment (as written in the
	// template, which is its escaped form on the wire); empty otherwise.
	Value string
}

// Variable is a `{field.path=segments}` capture.
type Variable struct {
	// FieldPath is the dotted field path split into names, as written
	// (proto field names, possibly lowerCamel JSON names; resolving them is
	// the caller's job).
	FieldPath []string
	// Start and End delimit the variable's segments: Segments[Start:End].
	Start, End int
	// Pos is the byte offset of the variable's '{' in the template.
	Pos int
}

// Path returns the dotted field path, "book.id".
func (v Variable) Path() string { return strings.Join(v.FieldPath, ".") }

// Template is a parsed and validated google.api.http path template.
// Construct it with Parse; the zero value is not a valid template.
type Template struct {
	// Segments are the path segments, variables flattened into them.
	Segments []Segment
	// Variables are the captures in template order.
	Variables []Variable
	// Verb is the custom verb after the last ':', without the colon; empty
	// when the template has none.
	Verb string
	raw  string
}

// String returns the template text as it was parsed.
func (t *Template) String() string { return t.raw }

// MultiSegment reports whether variable i may capture more than one path
// segment: it spans several segments or ends in `**`. Such values keep '/'
// and are escaped (and decoded) as paths; single-segment values are escaped
// (and decoded) as one segment.
func (t *Template) MultiSegment(i int) bool {
	v := t.Variables[i]
	return v.End-v.Start != 1 || t.Segments[v.Start].Kind == DeepWildcard
}

// HasDeepWildcard reports whether the template ends in `**`.
func (t *Template) HasDeepWildcard() bool {
	n := len(t.Segments)
	return n > 0 && t.Segments[n-1].Kind == DeepWildcard
}

// VariableAt returns the index of the variable covering segment i, or -1.
func (t *Template) VariableAt(i int) int {
	for vi, v := range t.Variables {
		if i >= v.Start && i < v.End {
			return vi
		}
	}
	return -1
}

// Normalized returns the template with variable names dropped, e.g.
// "/v1/{name=shelves/*}/books:get" → "/v1/shelves/*/books:get". Two
// templates with the same normalized form match exactly the same paths.
func (t *Template) Normalized() string {
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteByte('/')
		switch s.Kind {
		case Literal:
			b.WriteString(s.Value)
		case Wildcard:
			b.WriteByte('*')
		case DeepWildcard:
			b.WriteString("**")
		}
	}
	if len(t.Segments) == 0 {
		b.WriteByte('/')
	}
	if t.Verb != "" {
		b.WriteByte(':')
		b.WriteString(t.Verb)
	}
	return b.String()
}
