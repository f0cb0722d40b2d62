// End-to-end test of the example: the real app, gRPC server, middleware and
// generated code, called over a loopback socket through the address the app
// registered.
package helloworld_test

import (
	"context"
	"encoding/json"
	"io"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/testing/protocmp"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/examples/helloworld/internal/conf"
	"github.com/bia-go/bia/examples/helloworld/internal/server"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/examples/helloworld/internal/telemetry"
	"github.com/bia-go/bia/runtime/app"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
)

// startApp runs the example app on free ports and returns the gRPC and
// HTTP endpoints it registered.
func startApp(t *testing.T) (grpcAddr, httpAddr string) {
	t.Helper()
	tel, err := telemetry.New(t.Context(), "helloworld", "test", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logger := tel.Logger
	reg := memory.New()
	greeter := service.NewGreeter() // one implementation behind both servers
	ctx, cancel := context.WithCancel(t.Context())
	a := app.New(
		app.Name("helloworld"),
		app.Context(ctx),
		app.Logger(logger),
		app.Registrar(reg),
		app.Server(
			server.NewGRPCServer(&conf.Endpoint{Addr: "127.0.0.1:0"}, tel, greeter),
			server.NewHTTPServer(&conf.Endpoint{Addr: "127.0.0.1:0"}, tel, greeter),
		),
	)
	done := make(chan error, 1)
	go func() { done <- a.Run() }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("app.Run: %v", err)
		}
	})

	w, err := reg.Watch(ctx, "helloworld")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	for {
		instances, err := w.Next()
		if err != nil {
			t.Fatalf("watching the registry: %v", err)
		}
		for _, in := range instances {
			g, gok := registry.Endpoint(in, "grpc")
			h, hok := registry.Endpoint(in, "http")
			if gok && hok {
				return g.Host, h.Host
			}
		}
	}
}

func TestGreeterOverGRPC(t *testing.T) {
	endpoint, _ := startApp(t)
	conn, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(endpoint))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := v1.NewGreeterClient(conn)

	reply, err := client.SayHello(t.Context(), &v1.HelloRequest{Name: "bia"})
	if err != nil {
		t.Fatalf("SayHello: %v", err)
	}
	if diff := cmp.Diff(&v1.HelloReply{Message: "Hello bia"}, reply, protocmp.Transform()); diff != "" {
		t.Errorf("reply (-want +got):\n%s", diff)
	}

	tests := []struct {
		name     string
		wantCode codes.Code
		wantHTTP int
		reason   string
		is       func(error) bool
	}{
		{"error", codes.NotFound, 404, "USER_NOT_FOUND", v1.IsUserNotFound},
		{"", codes.InvalidArgument, 400, "VALIDATION", func(err error) bool {
			// The violation crosses gRPC whole: field, rule and message.
			want := []errors.FieldViolation{{Field: "name", Rule: "string.min_len",
				Message: "value length must be between 1 and 64 runes, inclusive"}}
			return cmp.Equal(want, errors.FromError(err).FieldViolations())
		}},
	}
	for _, tt := range tests {
		_, err := client.SayHello(t.Context(), &v1.HelloRequest{Name: tt.name})
		st, _ := status.FromError(err)
		if st.Code() != tt.wantCode {
			t.Errorf("SayHello(%q) gRPC code = %v, want %v", tt.name, st.Code(), tt.wantCode)
		}
		var info *errdetails.ErrorInfo
		for _, d := range st.Details() {
			if d, ok := d.(*errdetails.ErrorInfo); ok {
				info = d
			}
		}
		if info.GetReason() != tt.reason {
			t.Errorf("SayHello(%q) ErrorInfo reason = %q, want %q", tt.name, info.GetReason(), tt.reason)
		}
		if !tt.is(err) {
			t.Errorf("SayHello(%q): the %s check fails for %v", tt.name, tt.reason, err)
		}
		if got := errors.FromError(err); got.Code != tt.wantHTTP || got.Reason != tt.reason {
			t.Errorf("SayHello(%q) = %d %s, want %d %s", tt.name, got.Code, got.Reason, tt.wantHTTP, tt.reason)
		}
	}
}

func TestGreeterOverHTTP(t *testing.T) {
	_, endpoint := startApp(t)
	cc, err := http.NewClient(t.Context(), http.WithEndpoint(endpoint))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	client := v1.NewGreeterHTTPClient(cc)

	reply, err := client.SayHello(t.Context(), &v1.HelloRequest{Name: "bia / ü"})
	if err != nil {
		t.Fatalf("SayHello: %v", err)
	}
	if diff := cmp.Diff(&v1.HelloReply{Message: "Hello bia / ü"}, reply, protocmp.Transform()); diff != "" {
		t.Errorf("reply (-want +got):\n%s", diff)
	}
	if _, err := client.SayHello(t.Context(), &v1.HelloRequest{Name: "error"}); !v1.IsUserNotFound(err) {
		t.Errorf("SayHello(error) = %v, want USER_NOT_FOUND", err)
	}

	// The README's curl calls, with the Content-Type curl sends.
	const jsonType, formType = "application/json", "application/x-www-form-urlencoded"
	tests := []struct {
		method, path, contentType, body string
		status                          int
		want                            string
	}{
		{"GET", "/helloworld/bia", "", "", 200, `{"message":"Hello bia"}`},
		{"POST", "/helloworld", jsonType, `{"name":"bia"}`, 200, `{"message":"Hello bia"}`},
		{"POST", "/helloworld", formType, `name=bia`, 200, `{"message":"Hello bia"}`},
		{"GET", "/helloworld/error", "", "", 404,
			`{"code":404,"reason":"USER_NOT_FOUND","message":"user not found: error","metadata":{}}`},
		{"POST", "/helloworld", jsonType, `{"name":""}`, 400,
			`{"code":400,"reason":"VALIDATION","message":"invalid request: name: value length must be between 1 and 64 runes, inclusive","metadata":{"violations":"1","violation_0_field":"name","violation_0_rule":"string.min_len","violation_0_message":"value length must be between 1 and 64 runes, inclusive"}}`},
		// What curl -d '{"name":"bia"}' without -H sends: a form whose
		// only key is the JSON text, so no name.
		{"POST", "/helloworld", formType, `{"name":"bia"}`, 400,
			`{"code":400,"reason":"VALIDATION","message":"invalid request: name: value length must be between 1 and 64 runes, inclusive","metadata":{"violations":"1","violation_0_field":"name","violation_0_rule":"string.min_len","violation_0_message":"value length must be between 1 and 64 runes, inclusive"}}`},
	}
	for _, tt := range tests {
		req, err := nethttp.NewRequestWithContext(t.Context(), tt.method, "http://"+endpoint+tt.path, strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		if tt.contentType != "" {
			req.Header.Set("Content-Type", tt.contentType)
		}
		resp, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tt.status || !jsonEqual(t, tt.want, body) {
			t.Errorf("%s %s = %d %s, want %d %s", tt.method, tt.path, resp.StatusCode, body, tt.status, tt.want)
		}
	}
	// Malformed JSON is a 400 with a JSON error body, whatever its wording.
	resp, err := nethttp.Post("http://"+endpoint+"/helloworld", "application/json", strings.NewReader(`{"name":`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("malformed JSON: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func jsonEqual(t *testing.T, want string, got []byte) bool {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return false
	}
	return cmp.Equal(w, g)
}

// TestOpenAPI checks that the example serves its generated document, whose
// operations are the routes of greeter.proto, and the page that shows it.
func TestOpenAPI(t *testing.T) {
	_, endpoint := startApp(t)
	get := func(path string) (*nethttp.Response, []byte) {
		t.Helper()
		resp, err := nethttp.Get("http://" + endpoint + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	resp, body := get("/openapi.json")
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); resp.StatusCode != 200 || err != nil {
		t.Fatalf("/openapi.json: %d %v", resp.StatusCode, err)
	}
	got := map[string]string{}
	for path, item := range doc.Paths {
		for method, op := range item {
			got[strings.ToUpper(method)+" "+path] = op.OperationID
		}
	}
	want := map[string]string{"GET /helloworld/{name}": "Greeter_SayHello", "POST /helloworld": "Greeter_SayHello_1",
		"GET /helloworld/{name}/stream": "Greeter_SayHelloStream", "GET /chat": "Greeter_Chat"}
	if doc.OpenAPI != "3.1.0" || !cmp.Equal(want, got) {
		t.Errorf("document %s operations %v, want 3.1.0 %v", doc.OpenAPI, got, want)
	}
	if resp, body := get("/docs/"); resp.StatusCode != 200 || !strings.Contains(string(body), "<html") {
		t.Errorf("/docs/: %d %.80s", resp.StatusCode, body)
	}
}
