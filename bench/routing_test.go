package bench_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	biahttp "github.com/bia-go/bia/runtime/transport/http"

	"github.com/bia-go/bia/bench/internal/harness"
)

// routeSizes are the route counts BenchmarkRouting measures.
var routeSizes = []int{10, 100, 1000}

// route is one route of a generated-shape API.
type route struct {
	method, pattern string
}

// routes returns n routes (n a multiple of 5): for each of n/5 resources
// the five methods of a generated CRUD API, with the path variables
// {parent} and {item}. Bia templates and Go 1.22 ServeMux patterns write
// them alike.
func routes(n int) []route {
	rs := make([]route, 0, n)
	for k := range n / 5 {
		coll := fmt.Sprintf("/v1/res%d/{parent}/items", k)
		rs = append(rs,
			route{http.MethodGet, coll},
			route{http.MethodPost, coll},
			route{http.MethodGet, coll + "/{item}"},
			route{http.MethodPatch, coll + "/{item}"},
			route{http.MethodDelete, coll + "/{item}"},
		)
	}
	return rs
}

// echoVars writes the path variables parent and item, so a test sees the
// route bound them.
func echoVars(w http.ResponseWriter, r *http.Request) {
	_, _ = io.WriteString(w, r.PathValue("parent"))
	_, _ = io.WriteString(w, "/")
	_, _ = io.WriteString(w, r.PathValue("item"))
}

// routers returns the routers with rs registered, by name.
func routers(rs []route) []struct {
	name string
	h    http.Handler
} {
	bia := biahttp.NewServer()
	mux := http.NewServeMux()
	for _, rt := range rs {
		bia.HandleMethod(rt.method, rt.pattern, http.HandlerFunc(echoVars))
		mux.HandleFunc(rt.method+" "+rt.pattern, echoVars)
	}
	return []struct {
		name string
		h    http.Handler
	}{{"servemux", mux}, {"bia", bia}}
}

// lastRequest returns a request for the last route of rs, the one
// registered last.
func lastRequest(rs []route) harness.Spec {
	var k int
	_, _ = fmt.Sscanf(rs[len(rs)-1].pattern, "/v1/res%d/", &k)
	return harness.Spec{Method: rs[len(rs)-1].method, Target: fmt.Sprintf("/v1/res%d/shelf-17/items/item-4711", k)}
}

func TestRouting(t *testing.T) {
	for _, n := range routeSizes {
		rs := routes(n)
		tests := []struct {
			name     string
			spec     harness.Spec
			wantCode int
			wantBody string
		}{
			{"last route", lastRequest(rs), http.StatusOK, "shelf-17/item-4711"},
			{"first route", harness.Spec{Method: http.MethodGet, Target: "/v1/res0/p/items"}, http.StatusOK, "p/"},
			{"unknown path", harness.Spec{Method: http.MethodGet, Target: fmt.Sprintf("/v1/res%d/p/items", n)}, http.StatusNotFound, ""},
			{"wrong method", harness.Spec{Method: http.MethodPut, Target: "/v1/res0/p/items/i"}, http.StatusMethodNotAllowed, ""},
		}
		for _, r := range routers(rs) {
			for _, tt := range tests {
				t.Run(fmt.Sprintf("routes=%d/%s/%s", n, r.name, tt.name), func(t *testing.T) {
					w := harness.NewRecorder()
					r.h.ServeHTTP(w, harness.NewReplay(tt.spec).Request())
					if w.Code() != tt.wantCode {
						t.Fatalf("status %d, want %d (body %s)", w.Code(), tt.wantCode, w.Body())
					}
					if tt.wantCode == http.StatusOK && string(w.Body()) != tt.wantBody {
						t.Errorf("body %q, want %q", w.Body(), tt.wantBody)
					}
				})
			}
		}
	}
}

// BenchmarkRouting measures routing a request to the last registered of n
// generated-shape routes, and the handler reading its two path variables,
// with net/http's ServeMux and with Bia's router (Server.Handle).
func BenchmarkRouting(b *testing.B) {
	for _, n := range routeSizes {
		rs := routes(n)
		for _, r := range routers(rs) {
			b.Run(fmt.Sprintf("routes=%d/%s", n, r.name), func(b *testing.B) {
				p, w := harness.NewReplay(lastRequest(rs)), harness.NewRecorder()
				r.h.ServeHTTP(w, p.Request())
				if got := string(w.Body()); w.Code() != http.StatusOK || got != "shelf-17/item-4711" {
					b.Fatalf("status %d, body %q", w.Code(), got)
				}
				b.ReportAllocs()
				for b.Loop() {
					w.Reset()
					r.h.ServeHTTP(w, p.Request())
				}
			})
		}
	}
}
