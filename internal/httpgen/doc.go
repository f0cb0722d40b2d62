// Package httpgen is the generator of protoc-gen-go-http: it turns the
// google.api.http rules of .proto services into Go code that serves and
// calls them over HTTP with github.com/bia-go/bia/runtime/transport/http.
// The generated code keeps the public shape of Kratos's protoc-gen-go-http,
// so Kratos services move over unchanged.
//
// For a service Greeter with a method SayHello that has an HTTP route, the
// generated <name>_http.pb.go file declares:
//
//	const OperationGreeterSayHello = "/helloworld.v1.Greeter/SayHello"
//
//	type GreeterHTTPServer interface {
//		SayHello(context.Context, *HelloRequest) (*HelloReply, error)
//	}
//	func RegisterGreeterHTTPServer(s *http.Server, srv GreeterHTTPServer)
//
//	type GreeterHTTPClient interface {
//		SayHello(ctx context.Context, req *HelloRequest, opts ...http.CallOption) (*HelloReply, error)
//	}
//	type GreeterHTTPClientImpl struct{ /* unexported */ }
//	func NewGreeterHTTPClient(client *http.Client) GreeterHTTPClient
//
// The generated code is data plus calls into the runtime. Each rule is
// written once, as a variable _Service_MethodN_HTTPRule of type http.Rule
// (HTTP method, path template as written, body and response_body by proto
// name, operation), N counting the rule of google.api.http as 0 and its
// additional_bindings from 1 in order. The registration calls
// http.HandleUnary once per rule; NewXxxHTTPClient builds one
// http.UnaryClient per method, with the first rule of the method whose
// path a request can fill (no wildcard outside a variable), so a call
// compiles nothing. The comments of services and methods are carried
// over, and so is deprecation.
//
// # Which methods get routes
//
// A method gets the routes of its google.api.http rule. A method without
// a rule gets none, unless the generator runs with omitempty=false
// ([OmitEmpty]): then it gets POST /<package.Service>/<Method> with body
// "*", after an optional omitempty_prefix ([OmitEmptyPrefix]).
//
// Streaming methods have protoc-gen-go-grpc's signatures (grpc-go's
// generic grpc.ServerStreamingServer, ClientStreamingServer and
// BidiStreamingServer on the server, the matching ...Client types from
// the client), so one implementation serves both transports, and the
// generated HTTP code needs no _grpc.pb.go file. A server-streaming method
// is registered with HandleServerStream (newline-delimited JSON or
// Server-Sent Events); a client- or bidi-streaming one with
// HandleClientStream or HandleBidiStream, a WebSocket opened with GET on
// the rule's path whatever the rule's method (the route table says
// "(WebSocket)"), so two such routes conflict as GET routes. A service without routes gets no
// HTTP code, and a file without such services gets no file.
//
// # Checks
//
// Every rule is checked at generation time against google/api/http.proto
// and the HTTP mapping contract of Bia by httprule.Compile, the compiler
// the runtime registers routes with, so a rule that passes here registers
// and a rule that fails here fails there with the same message. Problems are
// plugin errors, never panics, all reported at once, and each names the
// file, the service, the method and the rule (`rule GET "/v1/{name}"`,
// `additional_bindings[0] POST "/v1/x"` or `default rule POST "/pkg.S/M"`):
//
//   - a rule without a pattern, a custom rule without a kind, a kind that is
//     not an HTTP method name, or the kind "*" (any method, not supported);
//     the checks of the method itself are httprule.CheckMethod's;
//   - an invalid path template (the error wraps the *httprule.Error, with
//     its offset);
//   - a path variable naming no field (names are proto names or JSON names,
//     dotted through singular message fields), a repeated, map or message
//     field (google.protobuf wrapper types are accepted: the runtime binds
//     them as scalars), or the same field twice;
//   - a body naming no top-level field of the request, or a body on a GET
//     rule (DELETE and custom methods may have one);
//   - a body field that is also a path variable ({name} with body "name");
//     a variable inside the body field ({book.name} with body "book", the
//     AIP-134 update) is allowed, the path value wins;
//   - a response_body naming no top-level field of the reply;
//   - additional_bindings inside an additional binding;
//   - two routes of one service (across methods and bindings) with the same
//     HTTP method that conflict: some request path matches both and neither
//     template is more specific (httprule.Compare is Equal or Ambiguous),
//     named both. A more specific template beside a less specific one
//     (/v1/users/me beside /v1/users/{id}) is fine: the runtime serves each
//     request by the most specific, as net/http.ServeMux does;
//   - a generated Go name that another generated name or a message or enum
//     of the Go package already takes.
//
// The selector field of a rule is ignored: in a method option the rule
// already belongs to its method.
//
// # Plugin
//
// The plugin binary, cmd/protoc-gen-go-http, is essentially:
//
//	func main() {
//		g := httpgen.New()
//		protogen.Options{ParamFunc: g.SetParameter}.Run(g.Run)
//	}
//
// The generator imports no runtime package: it names runtime/transport/http
// through protogen, which writes the imports.
package httpgen
