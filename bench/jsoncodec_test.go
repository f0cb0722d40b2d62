package bench

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	validatebenchv1 "github.com/bia-go/bia/bench/gen/validatebench/v1"
	"github.com/bia-go/bia/internal/jsoncheck"
)

// jsonFiles are the benchmark protos, with protoc-gen-go-json code.
var jsonFiles = []protoreflect.FileDescriptor{
	benchpb.File_benchpb_v1_bench_proto,
	validatebenchv1.File_validatebench_v1_plain_proto, validatebenchv1.File_validatebench_v1_signup_proto,
}

// TestJSONCodecDifferential checks the generated proto3 JSON code of
// every benchmark message type against protojson: random messages
// marshalled by both, and hostile and edge inputs decoded by both.
func TestJSONCodecDifferential(t *testing.T) {
	for _, mt := range jsoncheck.MessageTypes(jsonFiles...) {
		t.Run(string(mt.Descriptor().FullName()), func(t *testing.T) {
			if err := jsoncheck.Random(mt, 3, 300); err != nil {
				t.Fatal(err)
			}
			for _, err := range jsoncheck.Decode(mt) {
				t.Error(err)
			}
		})
	}
}

// FuzzJSONCodec decodes arbitrary input into every benchmark message type
// with the generated code and with protojson: they must agree.
func FuzzJSONCodec(f *testing.F) {
	types := jsoncheck.MessageTypes(jsonFiles...)
	for i, mt := range types {
		for _, s := range jsoncheck.Corpus(mt) {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		mt := types[int(which)%len(types)]
		if err := jsoncheck.Unmarshal(mt.New().Interface(), data); err != nil {
			t.Fatal(err)
		}
	})
}
