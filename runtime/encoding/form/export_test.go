package form

import (
	"net/url"
	"reflect"
	"sort"

	"google.golang.org/protobuf/proto"
)

// DecodeKeys is Decode binding the keys in the given order (Decode takes
// the map's order, which makes the key that fails among several random),
// on the fast path for generated messages only when fast is true.
func DecodeKeys(d *Decoder, values url.Values, keys []string, msg proto.Message, fast bool) error {
	var b binder
	if err := d.start(&b, msg); err != nil {
		return err
	}
	if !fast {
		b.fast = target{}
	}
	if err := d.checkKeys(len(values)); err != nil {
		return err
	}
	for _, key := range keys {
		if err := b.bind(key, values[key]); err != nil {
			return err
		}
	}
	return nil
}

// FastFields returns the dotted proto-name paths of the fields of msg's
// type that Decode writes on the fast path, sorted, following singular
// message fields to the given depth.
func FastFields(d *Decoder, msg proto.Message, depth int) []string {
	var out []string
	var walk func(mi *msgInfo, fm *fastMsg, prefix string, depth int)
	walk = func(mi *msgInfo, fm *fastMsg, prefix string, depth int) {
		if fm == nil || depth == 0 {
			return
		}
		for i := range mi.infos {
			f, ff := &mi.infos[i], &fm.fields[i]
			if ff.op == opNone {
				continue
			}
			out = append(out, prefix+string(f.fd.Name()))
			if ff.sub != nil {
				walk(f.msg, ff.sub, prefix+string(f.fd.Name())+".", depth-1)
			}
		}
	}
	walk(d.root, d.fast.lookup(reflect.TypeOf(msg), d.root), "", depth)
	sort.Strings(out)
	return out
}
