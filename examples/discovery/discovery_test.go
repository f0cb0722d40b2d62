package discovery_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/bia-go/bia/examples/discovery/internal/cluster"
)

// TestExample runs the example as `go run ./cmd/discovery` does (an
// embedded etcd, three helloworld instances, the gateway) and calls the
// gateway over HTTP: the calls reach every instance, a typed error of a
// backend reaches the caller, a server stream is relayed.
func TestExample(t *testing.T) {
	c, err := cluster.Start(t.Context(), cluster.Config{Backends: 3, Gateway: "127.0.0.1:0",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.Stop(); err != nil {
			t.Error(err)
		}
	}()

	var mu sync.Mutex
	from := map[string]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 30 {
				var reply struct{ Message string }
				if err := get(c.GatewayURL+"/helloworld/bia", 200, &reply); err != nil {
					t.Error(err)
					return
				}
				_, instance, ok := strings.Cut(reply.Message, ", from ")
				if !ok || !strings.HasPrefix(reply.Message, "Hello bia") {
					t.Errorf("reply %q", reply.Message)
					return
				}
				mu.Lock()
				from[instance]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, id := range []string{"helloworld-1", "helloworld-2", "helloworld-3"} {
		if from[id] == 0 {
			t.Errorf("no call reached %s: %v", id, from)
		}
	}

	var e struct {
		Code   int
		Reason string
	}
	if err := get(c.GatewayURL+"/helloworld/error", 404, &e); err != nil || e.Reason != "USER_NOT_FOUND" {
		t.Errorf("the backend's error through the gateway: %+v %v", e, err)
	}

	resp, err := http.Get(c.GatewayURL + "/helloworld/bia/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if n := strings.Count(string(body), "Hello bia ("); n != 3 {
		t.Errorf("stream of %d greetings: %s", n, body)
	}
}

// get GETs url, wants status and decodes the JSON body into v.
func get(url string, status int, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		return &statusError{resp.StatusCode, string(body)}
	}
	return json.Unmarshal(body, v)
}

type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string { return http.StatusText(e.code) + ": " + e.body }
