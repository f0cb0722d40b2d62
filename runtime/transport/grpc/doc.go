// Package grpc is Bia's gRPC transport: a Server the app starts and stops,
// and Dial/DialInsecure for clients. Both run Bia middleware around unary
// calls and put a Transporter (kind "grpc", endpoint, operation, metadata
// headers) in the call's context, so the same middleware serves HTTP and
// gRPC.
//
// A server registers generated services on itself, as with Kratos:
//
//	srv := grpc.NewServer(
//		grpc.Address(":9000"),
//		grpc.Middleware(recovery.Recovery(), metadata.Server()),
//	)
//	pb.RegisterGreeterServer(srv, greeter)
//	go func() { errc <- srv.Start(ctx) }()
//	...
//	err := srv.Stop(shutdownCtx) // drains in-flight calls until shutdownCtx ends
//
// The server also serves grpc.health.v1.Health (NOT_SERVING as soon as Stop
// begins) and server reflection, unless disabled.
//
// Handlers return *errors.Error values (package
// github.com/bia-go/bia/runtime/errors) to send a code, reason, message and
// metadata; the client receives them back as *errors.Error. A gRPC status
// returned by a handler passes through unchanged, and context errors travel
// as 504 GATEWAY_TIMEOUT / 499 CLIENT_CLOSED. Any other error reaches the
// client as 13 INTERNAL with a generic message, its text logged on the
// server only.
//
// A client dials a target and hands the connection to generated code:
//
//	conn, err := grpc.DialInsecure(ctx,
//		grpc.WithEndpoint("127.0.0.1:9000"),
//		grpc.WithMiddleware(metadata.Client()),
//	)
//	if err != nil { ... }
//	defer conn.Close()
//	reply, err := pb.NewGreeterClient(conn).SayHello(ctx, req)
//	if errors.IsNotFound(err) { ... }
//
// Middleware runs on streams too, on both sides, once per stream (see
// middleware.Stream): a server-streaming handler's chain sees the request
// as a unary one does; per-message work goes in the stream's OnReceive and
// OnSend hooks, which the validation middleware uses to check every
// message a client streams. Stream errors are *errors.Error on the client,
// as unary ones.
//
// This package imports google.golang.org/grpc itself; importing both in one
// file needs an alias for one of them.
package grpc
