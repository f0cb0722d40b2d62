// Package registry defines how services publish themselves and how clients
// find them: a Registrar registers and deregisters ServiceInstances, a
// Discovery lists them and Watches them change. The shapes are those of
// Kratos, so registry implementations and callers written for Kratos carry
// over.
//
// Implementations live in sub-packages: memory (in-process, the app's
// default) and, for several machines, etcd.
//
// A client follows a service and picks the gRPC endpoint of each instance:
//
//	w, err := discovery.Watch(ctx, "helloworld")
//	if err != nil {
//		return err
//	}
//	defer w.Stop()
//	for {
//		instances, err := w.Next() // the current set first, then every change
//		if err != nil {
//			return err // context.Canceled after Stop, or ctx.Err()
//		}
//		for _, in := range instances {
//			if u, ok := registry.Endpoint(in, "grpc"); ok {
//				slog.Info("instance", "id", in.ID, "addr", u.Host)
//			}
//		}
//	}
package registry
