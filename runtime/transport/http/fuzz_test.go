package http_test

import (
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/internal/httprule"
	"github.com/bia-go/bia/runtime/transport/http"
)

// fuzzRoutes is the fixed table FuzzRouter matches against. Every wildcard
// is inside a variable, so a path can be rebuilt from the captures.
var fuzzRoutes = [][2]string{
	{"GET", "/"},
	{"GET", "/v1/books/{id}"},
	{"POST", "/v1/books/{id}:publish"},
	{"GET", "/v1/{name=shelves/*/books/*}"},
	{"GET", "/v1/files/{path=**}"},
	{"PUT", "/v3/lit/{b}"},
	{"GET", "/v3/{a}/c"},
	{"DELETE", "/v1/it%2Dems/{id}:%61ctivate"},
	{"GET", "/v2/{path=a/**}:get"},
	{"", "/any/{x}"},
}

func FuzzRouter(f *testing.F) {
	s := http.NewServer()
	tmpls := map[string]*httprule.Template{}
	for _, r := range fuzzRoutes {
		s.HandleMethod(r[0], r[1], nethttp.NotFoundHandler())
		t, err := httprule.Parse(r[1])
		if err != nil {
			f.Fatal(err)
		}
		tmpls[r[1]] = t
	}
	for _, seed := range [][2]string{
		{"GET", "/"}, {"GET", "/v1/books/a%2Fb"}, {"POST", "/v1/books/1:publish"}, {"GET", "/v1/books/1:publish"},
		{"GET", "/v1/shelves/s/books/b"}, {"GET", "/v1/files/a//b/"}, {"GET", "/v1/files"}, {"PUT", "/v3/lit/y"},
		{"GET", "/v3/lit/c"}, {"DELETE", "/v1/it-ems/1:activate"}, {"GET", "/v2/a:get"}, {"GET", "/v2/a/b%3Ac:get"},
		{"PATCH", "/any/%zz"}, {"GET", "//"}, {"GET", "/v1/:publish"}, {"GET", "/v1/books/::"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		pattern, vals, ok := http.MatchValues(s, method, path)
		if !ok {
			return
		}
		rebuilt := rebuild(tmpls[pattern], vals)
		p2, vals2, ok := http.MatchValues(s, method, rebuilt)
		if !ok || p2 != pattern {
			t.Fatalf("%s %q matched %s with %q; rebuilt %q matched %q (%v)", method, path, pattern, vals, rebuilt, p2, ok)
		}
		if d := cmp.Diff(vals, vals2); d != "" {
			t.Fatalf("%s %q and rebuilt %q capture differently (-first +rebuilt):\n%s", method, path, rebuilt, d)
		}
	})
}

// rebuild writes the path a template gives for raw variable values.
func rebuild(t *httprule.Template, vals []string) string {
	var parts []string
	for i := 0; i < len(t.Segments); {
		vi := t.VariableAt(i)
		if vi < 0 {
			parts = append(parts, t.Segments[i].Value)
			i++
			continue
		}
		v := t.Variables[vi]
		if vals[vi] != "" || v.End-v.Start > 1 || t.Segments[v.Start].Kind != httprule.DeepWildcard {
			parts = append(parts, vals[vi])
		}
		i = v.End
	}
	p := "/" + strings.Join(parts, "/")
	if t.Verb != "" {
		p += ":" + t.Verb
	}
	return p
}
