package http_test

import (
	"encoding/json"
	"io"
	nethttp "net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bia-go/bia/runtime/openapi"
	"github.com/bia-go/bia/runtime/transport/http"
)

const miniSpec = `openapi: 3.1.0
info:
  title: Mini
  version: 1.0.0
paths:
  /v1/x:
    get:
      operationId: S_Get
      responses:
        "200":
          description: OK
`

func TestOpenAPIOption(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"), http.OpenAPI([]byte(miniSpec)))
	base := startServer(t, s)
	resp, body := get(t, base+"/openapi.json")
	var doc map[string]any
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || json.Unmarshal([]byte(body), &doc) != nil ||
		doc["openapi"] != "3.1.0" {
		t.Errorf("/openapi.json: %d %q %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if !strings.HasPrefix(body, `{"openapi":"3.1.0","info":{"title":"Mini"`) {
		t.Errorf("/openapi.json does not keep the document's key order: %.80s", body)
	}
	resp, body = get(t, base+"/openapi.yaml")
	if resp.StatusCode != 200 || body != miniSpec {
		t.Errorf("/openapi.yaml: %d\n%s", resp.StatusCode, body)
	}
	resp, body = get(t, base+"/docs/")
	if resp.StatusCode != 200 || !strings.Contains(body, `fetch("/openapi.json")`) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") || strings.Contains(body, "https://") {
		t.Errorf("/docs/: %d %v", resp.StatusCode, resp.Header)
	}
	client := &nethttp.Client{CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}
	r, err := client.Get(base + "/docs")
	if err != nil {
		t.Fatal(err)
	}
	_ = r.Body.Close()
	if r.StatusCode != 301 || r.Header.Get("Location") != "/docs/" {
		t.Errorf("/docs: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestOpenAPIOwnUI(t *testing.T) {
	ui := fstest.MapFS{"index.html": {Data: []byte("<html>swagger</html>")}, "app.js": {Data: []byte("js")}}
	s := http.NewServer(http.Address("127.0.0.1:0"), http.OpenAPI([]byte(miniSpec), openapi.WithUI(ui), openapi.WithPrefix("/swagger/")))
	base := startServer(t, s)
	for path, want := range map[string]string{"/swagger/": "<html>swagger</html>", "/swagger/app.js": "js"} {
		resp, err := nethttp.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != want {
			t.Errorf("%s: %d %q", path, resp.StatusCode, b)
		}
	}
}

func TestOpenAPIBadDocument(t *testing.T) {
	msg := panicMessage(func() { http.NewServer(http.OpenAPI([]byte("- a list"))) })
	if !strings.Contains(msg, "http: OpenAPI: openapi: the document is not an object") {
		t.Errorf("panic = %q", msg)
	}
	msg = panicMessage(func() { http.NewServer(http.OpenAPI([]byte(miniSpec), openapi.WithPrefix("docs"))) })
	if !strings.Contains(msg, `prefix "docs" must start and end with '/'`) {
		t.Errorf("panic = %q", msg)
	}
}
