package http_test

import (
	"context"
	"fmt"
	nethttp "net/http"
	"net/http/httptest"

	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
)

// greetRule is the rule a generated client would declare for a Greet
// method bound to GET /v1/greetings/{value}.
var greetRule = http.Rule{Method: "GET", Pattern: "/v1/greetings/{value}", Operation: "/example.Greeter/Greet"}

// startGreeter serves greetRule on a loopback Bia server.
func startGreeter() *httptest.Server {
	srv := http.NewServer()
	http.HandleUnary(srv, greetRule, func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		if in.GetValue() == "nobody" {
			return nil, errors.NotFound("USER_NOT_FOUND", "no user called nobody").WithMetadata(map[string]string{"user": "nobody"})
		}
		return wrapperspb.String("hello " + in.GetValue()), nil
	})
	return httptest.NewServer(srv)
}

// Invoke is what generated clients call: the path variable is escaped
// ("/" becomes %2F) and read back by the server.
func ExampleClient_Invoke() {
	ts := startGreeter()
	defer ts.Close()

	ctx := context.Background()
	client, err := http.NewClient(ctx, http.WithEndpoint(ts.URL))
	if err != nil {
		panic(err)
	}
	defer func() { _ = client.Close() }()

	var header nethttp.Header
	out := new(wrapperspb.StringValue)
	if err := client.Invoke(ctx, greetRule, wrapperspb.String("bia/go"), out, http.Header(&header)); err != nil {
		panic(err)
	}
	fmt.Println(out.GetValue(), header.Get("Content-Type"))
	// Output: hello bia/go application/json
}

// Errors the server returns come back as *errors.Error with their code,
// reason, message and metadata.
func ExampleClient_Invoke_error() {
	ts := startGreeter()
	defer ts.Close()

	ctx := context.Background()
	client, err := http.NewClient(ctx, http.WithEndpoint(ts.URL))
	if err != nil {
		panic(err)
	}
	defer func() { _ = client.Close() }()

	err = client.Invoke(ctx, greetRule, wrapperspb.String("nobody"), new(wrapperspb.StringValue))
	e := errors.FromError(err)
	fmt.Println(e.Code, e.Reason, e.Message, e.Metadata["user"])
	fmt.Println(errors.IsNotFound(err))
	// Output:
	// 404 USER_NOT_FOUND no user called nobody nobody
	// true
}
