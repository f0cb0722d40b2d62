package openapigen

import (
	"strconv"

	openapiv3 "github.com/google/gnostic-models/openapiv3"
	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// gnostic's openapi.v3 annotations (document on files, operation on
// methods, schema on messages, property on fields) are merged into what the
// generator writes, the annotation winning field by field, so services
// annotated for gnostic's protoc-gen-openapi keep their servers, security
// schemes, examples and the rest. gnostic's schemas are OpenAPI 3.0's:
// nullable and boolean exclusive bounds are turned into 3.1's forms.

// documentAnnotation returns the (openapi.v3.document) of a file, or nil.
func documentAnnotation(fd protoreflect.FileDescriptor) *object {
	if d, ok := extension(fd.Options(), openapiv3.E_Document).(*openapiv3.Document); ok && d != nil {
		o := fromNode(d.ToRawInfo())
		// The version is the generator's: its schemas are 3.1's whatever
		// the annotation says, and paths and components.schemas are
		// generated, so an annotation adds to them but cannot set them.
		if o != nil {
			delete(o.vals, "openapi")
			o.keys = liveKeys(o)
		}
		return o
	}
	return nil
}

// operationAnnotation returns the (openapi.v3.operation) of a method.
func operationAnnotation(md protoreflect.MethodDescriptor) *object {
	if o, ok := extension(md.Options(), openapiv3.E_Operation).(*openapiv3.Operation); ok && o != nil {
		return fromNode(o.ToRawInfo())
	}
	return nil
}

// schemaAnnotation returns the (openapi.v3.schema) of a message, in 3.1's
// form.
func schemaAnnotation(md protoreflect.MessageDescriptor) *object {
	if s, ok := extension(md.Options(), openapiv3.E_Schema).(*openapiv3.Schema); ok && s != nil {
		return schema31(fromNode(s.ToRawInfo()))
	}
	return nil
}

// propertyAnnotation returns the (openapi.v3.property) of a field, in
// 3.1's form.
func propertyAnnotation(fd protoreflect.FieldDescriptor) *object {
	if s, ok := extension(fd.Options(), openapiv3.E_Property).(*openapiv3.Schema); ok && s != nil {
		return schema31(fromNode(s.ToRawInfo()))
	}
	return nil
}

func extension(opts protoreflect.ProtoMessage, xt protoreflect.ExtensionType) any {
	if opts == nil || !proto.HasExtension(opts, xt) {
		return nil
	}
	return proto.GetExtension(opts, xt)
}

// schema31 turns OpenAPI 3.0 schema keywords into 3.1's: nullable: true
// adds "null" to the type, a boolean exclusiveMinimum/Maximum moves the
// bound it qualifies.
func schema31(o *object) *object {
	if o == nil {
		return nil
	}
	if n, _ := o.vals["nullable"].(bool); n {
		if t, ok := o.vals["type"].(string); ok {
			o.set("type", []any{t, "null"})
		}
	}
	delete(o.vals, "nullable")
	for _, b := range [][2]string{{"exclusiveMinimum", "minimum"}, {"exclusiveMaximum", "maximum"}} {
		if ex, ok := o.vals[b[0]].(bool); ok {
			delete(o.vals, b[0])
			if v, has := o.vals[b[1]]; ex && has {
				o.set(b[0], v)
				delete(o.vals, b[1])
			}
		}
	}
	o.keys = liveKeys(o)
	return o
}

// liveKeys drops the keys whose values were deleted.
func liveKeys(o *object) []string {
	keys := o.keys[:0:0]
	for _, k := range o.keys {
		if _, ok := o.vals[k]; ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// merge writes src into dst: objects merged key by key, anything else
// replaced.
func merge(dst, src *object) {
	if src == nil {
		return
	}
	for _, k := range src.keys {
		sv := src.vals[k]
		if so, ok := sv.(*object); ok {
			if do, ok := dst.vals[k].(*object); ok {
				merge(do, so)
				continue
			}
		}
		dst.set(k, sv)
	}
}

// fromNode returns a YAML node as an object tree; nil for anything but a
// mapping.
func fromNode(n *yaml.Node) *object {
	v := nodeValue(n)
	o, _ := v.(*object)
	return o
}

// empty reports whether v is unset: nil or "". Empty lists and objects
// stay: "bearer: []" and "security: [{}]" mean something.
func empty(v any) bool {
	s, isString := v.(string)
	return v == nil || isString && s == ""
}

func nodeValue(n *yaml.Node) any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 1 {
			return nodeValue(n.Content[0])
		}
		return nil
	case yaml.MappingNode:
		// gnostic writes the fields OpenAPI requires even when the
		// annotation leaves them unset (openapi: "", info.title: ""): an
		// empty value is unset, as in proto3, and would otherwise
		// overwrite what the generator wrote.
		o := newObject()
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := nodeValue(n.Content[i+1]); !empty(v) {
				o.set(n.Content[i].Value, v)
			}
		}
		return o
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			list = append(list, nodeValue(c))
		}
		return list
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	}
	switch n.ShortTag() {
	case "!!bool":
		b, _ := strconv.ParseBool(n.Value)
		return b
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	case "!!null":
		return nil
	}
	return n.Value
}
