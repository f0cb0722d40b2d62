package servers

import (
	"context"
	"errors"
	"net/http"

	"connectrpc.com/connect"
	"google.golang.org/grpc/status"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/gen/benchpb/v1/benchpbconnect"
	"github.com/bia-go/bia/bench/internal/service"
)

// Connect returns connect-go serving svc with its default handler options,
// mounted on a net/http ServeMux as connect-go documents. Requests use the
// Connect protocol: POST /bench.v1.Inventory/<Method> with a JSON or binary
// body.
func Connect(svc *service.Service) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(benchpbconnect.NewInventoryHandler(connectServer{svc: svc}))
	return mux
}

// connectServer is svc as a benchpbconnect.InventoryHandler.
type connectServer struct {
	svc *service.Service
}

func (c connectServer) GetItem(ctx context.Context, req *connect.Request[benchpb.GetItemRequest]) (*connect.Response[benchpb.Item], error) {
	return connectReply(c.svc.GetItem(ctx, req.Msg))
}

func (c connectServer) CreateItem(ctx context.Context, req *connect.Request[benchpb.CreateItemRequest]) (*connect.Response[benchpb.Item], error) {
	return connectReply(c.svc.CreateItem(ctx, req.Msg))
}

func (c connectServer) UpdateItem(ctx context.Context, req *connect.Request[benchpb.UpdateItemRequest]) (*connect.Response[benchpb.Item], error) {
	return connectReply(c.svc.UpdateItem(ctx, req.Msg))
}

// connectReply wraps a service result for connect-go, turning a gRPC status
// error into the connect error with the same code (the two code sets are
// numbered alike).
func connectReply(item *benchpb.Item, err error) (*connect.Response[benchpb.Item], error) {
	if err != nil {
		if st, ok := status.FromError(err); ok {
			return nil, connect.NewError(connect.Code(st.Code()), errors.New(st.Message()))
		}
		return nil, err
	}
	return connect.NewResponse(item), nil
}
