package httprule

import (
	"fmt"
	"strings"
)

// Error is a template syntax or validation error. Pos is the byte offset in
// Template where the problem was found.
type Error struct {
	Template string
	Pos      int
	Msg      string
}

// Error returns the template, the offset and the problem in one line.
func (e *Error) Error() string {
	return fmt.Sprintf("path template %q: at offset %d: %s", e.Template, e.Pos, e.Msg)
}

// Parse parses and validates a path template of a google.api.http rule:
//
//	Template = "/" [ Segments ] [ Verb ] ;
//	Segments = Segment { "/" Segment } ;
//	Segment  = "*" | "**" | LITERAL | Variable ;
//	Variable = "{" FieldPath [ "=" Segments ] "}" ;
//	FieldPath = IDENT { "." IDENT } ;
//	Verb     = ":" LITERAL ;
//
// Beyond the grammar it enforces: `**` only as the last segment, no nested
// variables, no empty segments, no field path captured twice, literals made
// of RFC 3986 path characters with valid percent-escapes. `{f}` is short for
// `{f=*}`. "/" alone is the root path (no segments).
func Parse(tmpl string) (*Template, error) {
	p := &parser{src: tmpl, t: &Template{raw: tmpl}}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.t, nil
}

type parser struct {
	src string
	pos int
	t   *Template
	// inVar is the index of the open variable, -1 outside one.
	inVar int
}

func (p *parser) errf(pos int, format string, a ...any) error {
	return &Error{Template: p.src, Pos: pos, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) parse() error {
	p.inVar = -1
	if p.src == "" {
		return p.errf(0, "empty template; it must start with '/'")
	}
	if p.src[0] != '/' {
		return p.errf(0, "template must start with '/'")
	}
	p.pos = 1
	if p.src == "/" {
		return nil
	}
	if p.pos < len(p.src) && p.src[p.pos] == ':' {
		return p.errf(p.pos, "custom verb needs a path segment before it")
	}
	if err := p.segments('}'); err != nil {
		return err
	}
	if p.pos < len(p.src) {
		return p.errf(p.pos, "unexpected %q", p.src[p.pos])
	}
	return nil
}

// segments parses Segment { "/" Segment } up to end, a ':' verb or (inside a
// variable) the closing '}'.
func (p *parser) segments(closer byte) error {
	for {
		if err := p.segment(); err != nil {
			return err
		}
		if p.pos >= len(p.src) {
			return nil
		}
		switch c := p.src[p.pos]; c {
		case '/':
			p.pos++
		case ':':
			if p.inVar >= 0 {
				return p.errf(p.pos, "custom verb inside variable %q", p.t.Variables[p.inVar].Path())
			}
			return p.verb()
		case '}':
			if p.inVar >= 0 && closer == '}' {
				return nil
			}
			return p.errf(p.pos, "unmatched '}'")
		default:
			return p.errf(p.pos, "unexpected %q after segment", c)
		}
	}
}

func (p *parser) segment() error {
	start := p.pos
	if p.pos >= len(p.src) {
		return p.errf(p.pos, "empty segment (trailing '/')")
	}
	if n := len(p.t.Segments); n > 0 && p.t.Segments[n-1].Kind == DeepWildcard {
		return p.errf(start, "'**' must be the last segment")
	}
	switch c := p.src[p.pos]; {
	case c == '/':
		return p.errf(p.pos, "empty segment ('//')")
	case c == '{':
		return p.variable()
	case c == '}' || c == ':':
		return p.errf(p.pos, "empty segment before %q", c)
	case strings.HasPrefix(p.src[p.pos:], "**"):
		p.pos += 2
		p.t.Segments = append(p.t.Segments, Segment{Kind: DeepWildcard})
	case c == '*':
		p.pos++
		p.t.Segments = append(p.t.Segments, Segment{Kind: Wildcard})
	default:
		lit, err := p.literal("literal")
		if err != nil {
			return err
		}
		p.t.Segments = append(p.t.Segments, Segment{Kind: Literal, Value: lit})
		return nil
	}
	// A wildcard must be the whole segment.
	if p.pos < len(p.src) && !strings.ContainsRune("/:}", rune(p.src[p.pos])) {
		return p.errf(start, "wildcard must be a whole segment")
	}
	return nil
}

func (p *parser) variable() error {
	open := p.pos
	if p.inVar >= 0 {
		return p.errf(open, "nested variable inside %q", p.t.Variables[p.inVar].Path())
	}
	p.pos++ // '{'
	path, err := p.fieldPath()
	if err != nil {
		return err
	}
	for _, v := range p.t.Variables {
		if v.Path() == strings.Join(path, ".") {
			return p.errf(open, "field %q captured twice", v.Path())
		}
	}
	v := Variable{FieldPath: path, Start: len(p.t.Segments), Pos: open}
	p.t.Variables = append(p.t.Variables, v)
	p.inVar = len(p.t.Variables) - 1
	switch {
	case p.pos >= len(p.src):
		return p.errf(open, "unclosed variable %q", v.Path())
	case p.src[p.pos] == '}':
		p.t.Segments = append(p.t.Segments, Segment{Kind: Wildcard})
	case p.src[p.pos] == '=':
		p.pos++
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			return p.errf(p.pos, "variable %q has an empty pattern after '='", v.Path())
		}
		if err := p.segments('}'); err != nil {
			return err
		}
		if p.pos >= len(p.src) {
			return p.errf(open, "unclosed variable %q", v.Path())
		}
	default:
		return p.errf(p.pos, "unexpected %q in variable %q; want '=' or '}'", p.src[p.pos], v.Path())
	}
	p.pos++ // '}'
	p.t.Variables[p.inVar].End = len(p.t.Segments)
	p.inVar = -1
	if p.pos < len(p.src) && !strings.ContainsRune("/:", rune(p.src[p.pos])) {
		return p.errf(p.pos, "variable must be a whole segment")
	}
	return nil
}

func (p *parser) fieldPath() ([]string, error) {
	var path []string
	for {
		start := p.pos
		for p.pos < len(p.src) && isIdentByte(p.src[p.pos], p.pos == start) {
			p.pos++
		}
		if p.pos == start {
			if p.pos < len(p.src) && isIdentByte(p.src[p.pos], false) {
				return nil, p.errf(p.pos, "field name must not start with a digit")
			}
			return nil, p.errf(p.pos, "expected a field name")
		}
		path = append(path, p.src[start:p.pos])
		if p.pos < len(p.src) && p.src[p.pos] == '.' {
			p.pos++
			continue
		}
		return path, nil
	}
}

func (p *parser) verb() error {
	colon := p.pos
	p.pos++
	if p.pos >= len(p.src) {
		return p.errf(colon, "empty custom verb")
	}
	verb, err := p.literal("custom verb")
	if err != nil {
		return err
	}
	if p.pos < len(p.src) {
		return p.errf(p.pos, "custom verb must end the template; found %q", p.src[p.pos])
	}
	p.t.Verb = verb
	return nil
}

// literal consumes RFC 3986 pchars (minus ':') with valid percent-escapes.
func (p *parser) literal(what string) (string, error) {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '%':
			if p.pos+2 >= len(p.src) || !isHex(p.src[p.pos+1]) || !isHex(p.src[p.pos+2]) {
				return "", p.errf(p.pos, "invalid percent-escape in %s", what)
			}
			p.pos += 3
		case isLiteralByte(c):
			p.pos++
		case c == '/' || c == ':' || c == '}' || c == '{':
			if p.pos == start {
				return "", p.errf(p.pos, "empty %s", what)
			}
			if c == '{' {
				return "", p.errf(p.pos, "variable must be a whole segment")
			}
			return p.src[start:p.pos], nil
		case c == '*':
			return "", p.errf(p.pos, "wildcard must be a whole segment")
		default:
			return "", p.errf(p.pos, "character %q not allowed in %s", c, what)
		}
	}
	return p.src[start:p.pos], nil
}

func isIdentByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		return true
	case c >= '0' && c <= '9':
		return !first
	}
	return false
}

// isLiteralByte reports RFC 3986 unreserved / sub-delims / '@' (pchar without
// ':' and pct-encoded; '*' is reserved for wildcards).
func isLiteralByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()+,;=@", c) >= 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
