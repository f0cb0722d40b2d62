package helloworld_test

import (
	"flag"
	"testing"
	"time"

	"github.com/bia-go/bia/examples/helloworld/internal/conf"
)

// TestConfig loads the example's configs/config.yaml as the command does,
// with an environment variable and a flag over it.
func TestConfig(t *testing.T) {
	t.Setenv("HELLOWORLD_SERVER_HTTP_ADDR", ":8080")
	t.Setenv("HELLOWORLD_SERVER_GRPC_TIMEOUT", "2s")
	fs := flag.NewFlagSet("helloworld", flag.ContinueOnError)
	fs.String("server.grpc.addr", "", "")
	if err := fs.Parse([]string{"-server.grpc.addr=:9090"}); err != nil {
		t.Fatal(err)
	}
	bc, c, err := conf.Load("configs/config.yaml", fs)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := bc.GetServer()
	if s.GetHttp().GetAddr() != ":8080" || s.GetGrpc().GetAddr() != ":9090" ||
		s.GetGrpc().GetTimeout().AsDuration() != 2*time.Second || s.GetHttp().GetTimeout().AsDuration() != 0 {
		t.Errorf("loaded %v", bc)
	}
}
