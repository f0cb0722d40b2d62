package http_test

import (
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/transport/http"
)

// rawRoute registers a raw handler that answers with the matched pattern
// (header X-Pattern) and its path values as a JSON object.
func rawRoute(s *http.Server, method, pattern string, names ...string) {
	s.HandleMethod(method, pattern, nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		vals := map[string]string{}
		for _, n := range names {
			vals[n] = r.PathValue(n)
		}
		w.Header().Set("X-Pattern", pattern)
		_ = json.NewEncoder(w).Encode(vals)
	}))
}

func routingServer() *http.Server {
	s := http.NewServer()
	rawRoute(s, "GET", "/")
	rawRoute(s, "GET", "/v1/books/{id}", "id")
	rawRoute(s, "DELETE", "/v1/books/{id}", "id")
	rawRoute(s, "POST", "/v1/books")
	rawRoute(s, "POST", "/v1/books/{id}:publish", "id")
	rawRoute(s, "GET", "/v1/{name=shelves/*/books/*}", "name")
	rawRoute(s, "GET", "/v1/files/{path=**}", "path")
	rawRoute(s, "GET", "/v2/{book.id}/x/{book.title}", "book.id", "book.title")
	rawRoute(s, "GET", "/static/**")
	rawRoute(s, "GET", "/a/{x}/c", "x")
	rawRoute(s, "PUT", "/a/b/{y}", "y")
	rawRoute(s, "PURGE", "/v1/cache/{key}", "key")
	rawRoute(s, "GET", "/v1/it%2Dems/{id}:%61ctivate", "id")
	// Overlapping pairs: the more specific wins, whatever the order.
	rawRoute(s, "GET", "/v4/users/{id}", "id")
	rawRoute(s, "GET", "/v4/users/me")
	rawRoute(s, "GET", "/v4/{name=**}", "name")
	rawRoute(s, "GET", "/v4/{name=shelves/*}", "name")
	return s
}

func TestRouting(t *testing.T) {
	s := routingServer()
	tests := []struct {
		name, method, path string
		pattern            string
		values             map[string]string
	}{
		{"root", "GET", "/", "/", map[string]string{}},
		{"single variable", "GET", "/v1/books/42", "/v1/books/{id}", map[string]string{"id": "42"}},
		{"other method same template", "DELETE", "/v1/books/42", "/v1/books/{id}", map[string]string{"id": "42"}},
		{"literal route", "POST", "/v1/books", "/v1/books", map[string]string{}},
		{"HEAD served by GET", "HEAD", "/v1/books/7", "/v1/books/{id}", map[string]string{"id": "7"}},
		{"custom verb", "POST", "/v1/books/42:publish", "/v1/books/{id}:publish", map[string]string{"id": "42"}},
		{"verb route of another method falls back to the full path", "GET", "/v1/books/42:publish", "/v1/books/{id}", map[string]string{"id": "42:publish"}},
		{"colons before the verb stay in the value", "POST", "/v1/books/a:b:publish", "/v1/books/{id}:publish", map[string]string{"id": "a:b"}},
		{"multi-segment variable", "GET", "/v1/shelves/s1/books/b2", "/v1/{name=shelves/*/books/*}", map[string]string{"name": "shelves/s1/books/b2"}},
		{"deep wildcard", "GET", "/v1/files/a/b/c.txt", "/v1/files/{path=**}", map[string]string{"path": "a/b/c.txt"}},
		{"deep wildcard matches nothing", "GET", "/v1/files", "/v1/files/{path=**}", map[string]string{"path": ""}},
		{"deep wildcard keeps empty segments", "GET", "/v1/files/a//b/", "/v1/files/{path=**}", map[string]string{"path": "a//b/"}},
		{"nested field paths", "GET", "/v2/7/x/t", "/v2/{book.id}/x/{book.title}", map[string]string{"book.id": "7", "book.title": "t"}},
		{"bare deep wildcard", "GET", "/static/css/site.css", "/static/**", map[string]string{}},
		{"backtracking to * when the literal branch lacks the method", "GET", "/a/b/c", "/a/{x}/c", map[string]string{"x": "b"}},
		{"literal branch for its method", "PUT", "/a/b/c", "/a/b/{y}", map[string]string{"y": "c"}},
		{"custom method", "PURGE", "/v1/cache/k1", "/v1/cache/{key}", map[string]string{"key": "k1"}},
		{"single segment decodes %2F", "GET", "/v1/books/a%2Fb%20c", "/v1/books/{id}", map[string]string{"id": "a/b c"}},
		{"multi segment decodes all but %2F", "GET", "/v1/shelves/s%2F1/books/b%20%3A2", "/v1/{name=shelves/*/books/*}", map[string]string{"name": "shelves/s%2F1/books/b :2"}},
		{"deep decodes all but %2F and %2f", "GET", "/v1/files/d%2Fe%2f/a%7Eb%3Fc%25", "/v1/files/{path=**}", map[string]string{"path": "d%2Fe%2f/a~b?c%"}},
		{"more specific literal", "GET", "/v4/users/me", "/v4/users/me", map[string]string{}},
		{"less specific variable", "GET", "/v4/users/you", "/v4/users/{id}", map[string]string{"id": "you"}},
		{"literal with a * beats **", "GET", "/v4/shelves/s1", "/v4/{name=shelves/*}", map[string]string{"name": "shelves/s1"}},
		{"** takes the rest", "GET", "/v4/shelves/s1/x", "/v4/{name=**}", map[string]string{"name": "shelves/s1/x"}},
		{"escaped literal in the request", "GET", "/v1/%62ooks/9", "/v1/books/{id}", map[string]string{"id": "9"}},
		{"escaped literal and verb in the template", "GET", "/v1/it-ems/5:activate", "/v1/it%2Dems/{id}:%61ctivate", map[string]string{"id": "5"}},
		{"escaped verb in the request", "GET", "/v1/it%2dems/5:%61ctivate", "/v1/it%2Dems/{id}:%61ctivate", map[string]string{"id": "5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(s, tt.method, tt.path, "", "")
			if rec.Code != 200 {
				t.Fatalf("status = %d, want 200; body %s", rec.Code, rec.Body)
			}
			if got := rec.Header().Get("X-Pattern"); got != tt.pattern {
				t.Errorf("pattern = %q, want %q", got, tt.pattern)
			}
			if tt.method == "HEAD" {
				return
			}
			var got map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.values, got); d != "" {
				t.Errorf("values (-want +got):\n%s", d)
			}
		})
	}
}

func TestRoutingErrors(t *testing.T) {
	s := routingServer()
	tests := []struct {
		name, method, path string
		status             int
		reason             string
		allow              string
	}{
		{"unknown path", "GET", "/nope", 404, "NOT_FOUND", ""},
		{"* never matches an empty segment", "GET", "/v1/books/", 404, "NOT_FOUND", ""},
		{"* never matches across /", "GET", "/v1/books/a/b", 404, "NOT_FOUND", ""},
		{"too few segments", "GET", "/v1/shelves/s1/books", 404, "NOT_FOUND", ""},
		{"wrong method", "PATCH", "/v1/books/1", 405, "METHOD_NOT_ALLOWED", "DELETE, GET, HEAD, OPTIONS"},
		{"wrong method on a literal route", "GET", "/v1/books", 405, "METHOD_NOT_ALLOWED", "OPTIONS, POST"},
		{"unknown verb falls back to the full path", "POST", "/v1/books/1:unknown", 405, "METHOD_NOT_ALLOWED", "DELETE, GET, HEAD, OPTIONS"},
		{"verb path known to both trees", "PUT", "/v1/books/1:publish", 405, "METHOD_NOT_ALLOWED", "DELETE, GET, HEAD, OPTIONS, POST"},
		{"options", "OPTIONS", "/v1/books/1", 204, "", "DELETE, GET, HEAD, OPTIONS"},
		{"options on an unknown path", "OPTIONS", "/nope", 404, "NOT_FOUND", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(s, tt.method, tt.path, "", "")
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			if tt.status == 204 {
				if rec.Code != 204 || rec.Body.Len() != 0 {
					t.Errorf("got %d %q, want 204 without body", rec.Code, rec.Body)
				}
				return
			}
			readError(t, rec, tt.status, tt.reason)
		})
	}
}

func TestRoutingStatusErrorFormat(t *testing.T) {
	s := http.NewServer(http.StatusErrors())
	rawRoute(s, "GET", "/x")
	rec := serve(s, "POST", "/x", "", "")
	if rec.Code != 405 {
		t.Fatalf("status = %d, want 405", rec.Code)
	}
	// 405 has no gRPC counterpart in the standard table: UNKNOWN (2).
	jsonEqual(t, rec.Body.String(), `{"code":2,"message":"method POST not allowed for path \"/x\"; allowed: GET, HEAD, OPTIONS",
		"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"METHOD_NOT_ALLOWED"}]}`)
}

func TestHandleAnyMethod(t *testing.T) {
	s := http.NewServer()
	rawRoute(s, "", "/hook/{id}", "id")
	for _, m := range []string{"GET", "POST", "OPTIONS", "BREW"} {
		rec := serve(s, m, "/hook/3", "", "")
		if rec.Code != 200 || rec.Header().Get("X-Pattern") != "/hook/{id}" {
			t.Errorf("%s: got %d %q, want the route", m, rec.Code, rec.Header().Get("X-Pattern"))
		}
	}
}

// TestHandleKratosShape checks Handle and HandleFunc, which take no method
// as in Kratos: every method reaches them, path values included.
func TestHandleKratosShape(t *testing.T) {
	s := http.NewServer()
	s.Handle("/metrics", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		_, _ = w.Write([]byte("metrics " + r.Method))
	}))
	s.HandleFunc("/files/{path=**}", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		_, _ = w.Write([]byte("file " + r.PathValue("path")))
	})
	for _, tt := range []struct{ method, target, want string }{
		{"GET", "/metrics", "metrics GET"},
		{"POST", "/metrics", "metrics POST"},
		{"DELETE", "/files/a/b%20c", "file a/b c"},
	} {
		if rec := serve(s, tt.method, tt.target, "", ""); rec.Code != 200 || rec.Body.String() != tt.want {
			t.Errorf("%s %s = %d %q, want %q", tt.method, tt.target, rec.Code, rec.Body.String(), tt.want)
		}
	}
	if msg := panicMessage(func() { http.NewServer().HandleFunc("/x", nil) }); !strings.Contains(msg, "nil handler") {
		t.Errorf("HandleFunc(nil) panic = %q", msg)
	}
}

func TestHandlePrefix(t *testing.T) {
	s := http.NewServer()
	rawRoute(s, "GET", "/debug/vars")
	prefix := func(name string) nethttp.Handler {
		return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
			w.Header().Set("X-Pattern", name)
		})
	}
	s.HandlePrefix("/debug/", prefix("/debug/"))
	s.HandlePrefix("/debug/pprof/", prefix("/debug/pprof/"))
	tests := []struct {
		method, path, want string
		status             int
	}{
		{"GET", "/debug/vars", "/debug/vars", 200},
		{"POST", "/debug/vars", "/debug/", 200}, // no route for POST: the prefix
		{"GET", "/debug/pprof/heap", "/debug/pprof/", 200},
		{"GET", "/debug/other", "/debug/", 200},
		{"GET", "/debugger", "", 404},
	}
	for _, tt := range tests {
		rec := serve(s, tt.method, tt.path, "", "")
		if rec.Code != tt.status || rec.Header().Get("X-Pattern") != tt.want {
			t.Errorf("%s %s: got %d %q, want %d %q", tt.method, tt.path, rec.Code, rec.Header().Get("X-Pattern"), tt.status, tt.want)
		}
	}
}

func TestRegistrationPanics(t *testing.T) {
	rule := func(method, pattern, op string) http.Rule {
		return http.Rule{Method: method, Pattern: pattern, Operation: op}
	}
	tests := []struct {
		name  string
		first *http.Rule
		rule  http.Rule
		want  []string // substrings of the panic message
	}{
		{"same template", &http.Rule{Method: "GET", Pattern: "/v1/{name}", Operation: "/s.S/A"},
			rule("GET", "/v1/{book_id}", "/s.S/B"), []string{"GET /v1/{book_id} (operation /s.S/B)", "GET /v1/{name} (operation /s.S/A)"}},
		{"neither more specific", &http.Rule{Method: "GET", Pattern: "/v1/{name}/b", Operation: "/s.S/A"},
			rule("GET", "/v1/a/{path}", "/s.S/B"), []string{"GET /v1/a/{path} (operation /s.S/B)", "GET /v1/{name}/b (operation /s.S/A)", "neither is more specific"}},
		{"wildcard against a deep wildcard, neither more specific", &http.Rule{Method: "POST", Pattern: "/v1/{name}/x/b", Operation: "/s.S/A"},
			rule("POST", "/v1/a/{path=**}", "/s.S/B"), []string{"/s.S/A", "/s.S/B"}},
		{"escaped literal", &http.Rule{Method: "GET", Pattern: "/v1/a-b", Operation: "/s.S/A"},
			rule("GET", "/v1/a%2Db", "/s.S/B"), []string{"/v1/a-b", "/v1/a%2Db"}},
		{"bad template", nil, rule("GET", "/v1/{name", "/s.S/A"), []string{"/s.S/A", "unclosed variable"}},
		{"invalid method", nil, rule("GE T", "/v1", "/s.S/A"), []string{`"GE T" is not an HTTP method name`}},
		{"empty method", nil, rule("", "/v1", "/s.S/A"), []string{"no HTTP method"}},
		{"any method", nil, rule("*", "/v1", "/s.S/A"), []string{`HTTP method "*" (any method) is not supported`}},
		{"GET with a body", nil, http.Rule{Method: "GET", Pattern: "/v1/{name}", Body: "name", Operation: "/s.S/A"},
			[]string{`body "name": the field is also the path variable {name}`, `body "name": a GET rule cannot have a body (http.proto)`}},
		{"unknown path field", nil, rule("GET", "/v1/{nope}", "/s.S/A"), []string{"/s.S/A", `path variable {nope}: no field "nope" in message bia.test.Msg`}},
		{"path variable on a repeated field", nil, rule("GET", "/v1/{tags}", "/s.S/A"), []string{"{tags}", "repeated"}},
		{"path variable on a message", nil, rule("GET", "/v1/{book}", "/s.S/A"), []string{"{book}", "is a message (bia.test.Book)"}},
		{"path through a scalar", nil, rule("GET", "/v1/{name.x}", "/s.S/A"), []string{"{name.x}", "field name is a string, not a message"}},
		{"unknown body field", nil, http.Rule{Method: "POST", Pattern: "/v1", Body: "nope", Operation: "/s.S/A"}, []string{"/s.S/A", `body "nope": no field "nope" in message bia.test.Msg`}},
		{"unknown response_body field", nil, http.Rule{Method: "GET", Pattern: "/v1", ResponseBody: "nope", Operation: "/s.S/A"}, []string{`response_body "nope": no field "nope" in message bia.test.Msg`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := http.NewServer()
			if tt.first != nil {
				echoRoute(t, s, *tt.first)
			}
			msg := panicMessage(func() { echoRoute(t, s, tt.rule) })
			if msg == "" {
				t.Fatal("no panic")
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("panic %q does not mention %q", msg, w)
				}
			}
		})
	}
	t.Run("no conflict", func(t *testing.T) {
		s := http.NewServer()
		for _, r := range []http.Rule{
			rule("GET", "/v1/{name}", "/s.S/A"),
			rule("POST", "/v1/{name}", "/s.S/B"),
			rule("GET", "/v1/{name}:verb", "/s.S/C"),
			rule("GET", "/v1/{name}/x", "/s.S/D"),
			rule("GET", "/v2/{book.id}", "/s.S/E"), // nested field path
			rule("GET", "/v3/{bookId}", "/s.S/F"),  // JSON name
			// The more specific of two overlapping rules wins (ServeMux).
			rule("GET", "/v4/books/{name}", "/s.S/G"),
			rule("GET", "/v4/books/special", "/s.S/H"),
			rule("POST", "/v5/{path=**}", "/s.S/I"),
			rule("POST", "/v5/a/b", "/s.S/J"),
		} {
			if msg := panicMessage(func() { echoRoute(t, s, r) }); msg != "" {
				t.Errorf("%s %s: %s", r.Method, r.Pattern, msg)
			}
		}
	})
	t.Run("raw handler for every method beside a method's route", func(t *testing.T) {
		s := http.NewServer()
		echoRoute(t, s, rule("GET", "/v1/{name}", "/s.S/A"))
		if msg := panicMessage(func() { rawRoute(s, "", "/v1/{x}") }); msg != "" {
			t.Fatalf("GET /v1/{name} is more specific than any method on the same path, yet: %s", msg)
		}
		if got := serve(s, "GET", "/v1/n", "", "").Header().Get("X-Pattern"); got != "" {
			t.Errorf("GET went to the raw handler %q, want the GET route", got)
		}
		if got := serve(s, "DELETE", "/v1/n", "", "").Header().Get("X-Pattern"); got != "/v1/{x}" {
			t.Errorf("DELETE went to %q, want the raw handler", got)
		}
		msg := panicMessage(func() { rawRoute(s, "", "/v1/{y}/z") })
		if msg != "" {
			t.Fatalf("unexpected conflict: %s", msg)
		}
		msg = panicMessage(func() { s.HandleMethod("GET", "/v1/a/{b}", nethttp.NotFoundHandler()) })
		if !strings.Contains(msg, "GET /v1/a/{b}") || !strings.Contains(msg, "(any method) /v1/{y}/z") {
			t.Errorf("panic = %q, want the conflict of GET /v1/a/{b} and any method /v1/{y}/z", msg)
		}
	})
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}

func TestRegisterAfterStart(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	startServer(t, s)
	if msg := panicMessage(func() { rawRoute(s, "GET", "/late") }); !strings.Contains(msg, "after the server started") {
		t.Errorf("panic = %q", msg)
	}
}

func TestRawRegistrationPanics(t *testing.T) {
	h := nethttp.NotFoundHandler()
	tests := []struct {
		name string
		f    func(s *http.Server)
		want string
	}{
		{"nil handler", func(s *http.Server) { s.HandleMethod("GET", "/x", nil) }, "nil handler for GET /x"},
		{"bad pattern", func(s *http.Server) { s.HandleMethod("GET", "x", h) }, "must start with '/'"},
		{"bad method", func(s *http.Server) { s.HandleMethod("G(T", "/x", h) }, `"G(T" is not an HTTP method name`},
		{"prefix without slash", func(s *http.Server) { s.HandlePrefix("debug/", h) }, `prefix "debug/" must start with '/'`},
		{"nil prefix handler", func(s *http.Server) { s.HandlePrefix("/debug/", nil) }, `nil handler for prefix "/debug/"`},
		{"prefix twice", func(s *http.Server) { s.HandlePrefix("/d/", h); s.HandlePrefix("/d/", h) }, `prefix "/d/" registered twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := panicMessage(func() { tt.f(http.NewServer()) }); !strings.Contains(msg, tt.want) {
				t.Errorf("panic = %q, want it to contain %q", msg, tt.want)
			}
		})
	}
}

// TestMatchInvalidEscapes: a segment with a malformed escape matches no
// literal (net/http rejects such paths before they reach a handler).
func TestMatchInvalidEscapes(t *testing.T) {
	s := http.NewServer()
	h := nethttp.NotFoundHandler()
	s.HandleMethod("PUT", "/v3/lit/c", h)
	s.HandleMethod("GET", "/v3/{a}/c", h)
	s.HandleMethod("GET", "/v3/{a}:go", h)
	tests := []struct{ method, path, want string }{
		{"PUT", "/v3/lit/c", "/v3/lit/c"},
		{"PUT", "/v3/l%69t/c", "/v3/lit/c"},
		{"PUT", "/v3/l%zzt/c", ""},
		{"GET", "/v3/l%zzt/c", "/v3/{a}/c"},
		{"GET", "/v3/x:%67o", "/v3/{a}:go"},
		{"GET", "/v3/x:%zz", ""},
	}
	for _, tt := range tests {
		got, _ := http.MatchRoute(s, tt.method, tt.path)
		if got != tt.want {
			t.Errorf("%s %s matched %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}
