package e2e_test

import (
	"context"
	"io"
	"strings"
	"sync"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// library implements the generated LibraryHTTPServer and records the last
// request of every method, so tests can compare what the server bound with
// what was sent. Replies are derived from requests, so tests can check
// replies too. Magic values trigger errors and panics.
type library struct {
	mu   sync.Mutex
	last map[string]proto.Message
}

func newLibrary() *library { return &library{last: map[string]proto.Message{}} }

func (l *library) record(method string, req proto.Message) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last[method] = proto.Clone(req)
}

// Last returns the last request the method received, or nil.
func (l *library) Last(method string) proto.Message {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last[method]
}

func (l *library) GetBook(_ context.Context, in *libpb.GetBookRequest) (*libpb.Book, error) {
	l.record("GetBook", in)
	switch in.GetBookId() {
	case "missing":
		return nil, libpb.ErrorBookNotFound("book %q not found", in.GetBookId()).
			WithMetadata(map[string]string{"book_id": in.GetBookId()})
	case "stale":
		return nil, libpb.ErrorEtagMismatch("etag mismatch").WithMetadata(map[string]string{"etag": "v2"})
	case "panic":
		panic("secret panic text")
	case "plain-error":
		return nil, errPlain
	}
	return &libpb.Book{
		Name:   "shelves/" + in.GetShelf().GetName() + "/books/" + in.GetBookId(),
		Title:  "Title of " + in.GetBookId(),
		Format: in.GetFormat(),
		Tags:   in.GetLanguages(),
	}, nil
}

type plainError struct{}

func (plainError) Error() string { return "database password is hunter2" }

var errPlain error = plainError{}

func (l *library) ListShelves(_ context.Context, in *libpb.ListShelvesRequest) (*libpb.ListShelvesResponse, error) {
	l.record("ListShelves", in)
	out := &libpb.ListShelvesResponse{NextPageToken: "next"}
	for i := int32(0); i < in.GetPageSize(); i++ {
		out.Shelves = append(out.Shelves, &libpb.Shelf{Name: "shelves/" + string(rune('a'+i)), BookCount: int64(i)})
	}
	return out, nil
}

func (l *library) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	l.record("GetShelf", in)
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName(), Theme: in.GetLibraryId()}, Etag: "e1"}, nil
}

func (l *library) CountBooks(_ context.Context, in *libpb.CountBooksRequest) (*libpb.CountBooksResponse, error) {
	l.record("CountBooks", in)
	out := &libpb.CountBooksResponse{Counts: map[string]int64{}}
	for i, s := range in.GetShelves() {
		out.Counts[s] = int64(i+1) << 40
	}
	return out, nil
}

func (l *library) CreateShelf(_ context.Context, in *libpb.CreateShelfRequest) (*libpb.Shelf, error) {
	l.record("CreateShelf", in)
	return in.GetShelf(), nil
}

func (l *library) UpdateShelf(_ context.Context, in *libpb.UpdateShelfRequest) (*libpb.Shelf, error) {
	l.record("UpdateShelf", in)
	return in.GetShelf(), nil
}

func (l *library) CreateBook(_ context.Context, in *libpb.CreateBookRequest) (*libpb.Book, error) {
	l.record("CreateBook", in)
	b := proto.Clone(in.GetBook()).(*libpb.Book)
	b.Name = in.GetParent() + "/books/" + in.GetBookId()
	return b, nil
}

func (l *library) UpdateBook(_ context.Context, in *libpb.UpdateBookRequest) (*libpb.Book, error) {
	l.record("UpdateBook", in)
	return in.GetBook(), nil
}

func (l *library) DeleteBook(_ context.Context, in *libpb.DeleteBookRequest) (*emptypb.Empty, error) {
	l.record("DeleteBook", in)
	return &emptypb.Empty{}, nil
}

func (l *library) PublishBook(_ context.Context, in *libpb.PublishBookRequest) (*libpb.Book, error) {
	l.record("PublishBook", in)
	return &libpb.Book{Name: in.GetName(), Published: true, PublishTime: in.GetPublishTime()}, nil
}

func (l *library) ListBookRevisions(_ context.Context, in *libpb.ListBookRevisionsRequest) (*libpb.ListBookRevisionsResponse, error) {
	l.record("ListBookRevisions", in)
	return &libpb.ListBookRevisionsResponse{Revisions: []*libpb.BookRevision{{RevisionId: in.GetName() + "@1"}}}, nil
}

func (l *library) UploadFile(_ context.Context, in *libpb.UploadFileRequest) (*libpb.FileInfo, error) {
	l.record("UploadFile", in)
	return &libpb.FileInfo{
		Path:        in.GetPath(),
		Size:        int64(len(in.GetContent().GetData())),
		ContentType: in.GetContent().GetContentType(),
	}, nil
}

func (l *library) DownloadFile(_ context.Context, in *libpb.DownloadFileRequest) (*httpbody.HttpBody, error) {
	l.record("DownloadFile", in)
	return &httpbody.HttpBody{ContentType: "text/csv", Data: []byte("path," + in.GetPath() + "\n")}, nil
}

func (l *library) ImportBooks(_ context.Context, in *httpbody.HttpBody) (*libpb.ImportBooksResponse, error) {
	l.record("ImportBooks", in)
	return &libpb.ImportBooksResponse{Imported: int32(len(in.GetData()))}, nil
}

func (l *library) GetLibrary(_ context.Context, in *emptypb.Empty) (*libpb.LibraryInfo, error) {
	l.record("GetLibrary", in)
	return &libpb.LibraryInfo{Name: "central", ShelfCount: 3}, nil
}

func (l *library) GetDefaultShelf(_ context.Context, in *emptypb.Empty) (*libpb.Shelf, error) {
	l.record("GetDefaultShelf", in)
	return &libpb.Shelf{Name: "shelves/default", Theme: "the default"}, nil
}

// admin implements the deprecated LibraryAdmin service.
type admin struct{}

func (admin) Reindex(_ context.Context, in *libpb.ReindexRequest) (*libpb.ReindexResponse, error) {
	if in.GetFull() {
		return &libpb.ReindexResponse{Indexed: 100}, nil
	}
	return &libpb.ReindexResponse{Indexed: 1}, nil
}

func (admin) Ping(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// WatchShelf sends an event per book count from 0 to the number in the
// name ("shelves/3": 0, 1, 2); "shelves/missing" fails after the first.
func (l *library) WatchShelf(in *libpb.WatchShelfRequest, s grpc.ServerStreamingServer[libpb.ShelfEvent]) error {
	l.record("WatchShelf", in)
	n := 0
	for _, c := range strings.TrimPrefix(in.GetName(), "shelves/") {
		if c < '0' || c > '9' {
			n = 1
			break
		}
		n = n*10 + int(c-'0')
	}
	for i := range n {
		if err := s.Send(&libpb.ShelfEvent{Shelf: &libpb.Shelf{Name: in.GetName(), BookCount: int64(i)}}); err != nil {
			return err
		}
	}
	if in.GetName() == "shelves/missing" {
		return libpb.ErrorShelfNotFound("shelf %s is gone", in.GetName())
	}
	return nil
}

// StreamFile sends each segment of the path as a chunk of text.
func (l *library) StreamFile(in *libpb.DownloadFileRequest, s grpc.ServerStreamingServer[httpbody.HttpBody]) error {
	l.record("StreamFile", in)
	for part := range strings.SplitSeq(in.GetPath(), "/") {
		if err := s.Send(&httpbody.HttpBody{ContentType: "text/plain", Data: []byte(part)}); err != nil {
			return err
		}
	}
	return nil
}

// ImportBookStream counts the books it receives.
func (l *library) ImportBookStream(s grpc.ClientStreamingServer[libpb.CreateBookRequest, libpb.ImportBooksResponse]) error {
	n := int32(0)
	for {
		in, err := s.Recv()
		if err == io.EOF {
			return s.SendAndClose(&libpb.ImportBooksResponse{Imported: n})
		}
		if err != nil {
			return err
		}
		l.record("ImportBookStream", in)
		n++
	}
}

// Discuss answers every message with itself, as bound.
func (l *library) Discuss(s grpc.BidiStreamingServer[libpb.DiscussMessage, libpb.DiscussMessage]) error {
	for {
		in, err := s.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		l.record("Discuss", in)
		if err := s.Send(in); err != nil {
			return err
		}
	}
}
