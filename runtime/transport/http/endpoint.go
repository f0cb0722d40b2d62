package http

import (
	"net/url"

	"github.com/bia-go/bia/runtime/transport/internal/endpoint"
)

// Endpoint binds the listener if it is not bound yet (so once it returns,
// connections are accepted and queued until Start serves them) and returns
// the endpoint clients reach the server on. It is idempotent and safe for
// concurrent use.
//
// The endpoint is the Endpoint option if set. Otherwise it is
// http://host:port from the listener's address, with the query
// "isSecure=true" when TLSConfig is set; when the listener's host is empty
// or unspecified (":8000", "0.0.0.0:8000", "[::]:8000") the host advertised
// is the first non-loopback, non-link-local IPv4 address of the machine's
// interfaces that are up (IPv6 with Network("tcp6")), or the loopback
// address if there is none. A unix socket gives unix:///path.
func (s *Server) Endpoint() (*url.URL, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.listenLocked(); err != nil {
		return nil, err
	}
	u := *s.endpoint
	return &u, nil
}

func (s *Server) listenLocked() error {
	if s.lis != nil {
		return nil
	}
	lis, ep, err := endpoint.Bind(endpoint.Config{
		Listener: s.opts.listener, Network: s.opts.network, Address: s.opts.address,
		Advertised: s.opts.endpoint, Scheme: "http", Secure: s.opts.tlsConf != nil,
	})
	if err != nil {
		return err
	}
	s.lis, s.endpoint = lis, ep
	str := ep.String()
	s.endpointStr.Store(&str)
	return nil
}
