package form

import (
	"reflect"
	"slices"
	"unsafe"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// target is the message a key writes to. Through protoreflect, m is the
// message. On the fast path (fm != nil) m is nil and p points to the Go
// struct of a generated message whose layout fm describes; only keys whose
// every field fm covers take it, so the fields written are never oneof
// members, maps or well-known types, which need m.
type target struct {
	m     protoreflect.Message
	p     unsafe.Pointer
	fm    *fastMsg
	entry int32 // the state entry of the message; -1 for the root
}

// Why the unsafe writes are sound. p is the pointer inside the proto.Message
// given to Decode (or a message the fast path created with reflect.New),
// a *T for a struct type T. A fastField exists only when T's struct field
// at offset has exactly the Go type of the store below (string, []int32, a
// named int32 enum type, *M...; see opFor), so each write is the one that
// user code `m.Field = v` or `m.Field = append(m.Field, v)` compiles to,
// with the same write barriers; []E for an enum type E is stored as []int32,
// which has the same layout and holds no pointers. That the protobuf
// runtime keeps the field's value in that struct field is checked when the
// layout is built (seenByRuntime), and the runtime itself reads and writes
// it at the same offset.

// field returns the address of field ff in the struct at p.
func (ff *fastField) field(p unsafe.Pointer) unsafe.Pointer {
	return unsafe.Add(p, ff.offset)
}

// message returns the message of singular message field ff of the struct
// at p, creating it when it is nil.
func (ff *fastField) message(p unsafe.Pointer) unsafe.Pointer {
	fp := (*unsafe.Pointer)(ff.field(p))
	if *fp == nil {
		*fp = reflect.New(ff.elem).UnsafePointer()
	}
	return *fp
}

// set stores v, of the field's kind as parseScalar returns it, in singular
// field ff of the struct at p.
func (ff *fastField) set(p unsafe.Pointer, v protoreflect.Value) {
	p = ff.field(p)
	switch ff.op {
	case opString:
		*(*string)(p) = v.String()
	case opBool:
		*(*bool)(p) = v.Bool()
	case opInt32:
		*(*int32)(p) = int32(v.Int())
	case opInt64:
		*(*int64)(p) = v.Int()
	case opUint32:
		*(*uint32)(p) = uint32(v.Uint())
	case opUint64:
		*(*uint64)(p) = v.Uint()
	case opFloat32:
		*(*float32)(p) = float32(v.Float())
	case opFloat64:
		*(*float64)(p) = v.Float()
	case opEnum:
		*(*int32)(p) = int32(v.Enum())
	case opBytes:
		b := v.Bytes()
		if len(b) == 0 {
			b = nil // as the runtime stores empty bytes without presence
		}
		*(*[]byte)(p) = b
	}
}

// grow makes room for n more elements in repeated field ff of the struct
// at p, so that appending a key's values allocates once.
func (ff *fastField) grow(p unsafe.Pointer, n int) {
	p = ff.field(p)
	switch ff.op {
	case opString:
		growTo[string](p, n)
	case opBool:
		growTo[bool](p, n)
	case opInt32, opEnum:
		growTo[int32](p, n)
	case opInt64:
		growTo[int64](p, n)
	case opUint32:
		growTo[uint32](p, n)
	case opUint64:
		growTo[uint64](p, n)
	case opFloat32:
		growTo[float32](p, n)
	case opFloat64:
		growTo[float64](p, n)
	case opBytes:
		growTo[[]byte](p, n)
	}
}

// append appends v to repeated field ff of the struct at p.
func (ff *fastField) append(p unsafe.Pointer, v protoreflect.Value) {
	p = ff.field(p)
	switch ff.op {
	case opString:
		appendTo(p, v.String())
	case opBool:
		appendTo(p, v.Bool())
	case opInt32:
		appendTo(p, int32(v.Int()))
	case opInt64:
		appendTo(p, v.Int())
	case opUint32:
		appendTo(p, uint32(v.Uint()))
	case opUint64:
		appendTo(p, v.Uint())
	case opFloat32:
		appendTo(p, float32(v.Float()))
	case opFloat64:
		appendTo(p, v.Float())
	case opEnum:
		appendTo(p, int32(v.Enum()))
	case opBytes:
		appendTo(p, v.Bytes())
	}
}

func growTo[T any](p unsafe.Pointer, n int) {
	s := (*[]T)(p)
	*s = slices.Grow(*s, n)
}

func appendTo[T any](p unsafe.Pointer, v T) {
	s := (*[]T)(p)
	*s = append(*s, v)
}

// enter walks the singular message fields path from t, creating the
// messages on the way, and returns the last one.
func (t target) enter(st *state, key string, path []*fieldInfo) (target, error) {
	for _, f := range path {
		if err := checkOneof(t.m, key, f); err != nil {
			return target{}, err
		}
		t.entry, _ = st.add(slot{parent: t.entry, num: f.fd.Number()}, key)
		if t.fm == nil {
			t.m = t.m.Mutable(f.fd).Message()
			continue
		}
		ff := &t.fm.fields[f.idx]
		t.p, t.fm = ff.message(t.p), ff.sub
	}
	return t, nil
}

// set sets singular field f of t to v.
func (t target) set(f *fieldInfo, v protoreflect.Value) {
	if t.fm == nil {
		t.m.Set(f.fd, v)
		return
	}
	t.fm.fields[f.idx].set(t.p, v)
}
