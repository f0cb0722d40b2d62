package openapigen

import (
	"sort"
	"strings"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/bia-go/bia/internal/fieldrules"
)

// schemas builds JSON Schemas of messages as the runtime writes them in
// proto3 JSON, and collects the components they refer to.
type schemas struct {
	protoNames bool
	comments   func(protoreflect.Descriptor) string
	// components are the built message schemas, by full name.
	components map[string]*object
}

func newSchemas(protoNames bool, comments func(protoreflect.Descriptor) string) *schemas {
	return &schemas{protoNames: protoNames, comments: comments, components: map[string]*object{}}
}

// componentsObject returns the components, sorted by name.
func (s *schemas) componentsObject() *object {
	names := make([]string, 0, len(s.components))
	for n := range s.components {
		names = append(names, n)
	}
	sort.Strings(names)
	o := newObject()
	for _, n := range names {
		o.set(n, s.components[n])
	}
	return o
}

// ref returns a reference to the component of md, building it first.
func (s *schemas) ref(md protoreflect.MessageDescriptor) *object {
	name := string(md.FullName())
	if _, ok := s.components[name]; !ok {
		s.components[name] = nil // a recursive type refers to itself
		s.components[name] = s.message(md, nil)
	}
	return newObject().set("$ref", "#/components/schemas/"+name)
}

// jsonName is the name a field has in proto3 JSON as the server writes it.
func (s *schemas) jsonName(fd protoreflect.FieldDescriptor) string {
	if s.protoNames {
		return string(fd.Name())
	}
	return fd.JSONName()
}

// exclusions are the fields left out of a body schema: the path variables,
// by proto name, each with the exclusions below it ("book" → {"name"}).
type exclusions map[string]exclusions

// exclude adds the dotted proto path to x.
func (x exclusions) exclude(path string) {
	head, rest, more := strings.Cut(path, ".")
	sub, ok := x[head]
	if !more {
		x[head] = nil // the whole field
		return
	}
	if !ok {
		sub = exclusions{}
		x[head] = sub
	} else if sub == nil {
		return // already whole
	}
	sub.exclude(rest)
}

// message returns the schema of md. Without exclusions it is the component
// body; with some, an inline schema of md without those fields.
func (s *schemas) message(md protoreflect.MessageDescriptor, x exclusions) *object {
	if wk := s.wellKnown(md); wk != nil {
		return wk
	}
	o := newObject().set("type", "object")
	if d := s.comments(md); d != "" {
		o.set("description", d)
	}
	props := newObject()
	var required []any
	fields := md.Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		sub, excluded := x[string(fd.Name())]
		if excluded && sub == nil {
			continue
		}
		name := s.jsonName(fd)
		var ps *object
		if excluded { // a message holding a path variable
			ps = s.message(fd.Message(), sub)
		} else {
			ps = s.field(fd)
		}
		props.set(name, ps)
		if isRequired(fd) {
			required = append(required, name)
		}
	}
	if props.len() > 0 {
		o.set("properties", props)
	}
	if len(required) > 0 {
		o.set("required", required)
	}
	if c := s.oneofs(md); len(c) > 0 {
		o.set("allOf", c)
	}
	merge(o, schemaAnnotation(md))
	return o
}

// oneofs returns, for each real oneof of md, the constraint that at most
// one member is set (exactly one when the oneof is required), as proto3
// JSON allows: a schema per member requiring it, and one requiring none.
func (s *schemas) oneofs(md protoreflect.MessageDescriptor) []any {
	var out []any
	for i := range md.Oneofs().Len() {
		od := md.Oneofs().Get(i)
		if od.IsSynthetic() {
			continue
		}
		var alts, each []any
		for j := range od.Fields().Len() {
			r := newObject().set("required", []any{s.jsonName(od.Fields().Get(j))})
			alts = append(alts, r)
			each = append(each, r)
		}
		if len(fieldrules.Oneof(od)) == 0 { // none set is fine
			alts = append(alts, newObject().set("not", newObject().set("anyOf", each)))
		}
		c := newObject().set("oneOf", alts)
		c.set("description", "oneof "+string(od.Name())+": at most one of its fields is set")
		out = append(out, c)
	}
	return out
}

// field returns the schema of a field's value as proto3 JSON writes it,
// with its comment, field_behavior and validation rules.
func (s *schemas) field(fd protoreflect.FieldDescriptor) *object {
	rules := fieldrules.Field(fd)
	var o *object
	switch {
	case fd.IsMap():
		values := s.value(fd.MapValue())
		applyRules(values, rules, fieldrules.MapValue)
		o = newObject().set("type", "object").set("additionalProperties", values)
		if keys := newObject(); applyRules(keys, rules, fieldrules.Key) {
			o.set("propertyNames", keys)
		}
	case fd.IsList():
		items := s.value(fd)
		applyRules(items, rules, fieldrules.Item)
		o = newObject().set("type", "array").set("items", items)
	default:
		o = s.value(fd)
		if fd.Message() != nil && !isNullValue(fd) {
			// An unset message field is written null (EmitUnpopulated,
			// the default) and read as unset.
			o = newObject().set("oneOf", []any{o, newObject().set("type", "null")})
		}
	}
	applyRules(o, rules, fieldrules.Value)
	if d := s.comments(fd); d != "" {
		o.set("description", d)
	}
	for _, b := range behaviors(fd) {
		switch b {
		case annotations.FieldBehavior_OUTPUT_ONLY:
			o.set("readOnly", true)
		case annotations.FieldBehavior_INPUT_ONLY:
			o.set("writeOnly", true)
		case annotations.FieldBehavior_IMMUTABLE:
			o.set("x-immutable", true)
		}
	}
	if opts, ok := fd.Options().(*descriptorpb.FieldOptions); ok && opts.GetDeprecated() {
		o.set("deprecated", true)
	}
	merge(o, propertyAnnotation(fd))
	return o
}

// value returns the schema of one value of fd: the element of a list, the
// value of a map entry, or the singular value.
func (s *schemas) value(fd protoreflect.FieldDescriptor) *object {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return newObject().set("type", "string")
	case protoreflect.BytesKind:
		return newObject().set("type", "string").set("format", "byte").set("contentEncoding", "base64")
	case protoreflect.BoolKind:
		return newObject().set("type", "boolean")
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return newObject().set("type", "integer").set("format", "int32")
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return newObject().set("type", "integer").set("format", "int64").set("minimum", 0).set("maximum", 4294967295)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return newObject().set("type", "string").set("format", "int64")
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return newObject().set("type", "string").set("format", "uint64")
	case protoreflect.FloatKind:
		return newObject().set("type", "number").set("format", "float")
	case protoreflect.DoubleKind:
		return newObject().set("type", "number").set("format", "double")
	case protoreflect.EnumKind:
		return s.enum(fd.Enum())
	}
	if wk := s.wellKnown(fd.Message()); wk != nil {
		return wk
	}
	return s.ref(fd.Message())
}

// enum returns an enum's schema: its value names, as proto3 JSON writes
// them; google.protobuf.NullValue is JSON null.
func (s *schemas) enum(ed protoreflect.EnumDescriptor) *object {
	if ed.FullName() == "google.protobuf.NullValue" {
		return newObject().set("type", "null")
	}
	var names, deprecated []any
	for i := range ed.Values().Len() {
		v := ed.Values().Get(i)
		names = append(names, string(v.Name()))
		if o, ok := v.Options().(*descriptorpb.EnumValueOptions); ok && o.GetDeprecated() {
			deprecated = append(deprecated, string(v.Name()))
		}
	}
	o := newObject().set("type", "string").set("enum", names)
	if d := s.comments(ed); d != "" {
		o.set("description", d)
	}
	if len(deprecated) > 0 {
		o.set("x-deprecated-values", deprecated)
	}
	return o
}

// wellKnown returns the schema of a well-known type's JSON form, or nil.
func (s *schemas) wellKnown(md protoreflect.MessageDescriptor) *object {
	name := md.FullName()
	if !strings.HasPrefix(string(name), "google.protobuf.") {
		return nil
	}
	switch name.Name() {
	case "Timestamp":
		return newObject().set("type", "string").set("format", "date-time")
	case "Duration":
		return newObject().set("type", "string").set("pattern", `^-?[0-9]+(\.[0-9]{1,9})?s$`).set("description", "A duration in seconds with up to nine fractional digits, ending in \"s\": \"1.5s\".")
	case "FieldMask":
		return newObject().set("type", "string").set("description", "Field paths in lowerCamelCase, separated by commas: \"title,publishTime\".")
	case "Empty":
		return newObject().set("type", "object")
	case "Struct":
		return newObject().set("type", "object").set("additionalProperties", true)
	case "Value":
		return newObject().set("description", "Any JSON value.")
	case "ListValue":
		return newObject().set("type", "array").set("items", newObject())
	case "Any":
		return newObject().set("type", "object").
			set("properties", newObject().set("@type", newObject().set("type", "string"))).
			set("required", []any{"@type"}).set("additionalProperties", true)
	case "DoubleValue", "FloatValue":
		return newObject().set("type", []any{"number", "null"})
	case "Int32Value", "UInt32Value":
		return newObject().set("type", []any{"integer", "null"})
	case "Int64Value", "UInt64Value":
		return newObject().set("type", []any{"string", "null"}).set("format", "int64")
	case "BoolValue":
		return newObject().set("type", []any{"boolean", "null"})
	case "StringValue":
		return newObject().set("type", []any{"string", "null"})
	case "BytesValue":
		return newObject().set("type", []any{"string", "null"}).set("format", "byte")
	}
	return nil
}

func isNullValue(fd protoreflect.FieldDescriptor) bool {
	return fd.Enum() != nil && fd.Enum().FullName() == "google.protobuf.NullValue"
}

// behaviors returns the google.api.field_behavior of fd.
func behaviors(fd protoreflect.FieldDescriptor) []annotations.FieldBehavior {
	opts, ok := fd.Options().(*descriptorpb.FieldOptions)
	if !ok || opts == nil {
		return nil
	}
	b, _ := proto.GetExtension(opts, annotations.E_FieldBehavior).([]annotations.FieldBehavior)
	return b
}

// isRequired reports whether a request must set fd: field_behavior
// REQUIRED, or a required rule of PGV or protovalidate.
func isRequired(fd protoreflect.FieldDescriptor) bool {
	for _, b := range behaviors(fd) {
		if b == annotations.FieldBehavior_REQUIRED {
			return true
		}
	}
	for _, r := range fieldrules.Field(fd) {
		if r.ID == "required" && r.Scope == fieldrules.Value {
			return true
		}
	}
	return false
}
