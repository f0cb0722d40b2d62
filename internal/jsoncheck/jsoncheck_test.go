package jsoncheck_test

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/jsoncheck"
	errorstestv1 "github.com/bia-go/bia/testdata/golden/errorstest/v1"
	omitemptyv1 "github.com/bia-go/bia/testdata/golden/httptest/omitempty/v1"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
	jsontestv1 "github.com/bia-go/bia/testdata/golden/jsontest/v1"
	pvtestv1 "github.com/bia-go/bia/testdata/golden/pvtest/v1"
	validatetestv1 "github.com/bia-go/bia/testdata/golden/validatetest/v1"
)

// files are the test protos with generated proto3 JSON code.
var files = []protoreflect.FileDescriptor{
	jsontestv1.File_jsontest_v1_types_proto, jsontestv1.File_jsontest_v1_other_proto,
	libpb.File_httptest_v1_library_proto, libpb.File_httptest_v1_errors_proto,
	omitemptyv1.File_httptest_omitempty_v1_echo_proto,
	errorstestv1.File_errorstest_v1_errors_proto, errorstestv1.File_errorstest_v1_plain_proto,
	validatetestv1.File_validatetest_v1_accounts_proto, pvtestv1.File_pvtest_v1_users_proto,
}

// TestMarshalDifferential marshals random messages of every type with the
// generated code and with protojson under every option set.
func TestMarshalDifferential(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 30
	}
	for _, mt := range jsoncheck.MessageTypes(files...) {
		t.Run(string(mt.Descriptor().FullName()), func(t *testing.T) {
			if err := jsoncheck.Random(mt, uint64(len(mt.Descriptor().FullName())), n); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestUnmarshalDifferential decodes protojson's output for random
// messages, and hand-written hostile inputs, with both decoders.
func TestUnmarshalDifferential(t *testing.T) {
	for _, mt := range jsoncheck.MessageTypes(files...) {
		t.Run(string(mt.Descriptor().FullName()), func(t *testing.T) {
			for _, err := range jsoncheck.Decode(mt) {
				t.Error(err)
			}
		})
	}
}

// FuzzUnmarshal decodes arbitrary input into every message type with both
// decoders: they must agree on acceptance and on the result.
func FuzzUnmarshal(f *testing.F) {
	types := jsoncheck.MessageTypes(files...)
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

// FuzzMarshal fills random messages from a fuzzed seed and compares both
// encoders.
func FuzzMarshal(f *testing.F) {
	types := jsoncheck.MessageTypes(files...)
	for i := range types {
		f.Add(uint8(i), uint64(i))
	}
	f.Fuzz(func(t *testing.T, which uint8, seed uint64) {
		mt := types[int(which)%len(types)]
		if err := jsoncheck.Random(mt, seed, 1); err != nil {
			t.Fatal(err)
		}
	})
}
