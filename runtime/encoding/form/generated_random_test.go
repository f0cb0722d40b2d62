package form_test

import (
	"maps"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/internal/protorand"
	"github.com/bia-go/bia/runtime/encoding/form"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
	jsontestv1 "github.com/bia-go/bia/testdata/golden/jsontest/v1"
)

// generatedFiles are the proto files whose messages have generated
// binding code that the differential tests run.
var generatedFiles = []protoreflect.FileDescriptor{
	httptestv1.File_httptest_v1_library_proto,
	jsontestv1.File_jsontest_v1_types_proto,
	jsontestv1.File_jsontest_v1_other_proto,
}

// generatedTypes returns the message types of generatedFiles, nested
// ones included, map entries not.
func generatedTypes(t testing.TB) []protoreflect.MessageType {
	t.Helper()
	var out []protoreflect.MessageType
	var add func(ms protoreflect.MessageDescriptors)
	add = func(ms protoreflect.MessageDescriptors) {
		for i := range ms.Len() {
			md := ms.Get(i)
			if md.IsMapEntry() {
				continue
			}
			mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, mt)
			add(md.Messages())
		}
	}
	for _, f := range generatedFiles {
		add(f.Messages())
	}
	return out
}

// hostileValues are values of every kind, valid and not, at the edges of
// the value rules.
var hostileValues = []string{
	"", "0", "1", "-1", "+1", "7", "01", "-0", "1_000", " 1", "1 ",
	"2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
	"9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
	"1.5", "-2.5e10", "1e39", "-1e39", "1e309", "0x1p-2", "0x1.8p1", "0x", ".5", "5.",
	"NaN", "nan", "Inf", "-Inf", "+Inf", "inf", "Infinity", "-Infinity", "infinity",
	"true", "false", "TRUE", "True", "tRuE", "t", "T", "f", "F", "yes", "no",
	"null", "{}", "[]", `{"a":1}`, `[1,"x"]`, `"s"`,
	"AQID", "AQI", "AQI=", "AQ==", "-_8", "_-8=", "a=b", "!", "====",
	"\xff", "caf\xc3\xa9", "a\x00b", "\xed\xa0\x80",
	"2024-01-02T03:04:05Z", "1.5s", "-1h", "1h30m", "aB.cD,e_f", ",",
	strings.Repeat("x", 100),
}

// queryGen makes random queries for one message type: keys that name its
// fields by proto and JSON name, go into nested messages, name map
// entries, go through fields keys cannot go through or name nothing; and
// values from hostileValues and the names of the enums it meets.
type queryGen struct {
	r    *rand.Rand
	keys []string
	vals []string
}

func newQueryGen(r *rand.Rand, md protoreflect.MessageDescriptor) *queryGen {
	g := &queryGen{r: r, vals: slices.Clone(hostileValues)}
	g.walk(md, "", 0)
	g.keys = append(g.keys, "nope", "", ".", "a.b", "[x]")
	return g
}

// walk adds the keys of md's fields under prefix, going into singular
// message fields up to depth 3.
func (g *queryGen) walk(md protoreflect.MessageDescriptor, prefix string, depth int) {
	g.keys = append(g.keys, prefix+"nope", prefix+"x.y")
	fields := md.Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if e := fd.Enum(); e != nil {
			for j := range e.Values().Len() {
				g.vals = append(g.vals, string(e.Values().Get(j).Name()))
			}
		}
		for _, name := range []string{string(fd.Name()), fd.JSONName()} {
			key := prefix + name
			g.keys = append(g.keys, key, key+".x", key+"[1]")
			switch {
			case fd.IsMap():
				g.keys = append(g.keys, key+"[k]", key+"[1]", key+"[true]", key+"[]", key+"[a.b]")
			case fd.Message() != nil && !fd.IsList() && depth < 3:
				g.walk(fd.Message(), key+".", depth+1)
			}
		}
	}
}

// query returns 1 to 6 random keys with 1 to 3 random values each.
func (g *queryGen) query() url.Values {
	values := url.Values{}
	for range 1 + g.r.IntN(6) {
		key := g.keys[g.r.IntN(len(g.keys))]
		for range 1 + g.r.IntN(3) {
			values.Add(key, g.vals[g.r.IntN(len(g.vals))])
		}
	}
	return values
}

// skipPaths returns up to 2 random dotted proto-name paths of md's fields,
// as a route skips its path variables and body field.
func skipPaths(r *rand.Rand, md protoreflect.MessageDescriptor) []string {
	var paths []string
	var walk func(md protoreflect.MessageDescriptor, prefix string, depth int)
	walk = func(md protoreflect.MessageDescriptor, prefix string, depth int) {
		for i := range md.Fields().Len() {
			fd := md.Fields().Get(i)
			paths = append(paths, prefix+string(fd.Name()))
			if fd.Message() != nil && !fd.IsList() && !fd.IsMap() && depth < 2 {
				walk(fd.Message(), prefix+string(fd.Name())+".", depth+1)
			}
		}
	}
	walk(md, "", 0)
	var out []string
	for range r.IntN(3) {
		if len(paths) > 0 {
			out = append(out, paths[r.IntN(len(paths))])
		}
	}
	return out
}

// TestDecodeGeneratedRandom decodes random queries into every message
// type with generated code, empty or holding random values first, with the
// generated code and without it, with and without skipped paths and small
// limits, keys in a random order: the messages and the errors must be the
// same.
func TestDecodeGeneratedRandom(t *testing.T) {
	const perType = 150
	r := rand.New(rand.NewPCG(1, 2))
	fill := protorand.New(r, protorand.Options{MaxDepth: 3})
	for _, mt := range generatedTypes(t) {
		md := mt.Descriptor()
		newMsg := func() proto.Message { return mt.New().Interface() }
		if _, ok := newMsg().(form.Binder); !ok {
			t.Fatalf("%s has no generated binding code", md.FullName())
		}
		t.Run(string(md.Name()), func(t *testing.T) {
			g := newQueryGen(r, md)
			subjects := []subject{
				newSubject("plain", newMsg),
				newSubject("small limits", newMsg, form.MaxDepth(3), form.MaxKeys(4), form.MaxNames(6)),
			}
			for i := range perType {
				s := subjects[i%len(subjects)]
				if i%5 == 4 {
					skip := skipPaths(r, md)
					s = newSubject("skipping "+strings.Join(skip, ","), newMsg, form.Skip(skip...))
				}
				var init proto.Message
				if r.IntN(3) == 0 {
					init = newMsg()
					fill.Fill(init.ProtoReflect())
				}
				values := g.query()
				keys := slices.Sorted(maps.Keys(values))
				r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
				gen := decodeInto(t, s.gen, s.new(), init, values, keys)
				ign := decodeInto(t, s.ign, s.new(), init, values, keys)
				dyn := decodeInto(t, s.gen, newDynamic(md), init, values, keys)
				if init != nil {
					dyn = gen // proto.Merge copies -0 into a dynamicpb message, not into a generated one
				}
				compare(t, s.name+": query "+strconv.Quote(values.Encode())+", keys "+quoteKeys(keys), gen, ign, dyn)
				key := keys[0]
				genV := decodeValueInto(t, s.gen, s.new(), init, key, values[key][0])
				ignV := decodeValueInto(t, s.ign, s.new(), init, key, values[key][0])
				dynV := decodeValueInto(t, s.gen, newDynamic(md), init, key, values[key][0])
				if init != nil {
					dynV = genV
				}
				compare(t, s.name+": DecodeValue("+quoteKeys([]string{key, values[key][0]})+")", genV, ignV, dynV)
			}
		})
	}
}

func newDynamic(md protoreflect.MessageDescriptor) proto.Message { return dynamicpb.NewMessage(md) }
