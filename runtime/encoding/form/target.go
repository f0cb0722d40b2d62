package form

import "google.golang.org/protobuf/reflect/protoreflect"

// target is the message a key writes to, through protoreflect, and its
// entry in the state of the Decode call.
type target struct {
	m     protoreflect.Message
	entry int32 // the state entry of the message; -1 for the root
}

// enter walks the singular message fields path from t, creating the
// messages on the way, and returns the last one.
func (t target) enter(st *state, key string, path []*fieldInfo) (target, error) {
	for _, f := range path {
		if err := checkOneof(t.m, key, f); err != nil {
			return target{}, err
		}
		t.entry, _ = st.add(slot{parent: t.entry, num: f.fd.Number()}, key)
		t.m = t.m.Mutable(f.fd).Message()
	}
	return t, nil
}

// set sets singular field f of t to v.
func (t target) set(f *fieldInfo, v protoreflect.Value) {
	t.m.Set(f.fd, v)
}
