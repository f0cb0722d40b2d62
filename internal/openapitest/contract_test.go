package openapitest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	nethttp "net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/bia-go/bia/runtime/middleware/validate"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
	accpb "github.com/bia-go/bia/testdata/golden/validatetest/v1"
)

// library serves the calls of the corpus; the methods it does not
// implement answer Unimplemented (501), which the documents cover as their
// default error.
type library struct {
	libpb.UnimplementedLibraryServer
}

func (library) GetBook(_ context.Context, in *libpb.GetBookRequest) (*libpb.Book, error) {
	if in.GetBookId() == "missing" {
		return nil, libpb.ErrorBookNotFound("no book %s", in.GetBookId())
	}
	return &libpb.Book{Name: "shelves/" + in.GetShelf().GetName() + "/books/" + in.GetBookId(), Title: "T",
		Tags: in.GetLanguages(), PublishTime: timestamppb.New(time.Unix(1e9, 0))}, nil
}

func (library) ListShelves(context.Context, *libpb.ListShelvesRequest) (*libpb.ListShelvesResponse, error) {
	return &libpb.ListShelvesResponse{Shelves: []*libpb.Shelf{{Name: "shelves/a", Theme: "t", BookCount: 3}}}, nil
}

func (library) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName(), Theme: "t"}, Etag: "e"}, nil
}

func (library) GetDefaultShelf(context.Context, *emptypb.Empty) (*libpb.Shelf, error) {
	return &libpb.Shelf{Name: "shelves/default", Theme: "default"}, nil
}

func (library) CountBooks(_ context.Context, in *libpb.CountBooksRequest) (*libpb.CountBooksResponse, error) {
	out := &libpb.CountBooksResponse{Counts: map[string]int64{}}
	for i, s := range in.GetShelves() {
		out.Counts[s] = int64(i) << 40
	}
	return out, nil
}

func (library) CreateShelf(_ context.Context, in *libpb.CreateShelfRequest) (*libpb.Shelf, error) {
	return &libpb.Shelf{Name: "shelves/new", Theme: in.GetShelf().GetTheme(), CreateTime: timestamppb.New(time.Unix(1e9, 0))}, nil
}

func (library) UpdateBook(_ context.Context, in *libpb.UpdateBookRequest) (*libpb.Book, error) {
	return in.GetBook(), nil
}

func (library) DeleteBook(context.Context, *libpb.DeleteBookRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (library) PublishBook(_ context.Context, in *libpb.PublishBookRequest) (*libpb.Book, error) {
	return &libpb.Book{Name: in.GetName(), Title: "T", Published: true}, nil
}

func (library) DownloadFile(_ context.Context, in *libpb.DownloadFileRequest) (*httpbody.HttpBody, error) {
	return &httpbody.HttpBody{ContentType: "text/csv", Data: []byte("path," + in.GetPath() + "\n")}, nil
}

func (library) UploadFile(_ context.Context, in *libpb.UploadFileRequest) (*libpb.FileInfo, error) {
	return &libpb.FileInfo{Path: in.GetPath(), Size: int64(len(in.GetContent().GetData())), ContentType: in.GetContent().GetContentType()}, nil
}

func (library) GetLibrary(context.Context, *emptypb.Empty) (*libpb.LibraryInfo, error) {
	return &libpb.LibraryInfo{Name: "central", ShelfCount: 3}, nil
}

// accounts serves Accounts behind the validation middleware.
type accounts struct {
	accpb.UnimplementedAccountsServer
}

func (accounts) CreateAccount(_ context.Context, in *accpb.CreateAccountRequest) (*accpb.Account, error) {
	return &accpb.Account{Id: in.GetId(), Name: in.GetName()}, nil
}

// call is a request of the corpus and the status it must get.
type call struct {
	name, method, target, contentType, body string
	status                                  int
	// requestInvalid marks a request the document says is invalid (the
	// server must refuse it, and the request validator must too).
	requestInvalid bool
	// docPath names the document's path of the call where
	// libopenapi-validator's own path matching cannot find it: a custom
	// verb after a parameter in one segment (it takes /a/{b}:verb for
	// /a/{b}), and a parameter taking the rest of the path, '/' included
	// (OpenAPI parameters are one segment; the document marks such
	// parameters x-allow-reserved).
	docPath string
	// restOfPath: the call's path parameter holds '/', which no OpenAPI
	// 3.1 tool extracts; only the response is checked.
	restOfPath bool
}

const validAccount = `{"name":"Ada","email":"ada@example.com","id":"0b5f5e3c-8d3b-4c35-9a7e-1d1ef0a8f0b2","handle":"ada",
	"age":36,"score":1.5,"tags":["ab"],"address":{"city":"London"},"plan":"PLAN_PRO","labels":{"kk":"v"},"phone":"+44"}`

var corpus = []call{
	{name: "GetBook with query", method: "GET", target: "/v1/shelves/s1/books/b1?revision=2&languages=en&languages=fr&filter.author=A&format=BOOK_FORMAT_EBOOK", status: 200},
	{name: "GetBook by JSON name", method: "GET", target: "/v1/books/b2", status: 200},
	{name: "GetBook error enum", method: "GET", target: "/v1/shelves/s1/books/missing", status: 404},
	{name: "GetBook bad query value", method: "GET", target: "/v1/shelves/s1/books/b1?revision=abc", status: 400, requestInvalid: true},
	{name: "ListShelves, response_body repeated", method: "GET", target: "/v1/shelves?pageSize=2", status: 200},
	{name: "GetShelf, multi-segment path", method: "GET", target: "/v1/shelves/s1", status: 200},
	{name: "GetDefaultShelf beside GetShelf", method: "GET", target: "/v1/shelves/default", status: 200},
	{name: "CountBooks, custom verb, map reply", method: "GET", target: "/v1/shelves:countBooks?shelves=a&shelves=b", status: 200},
	{name: "CreateShelf, body *", method: "POST", target: "/v1/shelves", contentType: "application/json", body: `{"shelf":{"theme":"t"},"requestId":"r"}`, status: 200},
	{name: "CreateShelf, form body", method: "POST", target: "/v1/shelves", contentType: "application/x-www-form-urlencoded", body: `shelf.theme=t&requestId=r`, status: 200},
	{name: "CreateShelf, malformed JSON", method: "POST", target: "/v1/shelves", contentType: "application/json", body: `{`, status: 400, requestInvalid: true},
	{name: "CreateShelf, unsupported media type", method: "POST", target: "/v1/shelves", contentType: "text/plain", body: `x`, status: 415, requestInvalid: true},
	{name: "UpdateBook, body * with path", method: "PATCH", target: "/v1/shelves/s1/books/b1", contentType: "application/json", body: `{"book":{"title":"New"},"updateMask":"title"}`, status: 200},
	{name: "DeleteBook", method: "DELETE", target: "/v1/shelves/s1/books/b1?force=true", status: 200},
	{name: "PublishBook, verb on multi-segment", method: "POST", target: "/v1/shelves/s1/books/b1:publish", contentType: "application/json", body: `{"publishTime":"2021-01-01T00:00:00Z"}`, status: 200,
		docPath: "/v1/shelves/{name.shelves}/books/{name.books}:publish"},
	{name: "DownloadFile, HttpBody reply", method: "GET", target: "/v1/files/b.csv", status: 200},
	{name: "DownloadFile, rest of the path", method: "GET", target: "/v1/files/a/b.csv", status: 200, docPath: "/v1/files/{path}", restOfPath: true},
	{name: "UploadFile, HttpBody body", method: "PUT", target: "/v1/files/x.pdf", contentType: "application/pdf", body: "%PDF", status: 200},
	{name: "GetLibrary", method: "GET", target: "/v1/library", status: 200},
	{name: "CreateAccount", method: "POST", target: "/v1/accounts", contentType: "application/json", body: validAccount, status: 200},
	{name: "CreateAccount, validation", method: "POST", target: "/v1/accounts", contentType: "application/json",
		body: strings.Replace(validAccount, `"name":"Ada"`, `"name":""`, 1), status: 400, requestInvalid: true},
	{name: "CreateAccount, several violations", method: "POST", target: "/v1/accounts", contentType: "application/json",
		body: strings.Replace(strings.Replace(validAccount, `"age":36`, `"age":200`, 1), `"email":"ada@example.com"`, `"email":"nope"`, 1), status: 400, requestInvalid: true},
}

// TestContract serves the test protos and checks every call of the corpus
// against the golden document: the request is valid exactly when the
// server serves it, and every response, success or error, is one the
// document describes.
func TestContract(t *testing.T) {
	spec, err := os.ReadFile("../../testdata/golden/openapi/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	srv := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(slog.New(slog.DiscardHandler)),
		http.Middleware(validate.Validator()))
	libpb.RegisterLibraryHTTPServer(srv, library{})
	accpb.RegisterAccountsHTTPServer(srv, accounts{})
	ep, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	base := "http://" + ep.Host

	for _, c := range corpus {
		t.Run(c.name, func(t *testing.T) {
			req := newRequest(t, base, c)
			resp, err := nethttp.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, c.status, body)
			}
			resp.Body = io.NopCloser(bytes.NewReader(body))

			var ok, respOK bool
			var verrs, rerrs []*verrors.ValidationError
			if c.docPath == "" {
				ok, verrs = v.ValidateHttpRequest(newRequest(t, base, c))
				respOK, rerrs = v.ValidateHttpResponse(newRequest(t, base, c), resp)
			} else {
				item := model.Model.Paths.PathItems.GetOrZero(c.docPath)
				if item == nil {
					t.Fatalf("no path %s in the document", c.docPath)
				}
				ok, verrs = v.ValidateHttpRequestWithPathItem(newRequest(t, base, c), item, c.docPath)
				respOK, rerrs = v.GetResponseBodyValidator().ValidateResponseBodyWithPathItem(newRequest(t, base, c), resp, item, c.docPath)
			}
			if ok == c.requestInvalid && !c.restOfPath {
				t.Errorf("request valid by the document = %v, want %v: %s", ok, !c.requestInvalid, describe(verrs))
			}
			if !respOK {
				t.Errorf("the response does not conform to the document: %s\nbody %s", describe(rerrs), body)
			}
		})
	}
}

func newRequest(t *testing.T, base string, c call) *nethttp.Request {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := nethttp.NewRequest(c.method, base+c.target, body)
	if err != nil {
		t.Fatal(err)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	// accounts.proto's document annotation requires bearer tokens on every
	// operation; the test server does not check them, the validator does.
	req.Header.Set("Authorization", "Bearer test-token")
	return req
}

func describe(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("\n  " + e.Error())
		for _, se := range e.SchemaValidationErrors {
			b.WriteString("\n    " + se.Reason + " at " + se.KeywordLocation)
		}
	}
	return b.String()
}
