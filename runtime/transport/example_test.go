package transport_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/bia-go/bia/runtime/transport"
)

// header is a transport.Header over net/http.Header, as the HTTP transport
// provides.
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

// call is a Transporter as a transport puts in the context of a request.
type call struct{ req, reply header }

func (call) Kind() transport.Kind              { return transport.KindHTTP }
func (call) Endpoint() string                  { return "http://127.0.0.1:8000" }
func (call) Operation() string                 { return "/helloworld.v1.Greeter/SayHello" }
func (c call) RequestHeader() transport.Header { return c.req }
func (c call) ReplyHeader() transport.Header   { return c.reply }

func ExampleFromServerContext() {
	c := call{req: header{}, reply: header{}}
	c.req.Set("X-Request-Id", "r1")
	ctx := transport.NewServerContext(context.Background(), c)

	// What a middleware does with the request it serves.
	if tr, ok := transport.FromServerContext(ctx); ok {
		tr.ReplyHeader().Set("X-Request-Id", tr.RequestHeader().Get("X-Request-Id"))
		fmt.Println(tr.Kind(), tr.Operation(), tr.ReplyHeader().Get("X-Request-Id"))
	}
	_, isClient := transport.FromClientContext(ctx)
	fmt.Println("client side:", isClient)
	// Output:
	// http /helloworld.v1.Greeter/SayHello r1
	// client side: false
}
