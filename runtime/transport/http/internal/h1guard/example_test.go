package h1guard_test

import (
	"io"
	"net"
	"net/http"

	"github.com/bia-go/bia/runtime/transport/http/internal/h1guard"
)

// Serve plaintext HTTP/1.x through the guard and refuse requests that had
// both Content-Length and Transfer-Encoding.
func ExampleListen() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	app := http.NewServeMux()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h1guard.Smuggled(r.Header) {
			// Do not read the body; close the connection after replying.
			w.Header().Set("Connection", "close")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"request has both Content-Length and Transfer-Encoding"}`)
			return
		}
		app.ServeHTTP(w, r)
	})}
	go srv.Serve(h1guard.Listen(ln))
	srv.Close()
}
