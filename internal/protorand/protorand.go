// Package protorand fills messages of any type with random values, edge
// values favoured (NaN, ±Inf, -0, the limits of each integer type, empty
// and long strings, invalid UTF-8, deep nesting, every well-known type),
// for the differential tests of generated code against protobuf-go.
//
//	r := protorand.New(rand.New(rand.NewPCG(1, 2)), protorand.Options{})
//	m := new(pb.Item)
//	r.Fill(m.ProtoReflect())
package protorand

import (
	"math"
	"math/rand/v2"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Options tune the values a Rand makes.
type Options struct {
	// MaxDepth bounds message nesting; 0 means 6.
	MaxDepth int
	// InvalidUTF8 lets strings hold invalid UTF-8 now and then (which
	// every proto3 JSON encoder must reject). The default makes valid
	// strings only.
	InvalidUTF8 bool
	// InvalidWKT lets Timestamps, Durations and FieldMasks hold values
	// out of their JSON range now and then. The default keeps them valid.
	InvalidWKT bool
}

// Rand makes random values. It is not safe for concurrent use.
type Rand struct {
	r    *rand.Rand
	opts Options
}

// New returns a Rand drawing from r.
func New(r *rand.Rand, opts Options) *Rand {
	if opts.MaxDepth == 0 {
		opts.MaxDepth = 6
	}
	return &Rand{r: r, opts: opts}
}

// Fill sets a random subset of m's fields to random values.
func (g *Rand) Fill(m protoreflect.Message) { g.fill(m, 0) }

func (g *Rand) fill(m protoreflect.Message, depth int) {
	if g.wellKnown(m, depth) {
		return
	}
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if g.r.IntN(3) == 0 { // leave a third unset
			continue
		}
		isMsg := fd.Message() != nil && !fd.IsMap()
		if isMsg && depth >= g.opts.MaxDepth {
			continue
		}
		switch {
		case fd.IsList():
			l := m.Mutable(fd).List()
			for range g.r.IntN(4) {
				if fd.Message() != nil {
					v := l.NewElement()
					g.fill(v.Message(), depth+1)
					l.Append(v)
				} else {
					l.Append(g.scalar(fd))
				}
			}
		case fd.IsMap():
			if fd.MapValue().Message() != nil && depth >= g.opts.MaxDepth {
				continue
			}
			mp := m.Mutable(fd).Map()
			for range g.r.IntN(4) {
				k := g.scalar(fd.MapKey()).MapKey()
				if vd := fd.MapValue(); vd.Message() != nil {
					v := mp.NewValue()
					g.fill(v.Message(), depth+1)
					mp.Set(k, v)
				} else {
					mp.Set(k, g.scalar(vd))
				}
			}
		case isMsg:
			g.fill(m.Mutable(fd).Message(), depth+1)
		default:
			m.Set(fd, g.scalar(fd))
		}
	}
}

// scalar is a random value of a non-message field (or map key).
func (g *Rand) scalar(fd protoreflect.FieldDescriptor) protoreflect.Value {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(g.r.IntN(2) == 0)
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(pick(g, []int32{0, 1, -1, math.MaxInt32, math.MinInt32, g.r.Int32()}))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(pick(g, []int64{0, 1, -1, math.MaxInt64, math.MinInt64, 1 << 53, g.r.Int64()}))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(pick(g, []uint32{0, 1, math.MaxUint32, g.r.Uint32()}))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(pick(g, []uint64{0, 1, math.MaxUint64, 1<<53 + 1, g.r.Uint64()}))
	case protoreflect.FloatKind:
		return protoreflect.ValueOfFloat32(float32(g.float(true)))
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(g.float(false))
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(g.String())
	case protoreflect.BytesKind:
		b := make([]byte, pick(g, []int{0, 1, 2, 3, 17, 300}))
		for i := range b {
			b[i] = byte(g.r.UintN(256))
		}
		return protoreflect.ValueOfBytes(b)
	case protoreflect.EnumKind:
		vals := fd.Enum().Values()
		if g.r.IntN(8) == 0 { // a number the enum does not declare
			return protoreflect.ValueOfEnum(protoreflect.EnumNumber(pick(g, []int32{99, -99, math.MaxInt32})))
		}
		return protoreflect.ValueOfEnum(vals.Get(g.r.IntN(vals.Len())).Number())
	}
	return protoreflect.Value{}
}

func (g *Rand) float(single bool) float64 {
	edges := []float64{0, math.Copysign(0, -1), 1, -1.5, math.NaN(), math.Inf(1), math.Inf(-1),
		1e21, 1e20, 1e-6, 1e-7, 5e-324, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1, 123456789.125}
	if single {
		edges = append(edges, math.MaxFloat32, math.SmallestNonzeroFloat32, float64(float32(0.1)), 16777217)
	}
	if g.r.IntN(3) == 0 {
		f := g.r.NormFloat64() * math.Pow(10, float64(g.r.IntN(60)-30))
		if single {
			f = float64(float32(f))
		}
		return f
	}
	f := pick(g, edges)
	if single {
		f = float64(float32(f))
	}
	return f
}

// String is a random string: empty, ASCII with characters JSON escapes,
// multi-byte UTF-8, long, and (with InvalidUTF8) invalid UTF-8 now and then.
func (g *Rand) String() string {
	parts := []string{"", "a", "hello world", "\"quote\" \\back\\", "\x00\x01\x1f\x7f", "<>&'", "\u2028\u2029",
		"é", "日本語", "😀", "\t\n\r\b\f", strings.Repeat("x", 2000)}
	var b strings.Builder
	for range g.r.IntN(3) + 1 {
		b.WriteString(pick(g, parts))
	}
	if g.opts.InvalidUTF8 && g.r.IntN(20) == 0 {
		b.WriteString(pick(g, []string{"\xff", "\xc3", "\xed\xa0\x80"}))
	}
	return b.String()
}

func pick[T any](g *Rand, vs []T) T { return vs[g.r.IntN(len(vs))] }

// wellKnown fills m when it is a well-known type with JSON rules of its
// own, and reports whether it was one.
func (g *Rand) wellKnown(m protoreflect.Message, depth int) bool {
	switch v := m.Interface().(type) {
	case *timestamppb.Timestamp:
		v.Seconds = pick(g, []int64{0, -62135596800, 253402300799, 1700000000, g.r.Int64N(253402300799)})
		v.Nanos = pick(g, []int32{0, 1, 999999999, 500000000, 123000, g.r.Int32N(1e9)})
		if g.opts.InvalidWKT && g.r.IntN(10) == 0 {
			v.Seconds = pick(g, []int64{-62135596801, 253402300800, math.MaxInt64})
		}
	case *durationpb.Duration:
		v.Seconds = pick(g, []int64{0, 1, -1, 315576000000, -315576000000, g.r.Int64N(315576000000)})
		v.Nanos = pick(g, []int32{0, 1, 999999999, 500000000, 1000})
		if v.Seconds < 0 {
			v.Nanos = -v.Nanos
		}
		if g.opts.InvalidWKT && g.r.IntN(10) == 0 {
			v.Nanos = pick(g, []int32{1e9, -5})
			v.Seconds = 3
		}
	case *structpb.Value:
		v.Kind = g.value(depth).Kind
	case *structpb.Struct:
		s := g.value(depth + 1)
		if sv := s.GetStructValue(); sv != nil {
			v.Fields = sv.Fields
		}
	case *structpb.ListValue:
		l := g.value(depth + 1)
		if lv := l.GetListValue(); lv != nil {
			v.Values = lv.Values
		}
	case *anypb.Any:
		var inner proto.Message = wrapperspb.String(g.String())
		if g.r.IntN(2) == 0 {
			inner = &timestamppb.Timestamp{Seconds: g.r.Int64N(253402300799)}
		}
		_ = v.MarshalFrom(inner) // both types are linked in, so registered
	default:
		if m.Descriptor().FullName() == "google.protobuf.FieldMask" {
			paths := m.Descriptor().Fields().ByName("paths")
			l := m.Mutable(paths).List()
			for range g.r.IntN(3) {
				l.Append(protoreflect.ValueOfString(pick(g, []string{"a", "foo_bar", "a.b_c", "x1_y2", "update_time"})))
			}
			if g.opts.InvalidWKT && g.r.IntN(10) == 0 {
				l.Append(protoreflect.ValueOfString(pick(g, []string{"fooBar", "a__b", "_x", "x_"})))
			}
			return true
		}
		return false
	}
	return true
}

// value is a random google.protobuf.Value with finite numbers.
func (g *Rand) value(depth int) *structpb.Value {
	n := 6
	if depth >= g.opts.MaxDepth {
		n = 4 // scalars only
	}
	switch g.r.IntN(n) {
	case 0:
		return structpb.NewNullValue()
	case 1:
		return structpb.NewBoolValue(g.r.IntN(2) == 0)
	case 2:
		f := g.float(false)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			f = 0
		}
		return structpb.NewNumberValue(f)
	case 3:
		return structpb.NewStringValue(g.String())
	case 4:
		s := &structpb.Struct{Fields: map[string]*structpb.Value{}}
		for range g.r.IntN(3) {
			s.Fields[g.String()] = g.value(depth + 1)
		}
		return structpb.NewStructValue(s)
	default:
		l := &structpb.ListValue{}
		for range g.r.IntN(3) {
			l.Values = append(l.Values, g.value(depth+1))
		}
		return structpb.NewListValue(l)
	}
}
