package openapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bia-go/bia/runtime/openapi"
)

func get(t *testing.T, h http.Handler, path string) (int, string, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Header().Get("Content-Type"), string(b)
}

func TestBothEncodings(t *testing.T) {
	tests := []struct{ name, in, json, yaml string }{
		{"from YAML", "openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\nx-n: 1.5\nx-list: [a, true, null]\n",
			`{"openapi":"3.1.0","info":{"title":"T","version":"1"},"x-n":1.5,"x-list":["a",true,null]}`,
			"openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\nx-n: 1.5\nx-list:\n  - a\n  - true\n  - null\n"},
		{"from JSON", `{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}`,
			`{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{}}`,
			"openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\n"},
	}
	for _, tt := range tests {
		h, err := openapi.New([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if code, ct, body := get(t, h, "/openapi.json"); code != 200 || ct != "application/json" || body != tt.json {
			t.Errorf("%s: /openapi.json = %d %q %s, want %s", tt.name, code, ct, body, tt.json)
		}
		if code, ct, body := get(t, h, "/openapi.yaml"); code != 200 || ct != "application/yaml" || body != tt.yaml {
			t.Errorf("%s: /openapi.yaml = %d %q\n%s\nwant\n%s", tt.name, code, ct, body, tt.yaml)
		}
	}
}

func TestPageAndErrors(t *testing.T) {
	h, err := openapi.New([]byte(`{"openapi":"3.1.0"}`), openapi.WithPrefix("/api-docs/"))
	if err != nil {
		t.Fatal(err)
	}
	if code, ct, body := get(t, h, "/api-docs/"); code != 200 || !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, "/openapi.json") {
		t.Errorf("page: %d %q", code, ct)
	}
	if code, _, _ := get(t, h, "/api-docs/nope.js"); code != 404 {
		t.Errorf("an unknown page file: %d, want 404", code)
	}
	if code, _, _ := get(t, h, "/elsewhere"); code != 404 {
		t.Errorf("another path: %d, want 404", code)
	}
	for _, bad := range []string{"", "[1, 2]", "openapi: [", "plain text"} {
		if _, err := openapi.New([]byte(bad)); err == nil {
			t.Errorf("New(%q) succeeded", bad)
		}
	}
	if _, err := openapi.New([]byte(`{}`), openapi.WithPrefix("/no-slash")); err == nil {
		t.Error("a prefix without a trailing slash was accepted")
	}
}
