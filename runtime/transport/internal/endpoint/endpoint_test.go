package endpoint_test

import (
	"net"
	"testing"

	"github.com/bia-go/bia/runtime/transport/internal/endpoint"
)

func TestAdvertise(t *testing.T) {
	tests := []struct {
		addr    net.Addr
		network string
		secure  bool
		want    string // "" when the host is the machine's, checked separately
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8000}, "tcp", false, "http://127.0.0.1:8000"},
		{&net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 9000}, "tcp", true, "http://10.1.2.3:9000?isSecure=true"},
		{&net.TCPAddr{IP: net.ParseIP("::1"), Port: 80}, "tcp6", false, "http://[::1]:80"},
		{&net.UnixAddr{Name: "/tmp/s.sock", Net: "unix"}, "unix", false, "unix:///tmp/s.sock"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8000}, "tcp", false, ""},
		{&net.TCPAddr{Port: 8000}, "tcp", false, ""},
	}
	for _, tt := range tests {
		u, err := endpoint.Advertise(tt.addr, "http", tt.network, tt.secure)
		if err != nil {
			t.Fatalf("Advertise(%v): %v", tt.addr, err)
		}
		if tt.want != "" {
			if u.String() != tt.want {
				t.Errorf("Advertise(%v) = %s, want %s", tt.addr, u, tt.want)
			}
			continue
		}
		host, port, err := net.SplitHostPort(u.Host)
		ip := net.ParseIP(host)
		if err != nil || port != "8000" || ip == nil || ip.IsUnspecified() || ip.To4() == nil {
			t.Errorf("Advertise(%v) = %s, want a usable IPv4 host and port 8000", tt.addr, u)
		}
	}
}
