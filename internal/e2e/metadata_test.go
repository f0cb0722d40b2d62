package e2e_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/bia-go/bia/runtime/metadata"
	mdmw "github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// hop is a Library whose GetLibrary records the metadata it received and
// calls the next hop, if any, with its own context.
type hop struct {
	*library
	next libpb.LibraryHTTPClient
	seen chan metadata.Metadata
}

func (h *hop) GetLibrary(ctx context.Context, in *emptypb.Empty) (*libpb.LibraryInfo, error) {
	md, _ := metadata.FromServerContext(ctx)
	h.seen <- md.Clone()
	if h.next != nil {
		return h.next.GetLibrary(ctx, in)
	}
	return &libpb.LibraryInfo{Name: "last hop"}, nil
}

// serveHop starts a server for h with the metadata middleware and returns a
// generated client for it with the metadata client middleware.
func serveHop(t *testing.T, h *hop) libpb.LibraryHTTPClient {
	t.Helper()
	srv := http.NewServer(http.Address("127.0.0.1:0"), http.Middleware(mdmw.Server()),
		http.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	libpb.RegisterLibraryHTTPServer(srv, h)
	u, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Stop(ctx)
	})
	cc, err := http.NewClient(t.Context(), http.WithEndpoint(u.Host), http.WithMiddleware(mdmw.Client()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return libpb.NewLibraryHTTPClient(cc)
}

// TestMetadataTwoHops sends metadata from A through B to C over HTTP:
// x-md-global-* keys cross every hop, x-md-local-* keys only the first.
func TestMetadataTwoHops(t *testing.T) {
	c := &hop{library: newLibrary(), seen: make(chan metadata.Metadata, 1)}
	toC := serveHop(t, c)
	b := &hop{library: newLibrary(), next: toC, seen: make(chan metadata.Metadata, 1)}
	toB := serveHop(t, b)

	ctx := metadata.AppendToClientContext(t.Context(),
		"x-md-global-tenant", "acme", "x-md-local-caller", "a")
	reply, err := toB.GetLibrary(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	if reply.GetName() != "last hop" {
		t.Errorf("reply %v did not come from C", reply)
	}
	atB, atC := <-b.seen, <-c.seen
	if diff := cmp.Diff(metadata.Metadata{"x-md-global-tenant": {"acme"}, "x-md-local-caller": {"a"}}, atB); diff != "" {
		t.Errorf("B received (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(metadata.Metadata{"x-md-global-tenant": {"acme"}}, atC); diff != "" {
		t.Errorf("C received (-want +got):\n%s", diff)
	}
}
