package config_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/internal/protoimage"
	"github.com/bia-go/bia/runtime/config"
	"github.com/bia-go/bia/runtime/config/env"
	"github.com/bia-go/bia/runtime/config/file"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// bootstrap is the message the tests scan into, compiled in memory.
const bootstrapProto = `syntax = "proto3";
package conftest;
import "google/protobuf/duration.proto";
enum Mode { MODE_UNSPECIFIED = 0; MODE_FAST = 1; MODE_SAFE = 2; }
message Server {
  string addr = 1;
  google.protobuf.Duration read_timeout = 2;
  bool tls = 3;
  int32 port = 4;
}
message Backend { string target = 1; int32 weight = 2; }
message Bootstrap {
  Server http = 1;
  Mode mode = 2;
  map<string, Backend> backends = 3;
  repeated string tags = 4;
  string name = 5;
}
`

func bootstrap(t testing.TB) protoreflect.MessageDescriptor {
	t.Helper()
	files, err := protoimage.Compile(context.Background(), protoimage.Options{
		Files: []string{"conftest.proto"}, Sources: map[string]string{"conftest.proto": bootstrapProto}})
	if err != nil {
		t.Fatal(err)
	}
	return files[0].Messages().ByName("Bootstrap")
}

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMergeAndScan merges a YAML file, a TOML file and the environment,
// resolves placeholders and scans the result into a proto message.
func TestMergeAndScan(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.yaml"), `name: ${APP_NAME_FOR_TEST:demo}-${http.port}
http:
  addr: ":8000"
  readTimeout: 1.5s
  port: 8000
mode: MODE_FAST
backends:
  users: {target: "discovery:///users", weight: 10}
  orders: {target: "discovery:///orders"}
tags: [a, b, c]
`)
	write(t, filepath.Join(dir, "b.toml"), `
tags = ["z"]
[backends.orders]
weight = 5
`)
	t.Setenv("CONFTEST_HTTP_TLS", "true")
	t.Setenv("CONFTEST_HTTP_ADDR", ":9000")
	c := config.New(config.WithSource(file.New(dir), env.New("CONFTEST_")), config.WithLogger(quiet))
	if err := c.Load(); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m := dynamicpb.NewMessage(bootstrap(t))
	if err := c.Scan(m); err != nil {
		t.Fatal(err)
	}
	got, _ := protojson.MarshalOptions{}.Marshal(m)
	want := `{"http":{"addr":":9000","readTimeout":"1.500s","tls":true,"port":8000},"mode":"MODE_FAST",` +
		`"backends":{"orders":{"target":"discovery:///orders","weight":5},"users":{"target":"discovery:///users","weight":10}},` +
		`"tags":["z"],"name":"demo-8000"}`
	if norm(string(got)) != norm(want) {
		t.Errorf("scanned\n%s\nwant\n%s", got, want)
	}
	if d, err := c.Value("http.readTimeout").Duration(); err != nil || d != 1500*time.Millisecond {
		t.Errorf("Duration: %v %v", d, err)
	}
	if n, err := c.Value("backends.users.weight").Int(); err != nil || n != 10 {
		t.Errorf("Int: %v %v", n, err)
	}
	if b, err := c.Value("http.tls").Bool(); err != nil || !b {
		t.Errorf("Bool: %v %v", b, err)
	}
	if c.Value("nope").Exists() {
		t.Error("a missing key exists")
	}
	var backend struct {
		Target string
		Weight int
	}
	if err := c.Value("backends.orders").Scan(&backend); err != nil || backend.Weight != 5 {
		t.Errorf("Value.Scan into a struct: %+v %v", backend, err)
	}
}

func norm(s string) string { return strings.ReplaceAll(s, " ", "") }

// TestErrorsNamePlaces checks that errors name file, line and key.
func TestErrorsNamePlaces(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown key", "http:\n  addr: x\n  adr: y\n", "config.yaml:3: http.adr: unknown key"},
		{"type", "name: n\nhttp:\n  port: eighty\n", "config.yaml:3: http.port:"},
		{"enum", "mode: MODE_SLOW\n", "config.yaml:1: mode:"},
		{"placeholder", "name: ${NOT_SET_ANYWHERE}\n", "config.yaml:1: name: ${NOT_SET_ANYWHERE} is neither"},
		{"syntax", "http:\n  addr: [\n", "config.yaml:2: did not find"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			write(t, path, tc.yaml)
			c := config.New(config.WithSource(file.New(path)), config.WithLogger(quiet))
			err := c.Load()
			if err == nil {
				err = c.Scan(dynamicpb.NewMessage(bootstrap(t)))
			}
			c.Close()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestWatch edits a watched file as editors and Kubernetes do: written in
// place, renamed over, a ConfigMap's ..data symlink swapped, and a broken
// edit. Every good edit reaches the callback within 1 s; the broken one
// keeps the old value; concurrent readers never see a torn snapshot (a
// and b are always written equal).
func TestWatch(t *testing.T) {
	root := t.TempDir()
	// The ConfigMap layout: config.yaml → ..data/config.yaml, ..data → ..v1.
	write(t, filepath.Join(root, "..v1", "config.yaml"), "a: 0\nb: 0\n")
	if err := os.Symlink("..v1", filepath.Join(root, "..data")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..data", "config.yaml"), filepath.Join(root, "config.yaml")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "config.yaml")
	var logs syncBuffer
	c := config.New(config.WithSource(file.New(path)), config.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err := c.Load(); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seen := make(chan int64, 16)
	c.Watch("a", func(v config.Value) {
		n, _ := v.Int()
		seen <- n
	})

	var torn atomic.Int64
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 8 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				var pair struct{ A, B int64 }
				if err := c.Scan(&pair); err != nil || pair.A != pair.B { // one snapshot: a and b always equal
					torn.Add(1)
				}
			}
		})
	}
	expect := func(n int64, how string) {
		t.Helper()
		select {
		case got := <-seen:
			if got != n {
				t.Errorf("%s: callback saw %d, want %d", how, got, n)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("%s: no callback within 5 s", how)
		}
		if a, _ := c.Value("a").Int(); a != n {
			t.Errorf("%s: a = %d, want %d", how, a, n)
		}
	}
	// In place.
	write(t, filepath.Join(root, "..v1", "config.yaml"), "a: 1\nb: 1\n")
	expect(1, "written in place")
	// Atomic rename (vim, most editors).
	tmp := filepath.Join(root, "..v1", ".config.yaml.swp")
	write(t, tmp, "a: 2\nb: 2\n")
	if err := os.Rename(tmp, filepath.Join(root, "..v1", "config.yaml")); err != nil {
		t.Fatal(err)
	}
	expect(2, "renamed over")
	// ConfigMap update: a new ..v2, ..data swapped atomically.
	write(t, filepath.Join(root, "..v2", "config.yaml"), "a: 3\nb: 3\n")
	if err := os.Symlink("..v2", filepath.Join(root, "..data_tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(root, "..data_tmp"), filepath.Join(root, "..data")); err != nil {
		t.Fatal(err)
	}
	expect(3, "ConfigMap symlink swap")
	// A broken edit: the old snapshot stays.
	write(t, filepath.Join(root, "..v2", "config.yaml"), "a: [4\nb: 4\n")
	reported := regexp.MustCompile(`config\.yaml:\d+: `)
	for deadline := time.Now().Add(5 * time.Second); !reported.MatchString(logs.String()) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if !reported.MatchString(logs.String()) {
		t.Errorf("the broken edit was not reported with its file and line: %s", logs.String())
	}
	if a, _ := c.Value("a").Int(); a != 3 {
		t.Errorf("after a broken edit a = %d, want the old 3", a)
	}
	write(t, filepath.Join(root, "..v2", "config.yaml"), "a: 5\nb: 5\n")
	expect(5, "fixed")
	close(stop)
	readers.Wait()
	if n := torn.Load(); n != 0 {
		t.Errorf("%d torn reads", n)
	}
}

func BenchmarkValue(b *testing.B) {
	dir := b.TempDir()
	write(b, filepath.Join(dir, "c.yaml"), "server:\n  http:\n    addr: \":8000\"\n")
	c := config.New(config.WithSource(file.New(filepath.Join(dir, "c.yaml"))), config.WithLogger(quiet))
	if err := c.Load(); err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !c.Value("server.http.addr").Exists() {
				b.Fatal("missing")
			}
		}
	})
}

var _ = fmt.Sprint

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCheckRefusesReload checks WithCheck: a reload that parses but does
// not scan into the message (a misspelt key) keeps the current snapshot
// and is reported with file, line and key; a Load that does not scan
// fails.
func TestCheckRefusesReload(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	write(t, path, "http:\n  addr: \":1\"\n")
	var logs syncBuffer
	md := bootstrap(t)
	c := config.New(config.WithSource(file.New(path)), config.WithCheck(dynamicpb.NewMessage(md)),
		config.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err := c.Load(); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	write(t, path, "http:\n  addr: \":2\"\n  adr: \":3\"\n")
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(logs.String(), "config.yaml:3: http.adr: unknown key") {
		if time.Now().After(deadline) {
			t.Fatalf("no report of the refused reload: %s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if a, _ := c.Value("http.addr").String(); a != ":1" {
		t.Errorf("http.addr %q after a refused reload, want the old :1", a)
	}
	bad := config.New(config.WithSource(file.New(path)), config.WithCheck(dynamicpb.NewMessage(md)), config.WithLogger(quiet))
	if err := bad.Load(); err == nil || !strings.Contains(err.Error(), "http.adr: unknown key") {
		t.Errorf("Load of a configuration that does not scan: %v", err)
	}
}
