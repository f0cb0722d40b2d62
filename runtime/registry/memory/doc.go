// Package memory is an in-process service registry: a registry.Registrar and
// registry.Discovery backed by a map. It is the app's default registrar, and
// it lets servers and clients in one process (tests, single-binary
// deployments) find each other without an external registry.
//
//	r := memory.New()
//	a := app.New(app.Name("helloworld"), app.Server(grpcSrv), app.Registrar(r))
//	go a.Run()
//
//	w, _ := r.Watch(ctx, "helloworld")
//	defer w.Stop()
//	instances, _ := w.Next() // the current set, then every change
//
// Instances go in and come out as copies, so callers can never change what
// the registry holds. Watchers hold no queue: a watcher that falls behind
// sees the newest set of instances on its next Next, and Register never
// waits for it.
package memory
