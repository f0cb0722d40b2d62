package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Value is the value at a key of one snapshot.
type Value struct {
	key  string
	v    any
	pos  string
	snap *snapshot
	ok   bool
}

// Exists reports whether the key is set.
func (v Value) Exists() bool { return v.ok }

// Key is the value's dotted key.
func (v Value) Key() string { return v.key }

func (v Value) missing() error { return fmt.Errorf("config: %s is not set", v.key) }

func (v Value) typeErr(want string) error {
	return fmt.Errorf("%s: %s: %v is not %s", v.pos, v.key, v.v, want)
}

// String returns a scalar as text.
func (v Value) String() (string, error) {
	switch x := v.v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	if !v.ok {
		return "", v.missing()
	}
	return "", v.typeErr("a scalar")
}

// Int returns an integer (a number, or a string holding one).
func (v Value) Int() (int64, error) {
	s, err := v.String()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, v.typeErr("an integer")
	}
	return n, nil
}

// Float returns a number.
func (v Value) Float() (float64, error) {
	s, err := v.String()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, v.typeErr("a number")
	}
	return f, nil
}

// Bool returns a boolean (true/false, or a string strconv.ParseBool reads).
func (v Value) Bool() (bool, error) {
	s, err := v.String()
	if err != nil {
		return false, err
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, v.typeErr("a boolean")
	}
	return b, nil
}

// Duration returns a duration written as Go writes them ("1.5s", "200ms")
// or as protobuf JSON does ("1.5s").
func (v Value) Duration() (time.Duration, error) {
	s, err := v.String()
	if err != nil {
		return 0, err
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, v.typeErr("a duration")
	}
	return d, nil
}

// Scan fills dst from the value: a proto message through protojson (proto
// and JSON field names both work; durations as "1.5s", enums by name),
// anything else through encoding/json. Keys dst has no field for are an
// error naming file, line and key, unless the Config allows unknown keys.
func (v Value) Scan(dst any) error {
	if !v.ok {
		return v.missing()
	}
	return scan(v.snap, v.key, v.v, dst, v.snap.opts)
}

func scan(s *snapshot, path string, v any, dst any, o options) error {
	if m, ok := dst.(proto.Message); ok {
		if tree, isMap := v.(map[string]any); isMap {
			conformed, err := conform(s, path, tree, m.ProtoReflect().Descriptor(), o.allowUnknown)
			if err != nil {
				return err
			}
			v = conformed
		}
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := protojson.Unmarshal(data, m); err != nil { // unknown keys were conformed away or reported
			return locate(s, path, err)
		}
		return validate(dst, o)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if !o.allowUnknown {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(dst); err != nil {
		return locate(s, path, err)
	}
	return validate(dst, o)
}

// validate runs protoc-gen-validate's methods and the Config's validator.
func validate(dst any, o options) error {
	switch x := dst.(type) {
	case interface{ ValidateAll() error }:
		if err := x.ValidateAll(); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	case interface{ Validate() error }:
		if err := x.Validate(); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	}
	if o.validate != nil {
		if err := o.validate(dst); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	}
	return nil
}

// conform returns a copy of tree fit for md's JSON form: keys md has no
// field for are an error (unless allowed), and scalars read as text
// (environment variables, placeholders) become the kind their field
// wants: "true" for a bool, 8000 for a string.
func conform(s *snapshot, path string, tree map[string]any, md protoreflect.MessageDescriptor, allowUnknown bool) (map[string]any, error) {
	if isWellKnown(md) {
		return tree, nil
	}
	out := make(map[string]any, len(tree))
	fields := md.Fields()
	for k, e := range tree {
		p := join(path, k)
		fd := fields.ByJSONName(k)
		if fd == nil {
			fd = fields.ByName(protoreflect.Name(k))
		}
		if fd == nil {
			if !allowUnknown {
				return nil, fmt.Errorf("%s: %s: unknown key (%s has no field %q)", where(s.pos, p), p, md.FullName(), k)
			}
			continue
		}
		conv, err := conformField(s, p, e, fd, allowUnknown)
		if err != nil {
			return nil, err
		}
		out[k] = conv
	}
	return out, nil
}

func conformField(s *snapshot, p string, e any, fd protoreflect.FieldDescriptor, allowUnknown bool) (any, error) {
	switch {
	case fd.IsMap():
		m, ok := e.(map[string]any)
		if !ok {
			return e, nil
		}
		out := make(map[string]any, len(m))
		for mk, me := range m {
			c, err := conformValue(s, join(p, mk), me, fd.MapValue(), allowUnknown)
			if err != nil {
				return nil, err
			}
			out[mk] = c
		}
		return out, nil
	case fd.IsList():
		l, ok := e.([]any)
		if !ok {
			return e, nil
		}
		out := make([]any, len(l))
		for i, le := range l {
			c, err := conformValue(s, fmt.Sprintf("%s[%d]", p, i), le, fd, allowUnknown)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	return conformValue(s, p, e, fd, allowUnknown)
}

// conformValue conforms one value of field fd (an element, for lists and
// maps).
func conformValue(s *snapshot, p string, e any, fd protoreflect.FieldDescriptor, allowUnknown bool) (any, error) {
	if md := fd.Message(); md != nil {
		if sub, ok := e.(map[string]any); ok {
			return conform(s, p, sub, md, allowUnknown)
		}
		return e, nil
	}
	switch fd.Kind() {
	case protoreflect.BoolKind:
		if str, ok := e.(string); ok {
			if b, err := strconv.ParseBool(str); err == nil {
				return b, nil
			}
		}
	case protoreflect.StringKind:
		switch x := e.(type) {
		case json.Number:
			return x.String(), nil
		case bool:
			return strconv.FormatBool(x), nil
		}
	}
	return e, nil
}

// isWellKnown reports whether md is a well-known type with its own JSON
// form (Struct, Any, Duration...), whose keys are not fields.
func isWellKnown(md protoreflect.MessageDescriptor) bool {
	return md.ParentFile() != nil && strings.HasPrefix(string(md.ParentFile().Package()), "google.protobuf")
}

var fieldInErr = regexp.MustCompile(`field "?([A-Za-z0-9_]+)"?|Go struct field [A-Za-z0-9_]+\.([A-Za-z0-9_.]+)`)

// locate adds the origin of the key an error is about.
func locate(s *snapshot, path string, err error) error {
	m := fieldInErr.FindStringSubmatch(err.Error())
	if m != nil {
		name := m[1] + m[2]
		name = name[strings.LastIndex(name, ".")+1:]
		for k, p := range s.pos {
			if (k == name || strings.HasSuffix(k, "."+name)) && (path == "" || strings.HasPrefix(k, path)) {
				return fmt.Errorf("%s: %s: %w", p, k, err)
			}
		}
	}
	return fmt.Errorf("%s: %s: %w", where(s.pos, path), path, err)
}
