package grpc_test

import (
	"context"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gogrpc "google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/validate"
	"github.com/bia-go/bia/runtime/transport"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// streamLibrary implements the streaming methods of the test library.
type streamLibrary struct {
	libpb.UnimplementedLibraryServer
	watch   func(*libpb.WatchShelfRequest, gogrpc.ServerStreamingServer[libpb.ShelfEvent]) error
	imports func(gogrpc.ClientStreamingServer[libpb.CreateBookRequest, libpb.ImportBooksResponse]) error
	discuss func(gogrpc.BidiStreamingServer[libpb.DiscussMessage, libpb.DiscussMessage]) error
}

func (l *streamLibrary) WatchShelf(in *libpb.WatchShelfRequest, s gogrpc.ServerStreamingServer[libpb.ShelfEvent]) error {
	return l.watch(in, s)
}

func (l *streamLibrary) ImportBookStream(s gogrpc.ClientStreamingServer[libpb.CreateBookRequest, libpb.ImportBooksResponse]) error {
	return l.imports(s)
}

func (l *streamLibrary) Discuss(s gogrpc.BidiStreamingServer[libpb.DiscussMessage, libpb.DiscussMessage]) error {
	return l.discuss(s)
}

// startLibrary serves l and returns a client of it; the server and client
// run the middleware given.
func startLibrary(t *testing.T, l *streamLibrary, server []middleware.Middleware, client []middleware.Middleware) libpb.LibraryClient {
	t.Helper()
	srv := biagrpc.NewServer(biagrpc.Address("127.0.0.1:0"), biagrpc.Logger(discardLogger()), biagrpc.Middleware(server...))
	libpb.RegisterLibraryServer(srv, l)
	ep, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Start(context.Background()) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("Start: %v", err)
		}
	})
	return libpb.NewLibraryClient(dial(t, ep.Host, biagrpc.WithMiddleware(client...)))
}

type ctxKey struct{}

// TestStreamMiddlewareServerStreaming checks that a server-streaming call
// runs the chains of both sides once, with the request visible to the
// server's middleware, the chain's context reaching the handler, and the
// hooks run on every message.
func TestStreamMiddlewareServerStreaming(t *testing.T) {
	var serverSent, clientReceived atomic.Int32
	var seen []string
	server := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			st, ok := middleware.StreamFromContext(ctx)
			if !ok || st.ClientStreams() || !st.ServerStreams() {
				t.Errorf("server stream: %v, client streams %v, server streams %v", ok, ok && st.ClientStreams(), ok && st.ServerStreams())
			}
			if r, ok := req.(*libpb.WatchShelfRequest); ok {
				seen = append(seen, "request "+r.GetName())
				req = &libpb.WatchShelfRequest{Name: r.GetName() + "-rewritten"}
			}
			if tr, ok := transport.FromServerContext(ctx); ok {
				seen = append(seen, "header "+tr.RequestHeader().Get("x-client"))
			}
			st.OnSend(func(context.Context, any) error { serverSent.Add(1); return nil })
			return next(context.WithValue(ctx, ctxKey{}, "from middleware"), req)
		}
	}
	client := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			st, ok := middleware.StreamFromContext(ctx)
			if !ok || req != nil {
				t.Errorf("client stream: %v, req %v", ok, req)
				return next(ctx, req)
			}
			if tr, ok := transport.FromClientContext(ctx); ok {
				tr.RequestHeader().Set("x-client", "hello")
			}
			st.OnReceive(func(context.Context, any) error { clientReceived.Add(1); return nil })
			return next(ctx, req)
		}
	}
	lib := &streamLibrary{watch: func(in *libpb.WatchShelfRequest, s gogrpc.ServerStreamingServer[libpb.ShelfEvent]) error {
		seen = append(seen, "handler "+in.GetName()+" "+s.Context().Value(ctxKey{}).(string))
		for i := range 3 {
			if err := s.Send(&libpb.ShelfEvent{Shelf: &libpb.Shelf{Name: in.GetName(), Theme: string(rune('a' + i))}}); err != nil {
				return err
			}
		}
		return nil
	}}
	c := startLibrary(t, lib, []middleware.Middleware{server}, []middleware.Middleware{client})
	stream, err := c.WatchShelf(t.Context(), &libpb.WatchShelfRequest{Name: "shelves/1"})
	if err != nil {
		t.Fatal(err)
	}
	var themes string
	for {
		ev, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		themes += ev.GetShelf().GetTheme()
	}
	want := []string{"request shelves/1", "header hello", "handler shelves/1-rewritten from middleware"}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("seen (-want +got):\n%s", diff)
	}
	if themes != "abc" || serverSent.Load() != 3 || clientReceived.Load() != 3 {
		t.Errorf("received %q; hooks saw %d sent, %d received; want abc, 3, 3", themes, serverSent.Load(), clientReceived.Load())
	}
}

// badText is a validation function: a DiscussMessage whose text is "bad"
// breaks a rule.
func badText(_ context.Context, m proto.Message) ([]errors.FieldViolation, error) {
	if d, ok := m.(*libpb.DiscussMessage); ok && d.GetText() == "bad" {
		return []errors.FieldViolation{{Field: "text", Rule: "not_bad", Message: "must not be bad"}}, nil
	}
	return nil, nil
}

// TestStreamValidation checks that the validation middleware checks every
// message a client streams: the server's read fails with the VALIDATION
// error, which the handler returns and the client receives.
func TestStreamValidation(t *testing.T) {
	lib := &streamLibrary{discuss: func(s gogrpc.BidiStreamingServer[libpb.DiscussMessage, libpb.DiscussMessage]) error {
		for {
			m, err := s.Recv()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := s.Send(m); err != nil {
				return err
			}
		}
	}}
	c := startLibrary(t, lib, []middleware.Middleware{validate.Validator(validate.WithoutPGV(), validate.WithFunc(badText))}, nil)
	stream, err := c.Discuss(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&libpb.DiscussMessage{Text: "good"}); err != nil {
		t.Fatal(err)
	}
	if m, err := stream.Recv(); err != nil || m.GetText() != "good" {
		t.Fatalf("Recv = %v, %v; want the echo of good", m, err)
	}
	if err := stream.Send(&libpb.DiscussMessage{Text: "bad"}); err != nil {
		t.Fatal(err)
	}
	_, err = stream.Recv()
	e := errors.FromError(err)
	if e.Code != 400 || e.Reason != errors.ReasonValidation || len(e.FieldViolations()) != 1 || e.FieldViolations()[0].Field != "text" {
		t.Errorf("Recv after a bad message = %v; want 400 VALIDATION on text", err)
	}
}

// TestStreamClientValidation checks that on a client the validation
// middleware checks what it sends: the bad message never leaves.
func TestStreamClientValidation(t *testing.T) {
	var received atomic.Int32
	lib := &streamLibrary{imports: func(s gogrpc.ClientStreamingServer[libpb.CreateBookRequest, libpb.ImportBooksResponse]) error {
		for {
			if _, err := s.Recv(); err == io.EOF {
				return s.SendAndClose(&libpb.ImportBooksResponse{Imported: received.Load()})
			} else if err != nil {
				return err
			}
			received.Add(1)
		}
	}}
	noEmptyParent := func(_ context.Context, m proto.Message) ([]errors.FieldViolation, error) {
		if r, ok := m.(*libpb.CreateBookRequest); ok && r.GetParent() == "" {
			return []errors.FieldViolation{{Field: "parent", Rule: "required", Message: "required"}}, nil
		}
		return nil, nil
	}
	c := startLibrary(t, lib, nil, []middleware.Middleware{validate.Validator(validate.WithoutPGV(), validate.WithFunc(noEmptyParent))})
	stream, err := c.ImportBookStream(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&libpb.CreateBookRequest{Parent: "shelves/1"}); err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&libpb.CreateBookRequest{}); errors.FromError(err).Reason != errors.ReasonValidation {
		t.Errorf("Send of a bad message = %v; want VALIDATION", err)
	}
	reply, err := stream.CloseAndRecv()
	if err != nil || reply.GetImported() != 1 {
		t.Errorf("CloseAndRecv = %v, %v; want 1 imported", reply, err)
	}
}

// TestStreamMiddlewareRejects checks that a middleware failing a stream
// keeps the handler from running and reaches the client as *errors.Error.
func TestStreamMiddlewareRejects(t *testing.T) {
	var ran atomic.Bool
	lib := &streamLibrary{imports: func(gogrpc.ClientStreamingServer[libpb.CreateBookRequest, libpb.ImportBooksResponse]) error {
		ran.Store(true)
		return nil
	}}
	deny := func(middleware.Handler) middleware.Handler {
		return func(context.Context, any) (any, error) {
			return nil, errors.Unauthorized("NO_TOKEN", "a token is required")
		}
	}
	c := startLibrary(t, lib, []middleware.Middleware{deny}, nil)
	stream, err := c.ImportBookStream(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, err = stream.CloseAndRecv()
	if e := errors.FromError(err); e.Code != 401 || e.Reason != "NO_TOKEN" || ran.Load() {
		t.Errorf("CloseAndRecv = %v (handler ran: %v); want 401 NO_TOKEN, handler not run", err, ran.Load())
	}
}
