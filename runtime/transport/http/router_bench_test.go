package http_test

import (
	"context"
	"fmt"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/transport/http"
)

// routeTable returns a server with n routes of realistic shapes, four per
// resource, and requests that hit the routes of the last resource.
func routeTable(n int) (*http.Server, [][2]string) {
	s := http.NewServer()
	h := nethttp.NotFoundHandler()
	for i := range n {
		k := i / 4
		switch i % 4 {
		case 0:
			s.HandleMethod("GET", fmt.Sprintf("/v1/res%d/{id}", k), h)
		case 1:
			s.HandleMethod("GET", fmt.Sprintf("/v1/res%d/{id}/sub/{x}", k), h)
		case 2:
			s.HandleMethod("POST", fmt.Sprintf("/v1/res%d/{id}/sub/{x}:verb", k), h)
		case 3:
			s.HandleMethod("GET", fmt.Sprintf("/v2/res%d/{path=**}", k), h)
		}
	}
	k := n/4 - 1 // the last resource with all four routes
	return s, [][2]string{
		{"GET", fmt.Sprintf("/v1/res%d/123", k)},
		{"GET", fmt.Sprintf("/v1/res%d/123/sub/abc", k)},
		{"POST", fmt.Sprintf("/v1/res%d/123/sub/abc:verb", k)},
		{"GET", fmt.Sprintf("/v2/res%d/a/b/c.txt", k)},
	}
}

func BenchmarkRouter(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		s, reqs := routeTable(n)
		for _, r := range reqs {
			if _, ok := http.MatchRoute(s, r[0], r[1]); !ok {
				b.Fatalf("%s %s does not match", r[0], r[1])
			}
		}
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				r := reqs[i%len(reqs)]
				http.MatchRoute(s, r[0], r[1])
				i++
			}
		})
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	s, reqs := routeTable(1000)
	s.HandleMethod("PUT", "/v4/a-b/{x}:do-it", nethttp.NotFoundHandler())
	s.HandleMethod("PUT", "/v3/a-b/{x}", nethttp.NotFoundHandler())
	s.HandleMethod("GET", "/v3/{y}/c", nethttp.NotFoundHandler())
	reqs = append(reqs,
		[2]string{"PUT", "/v4/a%2Db/1:do%2Dit"}, // escaped literal and verb
		[2]string{"GET", "/v3/a-b/c"},           // backtracking past the literal branch
		[2]string{"DELETE", "/v1/res3/1"},       // no route for the method
		[2]string{"GET", "/" + strings.Repeat("x/", 31) + "x"},
	)
	for _, r := range reqs {
		if n := testing.AllocsPerRun(100, func() { http.MatchRoute(s, r[0], r[1]) }); n != 0 {
			t.Errorf("%s %s: %v allocations per match, want 0", r[0], r[1], n)
		}
	}
}

// BenchmarkServeHTTP measures whole requests through ServeHTTP: routing,
// binding (path, query, JSON body), middleware-free handler, JSON reply.
func BenchmarkServeHTTP(b *testing.B) {
	s := http.NewServer()
	mt := types(b).msg
	echo := func(_ context.Context, m proto.Message) (proto.Message, error) { return m, nil }
	http.HandleDynamic(s, http.Rule{Method: "GET", Pattern: "/v1/books/{name}", Operation: "/s.S/Get"}, mt, mt, echo)
	http.HandleDynamic(s, http.Rule{Method: "POST", Pattern: "/v1/books/{name}", Body: "*", Operation: "/s.S/Create"}, mt, mt, echo)
	s.HandleMethod("GET", "/raw/{id}", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		w.WriteHeader(204)
	}))
	tests := []struct {
		name, method, url, body string
	}{
		{"raw", "GET", "/raw/1", ""},
		{"get+query", "GET", "/v1/books/b1?small=3&tags=a&tags=b", ""},
		{"post+json", "POST", "/v1/books/b1", `{"title":"t","small":3,"tags":["a","b"],"book":{"id":"x","pages":"12"}}`},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code >= 300 {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
