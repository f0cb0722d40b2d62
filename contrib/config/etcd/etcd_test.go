package etcd_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/bia-go/bia/contrib/config/etcd"
	"github.com/bia-go/bia/contrib/registry/etcd/embedded"
	"github.com/bia-go/bia/runtime/config"
)

// TestSource reads and watches configuration documents under a prefix of
// an etcd started by the test.
func TestSource(t *testing.T) {
	srv, err := embedded.Start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	client, err := clientv3.New(clientv3.Config{Endpoints: []string{srv.Endpoint()}, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	put := func(k, v string) {
		t.Helper()
		if _, err := client.Put(t.Context(), k, v); err != nil {
			t.Fatal(err)
		}
	}
	put("/configs/svc/a.yaml", "server:\n  addr: \":8000\"\n  timeout: 1s\n")
	put("/configs/svc/b.json", `{"server": {"timeout": "2s"}}`)
	put("/configs/other/x.yaml", "server: {addr: nope}\n")

	c := config.New(config.WithSource(etcd.New(client, "/configs/svc/")), config.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err := c.Load(); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if a, _ := c.Value("server.addr").String(); a != ":8000" {
		t.Errorf("server.addr %q", a)
	}
	if d, _ := c.Value("server.timeout").Duration(); d != 2*time.Second {
		t.Errorf("server.timeout %v, want b.json's 2s over a.yaml's", d)
	}
	seen := make(chan string, 4)
	c.Watch("server.addr", func(v config.Value) {
		s, _ := v.String()
		seen <- s
	})
	expect := func(want string) {
		t.Helper()
		select {
		case got := <-seen:
			if got != want {
				t.Errorf("callback saw %q, want %q", got, want)
			}
		case <-time.After(time.Second):
			t.Errorf("no callback within 1 s (want %q)", want)
		}
	}
	put("/configs/svc/a.yaml", "server:\n  addr: \":9000\"\n")
	expect(":9000")
	put("/configs/svc/a.yaml", "server: [broken\n") // keeps the old snapshot
	time.Sleep(300 * time.Millisecond)
	if a, _ := c.Value("server.addr").String(); a != ":9000" {
		t.Errorf("after a broken value server.addr %q, want the old :9000", a)
	}
	put("/configs/svc/a.yaml", "server:\n  addr: \":9100\"\n") // fixed
	expect(":9100")
	put("/configs/svc/c.yaml", "server:\n  addr: \":9200\"\n") // a later key wins
	expect(":9200")
	if _, err := client.Delete(t.Context(), "/configs/svc/c.yaml"); err != nil {
		t.Fatal(err)
	}
	expect(":9100")
}
