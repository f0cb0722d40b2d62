package errorspb

import (
	_ "embed" // the source of errors/errors.proto

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// Path is the import path of the file.
const Path = "errors/errors.proto"

//go:embed errors.proto
var source string

// Source returns the text of errors/errors.proto, for tools that compile
// protos importing it (bia generate, plugin tests).
func Source() string { return source }

// Descriptor returns the descriptor of errors/errors.proto, built from
// the descriptors linked into the binary (google/protobuf/descriptor.proto)
// without registering it.
func Descriptor() (protoreflect.FileDescriptor, error) {
	return protodesc.NewFile(FileProto(), protoregistry.GlobalFiles)
}

// Register adds errors/errors.proto to protoregistry.GlobalFiles unless a
// file of that path is there already (Kratos's errors package registers
// its copy at init). It is safe to call more than once and concurrently;
// it reports whether it added the file.
func Register() bool {
	if _, err := protoregistry.GlobalFiles.FindFileByPath(Path); err == nil {
		return false
	}
	fd, err := Descriptor()
	if err != nil {
		return false
	}
	return protoregistry.GlobalFiles.RegisterFile(fd) == nil
}

// FileProto returns the FileDescriptorProto of errors/errors.proto, as
// protoc compiles it from Source (a test checks they agree).
func FileProto() *descriptorpb.FileDescriptorProto {
	int32Field := func(name, json string, num int32) *descriptorpb.FieldDescriptorProto {
		return &descriptorpb.FieldDescriptorProto{
			Name: proto.String(name), JsonName: proto.String(json), Number: proto.Int32(num),
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
			Type:  descriptorpb.FieldDescriptorProto_TYPE_INT32.Enum(),
		}
	}
	stringField := func(name string, num int32) *descriptorpb.FieldDescriptorProto {
		return &descriptorpb.FieldDescriptorProto{
			Name: proto.String(name), JsonName: proto.String(name), Number: proto.Int32(num),
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
			Type:  descriptorpb.FieldDescriptorProto_TYPE_STRING.Enum(),
		}
	}
	metadata := &descriptorpb.FieldDescriptorProto{
		Name: proto.String("metadata"), JsonName: proto.String("metadata"), Number: proto.Int32(4),
		Label:    descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum(),
		Type:     descriptorpb.FieldDescriptorProto_TYPE_MESSAGE.Enum(),
		TypeName: proto.String(".errors.Status.MetadataEntry"),
	}
	extension := func(name, json string, num int32, extendee string) *descriptorpb.FieldDescriptorProto {
		f := int32Field(name, json, num)
		f.Extendee = proto.String(extendee)
		return f
	}
	return &descriptorpb.FileDescriptorProto{
		Name:       proto.String(Path),
		Package:    proto.String("errors"),
		Dependency: []string{"google/protobuf/descriptor.proto"},
		MessageType: []*descriptorpb.DescriptorProto{{
			Name:  proto.String("Status"),
			Field: []*descriptorpb.FieldDescriptorProto{int32Field("code", "code", 1), stringField("reason", 2), stringField("message", 3), metadata},
			NestedType: []*descriptorpb.DescriptorProto{{
				Name:    proto.String("MetadataEntry"),
				Field:   []*descriptorpb.FieldDescriptorProto{stringField("key", 1), stringField("value", 2)},
				Options: &descriptorpb.MessageOptions{MapEntry: proto.Bool(true)},
			}},
		}},
		Extension: []*descriptorpb.FieldDescriptorProto{
			extension("default_code", "defaultCode", 1108, ".google.protobuf.EnumOptions"),
			extension("code", "code", 1109, ".google.protobuf.EnumValueOptions"),
		},
		Options: &descriptorpb.FileOptions{GoPackage: proto.String("github.com/bia-go/bia/proto/errors;errorspb")},
		Syntax:  proto.String("proto3"),
	}
}
