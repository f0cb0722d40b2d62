// Package service is the one implementation of the bench.v1.Inventory
// methods that every framework of the benchmarks serves, so the benchmarks
// measure the frameworks and not the business logic. Each method builds a
// fully populated Item (every field set, so frameworks that emit unpopulated
// fields write the same JSON as those that do not) from the request, so a
// binding mistake shows in the reply.
//
//	svc := service.New()
//	item, err := svc.GetItem(ctx, &benchpb.GetItemRequest{Shelf: "s1", Item: "i1"})
//
// Errors are gRPC status errors (codes.InvalidArgument), which every
// framework under test can map to an HTTP status.
package service
