package http

import (
	"net"
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
	lis := s.opts.listener
	if lis == nil {
		var err error
		if lis, err = net.Listen(s.opts.network, s.opts.address); err != nil {
			return err
		}
	}
	ep := s.opts.endpoint
	if ep == nil {
		var err error
		if ep, err = endpoint.Advertise(lis.Addr(), "http", s.opts.network, s.opts.tlsConf != nil); err != nil {
			_ = lis.Close()
			return err
		}
	}
	s.lis, s.endpoint = lis, ep
	str := ep.String()
	s.endpointStr.Store(&str)
	return nil
}
