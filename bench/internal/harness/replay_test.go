package harness_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/bia-go/bia/bench/internal/harness"
)

func TestReplay(t *testing.T) {
	p := harness.NewReplay(harness.Spec{
		Method: http.MethodPost,
		Target: "/a/b?x=1",
		Header: http.Header{"content-type": {"application/json"}},
		Body:   []byte(`{"k":1}`),
	})
	for i := range 3 {
		r := p.Request()
		if r.Method != http.MethodPost || r.URL.Path != "/a/b" || r.URL.RawQuery != "x=1" {
			t.Fatalf("replay %d: %s %s", i, r.Method, r.URL)
		}
		if got := r.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("replay %d: Content-Type %q", i, got)
		}
		if r.ContentLength != 7 {
			t.Errorf("replay %d: ContentLength %d, want 7", i, r.ContentLength)
		}
		if v := r.PathValue("v"); v != "" {
			t.Errorf("replay %d: path value v = %q left from the previous replay", i, v)
		}
		if r.Form != nil {
			t.Errorf("replay %d: Form %v left from the previous replay", i, r.Form)
		}
		b, err := io.ReadAll(r.Body)
		if err != nil || string(b) != `{"k":1}` {
			t.Fatalf("replay %d: body %q, %v", i, b, err)
		}
		// What a handler may do to the request.
		r.SetPathValue("v", "set")
		if err := r.ParseForm(); err != nil {
			t.Fatal(err)
		}
		r.URL.Path = "/changed"
		if err := r.Body.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReplayWithoutBody(t *testing.T) {
	r := harness.NewReplay(harness.Spec{Method: http.MethodGet, Target: "/x"}).Request()
	if r.ContentLength != 0 {
		t.Errorf("ContentLength %d, want 0", r.ContentLength)
	}
	if b, err := io.ReadAll(r.Body); err != nil || len(b) != 0 {
		t.Errorf("body %q, %v, want empty", b, err)
	}
}
