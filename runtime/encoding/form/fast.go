package form

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/runtime/protoimpl"
)

// The fast path. Setting a field of a generated message through
// protoreflect boxes the value (Message.Set and List.Append convert it to a
// reflect.Value, which allocates), so binding a query allocated a few times
// per key. For a message type generated with the open struct API the fast
// path instead writes the Go struct fields, as hand-written code
// (m.Name = v, m.Tags = append(m.Tags, v), m.Filter = new(Filter)) would.
//
// A fastMsg describes, for one Go message type, the fields the fast path
// may write: their offsets in the struct and how to store a value. It is
// built once per type from the struct's `protobuf` tags, the same tags the
// protobuf runtime reads to map field numbers to struct fields, and only
// for a field whose Go type is exactly the one protoc-gen-go generates for
// its kind and whose storage the protobuf runtime is seen to read (see
// probe). Every other field keeps opNone and is bound through protoreflect.

// fastOp says how the fast path stores a value of a field: the Go type of
// the field, or of its elements for a repeated field.
type fastOp uint8

const (
	opNone    fastOp = iota // not on the fast path
	opString                // string
	opBool                  // bool
	opInt32                 // int32: int32, sint32, sfixed32
	opInt64                 // int64: int64, sint64, sfixed64
	opUint32                // uint32: uint32, fixed32
	opUint64                // uint64: uint64, fixed64
	opFloat32               // float32: float
	opFloat64               // float64: double
	opEnum                  // a generated enum type, whose underlying type is int32
	opBytes                 // []byte
	opMessage               // *M for a singular message field; sub describes M
)

// fastField is how the fast path writes one field.
type fastField struct {
	op     fastOp
	list   bool    // a repeated field, a Go slice of op's type
	offset uintptr // of the struct field
	// elem and sub are the struct type and the layout of an opMessage
	// field's message.
	elem reflect.Type
	sub  *fastMsg
}

// fastMsg is the layout of one generated Go message type.
type fastMsg struct {
	fields []fastField // by fieldInfo.idx
}

// covers reports whether every field of a resolved key path is on the fast
// path, starting at fm; a nil fm covers nothing.
func (fm *fastMsg) covers(path []*fieldInfo) bool {
	for _, f := range path {
		if fm == nil || fm.fields[f.idx].op == opNone {
			return false
		}
		fm = fm.fields[f.idx].sub
	}
	return true
}

// fastCache maps the Go type of a message (reflect.Type of the pointer) to
// its *fastMsg, nil for a type the fast path does not handle. Entries are
// complete and immutable once stored.
type fastCache struct {
	types sync.Map
}

// lookup returns the layout of Go type t, whose descriptor is mi's,
// building it on first use.
func (c *fastCache) lookup(t reflect.Type, mi *msgInfo) *fastMsg {
	if v, ok := c.types.Load(t); ok {
		return v.(*fastMsg)
	}
	b := fastBuilder{cache: c, built: make(map[reflect.Type]*fastMsg)}
	b.build(t, mi)
	// Publish every table at once, complete. A concurrent builder may have
	// published its own equal tables first; either set is correct.
	for typ, fm := range b.built {
		c.types.LoadOrStore(typ, fm)
	}
	v, _ := c.types.Load(t)
	return v.(*fastMsg)
}

// fastBuilder builds the layouts of a Go type and of the message types it
// reaches through singular message fields.
type fastBuilder struct {
	cache *fastCache
	built map[reflect.Type]*fastMsg // this build's tables, some still being filled
}

// build returns the layout of t, or nil when t is not an open struct
// generated message type of mi's descriptor.
func (b *fastBuilder) build(t reflect.Type, mi *msgInfo) *fastMsg {
	if fm, ok := b.built[t]; ok {
		return fm // a recursive type, still being filled
	}
	if v, ok := b.cache.types.Load(t); ok {
		return v.(*fastMsg)
	}
	b.built[t] = nil
	probe, byNum := openStruct(t, mi.desc)
	if !probe.IsValid() {
		return nil
	}
	fm := &fastMsg{fields: make([]fastField, len(mi.infos))}
	b.built[t] = fm
	pm := probe.Interface().(proto.Message).ProtoReflect()
	gen := pm.Descriptor().Fields()
	for i := range mi.infos {
		f := &mi.infos[i]
		sf, ok := byNum[f.fd.Number()]
		gfd := gen.ByNumber(f.fd.Number())
		if !ok || gfd == nil || f.oneof != nil || !sameField(f.fd, gfd) {
			continue
		}
		ff := fastField{offset: sf.Offset, list: gfd.IsList(), op: opFor(gfd, sf.Type)}
		if ff.op == opMessage {
			if f.msg == nil { // a well-known type, given as one value
				continue
			}
			ff.elem = sf.Type.Elem()
			if ff.sub = b.build(sf.Type, f.msg); ff.sub == nil {
				continue
			}
		}
		if ff.op != opNone && seenByRuntime(pm, probe.Elem().FieldByIndex(sf.Index), gfd) {
			fm.fields[i] = ff
		}
	}
	return fm
}

// openStruct returns a new zero message of t and t's fields by number when
// t is a pointer to a struct generated with the open struct API for a
// message named like md: the struct holds a protoimpl.MessageState (the
// mark of generated code, whose ProtoReflect works on a zero value), its
// ProtoReflect reflects the struct itself, and every field with a
// `protobuf` tag is exported. (The opaque API keeps its fields unexported
// and tracks presence in a bit set, which direct writes would bypass.) It
// returns the zero reflect.Value otherwise.
func openStruct(t reflect.Type, md protoreflect.MessageDescriptor) (reflect.Value, map[protoreflect.FieldNumber]reflect.StructField) {
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || !hasMessageState(t.Elem()) {
		return reflect.Value{}, nil
	}
	v := reflect.New(t.Elem())
	m, ok := v.Interface().(proto.Message)
	if !ok || any(m.ProtoReflect().Interface()) != v.Interface() || m.ProtoReflect().Descriptor().FullName() != md.FullName() {
		return reflect.Value{}, nil
	}
	st := t.Elem()
	byNum := make(map[protoreflect.FieldNumber]reflect.StructField, st.NumField())
	for i := range st.NumField() {
		sf := st.Field(i)
		switch {
		case sf.Name == "XXX_presence" || sf.Name == "XXX_lazyUnmarshalInfo":
			return reflect.Value{}, nil
		case sf.Tag.Get("protobuf") == "":
			continue
		case !sf.IsExported():
			return reflect.Value{}, nil
		}
		if n, ok := tagNumber(sf.Tag.Get("protobuf")); ok {
			byNum[n] = sf
		}
	}
	return v, byNum
}

func hasMessageState(st reflect.Type) bool {
	for i := range st.NumField() {
		if st.Field(i).Type == reflect.TypeFor[protoimpl.MessageState]() {
			return true
		}
	}
	return false
}

// tagNumber returns the field number in a `protobuf` struct tag, such as
// "bytes,2,opt,name=book_id,json=bookId,proto3": the first element made of
// digits only, as the protobuf runtime reads it.
func tagNumber(tag string) (protoreflect.FieldNumber, bool) {
	for s := range strings.SplitSeq(tag, ",") {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			n, err := strconv.ParseInt(s, 10, 32)
			return protoreflect.FieldNumber(n), err == nil
		}
	}
	return 0, false
}

// sameField reports whether fd, a field of the Decoder's descriptor, and
// gfd, the field of the Go type's descriptor with its number, describe the
// same field.
func sameField(fd, gfd protoreflect.FieldDescriptor) bool {
	switch {
	case fd.FullName() != gfd.FullName(), fd.Kind() != gfd.Kind(), fd.Cardinality() != gfd.Cardinality(),
		fd.IsMap() != gfd.IsMap(), fd.HasPresence() != gfd.HasPresence():
		return false
	case fd.Enum() != nil:
		return fd.Enum().FullName() == gfd.Enum().FullName()
	case fd.Message() != nil:
		return fd.Message().FullName() == gfd.Message().FullName()
	}
	return true
}

// opFor returns how the fast path stores field gfd, held in a struct field
// of Go type t, or opNone. Singular scalars need implicit presence: with
// explicit presence the Go field is a pointer (or, for bytes, nil means
// unset). Repeated messages, maps and oneof members are never fast.
func opFor(gfd protoreflect.FieldDescriptor, t reflect.Type) fastOp {
	switch {
	case gfd.IsMap():
		return opNone
	case gfd.Kind() == protoreflect.MessageKind || gfd.Kind() == protoreflect.GroupKind:
		if gfd.IsList() || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
			return opNone
		}
		return opMessage
	case gfd.IsList():
		if t.Kind() != reflect.Slice {
			return opNone
		}
		t = t.Elem()
	case gfd.HasPresence():
		return opNone
	}
	var want reflect.Type
	op := opNone
	switch gfd.Kind() {
	case protoreflect.StringKind:
		op, want = opString, reflect.TypeFor[string]()
	case protoreflect.BoolKind:
		op, want = opBool, reflect.TypeFor[bool]()
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		op, want = opInt32, reflect.TypeFor[int32]()
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		op, want = opInt64, reflect.TypeFor[int64]()
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		op, want = opUint32, reflect.TypeFor[uint32]()
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		op, want = opUint64, reflect.TypeFor[uint64]()
	case protoreflect.FloatKind:
		op, want = opFloat32, reflect.TypeFor[float32]()
	case protoreflect.DoubleKind:
		op, want = opFloat64, reflect.TypeFor[float64]()
	case protoreflect.BytesKind:
		op, want = opBytes, reflect.TypeFor[[]byte]()
	case protoreflect.EnumKind:
		if isEnumType(t, gfd.Enum().FullName()) {
			return opEnum
		}
	}
	if t != want {
		return opNone
	}
	return op
}

// isEnumType reports whether t is the generated Go type of enum name: a
// type with underlying type int32 that implements protoreflect.Enum.
func isEnumType(t reflect.Type, name protoreflect.FullName) bool {
	if t.Kind() != reflect.Int32 {
		return false
	}
	e, ok := reflect.Zero(t).Interface().(protoreflect.Enum)
	return ok && e.Descriptor().FullName() == name
}

// seenByRuntime sets v, the struct field of pm's message that the tags map
// to gfd, to a non-zero value and reports whether the protobuf runtime then
// sees gfd, and only gfd, populated: the Go field is the field's storage.
// It leaves v zero.
func seenByRuntime(pm protoreflect.Message, v reflect.Value, gfd protoreflect.FieldDescriptor) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	default:
		return false
	}
	defer v.SetZero()
	n := 0
	pm.Range(func(protoreflect.FieldDescriptor, protoreflect.Value) bool {
		n++
		return true
	})
	return n == 1 && pm.Has(gfd)
}
