package kratostest_test

import (
	"context"
	"io"
	nethttp "net/http"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"google.golang.org/protobuf/reflect/protoregistry"

	biapb "github.com/bia-go/bia/internal/kratostest/gen/biastyle/v1"
	kratospb "github.com/bia-go/bia/internal/kratostest/gen/kratosstyle/v1"
	errorspb "github.com/bia-go/bia/proto/errors"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
)

// users serves the Kratos-style service on every server, Bia's and
// Kratos's: the generated gRPC and HTTP interfaces have the same methods.
type users struct {
	kratospb.UnimplementedUsersServer
	kratosErrors bool // fail with Kratos's errors, as a Kratos handler does
}

func (u users) GetUser(_ context.Context, in *kratospb.GetUserRequest) (*kratospb.User, error) {
	if in.GetId() == "missing" {
		if u.kratosErrors {
			return nil, kerrors.NotFound(kratospb.ErrorReason_USER_NOT_FOUND.String(), "no user "+in.GetId())
		}
		return nil, kratospb.ErrorUserNotFound("no user %s", in.GetId())
	}
	return &kratospb.User{Id: in.GetId(), Name: "Ann"}, nil
}

// orders serves the Bia-style service.
type orders struct {
	biapb.UnimplementedOrdersServer
}

func (orders) GetOrder(_ context.Context, in *biapb.GetOrderRequest) (*biapb.Order, error) {
	if in.GetId() == "missing" {
		return nil, biapb.ErrorOrderNotFound("no order %s", in.GetId())
	}
	return &biapb.Order{Id: in.GetId(), Total: 42}, nil
}

// server is what both frameworks' servers can do.
type server interface {
	Start(context.Context) error
	Stop(context.Context) error
}

func run(t *testing.T, s server) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.Start(context.Background()) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Stop(ctx)
		if err := <-done; err != nil && err != nethttp.ErrServerClosed {
			t.Errorf("Start: %v", err)
		}
	})
}

// TestKratosAndBiaInOneProcess starts Kratos's HTTP and gRPC servers and
// Bia's next to them, and calls across: typed errors of both styles of
// proto reach Bia's clients, a Kratos client reads Bia's errors and a Bia
// client Kratos's.
func TestKratosAndBiaInOneProcess(t *testing.T) {
	// errors/errors.proto is registered once, by Kratos's package.
	fd, err := protoregistry.GlobalFiles.FindFileByPath(errorspb.Path)
	if err != nil || fd.Options() == nil {
		t.Fatalf("errors/errors.proto: %v", err)
	}
	if errorspb.Register() {
		t.Error("Bia registered errors/errors.proto beside Kratos's")
	}

	kh := khttp.NewServer(khttp.Address("127.0.0.1:0"))
	kh.Route("/").GET("/kratos/ping", func(ctx khttp.Context) error { return ctx.String(200, "pong") })
	kg := kgrpc.NewServer(kgrpc.Address("127.0.0.1:0"))
	kratospb.RegisterUsersServer(kg, users{kratosErrors: true})
	khEndpoint, err := kh.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	kgEndpoint, err := kg.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	run(t, kh)
	run(t, kg)

	bh := http.NewServer(http.Address("127.0.0.1:0"))
	kratospb.RegisterUsersHTTPServer(bh, users{})
	biapb.RegisterOrdersHTTPServer(bh, orders{})
	bg := grpc.NewServer(grpc.Address("127.0.0.1:0"))
	kratospb.RegisterUsersServer(bg, users{})
	biapb.RegisterOrdersServer(bg, orders{})
	bhEndpoint, err := bh.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	bgEndpoint, err := bg.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	run(t, bh)
	run(t, bg)
	ctx := t.Context()

	// Bia's HTTP client, both styles.
	hc, err := http.NewClient(ctx, http.WithEndpoint(bhEndpoint.Host))
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Close()
	if u, err := kratospb.NewUsersHTTPClient(hc).GetUser(ctx, &kratospb.GetUserRequest{Id: "7"}); err != nil || u.GetName() != "Ann" {
		t.Errorf("GetUser over Bia's HTTP: %v, %v", u, err)
	}
	if _, err := kratospb.NewUsersHTTPClient(hc).GetUser(ctx, &kratospb.GetUserRequest{Id: "missing"}); !kratospb.IsUserNotFound(err) {
		t.Errorf("GetUser(missing) over Bia's HTTP: %v, want USER_NOT_FOUND", err)
	}
	if _, err := biapb.NewOrdersHTTPClient(hc).GetOrder(ctx, &biapb.GetOrderRequest{Id: "missing"}); !biapb.IsOrderNotFound(err) {
		t.Errorf("GetOrder(missing) over Bia's HTTP: %v, want ORDER_NOT_FOUND", err)
	}

	// Bia's gRPC server, read by Bia's client and by Kratos's.
	bconn, err := grpc.DialInsecure(ctx, grpc.WithEndpoint(bgEndpoint.Host))
	if err != nil {
		t.Fatal(err)
	}
	defer bconn.Close()
	_, err = kratospb.NewUsersClient(bconn).GetUser(ctx, &kratospb.GetUserRequest{Id: "missing"})
	if !kratospb.IsUserNotFound(err) {
		t.Errorf("GetUser(missing) over Bia's gRPC: %v, want USER_NOT_FOUND", err)
	}
	kconn, err := kgrpc.DialInsecure(ctx, kgrpc.WithEndpoint(bgEndpoint.Host))
	if err != nil {
		t.Fatal(err)
	}
	defer kconn.Close()
	_, err = biapb.NewOrdersClient(kconn).GetOrder(ctx, &biapb.GetOrderRequest{Id: "missing"})
	if ke := kerrors.FromError(err); ke.Code != 404 || ke.Reason != "ORDER_NOT_FOUND" {
		t.Errorf("GetOrder(missing) from Bia's gRPC read by Kratos: %v", err)
	}

	// Kratos's gRPC server, read by Bia's client.
	kgconn, err := grpc.DialInsecure(ctx, grpc.WithEndpoint(kgEndpoint.Host))
	if err != nil {
		t.Fatal(err)
	}
	defer kgconn.Close()
	_, err = kratospb.NewUsersClient(kgconn).GetUser(ctx, &kratospb.GetUserRequest{Id: "missing"})
	if e := errors.FromError(err); !kratospb.IsUserNotFound(err) || e.Message != "no user missing" {
		t.Errorf("GetUser(missing) from Kratos's gRPC read by Bia: %v, want USER_NOT_FOUND", err)
	}

	// Kratos's HTTP server.
	resp, err := nethttp.Get("http://" + khEndpoint.Host + "/kratos/ping")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "pong" {
		t.Errorf("Kratos's HTTP server: %s %q", resp.Status, body)
	}
}
