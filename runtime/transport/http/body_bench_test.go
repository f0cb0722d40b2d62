package http_test

import (
	"io"
	"strings"
	"testing"

	nethttp "net/http"

	"github.com/bia-go/bia/runtime/transport/http"
)

// BenchmarkLoopbackPost measures a POST with a JSON body over a real
// keep-alive connection, with and without the body read deadlines, which
// need a connection to cost anything (a recorder cannot set them).
func BenchmarkLoopbackPost(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts []http.ServerOption
	}{
		{"deadlines", nil},
		{"no deadlines", []http.ServerOption{http.BodyReadTimeout(0)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := http.NewServer(append([]http.ServerOption{http.Address("127.0.0.1:0")}, tc.opts...)...)
			echoRoute(b, s, http.Rule{Method: "POST", Pattern: "/b", Body: "*", Operation: "/s.S/M"})
			base := startServer(b, s)
			client := &nethttp.Client{Transport: &nethttp.Transport{MaxIdleConnsPerHost: 1}}
			body := `{"name":"` + strings.Repeat("x", 200) + `"}`
			b.ReportAllocs()
			for b.Loop() {
				resp, err := client.Post(base+"/b", "application/json", strings.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body) // so the connection is reused
				_ = resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatal(resp.Status)
				}
			}
		})
	}
}
