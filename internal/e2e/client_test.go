package e2e_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

func newClient(t *testing.T, base string) libpb.LibraryHTTPClient {
	t.Helper()
	c, err := http.NewClient(t.Context(), http.WithEndpoint(base))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return libpb.NewLibraryHTTPClient(c)
}

// fullGetBook sets every field of GetBookRequest, with values that need
// escaping in the path and the query.
func fullGetBook(t *testing.T) *libpb.GetBookRequest {
	attrs, err := structpb.NewStruct(map[string]any{"a": 1.5, "b": []any{"x", true}})
	if err != nil {
		t.Fatal(err)
	}
	return &libpb.GetBookRequest{
		Shelf:  &libpb.Shelf{Name: "a/b c?#%&=+", Theme: "th/eme & more"},
		BookId: "ü/ünïcode ?x=y#frag", Revision: -3, MinPages: -1 << 62, MaxSizeBytes: 1<<64 - 1,
		MaxResults: 1<<32 - 1, RankDelta: -7, Offset: -1 << 63, Checksum32: 9, Checksum64: 1 << 63,
		Shift32: -9, Shift64: -1 << 40, IncludeDrafts: true, MinRating: 0.1, MinScore: 2.5,
		Format: libpb.BookFormat_BOOK_FORMAT_PAPERBACK, Etag: []byte{0xfb, 0xff, 0x00, '?'},
		Languages: []string{"en", "fr,de", ""}, Editions: []int32{1, -2},
		Formats: []libpb.BookFormat{libpb.BookFormat_BOOK_FORMAT_EBOOK, libpb.BookFormat_BOOK_FORMAT_HARDCOVER},
		Labels:  map[string]string{"k=1": "v&2", "": "empty key"}, MinCounts: map[string]int32{"x": -4},
		Filter:         &libpb.Filter{Author: "A", Year: &libpb.YearRange{Min: 1, Max: 2}},
		PublishedAfter: timestamppb.New(timestamppb.Now().AsTime().Truncate(1000)),
		MaxAge:         durationpb.New(90e9 + 1), ReadMask: &fieldmaskpb.FieldMask{Paths: []string{"title", "publish_time"}},
		Author: wrapperspb.String(""), MinCopies: wrapperspb.Int64(0), Available: wrapperspb.Bool(false),
		MaxPrice: wrapperspb.Double(1e300), Attributes: attrs, Hint: structpb.NewNullValue(),
		Lookup: &libpb.GetBookRequest_CatalogNumber{CatalogNumber: 77}, PageSize: proto.Int32(0), SortOrder: "desc",
	}
}

// TestClientRoundTrip calls every method through the generated client and
// checks that the server bound exactly the request the client was given,
// that the reply decodes to what the handler returned, and that the client
// never changed the caller's request.
func TestClientRoundTrip(t *testing.T) {
	lib, base := serve(t)
	c := newClient(t, base)
	ctx := t.Context()
	check := func(rpc string, in proto.Message, call func() (proto.Message, error), wantReply proto.Message) {
		t.Helper()
		before := proto.Clone(in)
		got, err := call()
		if err != nil {
			t.Errorf("%s: %v", rpc, err)
			return
		}
		if diff := cmp.Diff(before, in, protocmp.Transform()); diff != "" {
			t.Errorf("%s: the client changed the request (-before +after):\n%s", rpc, diff)
		}
		if diff := cmp.Diff(in, lib.Last(rpc), protocmp.Transform()); diff != "" {
			t.Errorf("%s: server bound (-sent +bound):\n%s", rpc, diff)
		}
		if wantReply != nil {
			if diff := cmp.Diff(wantReply, got, protocmp.Transform()); diff != "" {
				t.Errorf("%s: reply (-want +got):\n%s", rpc, diff)
			}
		}
	}

	gb := fullGetBook(t)
	check("GetBook", gb, func() (proto.Message, error) { return c.GetBook(ctx, gb) }, &libpb.Book{
		Name: "shelves/" + gb.Shelf.Name + "/books/" + gb.BookId, Title: "Title of " + gb.BookId,
		Format: gb.Format, Tags: gb.Languages})

	ls := &libpb.ListShelvesRequest{PageSize: 3, PageToken: "p/1", Filter: "x"}
	check("ListShelves", ls, func() (proto.Message, error) { return c.ListShelves(ctx, ls) },
		// response_body "shelves": only the shelves travel.
		&libpb.ListShelvesResponse{Shelves: []*libpb.Shelf{{Name: "shelves/a"}, {Name: "shelves/b", BookCount: 1}, {Name: "shelves/c", BookCount: 2}}})

	gs := &libpb.GetShelfRequest{Name: "shelves/s 1"}
	check("GetShelf", gs, func() (proto.Message, error) { return c.GetShelf(ctx, gs) },
		&libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: "shelves/s 1"}})

	cb := &libpb.CountBooksRequest{Shelves: []string{"a", "b/c"}}
	check("CountBooks", cb, func() (proto.Message, error) { return c.CountBooks(ctx, cb) },
		&libpb.CountBooksResponse{Counts: map[string]int64{"a": 1 << 40, "b/c": 2 << 40}})

	cs := &libpb.CreateShelfRequest{Shelf: &libpb.Shelf{Theme: "t", BookCount: 4}, RequestId: "r"}
	check("CreateShelf", cs, func() (proto.Message, error) { return c.CreateShelf(ctx, cs) }, cs.Shelf)

	us := &libpb.UpdateShelfRequest{Shelf: &libpb.Shelf{Name: "shelves/s9", Theme: "new"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"theme"}}}
	check("UpdateShelf", us, func() (proto.Message, error) { return c.UpdateShelf(ctx, us) }, us.Shelf)

	cbk := &libpb.CreateBookRequest{Parent: "shelves/s1", BookId: "b 2", ValidateOnly: true,
		Book: &libpb.Book{Title: "T", Tags: []string{"x"}, Pages: 10}}
	check("CreateBook", cbk, func() (proto.Message, error) { return c.CreateBook(ctx, cbk) },
		&libpb.Book{Name: "shelves/s1/books/b 2", Title: "T", Tags: []string{"x"}, Pages: 10})

	ub := &libpb.UpdateBookRequest{Book: &libpb.Book{Name: "shelves/s1/books/b%1", Title: "New"}, AllowMissing: true,
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title"}}}
	check("UpdateBook", ub, func() (proto.Message, error) { return c.UpdateBook(ctx, ub) }, ub.Book)

	db := &libpb.DeleteBookRequest{Name: "shelves/s1/books/b1", Etag: "e&1", Force: true}
	check("DeleteBook", db, func() (proto.Message, error) { return c.DeleteBook(ctx, db) }, &emptypb.Empty{})

	pb := &libpb.PublishBookRequest{Name: "shelves/s1/books/b1", PublishTime: timestamppb.New(gb.PublishedAfter.AsTime())}
	check("PublishBook", pb, func() (proto.Message, error) { return c.PublishBook(ctx, pb) },
		&libpb.Book{Name: pb.Name, Published: true, PublishTime: pb.PublishTime})

	lr := &libpb.ListBookRevisionsRequest{Name: "shelves/s1/books/b1", PageSize: 5}
	check("ListBookRevisions", lr, func() (proto.Message, error) { return c.ListBookRevisions(ctx, lr) },
		&libpb.ListBookRevisionsResponse{Revisions: []*libpb.BookRevision{{RevisionId: lr.Name + "@1"}}})

	// A multi-segment value keeps its '/'; TestPathValuesRoundTrip checks
	// every other character.
	up := &libpb.UploadFileRequest{Path: "dir/sub dir/f ü%.bin", Overwrite: true,
		Content: &httpbody.HttpBody{ContentType: "application/pdf", Data: []byte("%PDF\x00\xff")}}
	check("UploadFile", up, func() (proto.Message, error) { return c.UploadFile(ctx, up) },
		&libpb.FileInfo{Path: up.Path, Size: 6, ContentType: "application/pdf"})

	dl := &libpb.DownloadFileRequest{Path: "x/y z.csv"}
	check("DownloadFile", dl, func() (proto.Message, error) { return c.DownloadFile(ctx, dl) },
		&httpbody.HttpBody{ContentType: "text/csv", Data: []byte("path,x/y z.csv\n")})

	ib := &httpbody.HttpBody{ContentType: "text/csv", Data: []byte("a,b\n")}
	check("ImportBooks", ib, func() (proto.Message, error) { return c.ImportBooks(ctx, ib) },
		&libpb.ImportBooksResponse{Imported: 4})

	check("GetLibrary", &emptypb.Empty{}, func() (proto.Message, error) { return c.GetLibrary(ctx, &emptypb.Empty{}) },
		&libpb.LibraryInfo{Name: "central", ShelfCount: 3})
}

// TestPathValuesRoundTrip checks that path values holding every character
// RFC 3986 reserves reach the server unchanged through the generated
// client, in single-segment, multi-segment and `**` variables: the client
// escapes what http.proto says (all but [-_.~0-9A-Za-z], and '/' between
// segments of a multi-segment value) and the server decodes it back (all
// but %2F in a multi-segment value).
func TestPathValuesRoundTrip(t *testing.T) {
	lib, base := serve(t)
	c := newClient(t, base)
	ctx := t.Context()
	const odd = "x?y#z[0] :@!$&'()*+,;=%2F%"
	gb := &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: odd + "/s"}, BookId: odd}
	if _, err := c.GetBook(ctx, gb); err != nil {
		t.Fatal(err)
	}
	got := lib.Last("GetBook").(*libpb.GetBookRequest)
	if got.GetShelf().GetName() != gb.Shelf.Name || got.GetBookId() != odd {
		t.Errorf("single-segment values: bound %q and %q, want %q and %q", got.GetShelf().GetName(), got.GetBookId(), gb.Shelf.Name, odd)
	}
	db := &libpb.DeleteBookRequest{Name: "shelves/" + odd + "/books/" + odd}
	if _, err := c.DeleteBook(ctx, db); err != nil {
		t.Fatal(err)
	}
	if got := lib.Last("DeleteBook").(*libpb.DeleteBookRequest).GetName(); got != db.Name {
		t.Errorf("multi-segment value: bound %q, want %q", got, db.Name)
	}
	dl := &libpb.DownloadFileRequest{Path: odd + "/" + odd + "/..//."}
	if _, err := c.DownloadFile(ctx, dl); err != nil {
		t.Fatal(err)
	}
	if got := lib.Last("DownloadFile").(*libpb.DownloadFileRequest).GetPath(); got != dl.Path {
		t.Errorf("** value: bound %q, want %q", got, dl.Path)
	}
}

// TestClientErrors checks that the generated client turns both error
// formats back into typed errors, exact code included.
func TestClientErrors(t *testing.T) {
	_, kratos := serve(t)
	_, status := serve(t, http.StatusErrors())
	for name, base := range map[string]string{"default format": kratos, "google.rpc.Status format": status} {
		t.Run(name, func(t *testing.T) {
			c := newClient(t, base)
			_, err := c.GetBook(t.Context(), &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: "s"}, BookId: "missing"})
			if !libpb.IsBookNotFound(err) {
				t.Errorf("IsBookNotFound(%v) = false", err)
			}
			if e := errors.FromError(err); e.Metadata["book_id"] != "missing" || e.Message != `book "missing" not found` {
				t.Errorf("error = %v, want metadata and message preserved", e)
			}
			_, err = c.GetBook(t.Context(), &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: "s"}, BookId: "stale"})
			if !libpb.IsEtagMismatch(err) || errors.Code(err) != 412 {
				t.Errorf("IsEtagMismatch(%v) = false or code %d != 412", err, errors.Code(err))
			}
			_, err = c.GetBook(t.Context(), &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: "s"}, BookId: "plain-error"})
			if errors.Code(err) != 500 {
				t.Errorf("plain error: code %d, want 500", errors.Code(err))
			}
		})
	}
}
