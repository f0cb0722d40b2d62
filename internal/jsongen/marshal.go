package jsongen

import (
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// marshal writes the MarshalProtoJSON method of m: its fields in
// declaration order, as protojson writes them.
func (fg *fileGen) marshal(m *protogen.Message) {
	g := fg.g
	enc := g.QualifiedGoIdent(jsoncodecPackage.Ident("Encoder"))
	g.P("// MarshalProtoJSON writes x as proto3 JSON to e, as protojson does.")
	g.P("func (x *", m.GoIdent.GoName, ") MarshalProtoJSON(e *", enc, ") {")
	g.P("if x == nil {")
	g.P("e.ObjectStart()")
	g.P("e.ObjectEnd()")
	g.P("return")
	g.P("}")
	if len(m.Fields) > 0 && needsEmit(m) {
		g.P("emit := e.EmitUnpopulated()")
	}
	g.P("e.ObjectStart()")
	for _, f := range m.Fields {
		fg.marshalField(f)
	}
	g.P("e.ObjectEnd()")
	g.P("}")
	g.P()
}

// needsEmit reports whether any field of m is written when unpopulated
// under EmitUnpopulated: all but oneof members and proto3 optional fields.
func needsEmit(m *protogen.Message) bool {
	for _, f := range m.Fields {
		if f.Oneof == nil {
			return true
		}
	}
	return false
}

func (fg *fileGen) marshalField(f *protogen.Field) {
	g := fg.g
	name := "e.Name(" + jsonLiteral(f.Desc.JSONName()) + ", " + jsonLiteral(string(f.Desc.Name())) + ")"
	x := "x." + f.GoName
	switch {
	case isOneof(f):
		v := "v"
		if isNullValue(f.Enum) { // written as null, whatever it holds
			v = "_"
		}
		g.P("if ", v, ", ok := x.", f.Oneof.GoName, ".(*", g.QualifiedGoIdent(f.GoIdent), "); ok {")
		g.P(name)
		fg.marshalValue(f, f.Desc, "v."+f.GoName)
		g.P("}")
	case f.Desc.IsMap():
		g.P("if len(", x, ") != 0 || emit {")
		g.P(name)
		fg.marshalMap(f, x)
		g.P("}")
	case f.Desc.IsList():
		g.P("if len(", x, ") != 0 || emit {")
		g.P(name)
		g.P("e.ArrayStart()")
		if isNullValue(f.Enum) {
			g.P("for range ", x, " {")
		} else {
			g.P("for _, v := range ", x, " {")
		}
		g.P("e.Elem()")
		fg.marshalValue(f, f.Desc, "v")
		g.P("}")
		g.P("e.ArrayEnd()")
		g.P("}")
	case isOptional(f):
		g.P("if ", x, " != nil {")
		g.P(name)
		if f.Desc.Kind() == protoreflect.BytesKind || f.Desc.Kind() == protoreflect.MessageKind {
			fg.marshalValue(f, f.Desc, x)
		} else {
			fg.marshalValue(f, f.Desc, "*"+x)
		}
		g.P("}")
	case f.Desc.Kind() == protoreflect.MessageKind || f.Desc.Kind() == protoreflect.GroupKind:
		g.P("if ", x, " != nil || emit {")
		g.P(name)
		g.P("if ", x, " == nil {")
		g.P("e.Null()")
		g.P("} else {")
		fg.marshalValue(f, f.Desc, x)
		g.P("}")
		g.P("}")
	default:
		g.P("if ", fg.populated(f.Desc, x), " || emit {")
		g.P(name)
		fg.marshalValue(f, f.Desc, x)
		g.P("}")
	}
}

// populated is the condition under which a proto3 scalar without presence
// is written: not its zero value (for floats, -0 counts as set, as in
// protobuf-go, which compares bits).
func (fg *fileGen) populated(fd protoreflect.FieldDescriptor, x string) string {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return x
	case protoreflect.StringKind:
		return x + ` != ""`
	case protoreflect.BytesKind:
		return "len(" + x + ") != 0"
	case protoreflect.FloatKind:
		return fg.g.QualifiedGoIdent(mathPackage.Ident("Float32bits")) + "(" + x + ") != 0"
	case protoreflect.DoubleKind:
		return fg.g.QualifiedGoIdent(mathPackage.Ident("Float64bits")) + "(" + x + ") != 0"
	default:
		return x + " != 0"
	}
}

// marshalMap writes map field f, x, with its keys sorted as protojson
// sorts them: false before true, integers by value, strings by bytes.
func (fg *fileGen) marshalMap(f *protogen.Field, x string) {
	g := fg.g
	key, val := f.Message.Fields[0], f.Message.Fields[1]
	g.P("e.ObjectStart()")
	if key.Desc.Kind() == protoreflect.BoolKind {
		g.P("for _, k := range [...]bool{false, true} {")
		g.P(mapValueVar(val), ", ok := ", x, "[k]")
		g.P("if !ok {")
		g.P("continue")
		g.P("}")
		g.P("e.MapKeyBool(k)")
	} else {
		g.P("var keys [16]", goScalarType(key.Desc.Kind()))
		g.P("for _, k := range ", g.QualifiedGoIdent(jsoncodecPackage.Ident("SortedKeys")), "(", x, ", keys[:0]) {")
		if mapValueVar(val) == "v" {
			g.P("v := ", x, "[k]")
		}
		switch key.Desc.Kind() {
		case protoreflect.StringKind:
			g.P("e.MapKeyString(k)")
		case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
			g.P("e.MapKeyUint64(uint64(k))")
		default:
			g.P("e.MapKeyInt64(int64(k))")
		}
	}
	fg.marshalValue(val, val.Desc, "v")
	g.P("}")
	g.P("e.ObjectEnd()")
}

// marshalValue writes one value x of field f (an element, for a list; fd
// is the map entry's value field for a map).
func (fg *fileGen) marshalValue(f *protogen.Field, fd protoreflect.FieldDescriptor, x string) {
	g := fg.g
	switch fd.Kind() {
	case protoreflect.BoolKind:
		g.P("e.Bool(", x, ")")
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		g.P("e.Int32(", x, ")")
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		g.P("e.Uint32(", x, ")")
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		g.P("e.Int64(", x, ")")
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		g.P("e.Uint64(", x, ")")
	case protoreflect.FloatKind:
		g.P("e.Float32(", x, ")")
	case protoreflect.DoubleKind:
		g.P("e.Float64(", x, ")")
	case protoreflect.StringKind:
		g.P("e.String(", x, ")")
	case protoreflect.BytesKind:
		g.P("e.Bytes(", x, ")")
	case protoreflect.EnumKind:
		if isNullValue(f.Enum) {
			g.P("e.Null()")
		} else {
			g.P("e.Enum(int32(", x, "), ", enumMap(g, f.Enum, "_name"), ")")
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		fg.marshalMessage(f.Message, x)
	}
}

// marshalMessage writes message x of type m.
func (fg *fileGen) marshalMessage(m *protogen.Message, x string) {
	g := fg.g
	switch wellKnownKind(m) {
	case wkTimestamp:
		g.P("e.Timestamp(", x, ")")
	case wkDuration:
		g.P("e.Duration(", x, ")")
	case wkFieldMask:
		g.P("e.FieldMask(", x, ")")
	case wkWrapper:
		fg.marshalValue(m.Fields[0], m.Fields[0].Desc, x+".GetValue()")
	case wkValue, wkOther:
		g.P("e.Message(", x, ")")
	default:
		if fg.direct(m) {
			g.P(x, ".MarshalProtoJSON(e)")
		} else {
			g.P("e.Message(", x, ")")
		}
	}
}

// goScalarType is the Go type of a map key of kind k.
func goScalarType(k protoreflect.Kind) string {
	switch k {
	case protoreflect.StringKind:
		return "string"
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return "int32"
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return "int64"
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return "uint32"
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return "uint64"
	}
	return "bool"
}

// mapValueVar names the variable of a map value in the generated loop:
// "_" for NullValue, written as null whatever it holds.
func mapValueVar(val *protogen.Field) string {
	if isNullValue(val.Enum) {
		return "_"
	}
	return "v"
}
