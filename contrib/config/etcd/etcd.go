// Package etcd is a configuration source of etcd keys: one key, or every
// key under a prefix (in key order), each a YAML, JSON or TOML document by
// its extension (or a format given for all), watched: a change under the
// prefix makes the source read them all again, from the watch's revision.
//
//	client, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}})
//	c := config.New(config.WithSource(file.New("configs"), etcd.New(client, "/configs/helloworld/")))
package etcd

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/bia-go/bia/runtime/config"
)

// Option configures New.
type Option func(*Source)

// WithFormat sets the format of every key ("yaml", "json", "toml"); the
// default is each key's extension.
func WithFormat(f string) Option { return func(s *Source) { s.format = f } }

// WithTimeout bounds each read. The default is 5 seconds.
func WithTimeout(d time.Duration) Option { return func(s *Source) { s.timeout = d } }

// Source reads keys from etcd.
type Source struct {
	client  *clientv3.Client
	key     string
	prefix  bool
	format  string
	timeout time.Duration
}

// New returns the source of key, or of every key under it when it ends
// with "/".
func New(client *clientv3.Client, key string, opts ...Option) *Source {
	s := &Source{client: client, key: key, prefix: strings.HasSuffix(key, "/"), timeout: 5 * time.Second}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Load reads the key or keys.
func (s *Source) Load() ([]*config.KeyValue, error) {
	kvs, _, err := s.load(context.Background(), 0)
	return kvs, err
}

func (s *Source) load(ctx context.Context, rev int64) ([]*config.KeyValue, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var opts []clientv3.OpOption
	if s.prefix {
		opts = append(opts, clientv3.WithPrefix())
	}
	if rev > 0 {
		opts = append(opts, clientv3.WithRev(rev))
	}
	resp, err := s.client.Get(ctx, s.key, opts...)
	if err != nil {
		return nil, 0, fmt.Errorf("config etcd %s: %w", s.key, err)
	}
	out := make([]*config.KeyValue, 0, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		format := s.format
		if format == "" {
			format = strings.TrimPrefix(path.Ext(string(kv.Key)), ".")
			if format == "yml" {
				format = "yaml"
			}
		}
		out = append(out, &config.KeyValue{Key: "etcd:" + string(kv.Key), Value: kv.Value, Format: format})
	}
	return out, resp.Header.Revision, nil
}

// Watch follows changes of the key or keys.
func (s *Source) Watch() (config.Watcher, error) {
	ctx, cancel := context.WithCancel(context.Background())
	opts := []clientv3.OpOption{}
	if s.prefix {
		opts = append(opts, clientv3.WithPrefix())
	}
	return &watcher{s: s, ctx: ctx, cancel: cancel, ch: s.client.Watch(clientv3.WithRequireLeader(ctx), s.key, opts...)}, nil
}

type watcher struct {
	s      *Source
	ctx    context.Context
	cancel context.CancelFunc
	ch     clientv3.WatchChan
	once   sync.Once
}

// Next waits for a change and reads the keys as of its revision (the
// documents a change touched are read together with the others).
func (w *watcher) Next() ([]*config.KeyValue, error) {
	for {
		resp, ok := <-w.ch
		if !ok {
			return nil, errors.New("config etcd: watch stopped")
		}
		if err := resp.Err(); err != nil {
			if w.ctx.Err() != nil {
				return nil, err
			}
			// A compaction or a lost leader: watch again from now.
			opts := []clientv3.OpOption{}
			if w.s.prefix {
				opts = append(opts, clientv3.WithPrefix())
			}
			w.ch = w.s.client.Watch(clientv3.WithRequireLeader(w.ctx), w.s.key, opts...)
			kvs, _, err := w.s.load(w.ctx, 0)
			return kvs, err
		}
		if len(resp.Events) == 0 {
			continue
		}
		kvs, _, err := w.s.load(w.ctx, resp.Header.Revision)
		return kvs, err
	}
}

func (w *watcher) Stop() error {
	w.once.Do(w.cancel)
	return nil
}
