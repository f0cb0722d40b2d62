// Package embedded runs a single-member etcd server inside the process,
// with go.etcd.io/etcd/server/v3/embed: the tests of the etcd registry
// and the discovery example start one instead of needing an etcd binary.
// It is for tests and demos; run a real cluster in production.
//
//	srv, err := embedded.Start(dir)
//	if err != nil {
//		return err
//	}
//	defer srv.Close()
//	client, err := clientv3.New(clientv3.Config{Endpoints: []string{srv.Endpoint()}})
package embedded

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// Server is an embedded etcd member. Clients reach it through a front
// listener that outlives the member, so a Stop looks to them as a crash
// of etcd (connections cut at once, connections refused) and a Restart
// as etcd coming back on the same address.
type Server struct {
	dir                string
	clientURL, peerURL url.URL // the member's own
	front              net.Listener

	mu    sync.Mutex
	etcd  *embed.Etcd
	conns []net.Conn // proxied connections, both ends
}

// Start starts a member storing its data in dir, on free loopback ports,
// and returns once it serves clients. It logs nothing.
func Start(dir string) (*Server, error) {
	client, err := freeURL()
	if err != nil {
		return nil, err
	}
	peer, err := freeURL()
	if err != nil {
		return nil, err
	}
	front, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, clientURL: client, peerURL: peer, front: front}
	if err := s.start(); err != nil {
		_ = front.Close()
		return nil, err
	}
	go s.serveFront()
	return s, nil
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
	// etcd logs errors on a normal Close; there is nothing to learn from
	// them here.
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
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
	s.mu.Lock()
	s.etcd = e
	s.mu.Unlock()
	return nil
}

// serveFront forwards the front listener's connections to the member
// while it runs, and refuses them while it is stopped.
func (s *Server) serveFront() {
	for {
		c, err := s.front.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		var up net.Conn
		if s.etcd != nil {
			up, err = net.Dial("tcp", s.clientURL.Host)
		}
		if up == nil || err != nil {
			s.mu.Unlock()
			_ = c.Close()
			continue
		}
		s.conns = append(s.conns, c, up)
		s.mu.Unlock()
		go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
		go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
	}
}

// Endpoint is the URL clients connect to; it stays the same across
// Restart.
func (s *Server) Endpoint() string { return "http://" + s.front.Addr().String() }

// Stop stops the member as a crash would, cutting the clients'
// connections; its data stays in its directory.
func (s *Server) Stop() {
	s.mu.Lock()
	e := s.etcd
	s.etcd = nil
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.conns = nil
	s.mu.Unlock()
	if e != nil {
		e.Close()
	}
}

// Restart starts the member again on the same directory, as an etcd that
// was down comes back.
func (s *Server) Restart() error {
	s.Stop()
	return s.start()
}

// Close stops the member and the front listener.
func (s *Server) Close() {
	s.Stop()
	_ = s.front.Close()
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
