package grpc_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
)

func TestTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	srv, addr := startServer(t, echoBack(), biagrpc.TLSConfig(&tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
	}))
	ep, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	if ep.Scheme != "grpc" || ep.Query().Get("isSecure") != "true" {
		t.Errorf("endpoint = %v, want grpc://…?isSecure=true", ep)
	}

	tests := []struct {
		name string
		tls  *tls.Config
		ok   bool
	}{
		{name: "trusted", tls: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, ok: true},
		{name: "untrusted", tls: &tls.Config{RootCAs: x509.NewCertPool(), MinVersion: tls.VersionTLS12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc, err := biagrpc.Dial(context.Background(), biagrpc.WithEndpoint(addr), biagrpc.WithTLSConfig(tt.tls))
			if err != nil {
				t.Fatal(err)
			}
			defer cc.Close()
			got, err := callEcho(context.Background(), cc, "secret")
			if tt.ok && (err != nil || got != "secret") {
				t.Errorf("call = %q, %v; want %q, nil", got, err, "secret")
			}
			if !tt.ok && status.Code(err) != codes.Unavailable {
				t.Errorf("call error = %v, want Unavailable", err)
			}
		})
	}

	t.Run("plaintext client", func(t *testing.T) {
		if _, err := callEcho(context.Background(), dial(t, addr), "x"); status.Code(err) != codes.Unavailable {
			t.Errorf("plaintext call to a TLS server: error = %v, want Unavailable", err)
		}
	})
}

func TestDialOptionErrors(t *testing.T) {
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name     string
		dial     func(context.Context, ...biagrpc.ClientOption) error
		ctx      context.Context
		opts     []biagrpc.ClientOption
		contains string
	}{
		{name: "Dial without TLS", dial: dialTLS, opts: []biagrpc.ClientOption{biagrpc.WithEndpoint("127.0.0.1:1")}, contains: "WithTLSConfig"},
		{name: "DialInsecure with TLS", dial: dialInsecure, opts: []biagrpc.ClientOption{biagrpc.WithEndpoint("127.0.0.1:1"), biagrpc.WithTLSConfig(conf)}, contains: "WithTLSConfig"},
		{name: "no endpoint", dial: dialInsecure, contains: "WithEndpoint"},
		{name: "done ctx", dial: dialInsecure, ctx: canceled, opts: []biagrpc.ClientOption{biagrpc.WithEndpoint("127.0.0.1:1")}, contains: "canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			err := tt.dial(ctx, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.contains)
			}
		})
	}
}

func dialTLS(ctx context.Context, opts ...biagrpc.ClientOption) error {
	cc, err := biagrpc.Dial(ctx, opts...)
	if cc != nil {
		_ = cc.Close()
	}
	return err
}

func dialInsecure(ctx context.Context, opts ...biagrpc.ClientOption) error {
	cc, err := biagrpc.DialInsecure(ctx, opts...)
	if cc != nil {
		_ = cc.Close()
	}
	return err
}
