package form

import (
	"sync"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Decoder binds url.Values into messages of one type. Build it once per
// route with [NewDecoder]: it precomputes, for the message type and every
// message type reachable from it through singular message fields, the
// lookup from query key (proto name and JSON name) to field. A Decoder is
// safe for concurrent use.
//
// Into a message whose type has generated binding code (a [Binder], which
// protoc-gen-go-json writes), Decode hands each key to that code first,
// which writes the Go struct fields as hand-written code would; the keys it
// does not take, and every key of other messages, are bound through
// protoreflect by the generic engine, with the same results and errors.
// [IgnoreGenerated] turns the generated code off.
type Decoder struct {
	root *msgInfo
	skip *skipNode
	// maxDepth and maxKeys are the limits of MaxDepth and MaxKeys; 0 means
	// none.
	maxDepth, maxKeys, maxNames int
	// ignoreGenerated is IgnoreGenerated: never use a Binder.
	ignoreGenerated bool
	// keys holds the *Key values of finished calls for reuse: a Key is
	// handed to generated code, so it lives on the heap.
	keys sync.Pool
}

// DecoderOption configures a [Decoder].
type DecoderOption func(*decoderConfig)

type decoderConfig struct {
	skip                        []string
	maxDepth, maxKeys, maxNames int // 0: no limit
	ignoreGenerated             bool
}

// Skip makes the Decoder ignore the fields at the given dotted paths of
// proto field names, e.g. "name" or "book.id": the fields a route binds
// from path variables, and its body field. A key naming a skipped field,
// by proto or JSON name, or anything under it ("book.id.x", "labels[k]" for
// a skipped "labels") is ignored. Options accumulate; default: nothing is
// skipped.
func Skip(fieldPaths ...string) DecoderOption {
	return func(c *decoderConfig) {
		c.skip = append(c.skip, fieldPaths...)
	}
}

// msgInfo is the precomputed lookup of one message type.
type msgInfo struct {
	desc protoreflect.MessageDescriptor
	// fields maps proto names and JSON names to fields; a proto name wins
	// over another field's equal JSON name.
	fields map[string]*fieldInfo
	// infos holds the fields in descriptor order (fieldInfo.idx).
	infos []fieldInfo
}

// fieldInfo is what binding needs to know about one field.
type fieldInfo struct {
	idx int // fd.Index(): the position of the field in its message
	fd  protoreflect.FieldDescriptor
	// isMap and isList cache fd.IsMap() and fd.IsList().
	isMap, isList bool
	oneof         protoreflect.OneofDescriptor // nil unless in a non-synthetic oneof
	val           elem                         // the value, list element or map value
	key           protoreflect.Kind            // the key kind of a map field
	// msg is the lookup of a singular message field that keys can go
	// through ("a.b"); nil for other fields and for well-known types.
	msg *msgInfo
}

// NewDecoder returns a Decoder for messages described by desc. By default
// it takes keys of up to 100 dotted names and up to 1000 keys per Decode
// call; [MaxDepth] and [MaxKeys] change that.
//
// NewDecoder panics if a [Skip] path does not name a field of desc (each
// element but the last being a singular message field): like an invalid
// pattern given to regexp.MustCompile, that is a programming error.
func NewDecoder(desc protoreflect.MessageDescriptor, opts ...DecoderOption) *Decoder {
	cfg := decoderConfig{maxDepth: defaultMaxDepth, maxKeys: defaultMaxKeys, maxNames: defaultMaxNames}
	for _, o := range opts {
		o(&cfg)
	}
	skip, err := buildSkip(desc, cfg.skip)
	if err != nil {
		panic(err.Error())
	}
	return &Decoder{
		root:     newMsgInfo(desc, make(map[protoreflect.FullName]*msgInfo)),
		skip:     skip,
		maxDepth: cfg.maxDepth,
		maxKeys:  cfg.maxKeys,
		maxNames: cfg.maxNames,

		ignoreGenerated: cfg.ignoreGenerated,
	}
}

// newMsgInfo builds the lookup of md and of the message types keys can
// reach from it. seen holds the types built so far, so a recursive type is
// built once and its lookups point back to it.
func newMsgInfo(md protoreflect.MessageDescriptor, seen map[protoreflect.FullName]*msgInfo) *msgInfo {
	if mi := seen[md.FullName()]; mi != nil {
		return mi
	}
	fields := md.Fields()
	infos := make([]fieldInfo, fields.Len())
	mi := &msgInfo{desc: md, fields: make(map[string]*fieldInfo, 2*fields.Len()), infos: infos}
	seen[md.FullName()] = mi
	for i := range fields.Len() {
		fd := fields.Get(i)
		f := &infos[i]
		f.idx, f.fd = i, fd
		f.isMap, f.isList = fd.IsMap(), fd.IsList()
		if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
			f.oneof = o
		}
		switch {
		case fd.IsMap():
			f.key = fd.MapKey().Kind()
			f.val = newElem(fd.MapValue())
		default:
			f.val = newElem(fd)
		}
		mi.fields[fd.JSONName()] = f
	}
	for i := range infos {
		f := &infos[i]
		mi.fields[string(f.fd.Name())] = f
		if !f.fd.IsList() && !f.fd.IsMap() && f.val.isMessage() && f.val.wkt == notWKT {
			f.msg = newMsgInfo(f.fd.Message(), seen)
		}
	}
	return mi
}
