package http_test

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"
	"net/http/httptest"

	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	"github.com/bia-go/bia/runtime/transport/http"
)

// A server with one route, as generated code registers it, called over a
// loopback socket. Errors travel as JSON with the error's status code.
func ExampleHandleUnary() {
	srv := http.NewServer(
		http.Address("127.0.0.1:0"),
		http.Middleware(recovery.Recovery()),
	)
	http.HandleUnary(srv, http.Rule{Method: "GET", Pattern: "/v1/greet/{value}", Operation: "/demo.Greeter/Greet"},
		func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
			if in.GetValue() == "nobody" {
				return nil, errors.NotFound("USER_NOT_FOUND", "no such user")
			}
			return wrapperspb.String("hello " + in.GetValue()), nil
		})
	ep, err := srv.Endpoint() // listening from here on
	if err != nil {
		fmt.Println(err)
		return
	}
	served := make(chan error, 1)
	go func() { served <- srv.Start(context.Background()) }()

	for _, name := range []string{"bia", "nobody"} {
		resp, err := nethttp.Get("http://" + ep.Host + "/v1/greet/" + name)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		fmt.Println(resp.StatusCode, string(body))
	}

	fmt.Println(srv.Stop(context.Background()), <-served)
	// Output:
	// 200 "hello bia"
	// 404 {"code":404,"reason":"USER_NOT_FOUND","message":"no such user","metadata":{}}
	// <nil> <nil>
}

// A client reads an error reply back into an *errors.Error.
func ExampleDecodeError() {
	srv := http.NewServer(http.StatusErrors())
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/missing", nil))

	e := http.DecodeError(rec.Result(), rec.Body.Bytes())
	fmt.Println(e.Code, e.Reason, errors.IsNotFound(e))
	// Output: 404 NOT_FOUND true
}
