package etcd_test

import "go.uber.org/zap"

// zapNop is the etcd client's logger in tests: nothing.
func zapNop() *zap.Logger { return zap.NewNop() }
