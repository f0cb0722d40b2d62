package form

import (
	"net/url"

	"google.golang.org/protobuf/proto"
)

// DecodeKeys is Decode binding the keys in the given order (Decode takes
// the map's order, which makes the key that fails among several random),
// through generated code as Decode would.
func DecodeKeys(d *Decoder, values url.Values, keys []string, msg proto.Message) error {
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
		for _, key := range keys {
			if err := k.bind(key, values[key]); err != nil {
				return err
			}
		}
		return nil
	}
	b := binder{d: d, root: target{m: m, entry: -1}}
	for _, key := range keys {
		if err := b.bind(key, values[key]); err != nil {
			return err
		}
	}
	return nil
}

// UsesGenerated reports whether Decode binds msg through its generated
// code.
func UsesGenerated(d *Decoder, msg proto.Message) bool {
	_, own, err := d.check(msg)
	return err == nil && d.generated(msg, own) != nil
}
