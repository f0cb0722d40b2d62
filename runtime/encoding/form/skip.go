package form

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// skipNode is a trie of skipped field paths, keyed by field number so
// that a key naming a field by its JSON name is skipped as well.
type skipNode struct {
	skip bool // this path and everything under it is skipped
	// children are the nodes under the fields of this path, by field
	// number: a route skips a few paths, so a short list searched in order
	// beats a map, and every key of a request looks it up.
	children []skipChild
}

type skipChild struct {
	num  protoreflect.FieldNumber
	node *skipNode
}

// child returns the node for field num under n; nil means nothing under
// that field is skipped. It is safe on a nil n.
func (n *skipNode) child(num protoreflect.FieldNumber) *skipNode {
	if n == nil {
		return nil
	}
	for i := range n.children {
		if n.children[i].num == num {
			return n.children[i].node
		}
	}
	return nil
}

// buildSkip resolves dotted proto-name paths against md. It returns nil
// when paths is empty.
func buildSkip(md protoreflect.MessageDescriptor, paths []string) (*skipNode, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	root := &skipNode{}
	for _, path := range paths {
		n, d := root, md
		names := strings.Split(path, ".")
		for i, name := range names {
			if d == nil {
				return nil, fmt.Errorf("form: skip path %q: %q is not a singular message field", path, names[i-1])
			}
			fd := d.Fields().ByName(protoreflect.Name(name))
			if fd == nil {
				return nil, fmt.Errorf("form: skip path %q: %s has no field %q", path, d.FullName(), name)
			}
			c := n.child(fd.Number())
			if c == nil {
				c = &skipNode{}
				n.children = append(n.children, skipChild{num: fd.Number(), node: c})
			}
			n, d = c, fd.Message()
			if fd.IsList() || fd.IsMap() {
				d = nil
			}
		}
		n.skip = true
	}
	return root, nil
}
