package jsongen

import (
	"strconv"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Runtime packages the binding code calls.
const (
	formPackage   = protogen.GoImportPath("github.com/bia-go/bia/runtime/encoding/form")
	slicesPackage = protogen.GoImportPath("slices")
)

// bindHow is how the generated BindFormKey method binds a key naming a
// field.
type bindHow int

const (
	bindFallback bindHow = iota // the generic engine of package form binds it
	bindSingular                // a singular scalar or enum, set from one value
	bindList                    // a repeated scalar or enum, one element per value
	bindEnter                   // a singular message with generated code: the key goes on into it
)

// bind writes the BindFormKey method of m, which makes *m a form.Binder:
// a switch on the key's next name, proto names first and then JSON names
// (a proto name that is another field's JSON name means its own field, as
// in the generic engine), binding singular and repeated scalars and enums
// and going on into singular message fields whose types have generated
// code. Every other field of m (maps, well-known types, oneof members,
// proto3 optional scalars, messages without generated code) is left to
// the generic engine by form.Key.Fallback, so that its rules and errors
// stay in one place; names of no field are ignored, as the generic engine
// ignores them.
func (fg *fileGen) bind(m *protogen.Message) {
	g := fg.g
	key := g.QualifiedGoIdent(formPackage.Ident("Key"))
	g.P("// BindFormKey binds the query key or path variable in k to x, as the")
	g.P("// generic engine of form.Decoder would, for form.Binder.")
	g.P("func (x *", m.GoIdent.GoName, ") BindFormKey(k *", key, ") {")
	labels := bindLabels(m)
	var fallback []string
	cases := 0
	for i, f := range m.Fields {
		if len(labels[i]) == 0 {
			continue
		}
		how := fg.bindHow(f)
		if how == bindFallback {
			fallback = append(fallback, labels[i]...)
			continue
		}
		if cases == 0 {
			g.P("switch k.Name() {")
		}
		cases++
		g.P("case ", strings.Join(labels[i], ", "), ":")
		fg.bindField(f, how)
	}
	if len(fallback) > 0 {
		if cases == 0 {
			g.P("switch k.Name() {")
		}
		cases++
		g.P("case ", strings.Join(fallback, ", "), ":")
		g.P("k.Fallback()")
	}
	if cases > 0 {
		g.P("}")
	}
	g.P("}")
	g.P()
}

// bindLabels returns the quoted names that select each field of m: a name
// that is one field's proto name and another's JSON name selects the
// first, and of two fields with one JSON name the later one, as in the
// generic engine's lookup table.
func bindLabels(m *protogen.Message) [][]string {
	owner := make(map[string]int, 2*len(m.Fields))
	for i, f := range m.Fields {
		owner[f.Desc.JSONName()] = i
	}
	for i, f := range m.Fields {
		owner[string(f.Desc.Name())] = i
	}
	labels := make([][]string, len(m.Fields))
	for i, f := range m.Fields {
		for _, n := range []string{string(f.Desc.Name()), f.Desc.JSONName()} {
			if owner[n] == i {
				labels[i] = append(labels[i], strconv.Quote(n))
				owner[n] = -1 // once, when both names are equal
			}
		}
	}
	return labels
}

// bindHow returns how BindFormKey binds field f.
func (fg *fileGen) bindHow(f *protogen.Field) bindHow {
	switch {
	case isOneof(f), f.Desc.IsMap():
		return bindFallback
	case f.Desc.Kind() == protoreflect.MessageKind:
		if f.Desc.IsList() || wellKnownKind(f.Message) != wkNone || !fg.direct(f.Message) {
			return bindFallback
		}
		return bindEnter
	case f.Desc.Kind() == protoreflect.GroupKind:
		return bindFallback
	case f.Desc.Kind() == protoreflect.EnumKind && (f.Enum.Desc.IsClosed() || isNullValue(f.Enum)):
		return bindFallback // the generic engine checks closed enums' numbers and reads "null"
	case f.Desc.IsList():
		return bindList
	case f.Desc.HasPresence():
		return bindFallback // proto3 optional
	}
	return bindSingular
}

// bindField writes the statements of a case of BindFormKey.
func (fg *fileGen) bindField(f *protogen.Field, how bindHow) {
	g := fg.g
	x := "x." + f.GoName
	num := strconv.Itoa(int(f.Desc.Number()))
	switch how {
	case bindEnter:
		g.P("if k.Enter(", num, ") {")
		g.P("m := ", x)
		g.P("if m == nil {")
		g.P("m = new(", g.QualifiedGoIdent(f.Message.GoIdent), ")")
		g.P("}")
		g.P("m.BindFormKey(k)")
		g.P("if ", x, " == nil && k.Wrote() {")
		g.P(x, " = m")
		g.P("}")
		g.P("}")
	case bindSingular:
		g.P("if k.Singular(", num, ") {")
		g.P("if v, ok := ", fg.bindValue(f, "0"), "; ok {")
		g.P(x, " = ", fg.bindStore(f, "v"))
		g.P("}")
		g.P("}")
	case bindList:
		g.P("if n := k.List(", num, "); n > 0 {")
		g.P(x, " = ", g.QualifiedGoIdent(slicesPackage.Ident("Grow")), "(", x, ", n)")
		g.P("for i := range n {")
		g.P("if v, ok := ", fg.bindValue(f, "i"), "; ok {")
		g.P(x, " = append(", x, ", ", fg.bindStore(f, "v"), ")")
		g.P("}")
		g.P("}")
		g.P("}")
	}
}

// bindValue is the call of form.Key's typed method that parses value i of
// the key for field f.
func (fg *fileGen) bindValue(f *protogen.Field, i string) string {
	switch f.Desc.Kind() {
	case protoreflect.BoolKind:
		return "k.Bool(" + i + ")"
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return "k.Int32(" + i + ")"
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return "k.Int64(" + i + ")"
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return "k.Uint32(" + i + ")"
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return "k.Uint64(" + i + ")"
	case protoreflect.FloatKind:
		return "k.Float32(" + i + ")"
	case protoreflect.DoubleKind:
		return "k.Float64(" + i + ")"
	case protoreflect.StringKind:
		return "k.String(" + i + ")"
	case protoreflect.BytesKind:
		return "k.Bytes(" + i + ")"
	}
	return "k.Enum(" + i + ", " + enumMap(fg.g, f.Enum, "_value") + ")"
}

// bindStore is the Go expression of the value v of field f as the struct
// holds it: the enum type for an enum, v itself otherwise.
func (fg *fileGen) bindStore(f *protogen.Field, v string) string {
	if f.Desc.Kind() == protoreflect.EnumKind {
		return fg.g.QualifiedGoIdent(f.Enum.GoIdent) + "(" + v + ")"
	}
	return v
}
