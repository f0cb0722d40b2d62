package helloworld_test

import (
	"context"
	"io"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gogrpc "google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
)

// streamClient is what the streaming tests need of a client: the gRPC and
// the HTTP clients of Greeter both have it, with the same stream types.
type streamClient struct {
	name  string
	hello func(context.Context, *v1.HelloStreamRequest) (gogrpc.ServerStreamingClient[v1.HelloReply], error)
	chat  func(context.Context) (gogrpc.BidiStreamingClient[v1.HelloRequest, v1.HelloReply], error)
}

func streamClients(t *testing.T) []streamClient {
	grpcAddr, httpAddr := startApp(t)
	conn, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(grpcAddr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	g := v1.NewGreeterClient(conn)
	hc, err := http.NewClient(t.Context(), http.WithEndpoint(httpAddr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hc.Close() })
	h := v1.NewGreeterHTTPClient(hc)
	return []streamClient{
		{"gRPC",
			func(ctx context.Context, in *v1.HelloStreamRequest) (gogrpc.ServerStreamingClient[v1.HelloReply], error) {
				return g.SayHelloStream(ctx, in)
			},
			func(ctx context.Context) (gogrpc.BidiStreamingClient[v1.HelloRequest, v1.HelloReply], error) {
				return g.Chat(ctx)
			}},
		{"HTTP (NDJSON, WebSocket)",
			func(ctx context.Context, in *v1.HelloStreamRequest) (gogrpc.ServerStreamingClient[v1.HelloReply], error) {
				return h.SayHelloStream(ctx, in)
			},
			func(ctx context.Context) (gogrpc.BidiStreamingClient[v1.HelloRequest, v1.HelloReply], error) {
				return h.Chat(ctx)
			}},
		{"HTTP (Server-Sent Events)",
			func(ctx context.Context, in *v1.HelloStreamRequest) (gogrpc.ServerStreamingClient[v1.HelloReply], error) {
				return h.SayHelloStream(ctx, in, http.Accept("text/event-stream"))
			},
			func(ctx context.Context) (gogrpc.BidiStreamingClient[v1.HelloRequest, v1.HelloReply], error) {
				return h.Chat(ctx)
			}},
	}
}

// TestGreeterStreams runs the same streaming tests over gRPC and HTTP
// against one Greeter: greetings in order, the validation rules and the
// typed error on both kinds of stream.
func TestGreeterStreams(t *testing.T) {
	for _, c := range streamClients(t) {
		t.Run(c.name, func(t *testing.T) {
			got, err := helloAll(t.Context(), c, &v1.HelloStreamRequest{Name: "bia", Count: 5, Interval: durationpb.New(0)})
			want := []string{"Hello bia (1/5)", "Hello bia (2/5)", "Hello bia (3/5)", "Hello bia (4/5)", "Hello bia (5/5)"}
			if err != nil || !cmp.Equal(want, got) {
				t.Errorf("SayHelloStream = %q, %v; want %q", got, err, want)
			}
			_, err = helloAll(t.Context(), c, &v1.HelloStreamRequest{Name: "bia", Count: 101})
			if e := errors.FromError(err); e.Code != 400 || e.Reason != errors.ReasonValidation || e.FieldViolations()[0].Field != "count" {
				t.Errorf("101 greetings: %v, want a VALIDATION error on count", err)
			}
			if _, err := helloAll(t.Context(), c, &v1.HelloStreamRequest{Name: "error"}); !v1.IsUserNotFound(err) {
				t.Errorf("SayHelloStream(error): %v, want USER_NOT_FOUND", err)
			}

			chat, err := c.chat(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"ann", "bob"} {
				if err := chat.Send(&v1.HelloRequest{Name: name}); err != nil {
					t.Fatal(err)
				}
				if m, err := chat.Recv(); err != nil || m.GetMessage() != "Hello "+name {
					t.Fatalf("Chat(%s) = %v, %v", name, m, err)
				}
			}
			if err := chat.Send(&v1.HelloRequest{}); err != nil {
				t.Fatal(err)
			}
			_, err = chat.Recv()
			if e := errors.FromError(err); e.Reason != errors.ReasonValidation || e.FieldViolations()[0].Field != "name" {
				t.Errorf("Chat with an empty name: %v, want a VALIDATION error on name", err)
			}

			chat, err = c.chat(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if err := chat.Send(&v1.HelloRequest{Name: "error"}); err != nil {
				t.Fatal(err)
			}
			if _, err := chat.Recv(); !v1.IsUserNotFound(err) {
				t.Errorf("Chat(error): %v, want USER_NOT_FOUND", err)
			}
		})
	}
}

// helloAll reads a whole greeting stream.
func helloAll(ctx context.Context, c streamClient, in *v1.HelloStreamRequest) ([]string, error) {
	stream, err := c.hello(ctx, in)
	if err != nil {
		return nil, err
	}
	var got []string
	for {
		m, err := stream.Recv()
		if err == io.EOF {
			return got, nil
		}
		if err != nil {
			return got, err
		}
		got = append(got, m.GetMessage())
	}
}

// TestGreeterSSE checks the README's curl -N call: the Server-Sent Events
// a browser's EventSource reads.
func TestGreeterSSE(t *testing.T) {
	_, httpAddr := startApp(t)
	req, _ := nethttp.NewRequestWithContext(t.Context(), "GET", "http://"+httpAddr+"/helloworld/bia/stream?count=2&interval=0.01s", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	want := "data: {\"message\":\"Hello bia (1/2)\"}\n\ndata: {\"message\":\"Hello bia (2/2)\"}\n\nevent: end\ndata:\n\n"
	if got := stripSpaces(string(body)); got != want || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("SSE %s:\n%s\nwant\n%s", resp.Header.Get("Content-Type"), got, want)
	}
}

// stripSpaces removes the spaces protojson puts after colons at random.
func stripSpaces(s string) string {
	return stringsReplacer.Replace(s)
}

var stringsReplacer = strings.NewReplacer(`": "`, `":"`, `", "`, `","`)
