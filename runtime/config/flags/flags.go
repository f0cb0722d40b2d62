// Package flags is a configuration source of command-line flags: every
// flag of a FlagSet that was set names its key ("-server.http.addr=:8000"
// sets server.http.addr), so flags override files and environment when
// given last. Flags not set on the command line are left out (their
// defaults do not hide the files').
//
//	flag.String("server.http.addr", "", "HTTP listen address")
//	flag.Parse()
//	c := config.New(config.WithSource(file.New("configs"), env.New("APP_"), flags.New(flag.CommandLine)))
package flags

import (
	"encoding/json"
	"flag"
	"strings"

	"github.com/bia-go/bia/runtime/config"
)

// Source reads the flags set on a FlagSet.
type Source struct{ fs *flag.FlagSet }

// New returns the source of fs's flags (parse fs first).
func New(fs *flag.FlagSet) *Source { return &Source{fs: fs} }

// Load returns the set flags as one JSON document.
func (s *Source) Load() ([]*config.KeyValue, error) {
	root := map[string]any{}
	s.fs.Visit(func(f *flag.Flag) {
		parts := strings.Split(f.Name, ".")
		m := root
		for _, p := range parts[:len(parts)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = f.Value.String()
	})
	data, err := json.Marshal(root)
	if err != nil {
		return nil, err
	}
	return []*config.KeyValue{{Key: "flags", Value: data, Format: "json"}}, nil
}

// Watch returns nil: flags do not change.
func (s *Source) Watch() (config.Watcher, error) { return nil, nil }
