package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"

	"google.golang.org/protobuf/proto"
)

// Option configures New.
type Option func(*options)

type options struct {
	sources      []Source
	allowUnknown bool
	logger       *slog.Logger
	validate     func(v any) error
	check        any
}

// WithSource adds sources; later ones override earlier ones key by key
// (maps merge deeply, lists and scalars are replaced).
func WithSource(s ...Source) Option { return func(o *options) { o.sources = append(o.sources, s...) } }

// AllowUnknown lets Scan ignore keys the target has no field for. The
// default reports them: a misspelt key would otherwise silently keep its
// default.
func AllowUnknown() Option { return func(o *options) { o.allowUnknown = true } }

// WithLogger sets where reload errors are reported. The default is
// slog.Default().
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithValidator sets a function Scan runs on what it filled (for
// protovalidate, say). Messages with protoc-gen-validate's ValidateAll or
// Validate methods are validated by them without it.
func WithValidator(f func(v any) error) Option { return func(o *options) { o.validate = f } }

// WithCheck makes every load and reload scan the configuration into a new
// value of target's type (a proto message, or a pointer to a struct), with
// its validation: a configuration that does not scan or validate is
// refused — Load fails, a reload keeps the current snapshot and reports
// why. The default checks only that the documents parse and merge.
func WithCheck(target any) Option { return func(o *options) { o.check = target } }

// Config is configuration merged from sources, read through an immutable
// snapshot that a reload replaces whole: a reader never sees half of an
// update. It is safe for concurrent use.
type Config struct {
	opts options
	snap atomic.Pointer[snapshot]

	mu        sync.Mutex // loads, observers, watchers
	docs      [][]*KeyValue
	observers []observer
	watchers  []Watcher
	closed    bool
}

type observer struct {
	key string
	fn  func(Value)
}

// New returns a configuration of the sources; Load reads them.
func New(opts ...Option) *Config {
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	c := &Config{opts: o}
	c.snap.Store(&snapshot{values: map[string]Value{}})
	return c
}

// Load reads every source and starts watching those that can be watched.
// An error names the source, file, line and key.
func (c *Config) Load() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs = make([][]*KeyValue, len(c.opts.sources))
	for i, s := range c.opts.sources {
		kvs, err := s.Load()
		if err != nil {
			return err
		}
		c.docs[i] = kvs
	}
	snap, err := build(c.docs)
	if err != nil {
		return err
	}
	snap.opts = c.opts
	if err := checkSnapshot(snap); err != nil {
		return err
	}
	c.snap.Store(snap)
	for i, s := range c.opts.sources {
		w, err := s.Watch()
		if err != nil || w == nil {
			continue // a source that cannot be watched is read once
		}
		c.watchers = append(c.watchers, w)
		go c.follow(i, w)
	}
	return nil
}

// follow applies a source's changes until its watcher stops.
func (c *Config) follow(i int, w Watcher) {
	for {
		kvs, err := w.Next()
		if err != nil {
			c.mu.Lock()
			closed := c.closed
			c.mu.Unlock()
			if closed {
				return
			}
			c.opts.logger.Warn("config: watching a source failed; keeping the current configuration", "error", err)
			return
		}
		c.reload(i, kvs)
	}
}

// reload replaces source i's documents; a configuration that does not
// build keeps the old snapshot and is reported.
func (c *Config) reload(i int, kvs []*KeyValue) {
	c.mu.Lock()
	defer c.mu.Unlock()
	docs := append([][]*KeyValue(nil), c.docs...)
	docs[i] = kvs
	snap, err := build(docs)
	if err != nil {
		c.opts.logger.Error("config: the new configuration is invalid; keeping the current one", "error", err)
		return
	}
	snap.opts = c.opts
	if err := checkSnapshot(snap); err != nil {
		c.opts.logger.Error("config: the new configuration is invalid; keeping the current one", "error", err)
		return
	}
	c.docs = docs
	old := c.snap.Swap(snap)
	for _, o := range c.observers {
		before, after := old.values[o.key], snap.values[o.key]
		if !sameValue(before, after) {
			o.fn(after)
		}
	}
}

func sameValue(a, b Value) bool {
	if a.ok != b.ok {
		return false
	}
	ja, _ := json.Marshal(a.v)
	jb, _ := json.Marshal(b.v)
	return string(ja) == string(jb)
}

// Value returns the value at a dotted key ("server.http.addr"); a missing
// key gives a Value whose Exists is false. It takes no lock and
// allocates nothing.
func (c *Config) Value(key string) Value {
	return c.snap.Load().values[key]
}

// Scan fills v (a proto message, or a pointer to a struct or map) from
// the whole configuration; see Value.Scan.
func (c *Config) Scan(v any) error {
	snap := c.snap.Load()
	return scan(snap, "", snap.root, v, snap.opts)
}

// Watch calls fn with the new value of key after every reload that
// changed it (its whole subtree, for a map), from the watching goroutine.
func (c *Config) Watch(key string, fn func(Value)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.observers = append(c.observers, observer{key, fn})
}

// Close stops watching the sources.
func (c *Config) Close() error {
	c.mu.Lock()
	c.closed = true
	ws := c.watchers
	c.watchers = nil
	c.mu.Unlock()
	var errs []error
	for _, w := range ws {
		errs = append(errs, w.Stop())
	}
	return errors.Join(errs...)
}

// checkSnapshot scans snap into a new value of the WithCheck target.
func checkSnapshot(snap *snapshot) error {
	if snap.opts.check == nil {
		return nil
	}
	var dst any
	if m, ok := snap.opts.check.(proto.Message); ok {
		dst = m.ProtoReflect().New().Interface()
	} else {
		t := reflect.TypeOf(snap.opts.check)
		if t.Kind() != reflect.Pointer {
			return fmt.Errorf("config: WithCheck wants a proto message or a pointer, not a %s", t)
		}
		dst = reflect.New(t.Elem()).Interface()
	}
	return scan(snap, "", snap.root, dst, snap.opts)
}

// snapshot is one merged configuration: its tree, where keys came from,
// and a Value for every key path.
type snapshot struct {
	opts   options // what Value.Scan follows
	root   map[string]any
	pos    map[string]string
	values map[string]Value
}

// build merges the documents in order and resolves placeholders.
func build(docs [][]*KeyValue) (*snapshot, error) {
	root := map[string]any{}
	pos := map[string]string{}
	for _, kvs := range docs {
		for _, kv := range kvs {
			t, err := decode(kv)
			if err != nil {
				return nil, err
			}
			merge(root, t.root)
			for k, p := range t.pos {
				pos[k] = p
			}
		}
	}
	if err := resolve(root, pos); err != nil {
		return nil, err
	}
	s := &snapshot{root: root, pos: pos, values: map[string]Value{}}
	var index func(path string, v any)
	index = func(path string, v any) {
		s.values[path] = Value{key: path, v: v, pos: where(pos, path), snap: s, ok: true}
		if m, ok := v.(map[string]any); ok {
			for k, e := range m {
				index(join(path, k), e)
			}
		}
	}
	for k, v := range root {
		index(k, v)
	}
	return s, nil
}
