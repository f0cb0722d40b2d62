package form

import (
	"errors"
	"fmt"
	"net/url"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// EncodeOption configures [Encode].
type EncodeOption func(*encodeConfig)

type encodeConfig struct {
	skip      []string
	jsonNames bool
}

// SkipPaths leaves out the fields at the given dotted paths of proto field
// names, e.g. "name" or "book.id", and everything under them: the fields a
// request puts in its URL path or body. Options accumulate; default:
// nothing is left out.
func SkipPaths(fieldPaths ...string) EncodeOption {
	return func(c *encodeConfig) {
		c.skip = append(c.skip, fieldPaths...)
	}
}

// UseJSONNames writes keys with the fields' JSON names ("pageSize")
// instead of their proto names ("page_size"). Decode reads both. Default:
// proto names.
func UseJSONNames() EncodeOption {
	return func(c *encodeConfig) {
		c.jsonNames = true
	}
}

// Encode adds the populated fields of msg, except the skipped ones, to
// values, written so that a [Decoder] for msg's type reads back an equal
// message:
//
//   - a singular field as key=value, a repeated field as the key repeated
//     once per element (in order), a map entry as key[mapkey]=value;
//   - a nested message field through its fields, "filter.kind=K"; a set
//     message with no populated fields as "filter={}";
//   - numbers in decimal ("NaN", "Infinity", "-Infinity" for the special
//     floats), bools as true or false, enums by name (by number for a value
//     an open enum does not declare), bytes in padded standard base64;
//   - well-known types in their proto3 JSON form: Timestamp and Duration as
//     strings ("2006-01-02T15:04:05Z", "1.5s"), FieldMask as a comma list of
//     lowerCamel paths, wrappers as their scalar, Struct, ListValue and
//     Value as compact JSON.
//
// Keys are proto names unless [UseJSONNames] is given. Encode adds to
// values (url.Values.Add) and never removes anything; values must not be
// nil. Extensions and unknown fields are not written.
//
// A field no query can carry (a repeated or map field of messages other
// than well-known types, a string that is not UTF-8, a closed enum holding
// an undeclared number) yields an [*Error]; values may then hold some of
// the fields. An invalid [SkipPaths] path yields an error that is not an
// *Error.
func Encode(msg proto.Message, values url.Values, opts ...EncodeOption) error {
	if msg == nil {
		return errors.New("form: Encode of a nil message")
	}
	if values == nil {
		return errors.New("form: Encode into nil url.Values")
	}
	var cfg encodeConfig
	for _, o := range opts {
		o(&cfg)
	}
	m := msg.ProtoReflect()
	skip, err := buildSkip(m.Descriptor(), cfg.skip)
	if err != nil {
		return err
	}
	e := encoder{values: values, jsonNames: cfg.jsonNames}
	_, err = e.message(m, "", skip)
	return err
}

type encoder struct {
	values    url.Values
	jsonNames bool
}

func (e *encoder) name(fd protoreflect.FieldDescriptor) string {
	if e.jsonNames {
		return fd.JSONName()
	}
	return string(fd.Name())
}

// message writes the populated fields of m with keys prefixed by prefix
// and returns how many values it added.
func (e *encoder) message(m protoreflect.Message, prefix string, skip *skipNode) (int, error) {
	n := 0
	var err error
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsExtension() {
			return true
		}
		child := skip.child(fd.Number())
		if child != nil && child.skip {
			return true
		}
		var added int
		added, err = e.field(fd, v, prefix+e.name(fd), child)
		n += added
		return err == nil
	})
	return n, err
}

func (e *encoder) field(fd protoreflect.FieldDescriptor, v protoreflect.Value, key string, skip *skipNode) (int, error) {
	if fd.IsMap() {
		return e.mapField(fd, v.Map(), key)
	}
	el := newElem(fd)
	if fd.IsList() {
		if !el.bindable() {
			return 0, keyError(key, fmt.Sprintf("%q holds messages, which a query cannot carry (only scalars, enums and well-known types)", fd.Name()))
		}
		list := v.List()
		for i := range list.Len() {
			s, err := el.format(list.Get(i))
			if err != nil {
				return i, keyError(key, err.Error())
			}
			e.values.Add(key, s)
		}
		return list.Len(), nil
	}
	if !el.bindable() {
		n, err := e.message(v.Message(), key+".", skip)
		if err == nil && n == 0 {
			e.values.Add(key, "{}")
			n = 1
		}
		return n, err
	}
	s, err := el.format(v)
	if err != nil {
		return 0, keyError(key, err.Error())
	}
	e.values.Add(key, s)
	return 1, nil
}

func (e *encoder) mapField(fd protoreflect.FieldDescriptor, mp protoreflect.Map, key string) (int, error) {
	el := newElem(fd.MapValue())
	if !el.bindable() {
		return 0, keyError(key, fmt.Sprintf("%q holds messages, which a query cannot carry (only scalars, enums and well-known types)", fd.Name()))
	}
	keyKind := fd.MapKey().Kind()
	n := 0
	var err error
	mp.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		var ks, s string
		ks, err = formatScalar(keyKind, nil, k.Value())
		if err != nil {
			err = keyError(key, "invalid map key: "+err.Error())
			return false
		}
		entryKey := key + "[" + ks + "]"
		s, err = el.format(v)
		if err != nil {
			err = keyError(entryKey, err.Error())
			return false
		}
		e.values.Add(entryKey, s)
		n++
		return true
	})
	return n, err
}

// format is the text Encode writes for a value of e's slot.
func (e *elem) format(v protoreflect.Value) (string, error) {
	if e.isMessage() {
		return e.formatMessage(v.Message())
	}
	return formatScalar(e.kind, e.enum, v)
}

// EncodeValue returns the text [Encode] writes for the value v of the
// singular scalar or enum field fd: strings as they are (valid UTF-8 only),
// numbers in decimal (NaN, Infinity and -Infinity for the special floats),
// bools as true or false, bytes in standard base64, enums by name (by
// number when open and unnamed). It is the inverse of
// [Decoder.DecodeValue]; the HTTP client writes path variables with it, so
// a path value and a query value of a field read the same.
func EncodeValue(fd protoreflect.FieldDescriptor, v protoreflect.Value) (string, error) {
	if fd.IsList() || fd.IsMap() || fd.Message() != nil {
		return "", fmt.Errorf("form: field %s is not a singular scalar or enum", fd.FullName())
	}
	return formatScalar(fd.Kind(), fd.Enum(), v)
}
