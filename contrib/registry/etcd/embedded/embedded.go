// Package embedded runs a single-member etcd server inside the process,
// with go.etcd.io/etcd/server/v3/embed: the tests of the etcd registry
// and the discovery example start one instead of needing an etcd binary.
// It is for tests and demos; run a real cluster in production.
//
//	srv, err := embedded.Start(dir)
//	if err != nil {
//		return err
//	}
//	defer srv.Stop()
//	client, err := clientv3.New(clientv3.Config{Endpoints: []string{srv.Endpoint()}})
package embedded

import (
	"fmt"
	"net"
	"net/url"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// Server is a running embedded etcd member.
type Server struct {
	dir                string
	clientURL, peerURL url.URL
	etcd               *embed.Etcd
}

// Start starts a member storing its data in dir, on two free loopback
// ports, and returns once it serves clients. Its logs (etcd's zap
// logger) go nowhere but errors, to stderr.
func Start(dir string) (*Server, error) {
	client, err := freeURL()
	if err != nil {
		return nil, err
	}
	peer, err := freeURL()
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, clientURL: client, peerURL: peer}
	return s, s.start()
}

func (s *Server) start() error {
	cfg := embed.NewConfig()
	cfg.Dir = s.dir
	cfg.Name = "bia"
	cfg.ListenClientUrls = []url.URL{s.clientURL}
	cfg.AdvertiseClientUrls = []url.URL{s.clientURL}
	cfg.ListenPeerUrls = []url.URL{s.peerURL}
	cfg.AdvertisePeerUrls = []url.URL{s.peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{"stderr"}
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return fmt.Errorf("embedded etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		return fmt.Errorf("embedded etcd: not ready after 30 s")
	case err := <-e.Err():
		e.Close()
		return fmt.Errorf("embedded etcd: %w", err)
	}
	s.etcd = e
	return nil
}

// Endpoint is the URL clients connect to.
func (s *Server) Endpoint() string { return s.clientURL.String() }

// Stop stops the member; its data stays in its directory.
func (s *Server) Stop() {
	if s.etcd != nil {
		s.etcd.Close()
		s.etcd = nil
	}
}

// Restart starts the member again on the same directory and ports, as an
// etcd that was down comes back.
func (s *Server) Restart() error {
	s.Stop()
	return s.start()
}

// freeURL returns http://127.0.0.1:port for a port free now.
func freeURL() (url.URL, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return url.URL{}, err
	}
	defer l.Close()
	return url.URL{Scheme: "http", Host: l.Addr().String()}, nil
}
