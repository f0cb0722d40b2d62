package http

import (
	"fmt"
	"net/url"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/httprule"
	"github.com/bia-go/bia/runtime/encoding/form"
)

// clientPlan is how a client sends one rule for one pair of message
// types: the rule's binding plan, compiled once (by NewUnaryClient, or on
// the first Invoke).
type clientPlan struct {
	rule Rule
	plan *httprule.Plan // nil when err is set
	// err says why the rule cannot be sent (it does not fit the message
	// types, or the template has a wildcard no field fills); every call
	// fails with it.
	err error
	// parents are the messages holding nested path variables: "shelf"
	// for {shelf.name}.
	parents []string
}

// replyMessage returns the message a reply carries: the reply, or its
// response_body field's message; nil for a repeated, map or scalar field.
func (cp *clientPlan) replyMessage() protoreflect.MessageDescriptor {
	if fd := cp.plan.ResponseField; fd != nil {
		if isMessageField(fd) {
			return fd.Message()
		}
		return nil
	}
	return cp.plan.Output
}

// rawReply reports a reply (or response_body field) that is a
// google.api.HttpBody: raw bytes.
func (cp *clientPlan) rawReply() bool {
	md := cp.replyMessage()
	return md != nil && isHTTPBody(md)
}

// newClientPlan compiles r for the message types.
func newClientPlan(r Rule, in, out protoreflect.MessageDescriptor) *clientPlan {
	cp := &clientPlan{rule: r}
	p, err := compile(r, in, out)
	if err == nil {
		if err = p.Buildable(); err != nil {
			err = ruleError(r, err)
		}
	}
	if err != nil {
		cp.err = err
		return cp
	}
	cp.plan = p
	for _, v := range p.Vars {
		for i := range len(v.ProtoPath) {
			if v.ProtoPath[i] == '.' {
				cp.parents = append(cp.parents, v.ProtoPath[:i])
			}
		}
	}
	return cp
}

// target returns the path and query of the request for msg: the escaped
// path from the template and the path variables, and, unless the body is
// the whole request, the query of the fields neither the path nor the
// body carries. It never modifies msg.
func (cp *clientPlan) target(msg protoreflect.Message) (string, error) {
	return cp.targetWith(msg, !cp.plan.BodyAll)
}

// targetWith is target, with the query only when withQuery is set.
func (cp *clientPlan) targetWith(msg protoreflect.Message, withQuery bool) (string, error) {
	p := cp.plan
	var b strings.Builder
	segs := p.Template.Segments
	for i, vi := 0, 0; i < len(segs); {
		b.WriteByte('/')
		if vi < len(p.Vars) && i == p.Vars[vi].Start {
			end := p.Vars[vi].End
			if err := writeVar(&b, &p.Vars[vi], msg, segs[i:end]); err != nil {
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
	if p.Template.Verb != "" {
		b.WriteByte(':')
		b.WriteString(p.Template.Verb)
	}
	if withQuery {
		q := url.Values{}
		if err := form.Encode(msg.Interface(), q, form.SkipPaths(p.QuerySkip...)); err != nil {
			return "", err
		}
		// form.Encode keeps the presence of a message whose only fields
		// are path variables as "shelf={}"; the path variable sets the
		// message anyway.
		for _, parent := range cp.parents {
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

// writeVar appends the escaped value of the variable v in msg, checking
// that it matches the variable's segments (so the request reaches this
// route and no other).
func writeVar(b *strings.Builder, v *httprule.PathVar, msg protoreflect.Message, segs []httprule.Segment) error {
	s, err := varText(v, msg)
	if err != nil {
		return err
	}
	if s == "" {
		return fmt.Errorf("path variable {%s} is empty: the request cannot be routed", v.Path())
	}
	if !v.Multi {
		if segs[0].Kind == httprule.Literal && s != segs[0].Decoded() {
			return fmt.Errorf("path variable {%s} = %q does not match its pattern %q", v.Path(), s, segs[0].Decoded())
		}
	} else if !matchSegments(segs, strings.Split(s, "/")) {
		return fmt.Errorf("path variable {%s} = %q does not match its pattern %q", v.Path(), s, patternText(segs))
	}
	escapeVar(b, s, v.Multi)
	return nil
}

// varText returns the value of the variable's field in msg in the text
// form the server parses, the query's (form.EncodeValue): an unset wrapper
// gives "", which fails the call as an empty path variable.
func varText(v *httprule.PathVar, msg protoreflect.Message) (string, error) {
	m := msg
	for _, fd := range v.Fields[:len(v.Fields)-1] {
		m = m.Get(fd).Message()
	}
	if leaf := v.Fields[len(v.Fields)-1]; leaf != v.Value { // a wrapper
		if !m.Has(leaf) {
			return "", nil
		}
		m = m.Get(leaf).Message()
	}
	s, err := form.EncodeValue(v.Value, m.Get(v.Value))
	if err != nil {
		return "", fmt.Errorf("path variable {%s}: %w", v.Path(), err)
	}
	return s, nil
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

// body returns the request body for msg and its Content-Type; ok is false
// when the rule sends no body:
//
//   - body "*": msg encoded as m;
//   - body "field", a message field: that field encoded as m, nothing when
//     it is unset (the server then leaves it unset too);
//   - body "field", a repeated, map or scalar field: its proto3 JSON value
//     (an array, an object, a scalar), whatever m is, as the server reads
//     no other format there;
//   - a google.api.HttpBody request or body field: its data, with its
//     content type (none when empty).
func (cp *clientPlan) body(t *mediaTable, m *medium, msg protoreflect.Message) (data []byte, contentType string, ok bool, err error) {
	fd := cp.plan.BodyField
	switch {
	case cp.plan.BodyAll:
	case fd == nil:
		return nil, "", false, nil
	case isMessageField(fd) && !msg.Has(fd):
		return nil, "", false, nil
	}
	data, contentType, err = t.encode(m, nil, msg, fd)
	return data, contentType, true, err
}
