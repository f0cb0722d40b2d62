package servers

import (
	"context"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/service"
)

// Gateway returns grpc-gateway v2 serving svc in process: a
// runtime.NewServeMux with its defaults and the generated
// RegisterInventoryHandlerServer, which calls svc directly (no gRPC hop).
func Gateway(svc *service.Service) (http.Handler, error) {
	mux := runtime.NewServeMux()
	if err := benchpb.RegisterInventoryHandlerServer(context.Background(), mux, gatewayServer{svc: svc}); err != nil {
		return nil, err
	}
	return mux, nil
}

// gatewayServer is svc as a benchpb.InventoryServer.
type gatewayServer struct {
	benchpb.UnimplementedInventoryServer
	svc *service.Service
}

func (g gatewayServer) GetItem(ctx context.Context, req *benchpb.GetItemRequest) (*benchpb.Item, error) {
	return g.svc.GetItem(ctx, req)
}

func (g gatewayServer) CreateItem(ctx context.Context, req *benchpb.CreateItemRequest) (*benchpb.Item, error) {
	return g.svc.CreateItem(ctx, req)
}

func (g gatewayServer) UpdateItem(ctx context.Context, req *benchpb.UpdateItemRequest) (*benchpb.Item, error) {
	return g.svc.UpdateItem(ctx, req)
}
