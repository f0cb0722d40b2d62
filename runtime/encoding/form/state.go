package form

import "google.golang.org/protobuf/reflect/protoreflect"

// slot names one place a Decode call writes to: a field of the message
// that entry parent stands for (-1: the root message) and, for a map
// field, one key. Two keys that reach the same slot are a conflict, however
// they are spelled (proto name or JSON name, "m[1]" or "m[01]").
type slot struct {
	parent int32
	num    protoreflect.FieldNumber
	mapKey any // nil, or the parsed map key (bool, int32, int64, uint32, uint64, string)
}

type entry struct {
	slot
	key string // the query key that wrote the slot first
}

// state records the slots one Decode call has written. Decode keeps it
// on its stack: the first entries live in small, further ones in more, and
// once they are many an index replaces the linear search.
type state struct {
	n     int32
	small [16]entry
	more  []entry
	index map[slot]int32
}

// indexAfter is the number of entries up to which state searches linearly.
const indexAfter = 32

// at returns entry i.
func (st *state) at(i int32) *entry {
	if int(i) < len(st.small) {
		return &st.small[i]
	}
	return &st.more[int(i)-len(st.small)]
}

// find returns the entry of s, or -1.
func (st *state) find(s slot) int32 {
	if st.index != nil {
		if i, ok := st.index[s]; ok {
			return i
		}
		return -1
	}
	small := st.small[:min(int(st.n), len(st.small))]
	for i := range small {
		if small[i].slot.equal(s) {
			return int32(i)
		}
	}
	for i := range st.more {
		if st.more[i].slot.equal(s) {
			return int32(len(st.small) + i)
		}
	}
	return -1
}

// equal is s == o, comparing the map keys, which are mostly nil, last.
func (s *slot) equal(o slot) bool {
	return s.parent == o.parent && s.num == o.num && s.mapKey == o.mapKey
}

// add records that key writes s and returns its entry. When s was
// written before, add returns the earlier entry and false.
func (st *state) add(s slot, key string) (int32, bool) {
	if i := st.find(s); i >= 0 {
		return i, false
	}
	i := st.n
	st.n++
	if int(i) < len(st.small) {
		st.small[i] = entry{slot: s, key: key}
	} else {
		st.more = append(st.more, entry{slot: s, key: key})
	}
	switch {
	case st.index != nil:
		st.index[s] = i
	case st.n > indexAfter:
		st.index = make(map[slot]int32, 2*st.n)
		for j := range st.n {
			st.index[st.at(j).slot] = j
		}
	}
	return i, true
}
