package grpc

import (
	"fmt"
	"sync"

	"google.golang.org/grpc/balancer"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/resolver"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/selector"
)

// balancerName is the load-balancing policy of discovery targets: a
// connection per instance, calls spread by Bia's selector.
const balancerName = "bia_selector"

// The policy is registered once, at init (grpc's balancer registry is
// process-wide and must be filled before any connection is made);
// nothing else registers or changes it.
func init() { balancer.Register(balancerBuilder{}) }

type balancerBuilder struct{}

func (balancerBuilder) Name() string { return balancerName }

func (balancerBuilder) Build(cc balancer.ClientConn, _ balancer.BuildOptions) balancer.Balancer {
	return &selectorBalancer{cc: cc, conns: map[string]*subConn{}}
}

// subConn is the connection to one instance.
type subConn struct {
	sc    balancer.SubConn
	node  *selector.Node
	state connectivity.State
	err   error
}

// selectorBalancer keeps a SubConn per instance address and gives the
// selector the nodes of the ready ones.
type selectorBalancer struct {
	cc    balancer.ClientConn
	mu    sync.Mutex // state listeners run apart from the updates
	sel   *selector.Selector
	conns map[string]*subConn
}

func (b *selectorBalancer) UpdateClientConnState(s balancer.ClientConnState) error {
	sel, _ := s.ResolverState.Attributes.Value(selectorKey{}).(*selector.Selector)
	if sel == nil {
		return fmt.Errorf("grpc: the %s policy works with discovery:/// targets only", balancerName)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sel = sel
	seen := make(map[string]bool, len(s.ResolverState.Addresses))
	for _, a := range s.ResolverState.Addresses {
		n, _ := a.BalancerAttributes.Value(nodeKey{}).(*selector.Node)
		if n == nil || seen[a.Addr] {
			continue
		}
		seen[a.Addr] = true
		if c, ok := b.conns[a.Addr]; ok {
			c.node = n // the instance's metadata may have changed
			continue
		}
		c := &subConn{node: n, state: connectivity.Idle}
		sc, err := b.cc.NewSubConn([]resolver.Address{a}, balancer.NewSubConnOptions{
			StateListener: func(st balancer.SubConnState) { b.updateState(c, st) },
		})
		if err != nil {
			continue
		}
		c.sc = sc
		b.conns[a.Addr] = c
		sc.Connect()
	}
	for addr, c := range b.conns {
		if !seen[addr] {
			c.sc.Shutdown()
			delete(b.conns, addr)
		}
	}
	b.regenerate()
	return nil
}

func (b *selectorBalancer) updateState(c *subConn, st balancer.SubConnState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st.ConnectivityState == connectivity.Shutdown {
		return
	}
	c.state = st.ConnectivityState
	switch st.ConnectivityState {
	case connectivity.Idle:
		c.sc.Connect() // reconnect: an instance that closed an idle connection stays in the set
	case connectivity.TransientFailure:
		c.err = st.ConnectionError
	}
	if b.conns[c.node.Address()] == c {
		b.regenerate()
	}
}

// regenerate hands the ready nodes to the selector and a new picker to
// the connection. b.mu is held.
func (b *selectorBalancer) regenerate() {
	ready := make([]*selector.Node, 0, len(b.conns))
	p := &picker{sel: b.sel, conns: make(map[string]balancer.SubConn, len(b.conns))}
	connecting := false
	var lastErr error
	for addr, c := range b.conns {
		switch c.state {
		case connectivity.Ready:
			ready = append(ready, c.node)
			p.conns[addr] = c.sc
		case connectivity.Idle, connectivity.Connecting:
			connecting = true
			p.pending = append(p.pending, c.node)
		case connectivity.TransientFailure:
			lastErr = c.err
			p.failing = append(p.failing, c.node)
		}
	}
	b.sel.Apply(ready)
	state := connectivity.Ready
	switch {
	case len(ready) > 0:
	case len(b.conns) == 0:
		state = connectivity.TransientFailure
		p.err = errors.ServiceUnavailable(errors.ReasonNoInstances, fmt.Sprintf("no instances of %s", b.sel.Service()))
	case connecting:
		state = connectivity.Connecting
		p.err = balancer.ErrNoSubConnAvailable
	default:
		state = connectivity.TransientFailure
		// Not a status: calls that wait for ready keep waiting.
		p.err = fmt.Errorf("no instance of %s is reachable: %v", b.sel.Service(), lastErr)
	}
	b.cc.UpdateState(balancer.State{ConnectivityState: state, Picker: p})
}

// ResolverError is never called with Bia's resolver, which keeps the last
// set when the registry fails; it keeps the current state.
func (b *selectorBalancer) ResolverError(error) {}

func (b *selectorBalancer) UpdateSubConnState(balancer.SubConn, balancer.SubConnState) {
	// States arrive through each SubConn's StateListener.
}

func (b *selectorBalancer) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for addr, c := range b.conns {
		c.sc.Shutdown()
		delete(b.conns, addr)
	}
}

func (b *selectorBalancer) ExitIdle() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range b.conns {
		if c.state == connectivity.Idle {
			c.sc.Connect()
		}
	}
}

// picker picks a ready instance per call through the selector.
type picker struct {
	sel     *selector.Selector
	conns   map[string]balancer.SubConn // ready connections by address
	pending []*selector.Node            // connecting
	failing []*selector.Node            // failed to connect
	err     error                       // when none is ready
}

func (p *picker) Pick(info balancer.PickInfo) (balancer.PickResult, error) {
	if p.err != nil {
		return balancer.PickResult{}, p.err
	}
	picked, err := p.sel.Select(info.Ctx)
	if err != nil {
		// No ready node passes the filters. Wait when one that passes is
		// still connecting; fail as unreachable when one passes but could
		// not connect; else NO_INSTANCES, a status: the call ends.
		for _, n := range p.pending {
			if p.sel.Accepts(info.Ctx, n) {
				return balancer.PickResult{}, balancer.ErrNoSubConnAvailable
			}
		}
		for _, n := range p.failing {
			if p.sel.Accepts(info.Ctx, n) {
				return balancer.PickResult{}, fmt.Errorf("no instance of %s that the call's filters accept is reachable", p.sel.Service())
			}
		}
		return balancer.PickResult{}, err
	}
	sc, ok := p.conns[picked.Node().Address()]
	if !ok {
		// The selector has moved on to a newer set than this picker's; the
		// next picker has it.
		picked.Done(nil)
		return balancer.PickResult{}, balancer.ErrNoSubConnAvailable
	}
	return balancer.PickResult{SubConn: sc, Done: func(d balancer.DoneInfo) { picked.Done(d.Err) }}, nil
}
