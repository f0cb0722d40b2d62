package http_test

import (
	"io"
	"testing"

	"google.golang.org/grpc"

	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// BenchmarkStreamMessages measures one message of a long stream, end to
// end over loopback: encoding, framing, flushing, reading and decoding.
func BenchmarkStreamMessages(b *testing.B) {
	const perStream = 1000
	watch := func(in *lib.WatchShelfRequest, s grpc.ServerStreamingServer[lib.ShelfEvent]) error {
		ev := &lib.ShelfEvent{Shelf: &lib.Shelf{Name: in.GetName(), Theme: "a theme", BookCount: 42}}
		for range perStream {
			if err := s.Send(ev); err != nil {
				return err
			}
		}
		return nil
	}
	url := bia(b, func(s *http.Server) { lib.RegisterLibraryHTTPServer(s, streamLibrary{watch: watch}) })
	c := lib.NewLibraryHTTPClient(clientFor(b, url))
	for _, accept := range []string{"application/x-ndjson", "text/event-stream"} {
		b.Run(accept, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for n < b.N {
				stream, err := c.WatchShelf(b.Context(), &lib.WatchShelfRequest{Name: "shelves/1"}, http.Accept(accept))
				if err != nil {
					b.Fatal(err)
				}
				for {
					if _, err := stream.Recv(); err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
					n++
				}
			}
		})
	}
	b.Run("websocket", func(b *testing.B) {
		b.ReportAllocs()
		stream, err := c.Discuss(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		msg := &lib.DiscussMessage{Name: "shelves/1", Author: "ann", Text: "hello"}
		for b.Loop() {
			if err := stream.Send(msg); err != nil {
				b.Fatal(err)
			}
			if _, err := stream.Recv(); err != nil {
				b.Fatal(err)
			}
		}
		_ = stream.CloseSend()
	})
}
