package grpcgen

import (
	"fmt"
	"strconv"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
)

// kind is how a method streams.
type kind int

const (
	unary kind = iota
	serverStreaming
	clientStreaming
	bidiStreaming
)

func kindOf(m *protogen.Method) kind {
	switch c, s := m.Desc.IsStreamingClient(), m.Desc.IsStreamingServer(); {
	case c && s:
		return bidiStreaming
	case c:
		return clientStreaming
	case s:
		return serverStreaming
	}
	return unary
}

// streamType is the grpc-go generic stream type of a streaming method,
// seen from side ("Client" or "Server").
func (sv service) streamType(m *protogen.Method, side string) string {
	g := sv.g
	in, out := g.QualifiedGoIdent(m.Input.GoIdent), g.QualifiedGoIdent(m.Output.GoIdent)
	switch kindOf(m) {
	case bidiStreaming:
		return g.QualifiedGoIdent(grpcPkg.Ident("BidiStreaming"+side)) + "[" + in + ", " + out + "]"
	case clientStreaming:
		return g.QualifiedGoIdent(grpcPkg.Ident("ClientStreaming"+side)) + "[" + in + ", " + out + "]"
	}
	return g.QualifiedGoIdent(grpcPkg.Ident("ServerStreaming"+side)) + "[" + out + "]"
}

func (sv service) genericStream(m *protogen.Method, side string) string {
	g := sv.g
	return g.QualifiedGoIdent(grpcPkg.Ident("Generic"+side+"Stream")) + "[" +
		g.QualifiedGoIdent(m.Input.GoIdent) + ", " + g.QualifiedGoIdent(m.Output.GoIdent) + "]"
}

func (sv service) clientSignature(m *protogen.Method) string {
	g := sv.g
	var b strings.Builder
	b.WriteString(m.GoName + "(ctx " + g.QualifiedGoIdent(contextPkg.Ident("Context")))
	if k := kindOf(m); k == unary || k == serverStreaming {
		b.WriteString(", in *" + g.QualifiedGoIdent(m.Input.GoIdent))
	}
	b.WriteString(", opts ..." + g.QualifiedGoIdent(grpcPkg.Ident("CallOption")) + ") (")
	if kindOf(m) == unary {
		b.WriteString("*" + g.QualifiedGoIdent(m.Output.GoIdent))
	} else {
		b.WriteString(sv.streamType(m, "Client"))
	}
	b.WriteString(", error)")
	return b.String()
}

func (sv service) serverSignature(m *protogen.Method) string {
	g := sv.g
	switch kindOf(m) {
	case unary:
		return m.GoName + "(" + g.QualifiedGoIdent(contextPkg.Ident("Context")) + ", *" + g.QualifiedGoIdent(m.Input.GoIdent) +
			") (*" + g.QualifiedGoIdent(m.Output.GoIdent) + ", error)"
	case serverStreaming:
		return m.GoName + "(*" + g.QualifiedGoIdent(m.Input.GoIdent) + ", " + sv.streamType(m, "Server") + ") error"
	}
	return m.GoName + "(" + sv.streamType(m, "Server") + ") error"
}

const aliasComment = "// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name."

func (sv service) writeClient() {
	g, client := sv.g, sv.name("Client")
	g.P("// ", client, " is the client API for ", sv.s.GoName, " service.")
	g.P("//")
	g.P("// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.")
	sv.serviceComment()
	g.AnnotateSymbol(client, protogen.Annotation{Location: sv.s.Location})
	g.P("type ", client, " interface {")
	sv.interfaceMethods(sv.clientSignature)
	g.P("}")
	g.P()
	g.P("type ", unexport(client), " struct {")
	g.P("cc ", grpcPkg.Ident("ClientConnInterface"))
	g.P("}")
	g.P()
	if sv.deprecated() {
		g.P(deprecated)
	}
	g.P("func New", client, " (cc ", grpcPkg.Ident("ClientConnInterface"), ") ", client, " {")
	g.P("return &", unexport(client), "{cc}")
	g.P("}")
	g.P()
	streams := 0
	for _, m := range sv.s.Methods {
		if methodDeprecated(m) {
			g.P(deprecated)
		}
		g.P("func (c *", unexport(client), ") ", sv.clientSignature(m), "{")
		g.P("cOpts := append([]", grpcPkg.Ident("CallOption"), "{", grpcPkg.Ident("StaticMethod()"), "}, opts...)")
		if kindOf(m) == unary {
			g.P("out := new(", m.Output.GoIdent, ")")
			g.P("err := c.cc.Invoke(ctx, ", sv.fullMethodConst(m), ", in, out, cOpts...)")
			g.P("if err != nil { return nil, err }")
			g.P("return out, nil")
			g.P("}")
			g.P()
			continue
		}
		g.P("stream, err := c.cc.NewStream(ctx, &", sv.name("_ServiceDesc"), ".Streams[", streams, "], ", sv.fullMethodConst(m), ", cOpts...)")
		streams++
		g.P("if err != nil { return nil, err }")
		g.P("x := &", sv.genericStream(m, "Client"), "{ClientStream: stream}")
		if kindOf(m) == serverStreaming {
			g.P("if err := x.ClientStream.SendMsg(in); err != nil { return nil, err }")
			g.P("if err := x.ClientStream.CloseSend(); err != nil { return nil, err }")
		}
		g.P("return x, nil")
		g.P("}")
		g.P()
		g.P(aliasComment)
		g.P("type ", sv.s.GoName, "_", m.GoName, "Client = ", sv.streamType(m, "Client"))
		g.P()
	}
}

func (sv service) writeServer() {
	g, server := sv.g, sv.name("Server")
	g.P("// ", server, " is the server API for ", sv.s.GoName, " service.")
	g.P("// All implementations must embed Unimplemented", server)
	g.P("// for forward compatibility.")
	sv.serviceComment()
	g.AnnotateSymbol(server, protogen.Annotation{Location: sv.s.Location})
	g.P("type ", server, " interface {")
	sv.interfaceMethods(sv.serverSignature)
	g.P("mustEmbedUnimplemented", server, "()")
	g.P("}")
	g.P()

	unimpl := "Unimplemented" + server
	g.P("// ", unimpl, " must be embedded to have")
	g.P("// forward compatible implementations.")
	g.P("//")
	g.P("// NOTE: this should be embedded by value instead of pointer to avoid a nil")
	g.P("// pointer dereference when methods are called.")
	g.P("type ", unimpl, " struct {}")
	g.P()
	for _, m := range sv.s.Methods {
		results := ""
		if kindOf(m) == unary {
			results = "nil,"
		}
		g.P("func (", unimpl, ") ", sv.serverSignature(m), "{")
		g.P("return ", results, statusPkg.Ident("Error"), "(", codesPkg.Ident("Unimplemented"), `, "method `, m.GoName, ` not implemented")`)
		g.P("}")
	}
	g.P("func (", unimpl, ") mustEmbed", unimpl, "() {}")
	g.P("func (", unimpl, ") testEmbeddedByValue() {}")
	g.P()

	g.P("// Unsafe", server, " may be embedded to opt out of forward compatibility for this service.")
	g.P("// Use of this interface is not recommended, as added methods to ", server, " will")
	g.P("// result in compilation errors.")
	g.P("type Unsafe", server, " interface {")
	g.P("mustEmbed", unimpl, "()")
	g.P("}")
	if sv.deprecated() {
		g.P(deprecated)
	}
	g.P("func Register", server, "(s ", grpcPkg.Ident("ServiceRegistrar"), ", srv ", server, ") {")
	g.P("// If the following call panics, it indicates ", unimpl, " was")
	g.P("// embedded by pointer and is nil.  This will cause panics if an")
	g.P("// unimplemented method is ever invoked, so we test this at initialization")
	g.P("// time to prevent it from happening at runtime later due to I/O.")
	g.P("if t, ok := srv.(interface { testEmbeddedByValue() }); ok {")
	g.P("t.testEmbeddedByValue()")
	g.P("}")
	g.P("s.RegisterService(&", sv.name("_ServiceDesc"), ", srv)")
	g.P("}")
	g.P()
}

func handlerName(s *protogen.Service, m *protogen.Method) string {
	return fmt.Sprintf("_%s_%s_Handler", s.GoName, m.GoName)
}

func (sv service) writeHandlers() {
	g, server := sv.g, sv.name("Server")
	for _, m := range sv.s.Methods {
		h := handlerName(sv.s, m)
		switch kindOf(m) {
		case unary:
			g.P("func ", h, "(srv interface{}, ctx ", contextPkg.Ident("Context"), ", dec func(interface{}) error, interceptor ", grpcPkg.Ident("UnaryServerInterceptor"), ") (interface{}, error) {")
			g.P("in := new(", m.Input.GoIdent, ")")
			g.P("if err := dec(in); err != nil { return nil, err }")
			g.P("if interceptor == nil { return srv.(", server, ").", m.GoName, "(ctx, in) }")
			g.P("info := &", grpcPkg.Ident("UnaryServerInfo"), "{")
			g.P("Server: srv,")
			g.P("FullMethod: ", sv.fullMethodConst(m), ",")
			g.P("}")
			g.P("handler := func(ctx ", contextPkg.Ident("Context"), ", req interface{}) (interface{}, error) {")
			g.P("return srv.(", server, ").", m.GoName, "(ctx, req.(*", m.Input.GoIdent, "))")
			g.P("}")
			g.P("return interceptor(ctx, in, info, handler)")
			g.P("}")
			g.P()
			continue
		case serverStreaming:
			g.P("func ", h, "(srv interface{}, stream ", grpcPkg.Ident("ServerStream"), ") error {")
			g.P("m := new(", m.Input.GoIdent, ")")
			g.P("if err := stream.RecvMsg(m); err != nil { return err }")
			g.P("return srv.(", server, ").", m.GoName, "(m, &", sv.genericStream(m, "Server"), "{ServerStream: stream})")
		default:
			g.P("func ", h, "(srv interface{}, stream ", grpcPkg.Ident("ServerStream"), ") error {")
			g.P("return srv.(", server, ").", m.GoName, "(&", sv.genericStream(m, "Server"), "{ServerStream: stream})")
		}
		g.P("}")
		g.P()
		g.P(aliasComment)
		g.P("type ", sv.s.GoName, "_", m.GoName, "Server = ", sv.streamType(m, "Server"))
		g.P()
	}
}

func (sv service) writeDesc() {
	g, desc := sv.g, sv.name("_ServiceDesc")
	g.P("// ", desc, " is the ", grpcPkg.Ident("ServiceDesc"), " for ", sv.s.GoName, " service.")
	g.P("// It's only intended for direct use with ", grpcPkg.Ident("RegisterService"), ",")
	g.P("// and not to be introspected or modified (even as a copy)")
	g.P("var ", desc, " = ", grpcPkg.Ident("ServiceDesc"), " {")
	g.P("ServiceName: ", strconv.Quote(string(sv.s.Desc.FullName())), ",")
	g.P("HandlerType: (*", sv.name("Server"), ")(nil),")
	g.P("Methods: []", grpcPkg.Ident("MethodDesc"), "{")
	for _, m := range sv.s.Methods {
		if kindOf(m) == unary {
			g.P("{")
			g.P("MethodName: ", quote(m.Desc.Name()), ",")
			g.P("Handler: ", handlerName(sv.s, m), ",")
			g.P("},")
		}
	}
	g.P("},")
	g.P("Streams: []", grpcPkg.Ident("StreamDesc"), "{")
	for _, m := range sv.s.Methods {
		k := kindOf(m)
		if k == unary {
			continue
		}
		g.P("{")
		g.P("StreamName: ", quote(m.Desc.Name()), ",")
		g.P("Handler: ", handlerName(sv.s, m), ",")
		if k == serverStreaming || k == bidiStreaming {
			g.P("ServerStreams: true,")
		}
		if k == clientStreaming || k == bidiStreaming {
			g.P("ClientStreams: true,")
		}
		g.P("},")
	}
	g.P("},")
	g.P("Metadata: \"", sv.file.Desc.Path(), "\",")
	g.P("}")
	g.P()
}
