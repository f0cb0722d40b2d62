package http

import (
	"net"
	"net/url"
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
		if ep, err = advertise(lis.Addr(), s.opts.network, s.opts.tlsConf != nil); err != nil {
			_ = lis.Close()
			return err
		}
	}
	s.lis, s.endpoint = lis, ep
	str := ep.String()
	s.endpointStr.Store(&str)
	return nil
}

// advertise builds the endpoint URL of a listener address.
func advertise(addr net.Addr, network string, secure bool) (*url.URL, error) {
	if addr.Network() == "unix" {
		return &url.URL{Scheme: "unix", Path: addr.String()}, nil
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = localHost(network == "tcp6")
	}
	u := &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port)}
	if secure {
		u.RawQuery = url.Values{"isSecure": {"true"}}.Encode()
	}
	return u, nil
}

// localHost returns the first non-loopback, non-link-local address of the
// interfaces that are up, IPv4 unless ipv6, or the loopback address.
func localHost(ipv6 bool) string {
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() || ipn.IP.IsUnspecified() {
				continue
			}
			if is4 := ipn.IP.To4() != nil; is4 != ipv6 {
				return ipn.IP.String()
			}
		}
	}
	if ipv6 {
		return "::1"
	}
	return "127.0.0.1"
}
