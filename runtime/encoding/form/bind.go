package form

import (
	"errors"
	"fmt"
	"net/url"
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
	m, own, err := d.check(msg)
	if err != nil {
		return err
	}
	if err := d.checkKeys(len(values)); err != nil {
		return err
	}
	if g := d.generated(msg, own); g != nil {
		k := d.newKey(m, g)
		defer d.releaseKey(k)
		for key, vals := range values {
			if err := k.bind(key, vals); err != nil {
				return err
			}
		}
		return nil
	}
	b := binder{d: d, root: target{m: m, entry: -1}}
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
	m, own, err := d.check(msg)
	if err != nil {
		return err
	}
	if g := d.generated(msg, own); g != nil {
		k := d.newKey(m, g)
		defer d.releaseKey(k)
		k.one[0] = value
		return k.bind(key, k.one[:])
	}
	b := binder{d: d, root: target{m: m, entry: -1}}
	vals := [1]string{value}
	return b.bind(key, vals[:])
}

// binder is the generic engine: it binds keys through protoreflect, with
// the lookups NewDecoder precomputed, for one Decode call.
type binder struct {
	d     *Decoder
	names int    // the field names of the keys bound so far, for MaxNames
	root  target // the message
	st    state  // the slots written so far
}

// check checks msg, of the Decoder's type and not nil, and returns its
// reflection, and whether its descriptor is the Decoder's own (not
// another of the same name).
func (d *Decoder) check(msg proto.Message) (m protoreflect.Message, own bool, err error) {
	if msg == nil {
		return nil, false, errors.New("form: Decode into a nil message")
	}
	m = msg.ProtoReflect()
	md := m.Descriptor()
	own = md == d.root.desc
	if !own && md.FullName() != d.root.desc.FullName() {
		return nil, false, fmt.Errorf("form: Decoder for %s used with a %s", d.root.desc.FullName(), md.FullName())
	}
	if !m.IsValid() {
		return nil, false, fmt.Errorf("form: Decode into a nil %s", md.FullName())
	}
	return m, own, nil
}

// pathBuf sizes the stack buffer for resolved paths; deeper keys work too.
const pathBuf = 8

// bind binds one key with its values. It checks the key's depth first, so
// every way of binding a key (Decode, DecodeValue; generated code and
// protoreflect) rejects a key past the MaxDepth limit before resolving it.
func (b *binder) bind(key string, vals []string) error {
	if err := b.d.checkDepth(key, &b.names); err != nil {
		return err
	}
	if len(vals) == 0 {
		return nil
	}
	return b.bindKey(key, vals)
}

// bindKey binds a key within the limits, with at least one value.
func (b *binder) bindKey(key string, vals []string) error {
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
	case f.isList:
		return bindList(&b.st, b.root, key, fields, vals)
	}
	return bindSingular(&b.st, b.root, key, fields, vals)
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
	return twiceError(key, f, st.at(i).key)
}

// twiceError is the error of key, which sets field f that the key first
// set before.
func twiceError(key string, f *fieldInfo, first string) *Error {
	return keyError(key, fmt.Sprintf("field %q given twice, also as %q", f.fd.Name(), first))
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
	// A well-known type, given as one value.
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

// bindEntry binds a key naming a map entry, from t.
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
