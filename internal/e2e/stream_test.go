package e2e_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestServerStreams streams through a started server (its connection
// guard, its options) with the generated client, over both framings:
// every message in order, the clean end, and an error after a message.
func TestServerStreams(t *testing.T) {
	lib, base := serve(t)
	c := newClient(t, base)
	for _, accept := range []string{"application/x-ndjson", "text/event-stream"} {
		in := &libpb.WatchShelfRequest{Name: "shelves/1000"}
		stream, err := c.WatchShelf(t.Context(), in, http.Accept(accept))
		if err != nil {
			t.Fatalf("%s: %v", accept, err)
		}
		n := 0
		for {
			ev, err := stream.Recv()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: Recv %d: %v", accept, n, err)
			}
			if ev.GetShelf().GetBookCount() != int64(n) {
				t.Fatalf("%s: message %d has count %d", accept, n, ev.GetShelf().GetBookCount())
			}
			n++
		}
		if n != 1000 {
			t.Errorf("%s: %d messages, want 1000", accept, n)
		}
		if diff := cmp.Diff(in, lib.Last("WatchShelf"), protocmp.Transform()); diff != "" {
			t.Errorf("%s: server bound (-sent +bound):\n%s", accept, diff)
		}

		stream, err = c.WatchShelf(t.Context(), &libpb.WatchShelfRequest{Name: "shelves/missing"}, http.Accept(accept))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stream.Recv(); err != nil {
			t.Fatalf("%s: the first message: %v", accept, err)
		}
		_, err = stream.Recv()
		if e := errors.FromError(err); !libpb.IsShelfNotFound(err) || e.Message != "shelf shelves/missing is gone" {
			t.Errorf("%s: after the first message: %v, want SHELF_NOT_FOUND", accept, err)
		}
	}

	files, err := c.StreamFile(t.Context(), &libpb.DownloadFileRequest{Path: "a b/c%d/e"})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for {
		m, err := files.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got += string(m.GetData())
	}
	if got != "a bc%de" {
		t.Errorf("file stream %q, want the path's segments", got)
	}
}

// TestWebSocketStreams runs both WebSocket kinds through a started server
// (its connection guard sees the upgrade) with the generated client.
func TestWebSocketStreams(t *testing.T) {
	lib, base := serve(t)
	c := newClient(t, base)
	imports, err := c.ImportBookStream(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		in := &libpb.CreateBookRequest{Parent: "shelves/a b", BookId: "id", Book: &libpb.Book{Title: fmt.Sprint(i)}}
		if err := imports.Send(in); err != nil {
			t.Fatal(err)
		}
	}
	reply, err := imports.CloseAndRecv()
	if err != nil || reply.GetImported() != 100 {
		t.Fatalf("CloseAndRecv = %v, %v; want 100", reply, err)
	}
	want := &libpb.CreateBookRequest{Parent: "shelves/a b", BookId: "id", Book: &libpb.Book{Title: "99"}}
	if diff := cmp.Diff(want, lib.Last("ImportBookStream"), protocmp.Transform()); diff != "" {
		t.Errorf("server bound (-sent +bound):\n%s", diff)
	}

	discuss, err := c.Discuss(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if err := discuss.Send(&libpb.DiscussMessage{Name: "shelves/x", Text: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
		m, err := discuss.Recv()
		if err != nil || m.GetText() != fmt.Sprint(i) || m.GetName() != "shelves/x" {
			t.Fatalf("Recv %d = %v, %v", i, m, err)
		}
	}
	if err := discuss.CloseSend(); err != nil {
		t.Fatal(err)
	}
	if _, err := discuss.Recv(); err != io.EOF {
		t.Errorf("Recv at the end = %v, want io.EOF", err)
	}
}
