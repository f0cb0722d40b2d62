package registry_test

import (
	"testing"

	"github.com/bia-go/bia/runtime/registry"
)

func TestEndpoint(t *testing.T) {
	in := &registry.ServiceInstance{Endpoints: []string{
		"http://127.0.0.1:8000",
		"::not a url",
		"GRPC://127.0.0.1:9000",
		"grpc://127.0.0.1:9001",
		"grpcs://127.0.0.1:9443?isSecure=true",
	}}
	tests := []struct {
		name     string
		instance *registry.ServiceInstance
		scheme   string
		want     string // "" means not found
	}{
		{name: "http", instance: in, scheme: "http", want: "http://127.0.0.1:8000"},
		{name: "first match wins, scheme case ignored", instance: in, scheme: "grpc", want: "grpc://127.0.0.1:9000"},
		{name: "asked scheme case ignored", instance: in, scheme: "GrPc", want: "grpc://127.0.0.1:9000"},
		{name: "query kept", instance: in, scheme: "grpcs", want: "grpcs://127.0.0.1:9443?isSecure=true"},
		{name: "prefix is not a match", instance: in, scheme: "grp"},
		{name: "missing scheme", instance: in, scheme: "https"},
		{name: "nil instance", instance: nil, scheme: "http"},
		{name: "no endpoints", instance: &registry.ServiceInstance{}, scheme: "http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, ok := registry.Endpoint(tt.instance, tt.scheme)
			if tt.want == "" {
				if ok || u != nil {
					t.Fatalf("Endpoint(%q) = %v, %v; want nil, false", tt.scheme, u, ok)
				}
				return
			}
			if !ok || u == nil {
				t.Fatalf("Endpoint(%q) = %v, %v; want %s, true", tt.scheme, u, ok, tt.want)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("Endpoint(%q) = %s, want %s", tt.scheme, got, tt.want)
			}
		})
	}
}
