package selector_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/selector"
)

// instances returns n instances of "svc", each with a grpc and an http
// endpoint; md, when set, gives the metadata of instance i.
func instances(n int, md func(i int) map[string]string) []*registry.ServiceInstance {
	out := make([]*registry.ServiceInstance, n)
	for i := range out {
		m := map[string]string{}
		if md != nil {
			m = md(i)
		}
		out[i] = &registry.ServiceInstance{
			ID: fmt.Sprint("i", i), Name: "svc", Version: "v1", Metadata: m,
			Endpoints: []string{fmt.Sprintf("grpc://10.0.0.%d:9000", i), fmt.Sprintf("http://10.0.0.%d:8000?isSecure=true", i)},
		}
	}
	return out
}

// picks counts the nodes of n selections by address.
func picks(t *testing.T, sel *selector.Selector, ctx context.Context, n int) map[string]int {
	t.Helper()
	got := map[string]int{}
	for range n {
		p, err := sel.Select(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got[p.Node().Address()]++
		p.Done(nil)
	}
	return got
}

func TestNoInstances(t *testing.T) {
	sel := selector.New("svc")
	for _, tc := range []struct {
		name string
		ctx  context.Context
		set  bool
		want string
	}{
		{"never updated", t.Context(), false, "no instances of svc"},
		{"empty set", t.Context(), true, "no instances of svc"},
		{"filtered out", selector.NewFilterContext(t.Context(), selector.Version("v9")), true, "no instances of svc pass the filters version=v9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.set {
				sel.Update("grpc", nil)
			}
			if tc.name == "filtered out" {
				sel.Update("grpc", instances(2, nil))
			}
			_, err := sel.Select(tc.ctx)
			e := errors.FromError(err)
			if e.Code != 503 || e.Reason != errors.ReasonNoInstances || e.Message != tc.want {
				t.Errorf("got %d %s %q, want 503 %s %q", e.Code, e.Reason, e.Message, errors.ReasonNoInstances, tc.want)
			}
		})
	}
}

func TestNodeFromInstance(t *testing.T) {
	ins := instances(1, func(int) map[string]string { return map[string]string{"weight": "250"} })[0]
	for _, tc := range []struct {
		scheme, addr, target string
		secure               bool
	}{{"grpc", "10.0.0.0:9000", "grpc://10.0.0.0:9000", false}, {"http", "10.0.0.0:8000", "https://10.0.0.0:8000", true}} {
		n, ok := selector.NewNode(ins, tc.scheme)
		if !ok || n.Address() != tc.addr || n.Target() != tc.target || n.Secure() != tc.secure || n.Weight() != 250 || n.Version() != "v1" || n.Instance() != ins {
			t.Errorf("%s: got %v %+v", tc.scheme, ok, n)
		}
	}
	if _, ok := selector.NewNode(ins, "ws"); ok {
		t.Error("a node for a scheme the instance has no endpoint for")
	}
	for _, w := range []string{"", "-1", "0", "x", "+Inf"} {
		ins.Metadata["weight"] = w
		if n, _ := selector.NewNode(ins, "grpc"); n.Weight() != selector.DefaultWeight {
			t.Errorf("weight %q: got %v, want the default", w, n.Weight())
		}
	}
}

func TestRandomSpreads(t *testing.T) {
	sel := selector.New("svc", selector.WithBalancer(selector.Random()))
	sel.Update("grpc", instances(4, nil))
	const n = 40000
	for addr, c := range picks(t, sel, t.Context(), n) {
		if math.Abs(float64(c)/n-0.25) > 0.02 {
			t.Errorf("%s: %d of %d picks", addr, c, n)
		}
	}
}

// TestWRRWeights checks that every node's share is its weight's within
// 1 %, for small weights (exact order) and for many nodes with uneven
// weights (scaled order).
func TestWRRWeights(t *testing.T) {
	for _, tc := range []struct {
		nodes  int
		weight func(i int) float64
	}{
		{3, func(i int) float64 { return float64(i + 1) }},
		{5, func(i int) float64 { return []float64{100, 100, 50, 300, 7}[i] }},
		{500, func(i int) float64 { return float64(100 + 37*i%900) }},
		{1000, func(i int) float64 { return 1 + float64(i%3) }},
	} {
		t.Run(fmt.Sprint(tc.nodes), func(t *testing.T) {
			sel := selector.New("svc", selector.WithBalancer(selector.WRR()))
			ins := instances(tc.nodes, func(i int) map[string]string {
				return map[string]string{"weight": fmt.Sprint(tc.weight(i))}
			})
			sel.Update("grpc", ins)
			total := 0.0
			for i := range tc.nodes {
				total += tc.weight(i)
			}
			// Over any run of picks a node's count is within one of its
			// share, so a node of 1/2,600 of the weight needs ~260,000
			// picks to be within 1 %.
			n := 100_000
			if tc.nodes >= 500 {
				n = 1 << 19
			}
			got := picks(t, sel, t.Context(), n)
			for i, in := range ins {
				want := tc.weight(i) / total
				share := float64(got[in.Endpoints[0][len("grpc://"):]]) / float64(n)
				if math.Abs(share-want)/want > 0.01 {
					t.Errorf("node %d (weight %v): share %.5f, want %.5f", i, tc.weight(i), share, want)
				}
			}
		})
	}
}

// TestWRRSmooth checks that a heavy node's picks are spread out: weights
// 5:1:1 never give it more than 3 picks in a row.
func TestWRRSmooth(t *testing.T) {
	sel := selector.New("svc", selector.WithBalancer(selector.WRR()))
	sel.Update("grpc", instances(3, func(i int) map[string]string {
		return map[string]string{"weight": []string{"5", "1", "1"}[i]}
	}))
	run, longest, last := 0, 0, ""
	for range 700 {
		p, _ := sel.Select(t.Context())
		if a := p.Node().Address(); a == last {
			run++
		} else {
			run, last = 1, a
		}
		longest = max(longest, run)
		p.Done(nil)
	}
	if longest > 3 {
		t.Errorf("a run of %d picks of one node", longest)
	}
}

// TestP2CAvoidsSlowNode runs concurrent calls against three nodes, one
// ten times slower, and checks that it gets under 10 % of them.
func TestP2CAvoidsSlowNode(t *testing.T) {
	sel := selector.New("svc")
	ins := instances(3, nil)
	sel.Update("grpc", ins)
	slow := "10.0.0.1:9000"
	var mu sync.Mutex
	got := map[string]int{}
	deadline := time.Now().Add(1500 * time.Millisecond)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				p, err := sel.Select(t.Context())
				if err != nil {
					t.Error(err)
					return
				}
				d := time.Millisecond
				if p.Node().Address() == slow {
					d = 10 * time.Millisecond
				}
				time.Sleep(d)
				p.Done(nil)
				mu.Lock()
				got[p.Node().Address()]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	total := 0
	for _, c := range got {
		total += c
	}
	if share := float64(got[slow]) / float64(total); share >= 0.10 {
		t.Errorf("the slow node took %.1f %% of %d calls (%v)", 100*share, total, got)
	}
	t.Logf("%v", got)
}

// TestP2CAvoidsFailingNode runs concurrent calls against three equally
// fast nodes, one of which fails them, and checks that it loses its share
// when it fails with 5xx, and keeps it when it fails with 4xx (the
// caller's fault, not the node's).
func TestP2CAvoidsFailingNode(t *testing.T) {
	for _, tc := range []struct {
		err      error
		maxShare float64
		minShare float64
	}{
		{errors.ServiceUnavailable("DOWN", "down"), 0.10, 0},
		{errors.NotFound("USER_NOT_FOUND", "no such user"), 1, 0.2},
	} {
		t.Run(errors.Reason(tc.err), func(t *testing.T) {
			sel := selector.New("svc")
			sel.Update("grpc", instances(3, nil))
			bad := "10.0.0.2:9000"
			var mu sync.Mutex
			got := map[string]int{}
			deadline := time.Now().Add(500 * time.Millisecond)
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					for time.Now().Before(deadline) {
						p, _ := sel.Select(t.Context())
						var err error
						if p.Node().Address() == bad {
							err = tc.err
						}
						time.Sleep(time.Millisecond)
						p.Done(err)
						mu.Lock()
						got[p.Node().Address()]++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			n := got["10.0.0.0:9000"] + got["10.0.0.1:9000"] + got[bad]
			if share := float64(got[bad]) / float64(n); share > tc.maxShare || share < tc.minShare {
				t.Errorf("the node failing with %v took %.1f %% of %d calls", tc.err, 100*share, n)
			}
			t.Logf("%v", got)
		})
	}
}

func TestFilters(t *testing.T) {
	ins := instances(6, func(i int) map[string]string { return map[string]string{"zone": fmt.Sprint("z", i%2)} })
	for i := range 3 {
		ins[i].Version = "v2"
	}
	for _, tc := range []struct {
		name    string
		opts    []selector.Option
		ctx     []selector.Filter
		want    []string // addresses allowed
		balance selector.Balancer
	}{
		{"version", nil, []selector.Filter{selector.Version("v2")}, []string{"10.0.0.0", "10.0.0.1", "10.0.0.2"}, nil},
		{"metadata", nil, []selector.Filter{selector.Metadata("zone", "z1")}, []string{"10.0.0.1", "10.0.0.3", "10.0.0.5"}, nil},
		{"client and call", []selector.Option{selector.WithFilter(selector.Version("v2"))}, []selector.Filter{selector.Metadata("zone", "z0")}, []string{"10.0.0.0", "10.0.0.2"}, selector.WRR()},
		{"func", nil, []selector.Filter{selector.FilterFunc(func(n *selector.Node) bool { return n.Instance().ID == "i4" })}, []string{"10.0.0.4"}, selector.Random()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			if tc.balance != nil {
				opts = append(opts, selector.WithBalancer(tc.balance))
			}
			sel := selector.New("svc", opts...)
			sel.Update("grpc", ins)
			ctx := selector.NewFilterContext(t.Context(), tc.ctx...)
			got := picks(t, sel, ctx, 600)
			want := map[string]bool{}
			for _, a := range tc.want {
				want[a+":9000"] = true
			}
			for a := range got {
				if !want[a] {
					t.Errorf("picked %s, allowed %v", a, tc.want)
				}
			}
			if len(got) != len(want) {
				t.Errorf("picked %v, want all of %v", got, tc.want)
			}
		})
	}
}

// TestUpdateKeepsLoad checks that a registry update does not reset what
// the selector learnt about a node, and that a changed node keeps it too.
func TestUpdateKeepsLoad(t *testing.T) {
	sel := selector.New("svc")
	ins := instances(2, nil)
	sel.Update("grpc", ins)
	p, _ := sel.Select(t.Context())
	time.Sleep(5 * time.Millisecond)
	p.Done(nil)
	addr := p.Node().Address()
	lat := p.Node().Latency()
	if lat < 5*time.Millisecond {
		t.Fatalf("latency %v after a 5 ms call", lat)
	}
	again := instances(2, nil)
	again[0].Metadata["changed"] = "yes"
	again[1].Metadata["changed"] = "yes"
	sel.Update("grpc", again)
	for _, n := range sel.Nodes() {
		if n.Address() == addr && n.Latency() != lat {
			t.Errorf("latency %v after the update, was %v", n.Latency(), lat)
		}
		if n.Metadata()["changed"] != "yes" {
			t.Error("the update's metadata is not on the node")
		}
	}
}

// TestSelectAllocs checks that a pick allocates nothing, with and without
// built-in filters, for every balancer.
func TestSelectAllocs(t *testing.T) {
	for name, b := range map[string]selector.Balancer{"p2c": selector.P2C(), "wrr": selector.WRR(), "random": selector.Random()} {
		sel := selector.New("svc", selector.WithBalancer(b))
		sel.Update("grpc", instances(100, func(i int) map[string]string { return map[string]string{"zone": fmt.Sprint(i % 3)} }))
		for _, ctx := range []context.Context{t.Context(), selector.NewFilterContext(t.Context(), selector.Metadata("zone", "1"))} {
			sel.Select(ctx) // builds the filtered view once
			allocs := testing.AllocsPerRun(1000, func() {
				p, err := sel.Select(ctx)
				if err != nil {
					t.Fatal(err)
				}
				p.Done(nil)
			})
			if allocs != 0 {
				t.Errorf("%s: %v allocations per pick", name, allocs)
			}
		}
	}
}
