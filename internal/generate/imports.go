package generate

// The protos every project may import without a copy of its own: their
// descriptors are linked into bia, and protoimage.Compile resolves
// imports it finds nowhere else from the linked descriptors. Bia's
// errors/errors.proto is embedded by protoimage itself; the well-known
// types come with protobuf-go.
import (
	_ "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate" // buf/validate/validate.proto
	_ "github.com/envoyproxy/protoc-gen-validate/validate"                      // validate/validate.proto
	_ "github.com/google/gnostic-models/openapiv3"                              // openapiv3/annotations.proto
	_ "google.golang.org/genproto/googleapis/api/annotations"                   // google/api/{annotations,http,field_behavior,...}.proto
	_ "google.golang.org/genproto/googleapis/api/httpbody"                      // google/api/httpbody.proto
)
