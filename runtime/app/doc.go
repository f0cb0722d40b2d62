// Package app runs a service: it starts its transport servers together,
// registers the instance once they listen, waits for a signal, Stop, or a
// failure, then deregisters and stops the servers within a deadline, with
// hooks before and after starting and stopping. Every error along the way is
// returned, joined, none lost.
//
// A typical main:
//
//	func main() {
//		grpcSrv := grpc.NewServer(grpc.Address(":9000"))
//		httpSrv := http.NewServer(http.Address(":8000"))
//		pb.RegisterGreeterServer(grpcSrv, svc)
//		pb.RegisterGreeterHTTPServer(httpSrv, svc)
//
//		a := app.New(
//			app.Name("greeter"),
//			app.Version(version),
//			app.Server(grpcSrv, httpSrv),
//			app.Registrar(reg), // default: an in-memory registry
//			app.AfterStop(func(context.Context) error { return db.Close() }),
//		)
//		if err := a.Run(); err != nil { // until SIGINT or SIGTERM
//			slog.Error("greeter", "error", err)
//			os.Exit(1)
//		}
//	}
//
// Handlers and hooks find the app's ID, name, version, metadata and
// endpoints in their context with FromContext.
package app
