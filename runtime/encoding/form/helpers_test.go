package form_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// richProto declares a message with every kind of field the binder
// handles: all scalar kinds, enums, optional fields, repeated fields, maps
// with every key kind, nested and recursive messages, oneofs, custom JSON
// names and the well-known types.
const richProto = `
syntax = "proto3";
package formtest.v1;

import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
import "formtest/v1/legacy.proto";

enum Kind {
  KIND_UNSPECIFIED = 0;
  KIND_BOOK = 1;
  KIND_FILM = 2;
}

message Filter {
  Kind kind = 1;
  string query = 2;
  Filter child = 3;
  repeated string labels = 4;
}

message Item { string name = 1; }

message Rich {
  double f_double = 1;
  float f_float = 2;
  int32 f_int32 = 3;
  int64 f_int64 = 4;
  uint32 f_uint32 = 5;
  uint64 f_uint64 = 6;
  sint32 f_sint32 = 7;
  sint64 f_sint64 = 8;
  fixed32 f_fixed32 = 9;
  fixed64 f_fixed64 = 10;
  sfixed32 f_sfixed32 = 11;
  sfixed64 f_sfixed64 = 12;
  bool f_bool = 13;
  string f_string = 14;
  bytes f_bytes = 15;
  Kind f_enum = 16;
  optional int32 opt_int32 = 17;
  optional string opt_string = 18;
  string custom = 19 [json_name = "customJSON"];

  repeated int32 r_int32 = 20;
  repeated string r_string = 21;
  repeated Kind r_enum = 22;
  repeated bytes r_bytes = 23;
  repeated double r_double = 24;
  repeated google.protobuf.Timestamp r_ts = 25;
  repeated google.protobuf.Value r_value = 26;
  repeated Item items = 27;
  repeated bool r_bool = 28;

  map<string, string> m_string = 30;
  map<int32, int64> m_int32 = 31;
  map<bool, Kind> m_bool = 32;
  map<uint64, double> m_uint64 = 33;
  map<int64, google.protobuf.Duration> m_dur = 34;
  map<string, Item> m_item = 35;
  map<sint32, bytes> m_sint32 = 36;
  map<string, google.protobuf.Value> m_value = 37;
  map<fixed32, uint32> m_fixed32 = 38;

  Filter filter = 40;
  google.protobuf.Any any = 41;
  google.protobuf.Empty empty = 42;
  Rich child = 43;
  formtest.v1.Legacy legacy = 44;

  google.protobuf.Timestamp ts = 50;
  google.protobuf.Duration dur = 51;
  google.protobuf.FieldMask mask = 52;
  google.protobuf.Int32Value w_int32 = 53;
  google.protobuf.Int64Value w_int64 = 54;
  google.protobuf.UInt32Value w_uint32 = 55;
  google.protobuf.UInt64Value w_uint64 = 56;
  google.protobuf.FloatValue w_float = 57;
  google.protobuf.DoubleValue w_double = 58;
  google.protobuf.BoolValue w_bool = 59;
  google.protobuf.StringValue w_string = 60;
  google.protobuf.BytesValue w_bytes = 61;
  google.protobuf.Struct st = 62;
  google.protobuf.Value val = 63;
  google.protobuf.ListValue list = 64;
  google.protobuf.NullValue null = 65;

  oneof choice {
    string c_name = 70;
    int32 c_id = 71;
    Filter c_filter = 72;
  }
}

// ListRequest is the shape of the benchmark query.
message ListRequest {
  int64 id = 1;
  string name = 2;
  repeated string tags = 3;
  Filter filter = 4;
  int32 page_size = 5;
}
`

// legacyProto is proto2: closed enums, explicit presence and groups.
const legacyProto = `
syntax = "proto2";
package formtest.v1;

enum Closed {
  CLOSED_ZERO = 0;
  CLOSED_ONE = 1;
}

message Legacy {
  optional Closed closed = 1;
  repeated Closed closed_list = 2;
  optional string name = 3;
  optional group Grp = 4 {
    optional int32 a = 5;
  }
}
`

// descriptor compiles the test protos and returns the named message of
// package formtest.v1.
func descriptor(t testing.TB, name string) protoreflect.MessageDescriptor {
	t.Helper()
	compiler := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: protocompile.SourceAccessorFromMap(map[string]string{
				"formtest/v1/rich.proto":   richProto,
				"formtest/v1/legacy.proto": legacyProto,
			}),
		}),
	}
	files, err := compiler.Compile(context.Background(), "formtest/v1/rich.proto")
	if err != nil {
		t.Fatalf("compiling test protos: %v", err)
	}
	d, err := files.AsResolver().FindDescriptorByName(protoreflect.FullName("formtest.v1." + name))
	if err != nil {
		t.Fatalf("finding %s: %v", name, err)
	}
	md, ok := d.(protoreflect.MessageDescriptor)
	if !ok {
		t.Fatalf("%s is a %T, not a message", name, d)
	}
	return md
}

// fromText returns a new message of type md holding the prototext txt.
func fromText(t testing.TB, md protoreflect.MessageDescriptor, txt string) *dynamicpb.Message {
	t.Helper()
	m := dynamicpb.NewMessage(md)
	if err := prototext.Unmarshal([]byte(txt), m); err != nil {
		t.Fatalf("prototext %q: %v", txt, err)
	}
	return m
}

// parseQuery parses a raw query written by a test.
func parseQuery(t testing.TB, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	return v
}

// diff compares messages, NaN equal to NaN.
func diff(want, got any) string {
	return cmp.Diff(want, got, protocmp.Transform(), cmpopts.EquateNaNs())
}

// asFormError returns err as an *form.Error, failing the test if it is not
// one.
func asFormError(t testing.TB, err error) *form.Error {
	t.Helper()
	var fe *form.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *form.Error", err, err)
	}
	return fe
}
