package e2e_test

import (
	"os"
	"strings"
	"testing"

	"github.com/bia-go/bia/runtime/encoding/form"
	"github.com/bia-go/bia/runtime/encoding/jsoncodec"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestGeneratedCodeInUse checks that the end-to-end tests exercise the
// code of protoc-gen-go-json by default and protojson under ProtojsonOnly:
// the two accept and produce the same things, and only a rejected body's
// message tells them apart (the generated decoder names a byte offset,
// protojson a line and column). make test runs this package again with
// BIA_PROTOJSON_ONLY=1, under which both servers use protojson.
func TestGeneratedCodeInUse(t *testing.T) {
	var req any = &libpb.GetBookRequest{}
	if _, ok := req.(form.Binder); !ok || !jsoncodec.Generated(&libpb.GetBookRequest{}) {
		t.Fatal("the Library test types have no protoc-gen-go-json code: testdata/buf.gen.yaml lost its plugin line")
	}
	generated := os.Getenv(http.ProtojsonOnlyEnv) != "1"
	for _, tc := range []struct {
		name string
		opts []http.ServerOption
		gen  bool
	}{
		{"default", nil, generated},
		{"ProtojsonOnly", []http.ServerOption{http.ProtojsonOnly()}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, base := serve(t, tc.opts...)
			r := do(t, "POST", base+"/v1/shelves/s1/books/b1:get", `{"bookId": 5}`, "Content-Type", "application/json")
			e := r.errorBody(t)
			if r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			if got := strings.Contains(e.Message, "jsoncodec:"); got != tc.gen {
				t.Errorf("message %q: decoded by generated code = %v, want %v", e.Message, got, tc.gen)
			}
			// The same request, well formed, binds the same either way.
			r = do(t, "POST", base+"/v1/shelves/s1/books/b1:get", `{"bookId": "b1"}`, "Content-Type", "application/json")
			if r.status != 200 {
				t.Errorf("well-formed body: status %d: %s", r.status, r.body)
			}
		})
	}
}
