// Package file is a configuration source of files: one file, or every
// .yaml, .yml, .json and .toml file of a directory (in name order), the
// format given by the extension. It watches them with fsnotify through
// their directory, so a change survives editors that save by writing a
// new file and renaming it over the old one, and Kubernetes ConfigMap
// volumes that swap a ..data symlink.
//
//	c := config.New(config.WithSource(file.New("configs/config.yaml"), env.New("APP_")))
package file

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/config"
)

// Source reads a file or a directory.
type Source struct {
	path string
	msg  proto.Message
}

// Option configures New.
type Option func(*Source)

// WithMessage reads protobuf text format files (.txtpb, .textproto,
// .pbtxt) as messages of m's type, which that format needs. The default
// reads no such files.
func WithMessage(m proto.Message) Option { return func(s *Source) { s.msg = m } }

// New returns the source of path, a file or a directory.
func New(path string, opts ...Option) *Source {
	s := &Source{path: path}
	for _, o := range opts {
		o(s)
	}
	return s
}

var textFormats = map[string]bool{".txtpb": true, ".textproto": true, ".pbtxt": true}

var formats = map[string]string{".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

// Load reads the file, or the directory's configuration files.
func (s *Source) Load() ([]*config.KeyValue, error) {
	fi, err := os.Stat(s.path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	if !fi.IsDir() {
		kv, err := s.read(s.path)
		if err != nil {
			return nil, err
		}
		return []*config.KeyValue{kv}, nil
	}
	entries, err := os.ReadDir(s.path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if _, ok := formats[ext]; (ok || s.msg != nil && textFormats[ext]) && !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var kvs []*config.KeyValue
	for _, n := range names {
		kv, err := s.read(filepath.Join(s.path, n))
		if err != nil {
			return nil, err
		}
		kvs = append(kvs, kv)
	}
	return kvs, nil
}

func (s *Source) read(path string) (*config.KeyValue, error) {
	ext := strings.ToLower(filepath.Ext(path))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	if textFormats[ext] && s.msg != nil {
		// The text format needs the message type; read it as one and
		// hand it on as its JSON form.
		m := s.msg.ProtoReflect().New().Interface()
		if err := prototext.Unmarshal(data, m); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		js, err := protojson.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &config.KeyValue{Key: path, Value: js, Format: "json"}, nil
	}
	format, ok := formats[ext]
	if !ok {
		return nil, fmt.Errorf("config file %s: unknown extension (.yaml, .yml, .json, .toml; .txtpb with WithMessage)", path)
	}
	return &config.KeyValue{Key: path, Value: data, Format: format}, nil
}

// Watch watches the file's directory (or the directory) and returns the
// documents again after every change, once the directory has been quiet
// for 50 ms and a second read 50 ms later finds the same contents.
func (s *Source) Watch() (config.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	wt := &watcher{s: s, w: w, last: s.fingerprint()}
	if err := wt.addDirs(); err != nil {
		_ = w.Close()
		return nil, err
	}
	return wt, nil
}

// addDirs watches the directory the path is in and the one it resolves
// to through symlinks (a ConfigMap's ..data/..v1), which moves when the
// symlink is swapped.
func (w *watcher) addDirs() error {
	dir := w.s.path
	if fi, err := os.Stat(w.s.path); err == nil && !fi.IsDir() {
		dir = filepath.Dir(w.s.path)
	}
	if err := w.w.Add(dir); err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(w.s.path); err == nil {
		if fi, err := os.Stat(real); err == nil && !fi.IsDir() {
			real = filepath.Dir(real)
		}
		if real != dir {
			_ = w.w.Add(real) // best effort: the path's own directory is watched
		}
	}
	return nil
}

type watcher struct {
	s    *Source
	w    *fsnotify.Watcher
	last string
	once sync.Once
}

// fingerprint identifies the current contents, so events that change
// nothing (a chmod, an unrelated file) are not reported.
func (s *Source) fingerprint() string {
	kvs, err := s.Load()
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, kv := range kvs {
		b.WriteString(kv.Key)
		b.WriteByte(0)
		b.Write(kv.Value)
		b.WriteByte(0)
	}
	return b.String()
}

func (w *watcher) Next() ([]*config.KeyValue, error) {
	for {
		select {
		case _, ok := <-w.w.Events:
			if !ok {
				return nil, errors.New("config file: watch stopped")
			}
		case err, ok := <-w.w.Errors:
			if !ok {
				return nil, errors.New("config file: watch stopped")
			}
			return nil, fmt.Errorf("config file: %w", err)
		}
		// An in-place save is a truncate and then a write, and the file is
		// briefly empty (a valid, empty document) in between; a rename or
		// a symlink swap is several events. Wait until the directory has
		// been quiet for the settle time, and take the contents only when
		// a second read after another quiet period finds the same, so a
		// half-written file is never applied.
		fp, err := w.settled()
		if err != nil {
			return nil, err
		}
		if fp != w.last {
			w.last = fp
			kvs, err := w.s.Load()
			if err != nil {
				return nil, err
			}
			return kvs, nil
		}
	}
}

// settleTime is how long the directory must be quiet before it is read.
const settleTime = 50 * time.Millisecond

// settled waits for a quiet period, then returns the fingerprint of
// contents that stayed the same over a second quiet period.
func (w *watcher) settled() (string, error) {
	for {
		if err := w.quiet(); err != nil {
			return "", err
		}
		_ = w.addDirs() // a swapped symlink may point elsewhere now
		fp := w.s.fingerprint()
		if err := w.quiet(); err != nil {
			return "", err
		}
		if w.s.fingerprint() == fp {
			return fp, nil
		}
	}
}

// quiet returns once no event has arrived for settleTime.
func (w *watcher) quiet() error {
	t := time.NewTimer(settleTime)
	defer t.Stop()
	for {
		select {
		case _, ok := <-w.w.Events:
			if !ok {
				return errors.New("config file: watch stopped")
			}
			t.Reset(settleTime)
		case <-t.C:
			return nil
		}
	}
}

func (w *watcher) Stop() error {
	var err error
	w.once.Do(func() { err = w.w.Close() })
	return err
}
