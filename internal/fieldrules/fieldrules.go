// Package fieldrules reads the validation rules of proto fields, messages
// and oneofs, from protoc-gen-validate's annotations ((validate.rules),
// (validate.required)) and protovalidate's ((buf.validate.field),
// (buf.validate.message), (buf.validate.oneof)), as data: one list of
// rules with protovalidate's rule ids, whatever the source. The validation
// middleware names broken rules with it; the OpenAPI generator turns the
// same rules into JSON-Schema keywords.
//
//	for _, r := range fieldrules.Field(fd) {
//		// r.ID "string.min_len", r.Scope fieldrules.Value, r.Value 1
//	}
//
// It only reads annotations; it evaluates nothing, and it imports no
// runtime package, so plugins and the runtime share it.
package fieldrules

import (
	"strings"

	pv "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	pgv "github.com/envoyproxy/protoc-gen-validate/validate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// Source says which annotations a rule comes from.
type Source uint8

// The sources of rules.
const (
	// PGV is protoc-gen-validate: (validate.rules) and friends.
	PGV Source = iota + 1
	// Protovalidate is buf.validate: (buf.validate.field) and friends.
	Protovalidate
)

// Scope says what a rule of a field applies to.
type Scope uint8

// The scopes of rules.
const (
	// Value: the field's value itself (a repeated or map field as a whole).
	Value Scope = iota
	// Item: each element of a repeated field.
	Item
	// Key: each key of a map field.
	Key
	// MapValue: each value of a map field.
	MapValue
)

// Rule is one rule of a field (or of a message or oneof).
type Rule struct {
	// ID is protovalidate's id of the rule: "<type>.<rule>" such as
	// "string.min_len", "int32.gte", "repeated.unique", "map.min_pairs",
	// "enum.defined_only"; "required" for a required field or oneof; the
	// rule's own id for a CEL rule ("" when it has none).
	ID string
	// Source is the annotation the rule comes from.
	Source Source
	// Scope is what the rule applies to.
	Scope Scope
	// Value is the rule's setting as written: the bound of "string.min_len"
	// (a uint64), the pattern of "string.pattern", true for
	// "string.email", the list of "string.in". It is invalid for a CEL rule.
	Value protoreflect.Value
	// Expression and Message are a CEL rule's expression and message.
	Expression, Message string
}

// Field returns the rules of fd, PGV's first, then protovalidate's, each
// in the order of the rule fields in their rules messages.
func Field(fd protoreflect.FieldDescriptor) []Rule {
	opts, ok := fd.Options().(*descriptorpb.FieldOptions)
	if !ok || opts == nil {
		return nil
	}
	var rules []Rule
	if proto.HasExtension(opts, pgv.E_Rules) {
		if fr, ok := proto.GetExtension(opts, pgv.E_Rules).(*pgv.FieldRules); ok {
			rules = appendFieldRules(rules, fr.ProtoReflect(), PGV, Value)
		}
	}
	if proto.HasExtension(opts, pv.E_Field) {
		if fr, ok := proto.GetExtension(opts, pv.E_Field).(*pv.FieldRules); ok {
			rules = appendFieldRules(rules, fr.ProtoReflect(), Protovalidate, Value)
		}
	}
	return rules
}

// Message returns the message-level rules of md: protovalidate's CEL rules
// ((buf.validate.message).cel).
func Message(md protoreflect.MessageDescriptor) []Rule {
	opts, ok := md.Options().(*descriptorpb.MessageOptions)
	if !ok || opts == nil || !proto.HasExtension(opts, pv.E_Message) {
		return nil
	}
	mr, ok := proto.GetExtension(opts, pv.E_Message).(*pv.MessageRules)
	if !ok {
		return nil
	}
	var rules []Rule
	for _, c := range mr.GetCel() {
		rules = append(rules, Rule{ID: c.GetId(), Source: Protovalidate, Expression: c.GetExpression(), Message: c.GetMessage()})
	}
	return rules
}

// Oneof returns the rules of od: "required" from PGV's (validate.required)
// or protovalidate's (buf.validate.oneof).required.
func Oneof(od protoreflect.OneofDescriptor) []Rule {
	opts, ok := od.Options().(*descriptorpb.OneofOptions)
	if !ok || opts == nil {
		return nil
	}
	var rules []Rule
	if req, ok := proto.GetExtension(opts, pgv.E_Required).(bool); ok && req {
		rules = append(rules, Rule{ID: "required", Source: PGV, Value: protoreflect.ValueOfBool(true)})
	}
	if or, ok := proto.GetExtension(opts, pv.E_Oneof).(*pv.OneofRules); ok && or.GetRequired() {
		rules = append(rules, Rule{ID: "required", Source: Protovalidate, Value: protoreflect.ValueOfBool(true)})
	}
	return rules
}

// HasRules reports whether md, or a message it holds (through singular,
// repeated or map fields, however deep), has a rule of src: whether
// validating a message of type md can find anything. Recursive types are
// followed once.
func HasRules(md protoreflect.MessageDescriptor, src Source) bool {
	return hasRules(md, src, map[protoreflect.FullName]bool{})
}

func hasRules(md protoreflect.MessageDescriptor, src Source, seen map[protoreflect.FullName]bool) bool {
	if seen[md.FullName()] {
		return false
	}
	seen[md.FullName()] = true
	if src == Protovalidate && len(Message(md)) > 0 {
		return true
	}
	for i := range md.Oneofs().Len() {
		for _, r := range Oneof(md.Oneofs().Get(i)) {
			if r.Source == src {
				return true
			}
		}
	}
	for i := range md.Fields().Len() {
		fd := md.Fields().Get(i)
		for _, r := range Field(fd) {
			if r.Source == src {
				return true
			}
		}
		sub := fd.Message()
		if fd.IsMap() {
			sub = fd.MapValue().Message()
		}
		if sub != nil && hasRules(sub, src, seen) {
			return true
		}
	}
	return false
}

// appendFieldRules appends the rules a FieldRules message (PGV's or
// protovalidate's, which share their shape) sets.
func appendFieldRules(rules []Rule, fr protoreflect.Message, src Source, scope Scope) []Rule {
	rangeSet(fr, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) {
		name := string(fd.Name())
		switch {
		case name == "required" && fd.Kind() == protoreflect.BoolKind:
			if v.Bool() {
				rules = append(rules, Rule{ID: "required", Source: src, Scope: scope, Value: v})
			}
		case name == "cel" && fd.IsList():
			for i := range v.List().Len() {
				c := v.List().Get(i).Message()
				rules = append(rules, Rule{ID: stringField(c, "id"), Source: src, Scope: scope,
					Expression: stringField(c, "expression"), Message: stringField(c, "message")})
			}
		case name == "message" && fd.Message() != nil:
			// PGV's MessageRules: required (and skip, which is no rule).
			if m := v.Message(); m.Get(m.Descriptor().Fields().ByName("required")).Bool() {
				rules = append(rules, Rule{ID: "required", Source: src, Scope: scope, Value: protoreflect.ValueOfBool(true)})
			}
		case fd.ContainingOneof() != nil && fd.Message() != nil:
			rules = appendTypeRules(rules, name, v.Message(), src, scope)
		}
	})
	return rules
}

// appendTypeRules appends the rules of a type's rules message (StringRules,
// RepeatedRules...), named typ ("string", "repeated").
func appendTypeRules(rules []Rule, typ string, tr protoreflect.Message, src Source, scope Scope) []Rule {
	rangeSet(tr, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) {
		name := string(fd.Name())
		switch {
		case typ == "repeated" && name == "items":
			rules = appendFieldRules(rules, v.Message(), src, Item)
		case typ == "map" && name == "keys":
			rules = appendFieldRules(rules, v.Message(), src, Key)
		case typ == "map" && name == "values":
			rules = appendFieldRules(rules, v.Message(), src, MapValue)
		case strings.HasPrefix(name, "ignore"), name == "example", name == "skip":
			// Not rules: how to apply them, or documentation.
		case fd.ContainingOneof() != nil && fd.Kind() == protoreflect.BoolKind && !v.Bool():
			// A well-known format set to false checks nothing.
		default:
			rules = append(rules, Rule{ID: typ + "." + name, Source: src, Scope: scope, Value: v})
		}
	})
	return rules
}

// rangeSet calls f for each populated field of m in declaration order
// (Message.Range's order is unspecified; rules keep a stable order).
func rangeSet(m protoreflect.Message, f func(protoreflect.FieldDescriptor, protoreflect.Value)) {
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		if fd := fields.Get(i); m.Has(fd) {
			f(fd, m.Get(fd))
		}
	}
}

func stringField(m protoreflect.Message, name string) string {
	fd := m.Descriptor().Fields().ByName(protoreflect.Name(name))
	if fd == nil {
		return ""
	}
	return m.Get(fd).String()
}
