// Package env is a configuration source of environment variables: those
// with a prefix, the rest of the name lowercased with "_" as the key
// separator, so APP_SERVER_HTTP_ADDR=:8000 with prefix "APP_" sets
// server.http.addr. Values are read as text (numbers and booleans in it
// are scanned into numeric and bool fields). Read once, at Load.
package env

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/bia-go/bia/runtime/config"
)

// Source reads the environment.
type Source struct{ prefix string }

// New returns the source of the variables whose names start with prefix.
func New(prefix string) *Source { return &Source{prefix: prefix} }

// Load returns the variables as one JSON document.
func (s *Source) Load() ([]*config.KeyValue, error) {
	root := map[string]any{}
	for _, kv := range os.Environ() {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, s.prefix) || len(name) == len(s.prefix) {
			continue
		}
		parts := strings.Split(strings.ToLower(strings.TrimPrefix(name, s.prefix)), "_")
		m := root
		for _, p := range parts[:len(parts)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = value
	}
	data, err := json.Marshal(root)
	if err != nil {
		return nil, err
	}
	return []*config.KeyValue{{Key: "env " + s.prefix + "*", Value: data, Format: "json"}}, nil
}

// Watch returns nil: the environment of a process does not change.
func (s *Source) Watch() (config.Watcher, error) { return nil, nil }
