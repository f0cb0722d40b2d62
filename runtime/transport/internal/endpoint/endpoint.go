// Package endpoint builds the endpoint URL a server advertises (to the
// registry, in logs) from the address its listener is bound to. It is
// shared by Bia's transports so they advertise the same way.
package endpoint

import (
	"net"
	"net/url"
)

// Config is how a server listens and what it advertises.
type Config struct {
	Listener   net.Listener // used as is when set
	Network    string       // for net.Listen without Listener: "tcp", "tcp6", "unix"...
	Address    string       // for net.Listen without Listener
	Advertised *url.URL     // advertised as is when set
	Scheme     string       // of the advertised URL otherwise: "http", "grpc"
	Secure     bool         // adds isSecure=true to the advertised URL
}

// Bind returns c.Listener, or a new listener on c.Network and c.Address,
// and the endpoint to advertise for it: c.Advertised, or what Advertise
// builds from the listener's address. When advertising fails, a listener
// Bind opened is closed again.
func Bind(c Config) (net.Listener, *url.URL, error) {
	lis := c.Listener
	if lis == nil {
		var err error
		if lis, err = net.Listen(c.Network, c.Address); err != nil {
			return nil, nil, err
		}
	}
	if c.Advertised != nil {
		return lis, c.Advertised, nil
	}
	u, err := Advertise(lis.Addr(), c.Scheme, c.Network, c.Secure)
	if err != nil {
		if c.Listener == nil {
			_ = lis.Close()
		}
		return nil, nil, err
	}
	return lis, u, nil
}

// Advertise returns scheme://host:port for a listener address, with the
// query "isSecure=true" when secure. When the host is empty or unspecified
// (":8000", "0.0.0.0:8000", "[::]:8000") the host is the first
// non-loopback, non-link-local address of the machine's interfaces that
// are up — IPv4, or IPv6 when network is "tcp6" — or the loopback address
// if there is none: an address other machines can reach, as Kratos
// advertises. A unix socket address gives unix:///path.
func Advertise(addr net.Addr, scheme, network string, secure bool) (*url.URL, error) {
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
	u := &url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port)}
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
