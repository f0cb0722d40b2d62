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
// partly populated. A msg of another type than the Decoder's, or a nil
// one, yields an error that is not an *Error (a programming error, not a
// bad request).
func (d *Decoder) Decode(values url.Values, msg proto.Message) error {
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
	var st state
	for key, vals := range values {
		if err := d.bind(&st, m, key, vals); err != nil {
			return err
		}
	}
	return nil
}

// maxDepth sizes the stack buffer for resolved paths; deeper keys work too.
const maxDepth = 8

// bind binds one key with its values.
func (d *Decoder) bind(st *state, m protoreflect.Message, key string, vals []string) error {
	if len(vals) == 0 {
		return nil
	}
	path, mapKey, isEntry := splitKey(key)
	var buf [maxDepth]*fieldInfo
	fields, err := d.resolve(key, path, buf[:0])
	if fields == nil {
		return err
	}
	f := fields[len(fields)-1]
	switch {
	case isEntry && !f.fd.IsMap():
		return keyError(key, fmt.Sprintf("%q is not a map field", f.fd.Name()))
	case f.fd.IsMap() && !isEntry:
		return keyError(key, fmt.Sprintf("map field %q takes one key per entry, as %s[KEY]=VALUE", f.fd.Name(), path))
	case (f.fd.IsMap() || f.fd.IsList()) && !f.val.bindable():
		return keyError(key, fmt.Sprintf("%q holds messages, which a query cannot carry (only scalars, enums and well-known types)", f.fd.Name()))
	case f.fd.IsMap():
		return bindEntry(st, m, key, fields, mapKey, vals)
	case f.fd.IsList():
		return bindList(st, m, key, fields, vals)
	}
	return bindSingular(st, m, key, fields, vals)
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

// enter walks the singular message fields path from m, creating the
// messages on the way, and returns the last one and its entry.
func enter(st *state, m protoreflect.Message, key string, path []*fieldInfo) (protoreflect.Message, int32, error) {
	parent := int32(-1)
	for _, f := range path {
		if err := checkOneof(m, key, f); err != nil {
			return nil, 0, err
		}
		parent, _ = st.add(slot{parent: parent, num: f.fd.Number()}, key)
		m = m.Mutable(f.fd).Message()
	}
	return m, parent, nil
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

func bindSingular(st *state, m protoreflect.Message, key string, fields []*fieldInfo, vals []string) error {
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
		_, _, err := enter(st, m, key, fields)
		return err
	case !f.val.isMessage():
		v, err := parseScalar(f.val.kind, f.val.enum, s)
		if err != nil {
			return valueError(key, s, err.Error())
		}
		parent, i, err := enter(st, m, key, fields[:len(fields)-1])
		if err != nil {
			return err
		}
		if err := claim(st, i, f, nil, key); err != nil {
			return err
		}
		if err := checkOneof(parent, key, f); err != nil {
			return err
		}
		parent.Set(f.fd, v)
		return nil
	}
	parent, i, err := enter(st, m, key, fields[:len(fields)-1])
	if err != nil {
		return err
	}
	if err := claim(st, i, f, nil, key); err != nil {
		return err
	}
	if err := checkOneof(parent, key, f); err != nil {
		return err
	}
	v := parent.NewField(f.fd)
	if err := f.val.parseMessage(s, v.Message()); err != nil {
		return valueError(key, s, err.Error())
	}
	parent.Set(f.fd, v)
	return nil
}

func bindList(st *state, m protoreflect.Message, key string, fields []*fieldInfo, vals []string) error {
	f := fields[len(fields)-1]
	parent, i, err := enter(st, m, key, fields[:len(fields)-1])
	if err != nil {
		return err
	}
	if err := claim(st, i, f, nil, key); err != nil {
		return err
	}
	list := parent.Mutable(f.fd).List()
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

func bindEntry(st *state, m protoreflect.Message, key string, fields []*fieldInfo, mapKey string, vals []string) error {
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
	parent, i, err := enter(st, m, key, fields[:len(fields)-1])
	if err != nil {
		return err
	}
	if err := claim(st, i, f, k.Interface(), key); err != nil {
		return err
	}
	mp := parent.Mutable(f.fd).Map()
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
