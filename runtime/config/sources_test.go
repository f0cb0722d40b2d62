package config_test

import (
	"flag"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/config"
	"github.com/bia-go/bia/runtime/config/file"
	"github.com/bia-go/bia/runtime/config/flags"
)

// TestFlagsAndTextFormat layers a protobuf text format file under a YAML
// file under command-line flags.
func TestFlagsAndTextFormat(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "1-base.txtpb"), `http { addr: ":7000" port: 7000 } mode: MODE_SAFE tags: "t"`)
	write(t, filepath.Join(dir, "2-site.yaml"), "http:\n  port: 7100\n")
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.String("http.addr", "", "")
	fs.String("name", "unset", "")
	if err := fs.Parse([]string{"-http.addr=:7200"}); err != nil {
		t.Fatal(err)
	}
	md := bootstrap(t)
	c := config.New(config.WithSource(file.New(dir, file.WithMessage(dynamicpb.NewMessage(md))), flags.New(fs)), config.WithLogger(quiet))
	if err := c.Load(); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m := dynamicpb.NewMessage(md)
	if err := c.Scan(m); err != nil {
		t.Fatal(err)
	}
	got, _ := protojson.Marshal(m)
	want := `{"http":{"addr":":7200","port":7100},"mode":"MODE_SAFE","tags":["t"]}`
	if norm(string(got)) != want {
		t.Errorf("scanned %s, want %s (the flag not given must not override)", got, want)
	}
}

// memory is a source whose documents the test replaces.
type memory struct {
	mu   sync.Mutex
	doc  string
	next chan string
}

func (m *memory) Load() ([]*config.KeyValue, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return []*config.KeyValue{{Key: "memory", Value: []byte(m.doc), Format: "yaml"}}, nil
}

func (m *memory) Watch() (config.Watcher, error) { return m, nil }

func (m *memory) Next() ([]*config.KeyValue, error) {
	doc, ok := <-m.next
	if !ok {
		return nil, errClosed
	}
	m.mu.Lock()
	m.doc = doc
	m.mu.Unlock()
	return m.Load()
}

func (m *memory) Stop() error { return nil }

type closedErr struct{}

func (closedErr) Error() string { return "closed" }

var errClosed = closedErr{}

// BenchmarkSwap measures a reload (parse, merge, index, swap) while 1,000
// goroutines read a key in a loop, and checks no reader ever sees a
// missing key in between.
func BenchmarkSwap(b *testing.B) {
	src := &memory{doc: "server:\n  http:\n    addr: \":0\"\n", next: make(chan string)}
	c := config.New(config.WithSource(src), config.WithLogger(quiet))
	if err := c.Load(); err != nil {
		b.Fatal(err)
	}
	changed := make(chan struct{}, 1)
	c.Watch("server.http.addr", func(config.Value) { changed <- struct{}{} })
	var stop atomic.Bool
	var missing atomic.Int64
	var readers sync.WaitGroup
	for range 1000 {
		readers.Go(func() {
			for !stop.Load() {
				if !c.Value("server.http.addr").Exists() {
					missing.Add(1)
				}
			}
		})
	}
	b.ResetTimer()
	for i := range b.N {
		src.next <- "server:\n  http:\n    addr: \":" + strings.Repeat("1", 1+i%5) + "\"\n"
		<-changed
	}
	b.StopTimer()
	stop.Store(true)
	readers.Wait()
	close(src.next)
	if n := missing.Load(); n != 0 {
		b.Errorf("%d reads saw no value during swaps", n)
	}
}
