package form

import (
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Binder is implemented by messages whose binding code protoc-gen-go-json
// generated: a switch on field names instead of the generic engine's
// lookups, and typed writes to the Go struct instead of protoreflect,
// which boxes every value. A [Decoder] hands each key to it and binds the
// keys it leaves with the generic engine, so the results and errors are
// the same either way.
//
// BindFormKey is for generated code only. It reads the key's dotted names
// with [Key.Name], one level per message, and must either bind the whole
// key through k's methods or, before writing anything to the message,
// leave it to the generic engine ([Key.Fallback], or a method of k that
// decides so).
type Binder interface {
	BindFormKey(k *Key)
}

// IgnoreGenerated makes the Decoder bind every key through protoreflect,
// also into messages with generated binding code ([Binder]): the results
// and errors are the same, only slower. It is there to compare the two and
// to serve with protojson only. Default: a message's generated code is
// used when the message implements Binder and its descriptor is the one
// the Decoder was built for.
func IgnoreGenerated() DecoderOption {
	return func(c *decoderConfig) {
		c.ignoreGenerated = true
	}
}

// generated returns msg as a Binder when its generated code may bind it:
// the Decoder allows it and msg's descriptor is the Decoder's own (own; a
// Decoder built from another descriptor of the same name keeps to it).
func (d *Decoder) generated(msg proto.Message, own bool) Binder {
	if d.ignoreGenerated || !own {
		return nil
	}
	g, _ := msg.(Binder)
	return g
}

// Key is the key being bound by generated code ([Binder]), with its values
// and what the Decode call has bound so far. Generated code gets it from a
// [Decoder]; its methods report, at each step, whether to go on.
//
// The methods that name a field take its number: the Key checks the
// skipped paths ([Skip]) and records the field, so that a second key for
// it is an error. The typed value methods (Bool...Enum) parse the i-th
// value of the key as the generic engine does; their false result means
// "store nothing": for an empty value of a field that "" does not set, a
// value that does not parse (an error of the call), or a key left to the
// generic engine. Errors read exactly as the generic engine's.
type Key struct {
	b      binder    // the generic engine, for the keys generated code leaves
	gen    Binder    // the message
	claims claims    // generated code's record of the call
	one    [1]string // DecodeValue's value
	key    string
	rest   string // the names of the key not read yet
	vals   []string
	skip   *skipNode // the skipped paths under the names read
	// parent is the claims entry of the message the names read lead to,
	// -1 for the root.
	parent int32
	// num is the singular field whose value is pending, 0 for a repeated
	// field.
	num  protoreflect.FieldNumber
	more bool // rest holds another name
	// fallback: the generic engine binds the key; wrote: the key wrote a
	// field, so the messages on its way must be kept.
	fallback, wrote bool
	err             error
}

// newKey returns a Key, new or reused, ready to bind keys into m.
func (d *Decoder) newKey(m protoreflect.Message, g Binder) *Key {
	k, _ := d.keys.Get().(*Key)
	if k == nil {
		k = new(Key)
	}
	k.b.d, k.b.names, k.b.root = d, 0, target{m: m, entry: -1}
	k.gen = g
	return k
}

// releaseKey clears k, so that it holds on to no message or request
// text, and keeps it for reuse.
func (d *Decoder) releaseKey(k *Key) {
	if st := &k.b.st; st.n > 0 {
		clear(st.small[:min(int(st.n), len(st.small))])
		clear(st.more)
		st.n, st.more, st.index = 0, st.more[:0], nil
	}
	k.claims.reset()
	k.b.d, k.b.root = nil, target{}
	k.gen, k.one, k.key, k.rest, k.vals, k.skip, k.err = nil, [1]string{}, "", "", nil, nil, nil
	d.keys.Put(k)
}

// bind binds one key with its values: within the limits, through the
// generated code, or through the generic engine when it says so or the key
// names a map entry, which generated code never binds.
func (k *Key) bind(key string, vals []string) error {
	if err := k.b.d.checkDepth(key, &k.b.names); err != nil {
		return err
	}
	if len(vals) == 0 {
		return nil
	}
	if strings.HasSuffix(key, "]") && strings.IndexByte(key, '[') >= 0 {
		return k.b.bindKey(key, vals)
	}
	k.key, k.rest, k.vals, k.skip, k.parent, k.num = key, key, vals, k.b.d.skip, -1, 0
	k.more, k.fallback, k.wrote, k.err = true, false, false, nil
	k.gen.BindFormKey(k)
	if k.fallback {
		return k.b.bindKey(key, vals)
	}
	return k.err
}

// Name returns the next dotted name of the key: the field name (proto or
// JSON name) that the message generated code is binding for must look up.
// A name that is no field's name makes the key ignored, as the generic
// engine ignores unknown keys: generated code then does nothing.
func (k *Key) Name() string {
	s := k.rest
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			k.rest, k.more = s[i+1:], true
			return s[:i]
		}
	}
	k.rest, k.more = "", false
	return s
}

// Fallback leaves the key to the generic engine: generated code calls it
// for the fields it does not bind (maps, well-known types, oneof members,
// fields with presence, messages without generated code).
func (k *Key) Fallback() {
	k.fallback = true
}

// skipped reports whether field num of the message the names read lead to
// is skipped.
func (k *Key) skipped(num protoreflect.FieldNumber) bool {
	n := k.skip.child(num)
	return n != nil && n.skip
}

// Enter reports whether the key goes on into singular message field num,
// whose message is then to bind the rest of the key: false when the field
// is skipped (the key is ignored) or the key names the field itself (left
// to the generic engine). Generated code binds into the field's message,
// a new one when it is unset, and keeps a new one only if [Key.Wrote]
// reports that the key wrote to it.
func (k *Key) Enter(num protoreflect.FieldNumber) bool {
	n := k.skip.child(num)
	if n != nil && n.skip {
		return false
	}
	if !k.more {
		k.fallback = true
		return false
	}
	k.skip = n
	k.parent, _ = k.claims.add(k.parent, num, k.key)
	return true
}

// Wrote reports whether the key has written a field, or created the
// messages on its way as the generic engine would, so that the message
// generated code entered (see [Key.Enter]) must be set in its parent.
func (k *Key) Wrote() bool {
	return k.wrote
}

// Singular reports whether the key goes on to set singular scalar or enum
// field num from its one value, which a typed value method with index 0
// then parses: false when the field is skipped (the key is ignored), or
// when the key goes through the field or has several values (errors the
// generic engine reports).
func (k *Key) Singular(num protoreflect.FieldNumber) bool {
	if k.more || len(k.vals) > 1 {
		k.fallback = true
		return false
	}
	if k.skipped(num) {
		return false
	}
	k.num = num
	return true
}

// List returns how many values the key appends to repeated scalar or enum
// field num, one per value (indexes 0 to n-1 of the typed value methods,
// which skip empty values and stop at the first bad one): 0 when the field
// is skipped, when the key goes through the field (an error the generic
// engine reports) or when the field was given before (an error).
func (k *Key) List(num protoreflect.FieldNumber) int {
	if k.more {
		k.fallback = true
		return 0
	}
	if k.skipped(num) || !k.claim(num) {
		return 0
	}
	k.num, k.wrote = 0, true
	return len(k.vals)
}
