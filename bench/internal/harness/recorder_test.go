package harness_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/bia-go/bia/bench/internal/harness"
)

func TestRecorder(t *testing.T) {
	tests := []struct {
		name     string
		handler  func(w http.ResponseWriter)
		wantCode int
		wantBody string
	}{
		{"nothing written", func(http.ResponseWriter) {}, http.StatusOK, ""},
		{"write implies 200", func(w http.ResponseWriter) {
			_, _ = w.Write([]byte("a"))
			_, _ = io.WriteString(w, "b")
			w.WriteHeader(http.StatusTeapot)
		}, http.StatusOK, "ab"},
		{"first status wins", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusNotFound)
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, "x")
		}, http.StatusNotFound, "x"},
	}
	w := harness.NewRecorder()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.Reset()
			w.Header().Set("X-Test", tt.name)
			tt.handler(w)
			if w.Code() != tt.wantCode || string(w.Body()) != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", w.Code(), w.Body(), tt.wantCode, tt.wantBody)
			}
			w.Reset()
			if w.Code() != http.StatusOK || len(w.Body()) != 0 || len(w.Header()) != 0 {
				t.Errorf("after Reset: %d %q %v, want 200, empty", w.Code(), w.Body(), w.Header())
			}
		})
	}
}
