package servers_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bia-go/bia/bench/internal/servers"
	"github.com/bia-go/bia/bench/internal/service"
)

func TestAll(t *testing.T) {
	fws, err := servers.All(service.New())
	if err != nil {
		t.Fatal(err)
	}
	if len(fws) == 0 || fws[0].Name != servers.FloorName || fws[0].Protocol != servers.REST {
		t.Fatalf("first framework %+v, want the REST floor", fws[0])
	}
	seen := map[string]bool{}
	for _, f := range fws {
		if seen[f.Name] || f.Handler == nil {
			t.Errorf("framework %q repeated or without handler", f.Name)
		}
		seen[f.Name] = true
	}
}

func TestFloorErrors(t *testing.T) {
	const item = "/v1/shelves/s/items/i"
	tests := []struct {
		name, method, target, body string
		wantCode                   int
	}{
		{"bad int64", http.MethodGet, item + "?revision=x", "", http.StatusBadRequest},
		{"scalar given twice", http.MethodGet, item + "?locale=a&locale=b", "", http.StatusBadRequest},
		{"bad bool", http.MethodGet, item + "?include_deleted=maybe", "", http.StatusBadRequest},
		{"bad enum", http.MethodGet, item + "?filter.kind=KIND_TOASTER", "", http.StatusBadRequest},
		{"enum by number", http.MethodGet, item + "?filter.kind=2", "", http.StatusOK},
		{"unknown query key ignored", http.MethodGet, item + "?nope=1", "", http.StatusOK},
		{"bad JSON body", http.MethodPost, "/v1/shelves/s/items?item_id=n", `{"title":`, http.StatusBadRequest},
		{"unknown JSON field ignored", http.MethodPost, "/v1/shelves/s/items?item_id=n", `{"nope":1}`, http.StatusOK},
		{"service error", http.MethodPost, "/v1/shelves/s/items", `{}`, http.StatusBadRequest},
		{"bad validate_only", http.MethodPost, "/v1/shelves/s/items?item_id=n&validate_only=2", `{}`, http.StatusBadRequest},
		{"bad mask", http.MethodPatch, item, `{"updateMask":"revision"}`, http.StatusBadRequest},
		{"empty update body", http.MethodPatch, item, ``, http.StatusOK},
		{"wrong method", http.MethodPut, item, ``, http.StatusMethodNotAllowed},
	}
	h := servers.Floor(service.New())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body)))
			if w.Code != tt.wantCode {
				t.Fatalf("status %d, want %d (body %s)", w.Code, tt.wantCode, w.Body)
			}
			if w.Code != http.StatusBadRequest {
				return
			}
			var e struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Code != tt.wantCode || e.Message == "" {
				t.Errorf("error body %s (%v), want code %d and a message", w.Body, err, tt.wantCode)
			}
		})
	}
}

func TestConnectErrors(t *testing.T) {
	h := servers.Connect(service.New())
	r := httptest.NewRequest(http.MethodPost, "/bench.v1.Inventory/GetItem", strings.NewReader(`{"shelf":"s"}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var e struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != http.StatusBadRequest || e.Code != "invalid_argument" {
		t.Errorf("got %d %s, want 400 invalid_argument", w.Code, w.Body)
	}
}

func TestGatewayErrors(t *testing.T) {
	h, err := servers.Gateway(service.New())
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/shelves/s/items/i?revision=x", nil))
	if w.Code != http.StatusBadRequest {
		t.Errorf("got %d %s, want 400", w.Code, w.Body)
	}
}
