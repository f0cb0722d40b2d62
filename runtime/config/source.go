package config

// KeyValue is one document a source provides: its name (a file path, an
// etcd key), its bytes and their format ("yaml", "json", "toml"), which
// decides how it is decoded.
type KeyValue struct {
	Key    string
	Value  []byte
	Format string
}

// Source provides configuration documents. Load returns them all; Watch,
// when the source can tell of changes, returns a watcher whose Next
// blocks until they changed and returns them all again.
type Source interface {
	Load() ([]*KeyValue, error)
	Watch() (Watcher, error)
}

// Watcher follows a source's changes.
type Watcher interface {
	// Next blocks until the source changed and returns its documents.
	Next() ([]*KeyValue, error)
	// Stop ends the watch; a blocked Next returns an error.
	Stop() error
}
