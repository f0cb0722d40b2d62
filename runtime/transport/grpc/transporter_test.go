package grpc_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	grpcmd "google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	biamd "github.com/bia-go/bia/runtime/metadata"
	"github.com/bia-go/bia/runtime/middleware"
	mdmw "github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/transport"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
)

// seen is what a middleware observed of its Transporter.
type seen struct {
	Kind      transport.Kind
	Endpoint  string
	Operation string
	Header    map[string]string // selected request header keys
	Reply     string            // reply header "x-reply", client side
}

func observe(tr transport.Transporter, keys ...string) seen {
	s := seen{Kind: tr.Kind(), Endpoint: tr.Endpoint(), Operation: tr.Operation(), Header: map[string]string{}}
	for _, k := range keys {
		s.Header[k] = tr.RequestHeader().Get(k)
	}
	return s
}

func TestTransporterOnBothSides(t *testing.T) {
	serverSaw := make(chan seen, 1)
	serverMW := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromServerContext(ctx)
			if !ok {
				return nil, errors.InternalServer("NO_TRANSPORTER", "server transporter missing")
			}
			serverSaw <- observe(tr, "x-custom", "x-caller")
			tr.ReplyHeader().Set("X-Reply", "from-server")
			return next(ctx, req)
		}
	}
	clientSaw := make(chan seen, 1)
	clientMW := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromClientContext(ctx)
			if !ok {
				return nil, errors.InternalServer("NO_TRANSPORTER", "client transporter missing")
			}
			tr.RequestHeader().Set("X-Custom", "from-client")
			s := observe(tr, "x-custom", "x-caller")
			reply, err := next(ctx, req)
			s.Reply = tr.ReplyHeader().Get("x-reply")
			clientSaw <- s
			return reply, err
		}
	}
	srv, addr := startServer(t, echoBack(), biagrpc.Middleware(serverMW))
	ep, _ := srv.Endpoint()
	cc := dial(t, addr, biagrpc.WithMiddleware(clientMW))

	ctx := grpcmd.AppendToOutgoingContext(context.Background(), "x-caller", "app")
	var header grpcmd.MD
	if _, err := callEcho(ctx, cc, "x", gogrpc.Header(&header)); err != nil {
		t.Fatal(err)
	}
	headers := map[string]string{"x-custom": "from-client", "x-caller": "app"}
	wantServer := seen{Kind: transport.KindGRPC, Endpoint: ep.String(), Operation: echoMethod, Header: headers}
	if diff := cmp.Diff(wantServer, <-serverSaw); diff != "" {
		t.Errorf("server transporter (-want +got):\n%s", diff)
	}
	wantClient := seen{Kind: transport.KindGRPC, Endpoint: addr, Operation: echoMethod, Header: headers, Reply: "from-server"}
	if diff := cmp.Diff(wantClient, <-clientSaw); diff != "" {
		t.Errorf("client transporter (-want +got):\n%s", diff)
	}
	if got := header.Get("x-reply"); len(got) != 1 || got[0] != "from-server" {
		t.Errorf("caller's grpc.Header x-reply = %q, want [from-server]", got)
	}
}

func TestStreamsGetTransporterAndErrors(t *testing.T) {
	e := &echo{stream: func(in *wrapperspb.StringValue, ss gogrpc.ServerStream) error {
		tr, ok := transport.FromServerContext(ss.Context())
		if !ok {
			return errors.InternalServer("NO_TRANSPORTER", "stream transporter missing")
		}
		tr.ReplyHeader().Set("x-stream", "yes")
		for _, v := range []string{tr.Operation(), tr.RequestHeader().Get("x-caller"), in.GetValue()} {
			if err := ss.SendMsg(wrapperspb.String(v)); err != nil {
				return err
			}
		}
		return errors.NotFound("STREAM_DONE", "no more")
	}}
	_, addr := startServer(t, e)
	cc := dial(t, addr)
	ctx, cancel := context.WithCancel(grpcmd.AppendToOutgoingContext(context.Background(), "x-caller", "app"))
	defer cancel()
	stream, err := cc.NewStream(ctx, &gogrpc.StreamDesc{ServerStreams: true}, countMethod)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.SendMsg(wrapperspb.String("in")); err != nil {
		t.Fatal(err)
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	header, err := stream.Header()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		msg := new(wrapperspb.StringValue)
		if err = stream.RecvMsg(msg); err != nil {
			break
		}
		got = append(got, msg.GetValue())
	}
	if diff := cmp.Diff([]string{countMethod, "app", "in"}, got); diff != "" {
		t.Errorf("stream messages (-want +got):\n%s", diff)
	}
	if v := header.Get("x-stream"); len(v) != 1 || v[0] != "yes" {
		t.Errorf("stream header x-stream = %q, want [yes]", v)
	}
	if status.Code(err) != codes.NotFound || errors.Reason(err) != "STREAM_DONE" {
		t.Errorf("stream end = %v, want NotFound with reason STREAM_DONE", err)
	}
}

// TestMetadataAcrossTwoHops calls A → B → C: global metadata set by A
// reaches C, local metadata stops at B.
func TestMetadataAcrossTwoHops(t *testing.T) {
	describe := func(ctx context.Context) string {
		md, _ := biamd.FromServerContext(ctx)
		return fmt.Sprintf("global=%s local=%s", md.Get("x-md-global-trace"), md.Get("x-md-local-hop"))
	}
	c := &echo{unary: func(ctx context.Context, _ *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		return wrapperspb.String(describe(ctx)), nil
	}}
	_, addrC := startServer(t, c, biagrpc.Middleware(mdmw.Server()))
	toC := dial(t, addrC, biagrpc.WithMiddleware(mdmw.Client()))

	b := &echo{unary: func(ctx context.Context, _ *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		fromC, err := callEcho(ctx, toC, "")
		if err != nil {
			return nil, err
		}
		return wrapperspb.String("B: " + describe(ctx) + "; C: " + fromC), nil
	}}
	_, addrB := startServer(t, b, biagrpc.Middleware(mdmw.Server()))
	toB := dial(t, addrB, biagrpc.WithMiddleware(mdmw.Client()))

	ctx := biamd.AppendToClientContext(context.Background(), "x-md-global-trace", "t1", "x-md-local-hop", "h1")
	got, err := callEcho(ctx, toB, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "B: global=t1 local=h1; C: global=t1 local="; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
