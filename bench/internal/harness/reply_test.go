package harness_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/harness"
)

func TestReply(t *testing.T) {
	tests := []struct {
		name    string
		code    int
		ct      string
		body    string
		want    *benchpb.Item
		wantErr bool
	}{
		{"item", http.StatusOK, "application/json", `{"id":"i","stock":2}`, &benchpb.Item{Id: "i", Stock: 2}, false},
		{"charset", http.StatusOK, "application/json; charset=utf-8", `{"id":"i"}`, &benchpb.Item{Id: "i"}, false},
		{"error status", http.StatusBadRequest, "application/json", `{"id":"i"}`, nil, true},
		{"not JSON", http.StatusOK, "application/x-protobuf", `{"id":"i"}`, nil, true},
		{"no content type", http.StatusOK, "", `{"id":"i"}`, nil, true},
		{"unknown field", http.StatusOK, "application/json", `{"idd":"i"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := harness.NewRecorder()
			if tt.ct != "" {
				w.Header().Set("Content-Type", tt.ct)
			}
			w.WriteHeader(tt.code)
			_, _ = w.Write([]byte(tt.body))
			got, err := harness.Reply(w)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, protocmp.Transform()); diff != "" {
				t.Errorf("Reply (-want +got):\n%s", diff)
			}
		})
	}
}
