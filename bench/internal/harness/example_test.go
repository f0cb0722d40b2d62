package harness_test

import (
	"fmt"
	"io"
	"net/http"

	"github.com/bia-go/bia/bench/internal/harness"
)

func ExampleReplay() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.Query().Get("q"), body)
	})
	p := harness.NewReplay(harness.Spec{Method: http.MethodPost, Target: "/echo?q=1", Body: []byte("hi")})
	w := harness.NewRecorder()
	for range 3 { // a benchmark loop: nothing here allocates but h
		w.Reset()
		h.ServeHTTP(w, p.Request())
	}
	fmt.Println(w.Code(), w.Header().Get("Content-Type"), string(w.Body()))
	// Output: 200 text/plain POST 1 hi
}
