package conf

import (
	"flag"

	"github.com/bia-go/bia/runtime/config"
	"github.com/bia-go/bia/runtime/config/env"
	"github.com/bia-go/bia/runtime/config/file"
	"github.com/bia-go/bia/runtime/config/flags"
)

// EnvPrefix is the prefix of the environment variables that override the
// configuration file: HELLOWORLD_SERVER_HTTP_ADDR sets server.http.addr.
const EnvPrefix = "HELLOWORLD_"

// Load reads the configuration: the file at path, the environment, then
// the flags of fs that were set (fs parsed already; nil for none).
func Load(path string, fs *flag.FlagSet) (*Bootstrap, *config.Config, error) {
	sources := []config.Source{file.New(path), env.New(EnvPrefix)}
	if fs != nil {
		sources = append(sources, flags.New(fs))
	}
	c := config.New(config.WithSource(sources...))
	if err := c.Load(); err != nil {
		return nil, nil, err
	}
	bc := new(Bootstrap)
	if err := c.Scan(bc); err != nil {
		_ = c.Close()
		return nil, nil, err
	}
	return bc, c, nil
}
