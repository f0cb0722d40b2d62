package selector_test

import (
	"context"
	"net/http"

	"github.com/bia-go/bia/runtime/transport"
)

// header is a transport.Header over net/http's canonicalising header map.
type header http.Header

func (h header) Get(k string) string      { return http.Header(h).Get(k) }
func (h header) Set(k, v string)          { http.Header(h).Set(k, v) }
func (h header) Add(k, v string)          { http.Header(h).Add(k, v) }
func (h header) Values(k string) []string { return http.Header(h).Values(k) }
func (h header) Keys() []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	return keys
}

// fakeTransport is a transport.Transporter for one operation.
type fakeTransport struct {
	op     string
	req    header
	replyH header
}

func newTransport(op string) *fakeTransport {
	return &fakeTransport{op: op, req: header{}, replyH: header{}}
}

func (t *fakeTransport) Kind() transport.Kind            { return transport.KindGRPC }
func (t *fakeTransport) Endpoint() string                { return "127.0.0.1:0" }
func (t *fakeTransport) Operation() string               { return t.op }
func (t *fakeTransport) RequestHeader() transport.Header { return t.req }
func (t *fakeTransport) ReplyHeader() transport.Header   { return t.replyH }

func serverCtx(op string) context.Context {
	return transport.NewServerContext(context.Background(), newTransport(op))
}

func clientCtx(op string) context.Context {
	return transport.NewClientContext(context.Background(), newTransport(op))
}
