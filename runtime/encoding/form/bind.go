package form

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Decode binds values into msg, which must be of the Decoder's type. The
// rules are in the package documentation. Decode does not clear msg: it
// sets the singular fields the keys name, appends to repeated fields, adds
// map entries, and leaves every other field as it was (the server binds
// path variables first, then the query with those paths skipped).
//
// A key or value that cannot be bound yields an [*Error]; msg may then be
// partly populated. So do more keys than the Decoder's [MaxKeys] limit,
// before anything is bound, and a key nested deeper than its [MaxDepth]
// limit, before anything is bound for that key. A msg of another type than
// the Decoder's, or a nil one, yields an error that is not an *Error (a
// programming error, not a bad request).
func (d *Decoder) Decode(values url.Values, msg proto.Message) error {
	var b binder
	if err := d.start(&b, msg); err != nil {
		return err
	}
	if err := d.checkKeys(len(values)); err != nil {
		return err
	}
	for key, vals := range values {
		if err := b.bind(key, vals); err != nil {
			return err
		}
	}
	return nil
}

// DecodeValue binds one key and its value into msg exactly as Decode binds
// url.Values{key: {value}}: the same key resolution (proto or JSON names,
// dotted paths into nested messages) and the same value rules. The HTTP
// server binds path variables with it, so a field reads a path value and a
// query value alike. Errors are as for Decode, the [MaxDepth] limit
// included.
func (d *Decoder) DecodeValue(key, value string, msg proto.Message) error {
	var b binder
	if err := d.start(&b, msg); err != nil {
		return err
	}
	vals := [1]string{value}
	return b.bind(key, vals[:])
}

// binder is the state of one Decode call.
type binder struct {
	d     *Decoder
	names int    // the field names of the keys bound so far, for MaxNames
	root  target // the message, through protoreflect
	fast  target // the message on the fast path; fast.fm is nil without one
	st    state
}

// start checks msg and readies b to bind keys into it.
func (d *Decoder) start(b *binder, msg proto.Message) error {
	if msg == nil {
		return errors.New("form: Decode into a nil message")
	}
	m := msg.ProtoReflect()
	if got, want := m.Descriptor().FullName(), d.root.desc.FullName(); got != want {
		return fmt.Errorf("form: Decoder for %s used with a %s", want, got)
	}
	if !m.IsValid() {
		return fmt.Errorf("form: Decode into a nil %s", m.Descriptor().FullName())
	}
	b.d = d
	b.root = target{m: m, entry: -1}
	if fm := d.fast.lookup(reflect.TypeOf(msg), d.root); fm != nil {
		b.fast = target{p: reflect.ValueOf(msg).UnsafePointer(), fm: fm, entry: -1}
	}
	return nil
}

// pathBuf sizes the stack buffer for resolved paths; deeper keys work too.
const pathBuf = 8

// bind binds one key with its values. It checks the key's depth first, so
// every way of binding a key (Decode, DecodeValue; the fast path and
// protoreflect) rejects a key past the MaxDepth limit before resolving it.
func (b *binder) bind(key string, vals []string) error {
	if err := b.d.checkDepth(key, &b.names); err != nil {
		return err
	}
	if len(vals) == 0 {
		return nil
	}
	path, mapKey, isEntry := splitKey(key)
	var buf [pathBuf]*fieldInfo
	fields, err := b.d.resolve(key, path, buf[:0])
	if fields == nil {
		return err
	}
	f := fields[len(fields)-1]
	switch {
	case isEntry && !f.isMap:
		return keyError(key, fmt.Sprintf("%q is not a map field", f.fd.Name()))
	case f.isMap && !isEntry:
		return keyError(key, fmt.Sprintf("map field %q takes one key per entry, as %s[KEY]=VALUE", f.fd.Name(), path))
	case (f.isMap || f.isList) && !f.val.bindable():
		return keyError(key, fmt.Sprintf("%q holds messages, which a query cannot carry (only scalars, enums and well-known types)", f.fd.Name()))
	case f.isMap:
		return bindEntry(&b.st, b.root, key, fields, mapKey, vals)
	}
	t := b.root
	if b.fast.fm.covers(fields) {
		t = b.fast
	}
	if f.isList {
		return bindList(&b.st, t, key, fields, vals)
	}
	return bindSingular(&b.st, t, key, fields, vals)
}

// splitKey splits "path[mapKey]" at its first '['; a key without a
// trailing ']' is all path.
func splitKey(key string) (path, mapKey string, isEntry bool) {
	if i := strings.IndexByte(key, '['); i >= 0 && strings.HasSuffix(key, "]") {
		return key[:i], key[i+1 : len(key)-1], true
	}
	return key, "", false
}

// resolve looks up each dotted element of path, appending the fields to
// fields. It returns nil fields for a key to ignore (unknown or skipped)
// or a path that goes through a field that is not a singular message.
func (d *Decoder) resolve(key, path string, fields []*fieldInfo) ([]*fieldInfo, error) {
	mi, skip := d.root, d.skip
	for {
		name, rest, more := strings.Cut(path, ".")
		f := mi.fields[name]
		if f == nil {
			return nil, nil
		}
		skip = skip.child(f.fd.Number())
		if skip != nil && skip.skip {
			return nil, nil
		}
		fields = append(fields, f)
		if !more {
			return fields, nil
		}
		if f.msg == nil {
			return nil, keyError(key, fmt.Sprintf("%q is %s; a key cannot go through it", f.fd.Name(), describe(f)))
		}
		mi, path = f.msg, rest
	}
}

// describe names the kind of a field that keys cannot go through.
func describe(f *fieldInfo) string {
	switch {
	case f.fd.IsMap():
		return "a map field"
	case f.fd.IsList():
		return "a repeated field"
	case f.val.isMessage():
		return "a " + string(f.fd.Message().FullName()) + ", given as one value"
	}
	return "not a message field"
}

func checkOneof(m protoreflect.Message, key string, f *fieldInfo) error {
	if f.oneof == nil {
		return nil
	}
	if set := m.WhichOneof(f.oneof); set != nil && set.Number() != f.fd.Number() {
		return keyError(key, fmt.Sprintf("fields %q and %q of oneof %q cannot both be set", set.Name(), f.fd.Name(), f.oneof.Name()))
	}
	return nil
}

// claim records that key writes field f of the message of entry parent
// (and map key mapKey), failing if another key wrote it already.
func claim(st *state, parent int32, f *fieldInfo, mapKey any, key string) error {
	i, ok := st.add(slot{parent: parent, num: f.fd.Number(), mapKey: mapKey}, key)
	if ok {
		return nil
	}
	if mapKey != nil {
		return keyError(key, fmt.Sprintf("map key given twice, also as %q", st.at(i).key))
	}
	return keyError(key, fmt.Sprintf("field %q given twice, also as %q", f.fd.Name(), st.at(i).key))
}

// bindSingular binds a key naming a singular field, from t.
func bindSingular(st *state, t target, key string, fields []*fieldInfo, vals []string) error {
	f := fields[len(fields)-1]
	if len(vals) > 1 {
		return keyError(key, fmt.Sprintf("%d values for field %q, which is not repeated", len(vals), f.fd.Name()))
	}
	s := vals[0]
	switch {
	case s == "null" && f.val.isMessage() && !f.val.nullIsValue():
		return nil
	case s == "" && !f.val.hasEmptyForm():
		return nil
	case f.val.isMessage() && f.val.wkt == notWKT:
		if s != "{}" {
			return valueError(key, s, fmt.Sprintf("message field %q takes no value but {} or null; set its fields as %s.FIELD=VALUE", f.fd.Name(), key))
		}
		_, err := t.enter(st, key, fields)
		return err
	case !f.val.isMessage():
		v, err := parseScalar(f.val.kind, f.val.enum, s)
		if err != nil {
			return valueError(key, s, err.Error())
		}
		parent, err := t.enter(st, key, fields[:len(fields)-1])
		if err != nil {
			return err
		}
		if err := claim(st, parent.entry, f, nil, key); err != nil {
			return err
		}
		if err := checkOneof(parent.m, key, f); err != nil {
			return err
		}
		parent.set(f, v)
		return nil
	}
	// A well-known type, never on the fast path: parent.m is the message.
	parent, err := t.enter(st, key, fields[:len(fields)-1])
	if err != nil {
		return err
	}
	if err := claim(st, parent.entry, f, nil, key); err != nil {
		return err
	}
	if err := checkOneof(parent.m, key, f); err != nil {
		return err
	}
	v := parent.m.NewField(f.fd)
	if err := f.val.parseMessage(s, v.Message()); err != nil {
		return valueError(key, s, err.Error())
	}
	parent.m.Set(f.fd, v)
	return nil
}

// bindList binds a key naming a repeated field, from t.
func bindList(st *state, t target, key string, fields []*fieldInfo, vals []string) error {
	f := fields[len(fields)-1]
	parent, err := t.enter(st, key, fields[:len(fields)-1])
	if err != nil {
		return err
	}
	if err := claim(st, parent.entry, f, nil, key); err != nil {
		return err
	}
	if parent.fm != nil {
		// Scalars and enums only: the fast path has no repeated messages.
		ff := &parent.fm.fields[f.idx]
		ff.grow(parent.p, len(vals))
		for _, s := range vals {
			if s == "" && !f.val.hasEmptyForm() {
				continue
			}
			v, err := parseScalar(f.val.kind, f.val.enum, s)
			if err != nil {
				return valueError(key, s, err.Error())
			}
			ff.append(parent.p, v)
		}
		return nil
	}
	list := parent.m.Mutable(f.fd).List()
	for _, s := range vals {
		switch {
		case s == "" && !f.val.hasEmptyForm():
			continue
		case !f.val.isMessage():
			v, err := parseScalar(f.val.kind, f.val.enum, s)
			if err != nil {
				return valueError(key, s, err.Error())
			}
			list.Append(v)
			continue
		case s == "null" && !f.val.nullIsValue():
			return valueError(key, s, "null cannot be an element of a repeated field")
		}
		v := list.NewElement()
		if err := f.val.parseMessage(s, v.Message()); err != nil {
			return valueError(key, s, err.Error())
		}
		list.Append(v)
	}
	return nil
}

// bindEntry binds a key naming a map entry, from t, which is not on the
// fast path.
func bindEntry(st *state, t target, key string, fields []*fieldInfo, mapKey string, vals []string) error {
	f := fields[len(fields)-1]
	if len(vals) > 1 {
		return keyError(key, fmt.Sprintf("%d values for one map entry", len(vals)))
	}
	s := vals[0]
	k, err := parseScalar(f.key, nil, mapKey)
	if err != nil {
		return keyError(key, "invalid map key "+quote(mapKey)+": "+err.Error())
	}
	switch {
	case s == "" && !f.val.hasEmptyForm():
		return nil
	case s == "null" && f.val.isMessage() && !f.val.nullIsValue():
		return valueError(key, s, "null cannot be a map value")
	}
	parent, err := t.enter(st, key, fields[:len(fields)-1])
	if err != nil {
		return err
	}
	if err := claim(st, parent.entry, f, k.Interface(), key); err != nil {
		return err
	}
	mp := parent.m.Mutable(f.fd).Map()
	if !f.val.isMessage() {
		v, err := parseScalar(f.val.kind, f.val.enum, s)
		if err != nil {
			return valueError(key, s, err.Error())
		}
		mp.Set(k.MapKey(), v)
		return nil
	}
	v := mp.NewValue()
	if err := f.val.parseMessage(s, v.Message()); err != nil {
		return valueError(key, s, err.Error())
	}
	mp.Set(k.MapKey(), v)
	return nil
}
