package jsongen

import (
	"strconv"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// unmarshal writes the UnmarshalProtoJSON method of m: a switch on the
// member name, JSON names first and then proto names (as protojson looks
// a name up), a duplicate check per field and per oneof, null skipping
// for every field but google.protobuf.Value and NullValue ones.
func (fg *fileGen) unmarshal(m *protogen.Message) {
	g := fg.g
	dec := g.QualifiedGoIdent(jsoncodecPackage.Ident("Decoder"))
	g.P("// UnmarshalProtoJSON reads a proto3 JSON object from d into x, which")
	g.P("// the caller has reset, accepting what protojson accepts.")
	g.P("func (x *", m.GoIdent.GoName, ") UnmarshalProtoJSON(d *", dec, ") {")
	g.P("if !d.EnterMessage() {")
	g.P("return")
	g.P("}")
	if len(m.Fields) > 0 {
		g.P("var seen [", (len(m.Fields)+63)/64, "]uint64")
	}
	if n := realOneofs(m); n > 0 {
		g.P("var oneofs [", (n+63)/64, "]uint64")
	}
	g.P("for d.NextField() {")
	g.P("switch string(d.Key()) {")
	names := map[string]bool{}
	labels := make([][]string, len(m.Fields))
	for i, f := range m.Fields { // JSON names win over proto names
		if n := f.Desc.JSONName(); !names[n] {
			names[n] = true
			labels[i] = append(labels[i], strconv.Quote(n))
		}
	}
	for i, f := range m.Fields {
		if n := string(f.Desc.Name()); !names[n] {
			names[n] = true
			labels[i] = append(labels[i], strconv.Quote(n))
		}
	}
	for i, f := range m.Fields {
		if len(labels[i]) == 0 {
			continue
		}
		g.P("case ", strings.Join(labels[i], ", "), ":")
		fg.unmarshalField(m, f, i)
	}
	g.P("default:")
	g.P("d.Unknown()")
	g.P("}")
	g.P("}")
	g.P("d.LeaveMessage()")
	g.P("}")
	g.P()
}

// realOneofs counts m's oneofs that are not proto3 optional fields.
func realOneofs(m *protogen.Message) int {
	n := 0
	for _, o := range m.Oneofs {
		if !o.Desc.IsSynthetic() {
			n++
		}
	}
	return n
}

// nullIsValue reports whether f's type is google.protobuf.Value or
// NullValue, whose decoders read null as a value.
func nullIsValue(f *protogen.Field) bool {
	return (f.Message != nil && wellKnownKind(f.Message) == wkValue) || isNullValue(f.Enum)
}

func (fg *fileGen) unmarshalField(m *protogen.Message, f *protogen.Field, i int) {
	g := fg.g
	cond := "d.First(seen[:], " + strconv.Itoa(i) + ")"
	// As protojson: null is skipped unless the field's type is Value or
	// NullValue, lists of them included (where null then fails, as not
	// a list); a map's type is its entry, so null skips it.
	if f.Desc.IsMap() || !nullIsValue(f) {
		cond += " && !d.Null()"
	}
	if isOneof(f) {
		cond += " && d.Oneof(oneofs[:], " + strconv.Itoa(oneofIndex(m, f.Oneof)) + ", " + strconv.Quote(string(f.Oneof.Desc.FullName())) + ")"
	}
	x := "x." + f.GoName
	switch {
	case f.Desc.IsMap():
		g.P("if ", cond, " && d.ObjectStart() {")
		key, val := f.Message.Fields[0], f.Message.Fields[1]
		g.P("if ", x, " == nil {")
		g.P(x, " = make(", mapType(g, f), ")")
		g.P("}")
		g.P("for d.NextField() {")
		g.P("k := ", keyExpr(key.Desc.Kind()))
		g.P("if _, dup := ", x, "[k]; dup {")
		g.P("d.DuplicateKey()")
		g.P("}")
		fg.unmarshalValue(val, func(v string) { g.P(x, "[k] = ", v) })
		g.P("}")
		g.P("}")
	case f.Desc.IsList():
		g.P("if ", cond, " && d.ArrayStart() {")
		g.P("for d.NextElem() {")
		fg.unmarshalValue(f, func(v string) { g.P(x, " = append(", x, ", ", v, ")") })
		g.P("}")
		g.P("}")
	case isOneof(f):
		g.P("if ", cond, " {")
		wrapper := g.QualifiedGoIdent(f.GoIdent)
		fg.unmarshalValue(f, func(v string) { g.P("x.", f.Oneof.GoName, " = &", wrapper, "{", f.GoName, ": ", v, "}") })
		g.P("}")
	case isOptional(f) && f.Desc.Kind() == protoreflect.BytesKind:
		g.P("if ", cond, " {")
		g.P(x, " = d.Bytes()")
		g.P("if ", x, " == nil {")
		g.P(x, " = []byte{}") // present, and empty
		g.P("}")
		g.P("}")
	case isOptional(f) && f.Desc.Kind() != protoreflect.MessageKind:
		g.P("if ", cond, " {")
		fg.unmarshalValue(f, func(v string) {
			g.P("v := ", v)
			g.P(x, " = &v")
		})
		g.P("}")
	default:
		g.P("if ", cond, " {")
		fg.unmarshalValue(f, func(v string) { g.P(x, " = ", v) })
		g.P("}")
	}
}

// oneofIndex is o's index among m's real oneofs.
func oneofIndex(m *protogen.Message, o *protogen.Oneof) int {
	i := 0
	for _, x := range m.Oneofs {
		if x == o {
			return i
		}
		if !x.Desc.IsSynthetic() {
			i++
		}
	}
	return i
}

// unmarshalValue reads one value of f (an element, for a list; the map
// entry's value field for a map) and passes the Go expression of it to
// set, which writes the statement storing it. A value that is not stored
// (an unknown enum name with DiscardUnknown) does not call set.
func (fg *fileGen) unmarshalValue(f *protogen.Field, set func(v string)) {
	g := fg.g
	switch f.Desc.Kind() {
	case protoreflect.BoolKind:
		set("d.Bool()")
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		set("d.Int32()")
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		set("d.Uint32()")
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		set("d.Int64()")
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		set("d.Uint64()")
	case protoreflect.FloatKind:
		set("d.Float32()")
	case protoreflect.DoubleKind:
		set("d.Float64()")
	case protoreflect.StringKind:
		set("d.String()")
	case protoreflect.BytesKind:
		set("d.Bytes()")
	case protoreflect.EnumKind:
		typ := g.QualifiedGoIdent(f.Enum.GoIdent)
		if isNullValue(f.Enum) {
			g.P("if n, ok := d.NullValue(); ok {")
			set(typ + "(n)")
			g.P("}")
			return
		}
		g.P("if n, ok := d.Enum(", enumMap(g, f.Enum, "_value"), "); ok {")
		set(typ + "(n)")
		g.P("}")
	case protoreflect.MessageKind, protoreflect.GroupKind:
		fg.unmarshalMessage(f.Message, set)
	}
}

// unmarshalMessage reads a message of type m.
func (fg *fileGen) unmarshalMessage(m *protogen.Message, set func(v string)) {
	g := fg.g
	switch wellKnownKind(m) {
	case wkTimestamp:
		set("d.Timestamp()")
	case wkDuration:
		set("d.Duration()")
	case wkFieldMask:
		set("d.FieldMask()")
	case wkWrapper:
		// A wrapper is a message: it counts toward the recursion limit.
		typ := g.QualifiedGoIdent(m.GoIdent)
		g.P("if d.Wrapper() {")
		fg.unmarshalValue(m.Fields[0], func(v string) { set("&" + typ + "{Value: " + v + "}") })
		g.P("}")
	default:
		g.P("m := new(", g.QualifiedGoIdent(m.GoIdent), ")")
		if wellKnownKind(m) == wkNone && fg.direct(m) {
			g.P("m.UnmarshalProtoJSON(d)")
		} else {
			g.P("d.Message(m)")
		}
		set("m")
	}
}

// mapType is the Go type of map field f.
func mapType(g *protogen.GeneratedFile, f *protogen.Field) string {
	key, val := f.Message.Fields[0], f.Message.Fields[1]
	return "map[" + goScalarType(key.Desc.Kind()) + "]" + valueType(g, val)
}

// valueType is the Go type of a map value field.
func valueType(g *protogen.GeneratedFile, f *protogen.Field) string {
	switch f.Desc.Kind() {
	case protoreflect.EnumKind:
		return g.QualifiedGoIdent(f.Enum.GoIdent)
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return "*" + g.QualifiedGoIdent(f.Message.GoIdent)
	case protoreflect.BytesKind:
		return "[]byte"
	case protoreflect.FloatKind:
		return "float32"
	case protoreflect.DoubleKind:
		return "float64"
	}
	return goScalarType(f.Desc.Kind())
}

// keyExpr reads a map key of kind k from the member name.
func keyExpr(k protoreflect.Kind) string {
	switch k {
	case protoreflect.StringKind:
		return "d.KeyString()"
	case protoreflect.BoolKind:
		return "d.KeyBool()"
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return "d.KeyInt32()"
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return "d.KeyInt64()"
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return "d.KeyUint32()"
	}
	return "d.KeyUint64()"
}
