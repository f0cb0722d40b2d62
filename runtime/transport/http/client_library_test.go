package http_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// fakeLibrary serves the Library of the golden package; every reply is
// derived from the request, so tests see what the server bound.
type fakeLibrary struct{}

var _ lib.LibraryHTTPServer = fakeLibrary{}

func (fakeLibrary) GetBook(_ context.Context, in *lib.GetBookRequest) (*lib.Book, error) {
	return &lib.Book{
		Name:  "shelves/" + in.GetShelf().GetName() + "/books/" + in.GetBookId(),
		Title: in.GetSortOrder(),
		Pages: in.GetRevision(),
		Tags:  in.GetLanguages(),
	}, nil
}

func (fakeLibrary) ListShelves(_ context.Context, in *lib.ListShelvesRequest) (*lib.ListShelvesResponse, error) {
	out := &lib.ListShelvesResponse{NextPageToken: "next"}
	for i := range in.GetPageSize() {
		out.Shelves = append(out.Shelves, &lib.Shelf{Name: fmt.Sprintf("shelves/%d", i), Theme: in.GetFilter(), BookCount: int64(i)})
	}
	return out, nil
}

func (fakeLibrary) GetShelf(_ context.Context, in *lib.GetShelfRequest) (*lib.GetShelfResponse, error) {
	if in.GetName() == "shelves/missing" {
		return nil, lib.ErrorShelfNotFound("no shelf %q", in.GetName()).WithMetadata(map[string]string{"name": in.GetName()})
	}
	return &lib.GetShelfResponse{Shelf: &lib.Shelf{Name: in.GetName(), Theme: "library " + in.GetLibraryId()}, Etag: "e1"}, nil
}

func (fakeLibrary) CountBooks(_ context.Context, in *lib.CountBooksRequest) (*lib.CountBooksResponse, error) {
	out := &lib.CountBooksResponse{Counts: map[string]int64{}}
	for _, s := range in.GetShelves() {
		out.Counts[s] = int64(len(s)) << 40
	}
	return out, nil
}

func (fakeLibrary) CreateShelf(_ context.Context, in *lib.CreateShelfRequest) (*lib.Shelf, error) {
	return &lib.Shelf{Name: "shelves/" + in.GetRequestId(), Theme: in.GetShelf().GetTheme()}, nil
}

func (fakeLibrary) UpdateShelf(_ context.Context, in *lib.UpdateShelfRequest) (*lib.Shelf, error) {
	return &lib.Shelf{Name: in.GetShelf().GetName(), Theme: in.GetShelf().GetTheme() + " " + strings.Join(in.GetUpdateMask().GetPaths(), ",")}, nil
}

func (fakeLibrary) CreateBook(_ context.Context, in *lib.CreateBookRequest) (*lib.Book, error) {
	b := &lib.Book{Name: in.GetParent() + "/books/" + in.GetBookId(), Title: in.GetBook().GetTitle(), Published: in.GetValidateOnly()}
	if in.Book == nil {
		b.Title = "(no book)"
	}
	return b, nil
}

func (fakeLibrary) UpdateBook(_ context.Context, in *lib.UpdateBookRequest) (*lib.Book, error) {
	return &lib.Book{Name: in.GetBook().GetName(), Title: in.GetBook().GetTitle(), Tags: in.GetUpdateMask().GetPaths(), Published: in.GetAllowMissing()}, nil
}

func (fakeLibrary) DeleteBook(_ context.Context, in *lib.DeleteBookRequest) (*emptypb.Empty, error) {
	if in.GetEtag() != "" && in.GetEtag() != "e1" {
		return nil, lib.ErrorEtagMismatch("etag %q is stale", in.GetEtag()).WithMetadata(map[string]string{"etag": "e1"})
	}
	return &emptypb.Empty{}, nil
}

func (fakeLibrary) PublishBook(_ context.Context, in *lib.PublishBookRequest) (*lib.Book, error) {
	return &lib.Book{Name: in.GetName(), Published: true, PublishTime: in.GetPublishTime()}, nil
}

func (fakeLibrary) ListBookRevisions(_ context.Context, in *lib.ListBookRevisionsRequest) (*lib.ListBookRevisionsResponse, error) {
	return &lib.ListBookRevisionsResponse{Revisions: []*lib.BookRevision{{RevisionId: fmt.Sprintf("%s@%d", in.GetName(), in.GetPageSize())}}}, nil
}

func (fakeLibrary) UploadFile(_ context.Context, in *lib.UploadFileRequest) (*lib.FileInfo, error) {
	size := int64(len(in.GetContent().GetData()))
	if in.GetOverwrite() {
		size = -size
	}
	return &lib.FileInfo{Path: in.GetPath(), Size: size, ContentType: in.GetContent().GetContentType()}, nil
}

func (fakeLibrary) DownloadFile(_ context.Context, in *lib.DownloadFileRequest) (*httpbody.HttpBody, error) {
	return &httpbody.HttpBody{ContentType: "text/plain; charset=utf-8", Data: []byte("contents of " + in.GetPath())}, nil
}

func (fakeLibrary) ImportBooks(_ context.Context, in *httpbody.HttpBody) (*lib.ImportBooksResponse, error) {
	if in.GetContentType() != "text/csv" {
		return nil, lib.ErrorInvalidBook("want text/csv, got %q", in.GetContentType())
	}
	return &lib.ImportBooksResponse{Imported: int32(bytes.Count(in.GetData(), []byte("\n")))}, nil
}

func (fakeLibrary) GetLibrary(context.Context, *emptypb.Empty) (*lib.LibraryInfo, error) {
	return &lib.LibraryInfo{Name: "bia", ShelfCount: 3}, nil
}

func (fakeLibrary) GetDefaultShelf(context.Context, *emptypb.Empty) (*lib.Shelf, error) {
	return &lib.Shelf{Name: "shelves/default"}, nil
}

func (fakeLibrary) WatchShelf(in *lib.WatchShelfRequest, s grpc.ServerStreamingServer[lib.ShelfEvent]) error {
	for i := range 3 {
		if err := s.Send(&lib.ShelfEvent{Shelf: &lib.Shelf{Name: in.GetName(), BookCount: int64(i)}}); err != nil {
			return err
		}
	}
	return nil
}

func (fakeLibrary) StreamFile(in *lib.DownloadFileRequest, s grpc.ServerStreamingServer[httpbody.HttpBody]) error {
	for part := range strings.SplitSeq(in.GetPath(), "/") {
		if err := s.Send(&httpbody.HttpBody{ContentType: "text/plain", Data: []byte(part + "\n")}); err != nil {
			return err
		}
	}
	return nil
}

// ImportBookStream counts the books it receives; a book titled "fail"
// fails the stream.
func (fakeLibrary) ImportBookStream(s grpc.ClientStreamingServer[lib.CreateBookRequest, lib.ImportBooksResponse]) error {
	n := int32(0)
	for {
		in, err := s.Recv()
		if err == io.EOF {
			return s.SendAndClose(&lib.ImportBooksResponse{Imported: n})
		}
		if err != nil {
			return err
		}
		if in.GetBook().GetTitle() == "fail" {
			return lib.ErrorInvalidBook("book %d of %s is invalid", n, in.GetParent())
		}
		n++
	}
}

// Discuss answers every message with itself, as bound.
func (fakeLibrary) Discuss(s grpc.BidiStreamingServer[lib.DiscussMessage, lib.DiscussMessage]) error {
	for {
		in, err := s.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.Send(in); err != nil {
			return err
		}
	}
}
