package grpc_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"log/slog"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"

	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
)

// The test service, written by hand as protoc-gen-go-grpc would generate
// it: bia.test.Echo with a unary Echo and a server-streaming Count, both on
// google.protobuf.StringValue.
const (
	echoService = "bia.test.Echo"
	echoMethod  = "/bia.test.Echo/Echo"
	countMethod = "/bia.test.Echo/Count"
)

// echo implements bia.test.Echo with replaceable functions.
type echo struct {
	unary  func(ctx context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error)
	stream func(in *wrapperspb.StringValue, ss gogrpc.ServerStream) error
}

// echoBack is an echo whose Echo returns its input.
func echoBack() *echo {
	return &echo{unary: func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		return in, nil
	}}
}

func echoDesc() *gogrpc.ServiceDesc {
	return &gogrpc.ServiceDesc{
		ServiceName: echoService,
		HandlerType: (*any)(nil),
		Methods: []gogrpc.MethodDesc{{
			MethodName: "Echo",
			Handler: func(srv any, ctx context.Context, dec func(any) error, in gogrpc.UnaryServerInterceptor) (any, error) {
				req := new(wrapperspb.StringValue)
				if err := dec(req); err != nil {
					return nil, err
				}
				h := func(ctx context.Context, req any) (any, error) {
					return srv.(*echo).unary(ctx, req.(*wrapperspb.StringValue))
				}
				if in == nil {
					return h(ctx, req)
				}
				return in(ctx, req, &gogrpc.UnaryServerInfo{Server: srv, FullMethod: echoMethod}, h)
			},
		}},
		Streams: []gogrpc.StreamDesc{{
			StreamName:    "Count",
			ServerStreams: true,
			Handler: func(srv any, ss gogrpc.ServerStream) error {
				req := new(wrapperspb.StringValue)
				if err := ss.RecvMsg(req); err != nil {
					return err
				}
				return srv.(*echo).stream(req, ss)
			},
		}},
	}
}

// callEcho calls bia.test.Echo/Echo on cc.
func callEcho(ctx context.Context, cc *gogrpc.ClientConn, in string, opts ...gogrpc.CallOption) (string, error) {
	out := new(wrapperspb.StringValue)
	err := cc.Invoke(ctx, echoMethod, wrapperspb.String(in), out, opts...)
	return out.GetValue(), err
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// startServer starts a server for e on 127.0.0.1 (unless opts say
// otherwise) and stops it when the test ends, checking that Stop and Start
// both return nil. It returns the server and its host:port.
func startServer(t *testing.T, e *echo, opts ...biagrpc.ServerOption) (*biagrpc.Server, string) {
	t.Helper()
	return startServerCtx(t, context.Background(), e, opts...)
}

func startServerCtx(t *testing.T, ctx context.Context, e *echo, opts ...biagrpc.ServerOption) (*biagrpc.Server, string) {
	t.Helper()
	base := []biagrpc.ServerOption{biagrpc.Address("127.0.0.1:0"), biagrpc.Logger(discardLogger())}
	srv := biagrpc.NewServer(append(base, opts...)...)
	srv.RegisterService(echoDesc(), e)
	ep, err := srv.Endpoint()
	if err != nil {
		t.Fatalf("Endpoint: %v", err)
	}
	started := make(chan error, 1)
	go func() { started <- srv.Start(ctx) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := srv.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		if err := <-started; err != nil {
			t.Errorf("Start: %v", err)
		}
	})
	return srv, ep.Host
}

// dial connects to addr in plaintext and closes the connection when the
// test ends.
func dial(t *testing.T, addr string, opts ...biagrpc.ClientOption) *gogrpc.ClientConn {
	t.Helper()
	cc, err := biagrpc.DialInsecure(context.Background(), append([]biagrpc.ClientOption{biagrpc.WithEndpoint(addr)}, opts...)...)
	if err != nil {
		t.Fatalf("DialInsecure: %v", err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	return cc
}

// waitListenerClosed returns once addr refuses connections.
func waitListenerClosed(t *testing.T, addr string) {
	t.Helper()
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		_ = c.Close()
		time.Sleep(5 * time.Millisecond)
	}
}

// logEntry is one record kept by recorder.
type logEntry struct {
	Level slog.Level
	Msg   string
	Attrs map[string]string
}

// recorder is a slog.Handler that keeps records for inspection. It ignores
// WithAttrs and WithGroup, which the code under test does not use.
type recorder struct {
	mu      sync.Mutex
	entries []logEntry
}

func (*recorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	e := logEntry{Level: rec.Level, Msg: rec.Message, Attrs: map[string]string{}}
	rec.Attrs(func(a slog.Attr) bool {
		e.Attrs[a.Key] = a.Value.String()
		return true
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, e)
	return nil
}

func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func (r *recorder) take() []logEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.entries
	r.entries = nil
	return e
}

// selfSigned returns a server certificate for 127.0.0.1 and a pool that
// trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "bia test"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}
