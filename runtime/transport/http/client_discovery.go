package http

import (
	"context"
	"fmt"
	"strings"

	"github.com/bia-go/bia/runtime/selector"
)

// discoveryScheme starts the endpoints resolved through WithDiscovery.
const discoveryScheme = "discovery:///"

// newDiscovery sets up the selector of a "discovery:///name" endpoint and
// starts following the service; it returns nil for other endpoints.
func newDiscovery(o clientOptions) (*selector.Selector, context.CancelFunc, error) {
	if !strings.HasPrefix(o.endpoint, discoveryScheme) {
		if o.discovery != nil {
			return nil, nil, fmt.Errorf("http: NewClient: WithDiscovery is given but the endpoint %q is not discovery:///name", o.endpoint)
		}
		return nil, nil, nil
	}
	name := strings.TrimPrefix(o.endpoint, discoveryScheme)
	switch {
	case o.discovery == nil:
		return nil, nil, fmt.Errorf("http: NewClient: endpoint %q needs WithDiscovery (the registry to find %q in)", o.endpoint, name)
	case name == "" || strings.ContainsAny(name, "/?#"):
		return nil, nil, fmt.Errorf("http: NewClient: endpoint %q: want discovery:///name with a service name", o.endpoint)
	}
	opts := []selector.Option{selector.WithFilter(o.nodeFilters...)}
	if o.balancer != nil {
		opts = append(opts, selector.WithBalancer(o.balancer))
	}
	sel := selector.New(name, opts...)
	ctx, cancel := context.WithCancel(context.Background())
	sel.Follow(ctx, o.discovery, "http", o.logger)
	return sel, cancel, nil
}

// pick returns the base URL of a call and the selection to report its
// end to: the client's endpoint, or an instance picked by the selector
// (the zero Selected, whose Done does nothing, without discovery).
func (c *Client) pick(ctx context.Context) (string, selector.Selected, error) {
	if c.sel == nil {
		return c.base, selector.Selected{}, nil
	}
	picked, err := c.sel.Select(ctx)
	if err != nil {
		return "", picked, err
	}
	return picked.Node().Target(), picked, nil
}
