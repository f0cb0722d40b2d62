// Package config is a service's configuration, proto-first: documents
// from sources (files in YAML, JSON or TOML, the environment, etcd) merged
// in order — later sources win key by key, maps merge deeply, lists are
// replaced — with ${NAME} and ${NAME:default} placeholders resolved from
// other keys and the environment, scanned into a proto message through
// protojson (proto and JSON field names both work; unknown keys are
// errors that name file, line and key) and watched: a change is applied by
// swapping the whole snapshot, so a reader never sees half of it, and an
// edit that does not parse keeps the old one.
//
//	c := config.New(config.WithSource(file.New("configs/config.yaml"), env.New("HELLOWORLD_")))
//	if err := c.Load(); err != nil {
//		return err // configs/config.yaml:12: server.http.timeout: ...
//	}
//	var bc conf.Bootstrap
//	if err := c.Scan(&bc); err != nil {
//		return err
//	}
//	addr, _ := c.Value("server.http.addr").String() // no lock, no allocation
//	c.Watch("log.level", func(v config.Value) { ... })
package config
