package grpc

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/attributes"
	"google.golang.org/grpc/resolver"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/selector"
)

// WithDiscovery sets the registry a "discovery:///name" target is
// resolved through. The connection follows the service's instances
// (keeping the last known set while the registry is unreachable),
// connects to the "grpc" endpoint of each (those whose endpoint says
// isSecure=true with Dial, the others with DialInsecure) and sends each
// call to one of them, picked by the balancer (WithBalancer) among the
// ready ones the filters accept (WithNodeFilter and
// selector.NewFilterContext). With no instance registered, or none the
// filters accept, a call fails with 503 NO_INSTANCES naming the service.
// Required for a discovery target; the default is none.
func WithDiscovery(d registry.Discovery) ClientOption {
	return func(o *clientOptions) { o.discovery = d }
}

// WithBalancer sets how a discovery-routed connection picks an instance
// per call. The default is selector.P2C().
func WithBalancer(b selector.Balancer) ClientOption {
	return func(o *clientOptions) { o.balancer = b }
}

// WithNodeFilter adds filters every instance a discovery-routed call goes
// to must pass (selector.Version, selector.Metadata...). The default is
// none.
func WithNodeFilter(f ...selector.Filter) ClientOption {
	return func(o *clientOptions) { o.nodeFilters = append(o.nodeFilters, f...) }
}

// WithLogger sets where a discovery-routed connection reports registry
// trouble. The default is slog.Default().
func WithLogger(l *slog.Logger) ClientOption {
	return func(o *clientOptions) { o.logger = l }
}

// discoveryScheme is the scheme of targets resolved through WithDiscovery.
const discoveryScheme = "discovery"

// discoveryOptions returns the dial options of a discovery:/// target:
// Bia's resolver, local to the connection, and its balancer.
func discoveryOptions(o clientOptions, secure bool) ([]gogrpc.DialOption, error) {
	if !strings.HasPrefix(o.endpoint, discoveryScheme+":") {
		if o.discovery != nil {
			return nil, fmt.Errorf("grpc: dial %q: WithDiscovery is given but the target is not discovery:///name", o.endpoint)
		}
		return nil, nil
	}
	name := strings.TrimPrefix(o.endpoint, discoveryScheme+":///")
	switch {
	case o.discovery == nil:
		return nil, fmt.Errorf("grpc: dial %q: a discovery target needs WithDiscovery (the registry to find the service in)", o.endpoint)
	case name == "" || name == o.endpoint || strings.ContainsAny(name, "/?#"):
		return nil, fmt.Errorf("grpc: dial %q: want discovery:///name with a service name", o.endpoint)
	}
	opts := []selector.Option{selector.WithFilter(o.nodeFilters...)}
	if o.balancer != nil {
		opts = append(opts, selector.WithBalancer(o.balancer))
	}
	b := &resolverBuilder{discovery: o.discovery, selector: opts, secure: secure, logger: o.logger}
	return []gogrpc.DialOption{
		gogrpc.WithResolvers(b),
		gogrpc.WithDefaultServiceConfig(fmt.Sprintf(`{"loadBalancingConfig":[{%q:{}}]}`, balancerName)),
	}, nil
}

// resolverBuilder resolves discovery:///name for one connection.
type resolverBuilder struct {
	discovery registry.Discovery
	selector  []selector.Option
	secure    bool
	logger    *slog.Logger
}

func (b *resolverBuilder) Scheme() string { return discoveryScheme }

// Build starts following the service. Every set of instances becomes the
// connection's addresses, each carrying its node; the state carries the
// connection's selector, which the balancer feeds with the ready nodes.
func (b *resolverBuilder) Build(target resolver.Target, cc resolver.ClientConn, _ resolver.BuildOptions) (resolver.Resolver, error) {
	name := strings.TrimPrefix(target.URL.Path, "/")
	sel := selector.New(name, b.selector...)
	ctx, cancel := context.WithCancel(context.Background())
	go registry.Follow(ctx, b.discovery, name, b.logger, func(instances []*registry.ServiceInstance) {
		addrs := make([]resolver.Address, 0, len(instances))
		for _, in := range instances {
			n, ok := selector.NewNode(in, "grpc")
			if !ok || n.Secure() != b.secure {
				continue
			}
			addrs = append(addrs, resolver.Address{Addr: n.Address(), BalancerAttributes: attributes.New(nodeKey{}, n)})
		}
		_ = cc.UpdateState(resolver.State{Addresses: addrs, Attributes: attributes.New(selectorKey{}, sel)})
	})
	return discoveryResolver{cancel}, nil
}

type (
	nodeKey     struct{}
	selectorKey struct{}
)

// discoveryResolver stops following the registry when the connection
// closes; the registry pushes changes, so ResolveNow has nothing to do.
type discoveryResolver struct{ stop context.CancelFunc }

func (discoveryResolver) ResolveNow(resolver.ResolveNowOptions) {}
func (r discoveryResolver) Close()                              { r.stop() }
