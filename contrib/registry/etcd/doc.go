// Package etcd is a service registry on etcd: a registry.Registrar for
// apps and a registry.Discovery for clients routed by discovery
// (discovery:///name).
//
// An instance is stored under namespace/name/id ("/microservices" by
// default) as the JSON of registry.ServiceInstance, the layout and shape
// of Kratos's etcd registry, so Kratos and Bia services can find each
// other. It lives under a lease that the registry keeps alive and takes
// again if it is lost; watches resume from their last revision, and list
// again after a compaction.
//
//	client, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}})
//	if err != nil {
//		return err
//	}
//	reg := etcd.New(client)
//	defer reg.Close()
//
//	app.New(app.Name("helloworld"), app.Registrar(reg), app.Server(hs, gs)).Run()
//
//	// elsewhere, a client of helloworld:
//	conn, err := grpc.DialInsecure(ctx, grpc.WithEndpoint("discovery:///helloworld"), grpc.WithDiscovery(reg))
//
// The module is separate from Bia's core so that services that do not use
// etcd do not link its client.
package etcd
