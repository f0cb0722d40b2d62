package form

import (
	"fmt"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// claims records what generated code wrote in one call: each message
// field a key went through and each field a key set, as (parent entry,
// field number), with the key that came first. It is state for generated
// code, apart from the generic engine's: the two never write the same
// field (generated code binds the scalar and enum fields of messages with
// generated code, the generic engine every other field), so each finds a
// field given twice by itself. Slots are packed in a word, compared at
// once, and live in the reused Key: recording one costs a few
// instructions and no allocation.
type claims struct {
	list  []claimed
	index map[uint64]int32 // by slot, once the list is long
}

type claimed struct {
	slot uint64 // parent<<32 | field number
	key  string // the key that wrote the slot first
}

// add records that key writes field num of the message of entry parent
// and returns its entry; when the field was written before, it returns
// the earlier entry and false.
func (c *claims) add(parent int32, num protoreflect.FieldNumber, key string) (int32, bool) {
	s := uint64(uint32(parent))<<32 | uint64(uint32(num))
	if c.index != nil {
		if i, ok := c.index[s]; ok {
			return i, false
		}
	} else {
		for i := range c.list {
			if c.list[i].slot == s {
				return int32(i), false
			}
		}
	}
	i := int32(len(c.list))
	c.list = append(c.list, claimed{slot: s, key: key})
	switch {
	case c.index != nil:
		c.index[s] = i
	case len(c.list) > indexAfter:
		c.index = make(map[uint64]int32, 2*len(c.list))
		for j := range c.list {
			c.index[c.list[j].slot] = int32(j)
		}
	}
	return i, true
}

// reset empties c, keeping its room.
func (c *claims) reset() {
	clear(c.list)
	c.list, c.index = c.list[:0], nil
	if cap(c.list) > 4*indexAfter { // a large call's room is not kept
		c.list = nil
	}
}

// claim records that the key sets field num of the message the names
// read lead to; when a key set it before, the key's error says so, as the
// generic engine says it, and claim returns false.
func (k *Key) claim(num protoreflect.FieldNumber) bool {
	i, ok := k.claims.add(k.parent, num, k.key)
	if !ok {
		f := k.field()
		if f == nil {
			k.err = keyError(k.key, fmt.Sprintf("field %d given twice, also as %q", num, k.claims.list[i].key))
			return false
		}
		k.err = twiceError(k.key, f, k.claims.list[i].key)
	}
	return ok
}

// field resolves the key with the generic engine's lookup, on the error
// paths only, for the wording of an error. It returns nil if the key names
// no field, which cannot happen for a key generated code binds.
func (k *Key) field() *fieldInfo {
	var buf [pathBuf]*fieldInfo
	fields, _ := k.b.d.resolve(k.key, k.key, buf[:0])
	if len(fields) == 0 {
		return nil
	}
	return fields[len(fields)-1]
}

// invalid records the error of the i-th value of the key, which does not
// parse, worded as the generic engine words it.
func (k *Key) invalid(i int) {
	s := k.vals[i]
	msg := "invalid value"
	if f := k.field(); f != nil {
		if _, err := parseScalar(f.val.kind, f.val.enum, s); err != nil {
			msg = err.Error()
		}
	}
	k.err = valueError(k.key, s, msg)
}
