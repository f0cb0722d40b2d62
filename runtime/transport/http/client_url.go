package http

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/httprule"
	"github.com/bia-go/bia/runtime/encoding/form"
)

// callPlan is how a Client sends one rule for one pair of message types:
// computed on the first call, then reused.
type callPlan struct {
	rule      Rule
	in, out   protoreflect.MessageDescriptor
	tmpl      *httprule.Template
	vars      []pathVar
	skip      []string // the query leaves out the path variables and the body field
	parents   []string // the messages holding nested path variables: "shelf" for {shelf.name}
	bodyAll   bool     // body "*"
	bodyField protoreflect.FieldDescriptor
	resField  protoreflect.FieldDescriptor
}

// planKey names a plan in a Client's cache.
type planKey struct {
	rule    Rule
	in, out protoreflect.FullName
}

// plan returns the cached plan of r for these message types, computing it
// on first use. Types that share names with a cached plan's but are other
// descriptors (dynamic messages built twice) get a fresh, uncached plan.
func (c *Client) plan(r Rule, in, out protoreflect.MessageDescriptor) (*callPlan, error) {
	key := planKey{rule: r, in: in.FullName(), out: out.FullName()}
	if v, ok := c.plans.Load(key); ok {
		if p := v.(*callPlan); p.in == in && p.out == out {
			return p, nil
		}
		return newCallPlan(r, in, out)
	}
	p, err := newCallPlan(r, in, out)
	if err != nil {
		return nil, err
	}
	c.plans.LoadOrStore(key, p)
	return p, nil
}

// newCallPlan checks r against the message types, with the rules the
// server applies when it registers a route.
func newCallPlan(r Rule, in, out protoreflect.MessageDescriptor) (*callPlan, error) {
	p := &callPlan{rule: r, in: in, out: out}
	if r.Method == "" {
		return nil, planError(r, fmt.Errorf("no HTTP method"))
	}
	tmpl, err := httprule.Parse(r.Pattern)
	if err != nil {
		return nil, planError(r, err)
	}
	for i, s := range tmpl.Segments {
		if s.Kind != httprule.Literal && tmpl.VariableAt(i) < 0 {
			return nil, planError(r, fmt.Errorf("a wildcard outside a variable: the client has no value to put there"))
		}
	}
	p.tmpl = tmpl
	if p.vars, err = compileVars(tmpl, in); err != nil {
		return nil, planError(r, err)
	}
	p.skip = skipPaths(p.vars)
	for _, path := range p.skip {
		for i := range len(path) {
			if path[i] == '.' {
				p.parents = append(p.parents, path[:i])
			}
		}
	}
	switch r.Body {
	case "":
	case "*":
		p.bodyAll = true
	default:
		if p.bodyField = resolveField(in, r.Body); p.bodyField == nil {
			return nil, planError(r, fmt.Errorf("body: %s has no field %q", in.FullName(), r.Body))
		}
		p.skip = append(p.skip, string(p.bodyField.Name()))
	}
	if r.ResponseBody != "" {
		if p.resField = resolveField(out, r.ResponseBody); p.resField == nil {
			return nil, planError(r, fmt.Errorf("response_body: %s has no field %q", out.FullName(), r.ResponseBody))
		}
	}
	return p, nil
}

func planError(r Rule, err error) error {
	return fmt.Errorf("http: operation %s (%s %s): %w", r.Operation, r.Method, r.Pattern, err)
}

// target returns the path and query of the request for msg: the escaped
// path from the template and the path variables, and, unless the body is
// the whole request, the query of the fields neither the path nor the
// body carries. It never modifies msg.
func (p *callPlan) target(msg protoreflect.Message) (string, error) {
	var b strings.Builder
	segs := p.tmpl.Segments
	for i, vi := 0, 0; i < len(segs); {
		b.WriteByte('/')
		if vi < len(p.vars) && i == p.tmpl.Variables[vi].Start {
			end := p.tmpl.Variables[vi].End
			if err := p.vars[vi].write(&b, msg, segs[i:end]); err != nil {
				return "", err
			}
			i, vi = end, vi+1
			continue
		}
		b.WriteString(segs[i].Value) // a literal, as written: already escaped
		i++
	}
	if len(segs) == 0 {
		b.WriteByte('/')
	}
	if p.tmpl.Verb != "" {
		b.WriteByte(':')
		b.WriteString(p.tmpl.Verb)
	}
	if !p.bodyAll {
		q := url.Values{}
		if err := form.Encode(msg.Interface(), q, form.SkipPaths(p.skip...)); err != nil {
			return "", err
		}
		// form.Encode keeps the presence of a message whose only fields
		// are path variables as "shelf={}"; the path variable sets the
		// message anyway.
		for _, parent := range p.parents {
			if v := q[parent]; len(v) == 1 && v[0] == "{}" {
				delete(q, parent)
			}
		}
		if len(q) > 0 {
			b.WriteByte('?')
			b.WriteString(q.Encode())
		}
	}
	return b.String(), nil
}

// write appends the escaped value of the variable in msg, checking that
// it matches the variable's segments (so the request reaches this route
// and no other): a single-segment value is escaped whole ('/' included),
// a multi-segment one segment by segment.
func (v *pathVar) write(b *strings.Builder, msg protoreflect.Message, segs []httprule.Segment) error {
	s, err := v.text(msg)
	if err != nil {
		return err
	}
	if s == "" {
		return fmt.Errorf("path variable {%s} is empty: the request cannot be routed", v.name)
	}
	if !v.multi {
		if segs[0].Kind == httprule.Literal && s != segs[0].Decoded() {
			return fmt.Errorf("path variable {%s} = %q does not match its pattern %q", v.name, s, segs[0].Decoded())
		}
		escapePath(b, s, false)
		return nil
	}
	parts := strings.Split(s, "/")
	if !matchSegments(segs, parts) {
		return fmt.Errorf("path variable {%s} = %q does not match its pattern %q", v.name, s, patternText(segs))
	}
	for i, part := range parts {
		if i > 0 {
			b.WriteByte('/')
		}
		escapePath(b, part, true)
	}
	return nil
}

// text returns the value of the variable's field in msg in the text form
// the server parses: strings as they are, numbers in decimal, bools as
// true or false, enums by name, bytes in URL-safe base64, wrappers as
// their value. An unset wrapper gives "".
func (v *pathVar) text(msg protoreflect.Message) (string, error) {
	m := msg
	for _, fd := range v.path[:len(v.path)-1] {
		m = m.Get(fd).Message()
	}
	if leaf := v.path[len(v.path)-1]; leaf != v.value { // a wrapper
		if !m.Has(leaf) {
			return "", nil
		}
		m = m.Get(leaf).Message()
	}
	val := m.Get(v.value)
	switch fd := v.value; fd.Kind() {
	case protoreflect.StringKind:
		if s := val.String(); !utf8.ValidString(s) {
			return "", fmt.Errorf("path variable {%s}: invalid UTF-8", v.name)
		}
		return val.String(), nil
	case protoreflect.BoolKind:
		return strconv.FormatBool(val.Bool()), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.FormatInt(val.Int(), 10), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.FormatUint(val.Uint(), 10), nil
	case protoreflect.FloatKind:
		return strconv.FormatFloat(val.Float(), 'g', -1, 32), nil
	case protoreflect.DoubleKind:
		return strconv.FormatFloat(val.Float(), 'g', -1, 64), nil
	case protoreflect.BytesKind:
		return base64.RawURLEncoding.EncodeToString(val.Bytes()), nil
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(val.Enum()); ev != nil {
			return string(ev.Name()), nil
		}
		return strconv.FormatInt(int64(val.Enum()), 10), nil
	default: // compileVars admits no other kind
		return "", fmt.Errorf("path variable {%s}: field %s of kind %s cannot be written into a path", v.name, fd.Name(), fd.Kind())
	}
}

// matchSegments reports whether the segments of a multi-segment value
// match the variable's pattern, as the server's router would: a literal
// equal to it, `*` one non-empty segment, `**` the rest.
func matchSegments(segs []httprule.Segment, parts []string) bool {
	for i, sg := range segs {
		if sg.Kind == httprule.DeepWildcard {
			return true
		}
		if i >= len(parts) {
			return false
		}
		if sg.Kind == httprule.Literal && parts[i] != sg.Decoded() || sg.Kind == httprule.Wildcard && parts[i] == "" {
			return false
		}
	}
	return len(parts) == len(segs)
}

func patternText(segs []httprule.Segment) string {
	s := make([]string, len(segs))
	for i, sg := range segs {
		switch sg.Kind {
		case httprule.Literal:
			s[i] = sg.Value
		case httprule.Wildcard:
			s[i] = "*"
		default:
			s[i] = "**"
		}
	}
	return strings.Join(s, "/")
}

// escapePath appends one path segment of a variable's value, escaped as
// google/api/http.proto says: everything but the RFC 3986 unreserved
// characters for a single-segment variable; for a segment of a
// multi-segment one, what a path segment cannot hold as is ('%', '?', '#',
// '[', ']', spaces, non-ASCII...) while sub-delims, ':' and '@' stay, since
// the server keeps the escapes of reserved characters in such values. The
// dot segments "." and ".." are escaped too, so that nothing on the way
// normalizes them away.
func escapePath(b *strings.Builder, s string, multi bool) {
	if s == "." || s == ".." {
		b.WriteString(strings.Repeat("%2E", len(s)))
		return
	}
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || multi && strings.IndexByte("!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
