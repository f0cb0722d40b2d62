package form

import (
	"unicode/utf8"
)

// value returns the i-th value of the key and whether to parse it: not
// after an error or a fallback, and not when it is empty unless "" is a
// value of the field (empty is true for strings and bytes).
func (k *Key) value(i int, empty bool) (string, bool) {
	if k.err != nil || k.fallback {
		return "", false
	}
	s := k.vals[i]
	return s, s != "" || empty
}

// parsed finishes the i-th value, which parsed when ok: a bad element of
// a repeated field is the key's error, a bad value of a singular field
// leaves the key to the generic engine (which reports it before creating
// anything), and a singular field is recorded as set, an error if it was
// set before. It reports whether to store the value.
func (k *Key) parsed(i int, ok bool) bool {
	switch {
	case k.num == 0 && ok:
		return true
	case k.num == 0:
		k.invalid(i)
		return false
	case !ok:
		k.fallback = true
		return false
	case !k.claim(k.num):
		return false
	}
	k.wrote = true
	return true
}

// Bool returns the i-th value of the key as a bool: true or false in any
// letter case, 1, 0, t, T, f, F. The second result says whether to store
// it (see [Key]).
func (k *Key) Bool(i int) (bool, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return false, false
	}
	v, ok := parseBool(s)
	return v, k.parsed(i, ok)
}

// Int32 returns the i-th value of the key as an int32, sint32 or sfixed32:
// decimal, range-checked. The second result says whether to store it.
func (k *Key) Int32(i int) (int32, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return 0, false
	}
	v, err := parseInt32(s)
	return v, k.parsed(i, err == nil)
}

// Int64 returns the i-th value of the key as an int64, sint64 or sfixed64:
// decimal, range-checked. The second result says whether to store it.
func (k *Key) Int64(i int) (int64, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return 0, false
	}
	v, err := parseInt64(s)
	return v, k.parsed(i, err == nil)
}

// Uint32 returns the i-th value of the key as a uint32 or fixed32:
// decimal, range-checked. The second result says whether to store it.
func (k *Key) Uint32(i int) (uint32, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return 0, false
	}
	v, err := parseUint32(s)
	return v, k.parsed(i, err == nil)
}

// Uint64 returns the i-th value of the key as a uint64 or fixed64:
// decimal, range-checked. The second result says whether to store it.
func (k *Key) Uint64(i int) (uint64, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return 0, false
	}
	v, err := parseUint64(s)
	return v, k.parsed(i, err == nil)
}

// Float32 returns the i-th value of the key as a float: decimal or
// hexadecimal, NaN, Infinity, -Infinity or Inf, range-checked. The second
// result says whether to store it.
func (k *Key) Float32(i int) (float32, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return 0, false
	}
	v, err := parseFloat32(s)
	return v, k.parsed(i, err == nil)
}

// Float64 returns the i-th value of the key as a double, spelled as for
// [Key.Float32]. The second result says whether to store it.
func (k *Key) Float64(i int) (float64, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return 0, false
	}
	v, err := parseFloat64(s)
	return v, k.parsed(i, err == nil)
}

// String returns the i-th value of the key, which must be UTF-8, for a
// string field; "" is a value. The second result says whether to store
// it.
func (k *Key) String(i int) (string, bool) {
	s, ok := k.value(i, true)
	if !ok {
		return "", false
	}
	return s, k.parsed(i, utf8.ValidString(s))
}

// Bytes returns the i-th value of the key decoded from base64, standard or
// URL-safe, padded or not, for a bytes field; "" is a value, nil for a
// singular field. The second result says whether to store it.
func (k *Key) Bytes(i int) ([]byte, bool) {
	s, ok := k.value(i, true)
	if !ok {
		return nil, false
	}
	v, err := parseBytes(s)
	if len(v) == 0 && k.num != 0 {
		v = nil // as protoreflect stores an empty value without presence
	}
	return v, k.parsed(i, err == nil)
}

// Enum returns the i-th value of the key as a number of an open enum
// whose numbers by value name are values (protoc-gen-go's X_value map): a
// value name or a decimal int32. The second result says whether to store
// it.
func (k *Key) Enum(i int, values map[string]int32) (int32, bool) {
	s, ok := k.value(i, false)
	if !ok {
		return 0, false
	}
	if v, ok := values[s]; ok {
		return v, k.parsed(i, true)
	}
	v, err := parseInt32(s)
	return v, k.parsed(i, err == nil)
}
