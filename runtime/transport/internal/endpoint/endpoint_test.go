package endpoint_test

import (
	"net"
	"net/url"
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

func TestBind(t *testing.T) {
	lis, u, err := endpoint.Bind(endpoint.Config{Network: "tcp", Address: "127.0.0.1:0", Scheme: "grpc", Secure: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	if want := "grpc://" + lis.Addr().String() + "?isSecure=true"; u.String() != want {
		t.Errorf("Bind advertised %s, want %s", u, want)
	}

	// A given listener and endpoint are used as they are.
	given, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer given.Close()
	adv, _ := url.Parse("http://api.example.com:443")
	lis2, u2, err := endpoint.Bind(endpoint.Config{Listener: given, Advertised: adv, Scheme: "http"})
	if err != nil || lis2 != given || u2 != adv {
		t.Errorf("Bind with a listener and an endpoint = %v, %v, %v", lis2, u2, err)
	}

	if _, _, err := endpoint.Bind(endpoint.Config{Network: "tcp", Address: "not an address", Scheme: "http"}); err == nil {
		t.Error("Bind on a bad address did not fail")
	}
}
