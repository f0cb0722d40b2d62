package http_test

import (
	"context"
	"fmt"
	nethttp "net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// libraryCall is one call of the generated Library client and the reply
// the fake library gives.
type libraryCall struct {
	name   string
	call   func(context.Context, lib.LibraryHTTPClient, ...http.CallOption) (proto.Message, error)
	want   proto.Message
	binary bool // the reply is a message, so binary protobuf can be negotiated
}

func libraryCalls() []libraryCall {
	ts := timestamppb.New(time.Date(2024, 2, 29, 23, 59, 59, 1, time.UTC))
	return []libraryCall{
		{"GetBook", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.GetBook(ctx, &lib.GetBookRequest{Shelf: &lib.Shelf{Name: "s1"}, BookId: "b 1", SortOrder: "asc", Revision: 3, Languages: []string{"en", "fr"}}, o...)
		}, &lib.Book{Name: "shelves/s1/books/b 1", Title: "asc", Pages: 3, Tags: []string{"en", "fr"}}, true},
		{"ListShelves (repeated response_body)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.ListShelves(ctx, &lib.ListShelvesRequest{PageSize: 2, Filter: "f"}, o...)
		}, &lib.ListShelvesResponse{Shelves: []*lib.Shelf{{Name: "shelves/0", Theme: "f"}, {Name: "shelves/1", Theme: "f", BookCount: 1}}}, false},
		{"GetShelf (message response_body)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.GetShelf(ctx, &lib.GetShelfRequest{Name: "shelves/7"}, o...)
		}, &lib.GetShelfResponse{Shelf: &lib.Shelf{Name: "shelves/7", Theme: "library "}}, true},
		{"CountBooks (map response_body)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.CountBooks(ctx, &lib.CountBooksRequest{Shelves: []string{"a", "bb"}}, o...)
		}, &lib.CountBooksResponse{Counts: map[string]int64{"a": 1 << 40, "bb": 2 << 40}}, false},
		{"CreateShelf (body *)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.CreateShelf(ctx, &lib.CreateShelfRequest{Shelf: &lib.Shelf{Theme: "t"}, RequestId: "r1"}, o...)
		}, &lib.Shelf{Name: "shelves/r1", Theme: "t"}, true},
		{"UpdateShelf (body field, variable in it)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.UpdateShelf(ctx, &lib.UpdateShelfRequest{Shelf: &lib.Shelf{Name: "shelves/3", Theme: "new"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"theme"}}}, o...)
		}, &lib.Shelf{Name: "shelves/3", Theme: "new theme"}, true},
		{"CreateBook (body field)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.CreateBook(ctx, &lib.CreateBookRequest{Parent: "shelves/1", Book: &lib.Book{Title: "T"}, BookId: "b9", ValidateOnly: true}, o...)
		}, &lib.Book{Name: "shelves/1/books/b9", Title: "T", Published: true}, true},
		{"CreateBook (unset body field)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.CreateBook(ctx, &lib.CreateBookRequest{Parent: "shelves/1", BookId: "b9"}, o...)
		}, &lib.Book{Name: "shelves/1/books/b9", Title: "(no book)"}, true},
		{"UpdateBook (nested variable, body *)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.UpdateBook(ctx, &lib.UpdateBookRequest{Book: &lib.Book{Name: "shelves/1/books/2", Title: "U"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title"}}, AllowMissing: true}, o...)
		}, &lib.Book{Name: "shelves/1/books/2", Title: "U", Tags: []string{"title"}, Published: true}, true},
		{"DeleteBook (DELETE, query)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.DeleteBook(ctx, &lib.DeleteBookRequest{Name: "shelves/1/books/2", Etag: "e1", Force: true}, o...)
		}, &emptypb.Empty{}, true},
		{"PublishBook (verb)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.PublishBook(ctx, &lib.PublishBookRequest{Name: "shelves/1/books/2", PublishTime: ts}, o...)
		}, &lib.Book{Name: "shelves/1/books/2", Published: true, PublishTime: ts}, true},
		{"ListBookRevisions (custom method)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.ListBookRevisions(ctx, &lib.ListBookRevisionsRequest{Name: "shelves/1/books/2", PageSize: 5}, o...)
		}, &lib.ListBookRevisionsResponse{Revisions: []*lib.BookRevision{{RevisionId: "shelves/1/books/2@5"}}}, true},
		{"UploadFile (HttpBody body field, deep wildcard)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.UploadFile(ctx, &lib.UploadFileRequest{Path: "dir/a b.txt", Content: &httpbody.HttpBody{ContentType: "text/plain", Data: []byte("hello")}, Overwrite: true}, o...)
		}, &lib.FileInfo{Path: "dir/a b.txt", Size: -5, ContentType: "text/plain"}, true},
		{"DownloadFile (HttpBody reply)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.DownloadFile(ctx, &lib.DownloadFileRequest{Path: "dir/x.bin"}, o...)
		}, &httpbody.HttpBody{ContentType: "text/plain; charset=utf-8", Data: []byte("contents of dir/x.bin")}, false},
		{"ImportBooks (HttpBody request)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.ImportBooks(ctx, &httpbody.HttpBody{ContentType: "text/csv", Data: []byte("a,1\nb,2\n")}, o...)
		}, &lib.ImportBooksResponse{Imported: 2}, true},
		{"GetLibrary (Empty request)", func(ctx context.Context, c lib.LibraryHTTPClient, o ...http.CallOption) (proto.Message, error) {
			return c.GetLibrary(ctx, &emptypb.Empty{}, o...)
		}, &lib.LibraryInfo{Name: "bia", ShelfCount: 3}, true},
	}
}

// TestClientLibrary calls every method of the generated Library client
// against a Bia server serving it, in each request encoding.
func TestClientLibrary(t *testing.T) {
	endpoint := bia(t, func(s *http.Server) { lib.RegisterLibraryHTTPServer(s, fakeLibrary{}) })
	client := lib.NewLibraryHTTPClient(clientFor(t, endpoint))
	encodings := []struct {
		contentType string
		replyType   string // of a message reply
	}{
		{"application/json", "application/json"},
		{"application/x-protobuf", "application/x-protobuf"},
		{"application/proto", "application/proto"},
		{"application/x-www-form-urlencoded", "application/json"},
	}
	for _, enc := range encodings {
		for _, tc := range libraryCalls() {
			t.Run(enc.contentType+"/"+tc.name, func(t *testing.T) {
				var h nethttp.Header
				got, err := tc.call(context.Background(), client, http.ContentType(enc.contentType), http.Header(&h))
				if err != nil {
					t.Fatalf("call: %v", err)
				}
				if d := cmp.Diff(tc.want, got, protocmp.Transform()); d != "" {
					t.Errorf("reply (-want +got):\n%s", d)
				}
				if ct := h.Get("Content-Type"); tc.binary && ct != enc.replyType {
					t.Errorf("reply Content-Type = %q, want %q", ct, enc.replyType)
				}
			})
		}
	}
}

// TestClientLibraryErrors checks typed errors through the generated
// client, in both error formats of the server.
func TestClientLibraryErrors(t *testing.T) {
	for name, opts := range map[string][]http.ServerOption{
		"bia format":               nil,
		"google.rpc.Status format": {http.StatusErrors()},
	} {
		t.Run(name, func(t *testing.T) {
			endpoint := bia(t, func(s *http.Server) { lib.RegisterLibraryHTTPServer(s, fakeLibrary{}) }, opts...)
			client := lib.NewLibraryHTTPClient(clientFor(t, endpoint))
			ctx := context.Background()

			_, err := client.GetShelf(ctx, &lib.GetShelfRequest{Name: "shelves/missing"})
			if !lib.IsShelfNotFound(err) {
				t.Errorf("GetShelf error = %v, want SHELF_NOT_FOUND", err)
			}
			e := wantError(t, err, 404, "SHELF_NOT_FOUND")
			if e.Message != `no shelf "shelves/missing"` || e.Metadata["name"] != "shelves/missing" {
				t.Errorf("GetShelf error = %q %v", e.Message, e.Metadata)
			}

			_, err = client.DeleteBook(ctx, &lib.DeleteBookRequest{Name: "shelves/1/books/2", Etag: "old"})
			if !lib.IsEtagMismatch(err) {
				t.Errorf("DeleteBook error = %v, want ETAG_MISMATCH 412", err)
			}
			if e := wantError(t, err, 412, "ETAG_MISMATCH"); e.Metadata["etag"] != "e1" {
				t.Errorf("DeleteBook metadata = %v", e.Metadata)
			}

			_, err = client.ImportBooks(ctx, &httpbody.HttpBody{ContentType: "text/plain", Data: []byte("x")})
			wantError(t, err, 400, "INVALID_BOOK")
			if !errors.IsBadRequest(err) {
				t.Errorf("IsBadRequest(%v) = false", err)
			}
		})
	}
}

// TestClientConcurrent makes calls from several goroutines through one
// client (run with -race).
func TestClientConcurrent(t *testing.T) {
	endpoint := bia(t, func(s *http.Server) { lib.RegisterLibraryHTTPServer(s, fakeLibrary{}) })
	client := lib.NewLibraryHTTPClient(clientFor(t, endpoint))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 8 {
				id := fmt.Sprintf("b%d-%d", g, i)
				book, err := client.GetBook(context.Background(), &lib.GetBookRequest{Shelf: &lib.Shelf{Name: "s"}, BookId: id})
				if err != nil {
					errs <- err
					return
				}
				if book.GetName() != "shelves/s/books/"+id {
					errs <- fmt.Errorf("book %q for %q", book.GetName(), id)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestClientDynamicMessages calls one rule with the generated types, with
// dynamic messages of the same descriptors, and with dynamic messages of a
// second copy of the descriptors (same names, other field descriptors).
func TestClientDynamicMessages(t *testing.T) {
	endpoint := bia(t, func(s *http.Server) { lib.RegisterLibraryHTTPServer(s, fakeLibrary{}) })
	c := clientFor(t, endpoint)
	copyFile, err := protodesc.NewFile(protodesc.ToFileDescriptorProto(lib.File_httptest_v1_library_proto), protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	same := (&lib.GetBookRequest{}).ProtoReflect().Descriptor()
	other := copyFile.Messages().ByName("GetBookRequest")
	if other == same {
		t.Fatal("the copied descriptor is the original")
	}
	tests := map[string]func() (proto.Message, proto.Message){
		"generated": func() (proto.Message, proto.Message) { return new(lib.GetBookRequest), new(lib.Book) },
		"dynamic, same descriptors": func() (proto.Message, proto.Message) {
			return dynamicpb.NewMessage(same), dynamicpb.NewMessage((&lib.Book{}).ProtoReflect().Descriptor())
		},
		"dynamic, copied descriptors": func() (proto.Message, proto.Message) {
			return dynamicpb.NewMessage(other), dynamicpb.NewMessage(copyFile.Messages().ByName("Book"))
		},
	}
	for _, name := range []string{"generated", "dynamic, same descriptors", "dynamic, copied descriptors"} {
		t.Run(name, func(t *testing.T) {
			in, out := tests[name]()
			if err := protojsonFill(in, `{"shelf": {"name": "s"}, "bookId": "b", "orderBy": "asc"}`); err != nil {
				t.Fatal(err)
			}
			if err := c.Invoke(context.Background(), getBookRule, in, out); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			want := dynamicpb.NewMessage(out.ProtoReflect().Descriptor())
			if err := protojsonFill(want, `{"name": "shelves/s/books/b", "title": "asc"}`); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, out, protocmp.Transform()); d != "" {
				t.Errorf("reply (-want +got):\n%s", d)
			}
		})
	}
}

func protojsonFill(m proto.Message, js string) error { return protojson.Unmarshal([]byte(js), m) }
