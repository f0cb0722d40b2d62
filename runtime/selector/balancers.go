package selector

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"time"
)

// Random picks a node uniformly at random.
func Random() Balancer { return randomBalancer{} }

type randomBalancer struct{}

func (randomBalancer) Build(nodes []*Node) Picker { return randomPicker(nodes) }

type randomPicker []*Node

func (p randomPicker) Pick() *Node { return p[rand.IntN(len(p))] }

// P2C picks the less loaded of two nodes drawn at random ("power of two
// choices"), load being the node's average latency (recent calls weighing
// most, and fading while the node is idle) times its calls in flight,
// divided by its weight and by its recent success rate (calls failing
// with 5xx or 429 count against it, 4xx do not), as in Finagle and
// Kratos. A node not picked for a second is picked once anyway, so a node
// that was slow is tried again and can win its share back. It is the
// default.
func P2C() Balancer { return p2cBalancer{} }

type p2cBalancer struct{}

func (p2cBalancer) Build(nodes []*Node) Picker { return p2cPicker(nodes) }

type p2cPicker []*Node

// forcePick is how long a node may go unpicked before P2C tries it.
const forcePick = int64(time.Second)

func (p p2cPicker) Pick() *Node {
	if len(p) == 1 {
		return p[0]
	}
	i := rand.IntN(len(p))
	j := rand.IntN(len(p) - 1)
	if j >= i {
		j++
	}
	a, b := p[i], p[j]
	now := nanotime()
	if load(a, now) > load(b, now) {
		a, b = b, a
	}
	// a is the pick; b is tried instead when it has waited too long
	// (one caller wins the right to try it).
	if last := b.stats.picked.Load(); now-last > forcePick && b.stats.picked.CompareAndSwap(last, now) {
		return b
	}
	return a
}

// load is the cost of sending one more call to n.
func load(n *Node, now int64) float64 {
	st := n.stats
	// The average fades while no call reports to it, so a node that was
	// slow once is not avoided for ever by callers that always find it
	// slower than the others.
	lat := math.Float64frombits(st.latency.Load()) * math.Exp(-float64(now-st.updated.Load())/decay)
	succ := max(math.Float64frombits(st.success.Load()), 0.01)
	return (lat + 1) * float64(st.inflight.Load()+1) / (n.weight * succ)
}

// WRR picks nodes in proportion to their weights, in a smooth order:
// each node's picks are spread evenly over the order (stride scheduling,
// nodes of equal weight staggered), so no node gets a run of calls while
// others wait. The order is computed once per set of nodes, so a pick is
// an atomic increment. Integer weights are exact while their sum (over
// their greatest common divisor) is at most 262,144; beyond, or with
// fractional weights, they are scaled to that many picks and rounded
// (a node of 1/2,600 of the total weight is then within 1 % of its share).
func WRR() Balancer { return wrrBalancer{} }

type wrrBalancer struct{}

// maxSchedule bounds the length of a WRR order (4 bytes a pick).
const maxSchedule = 1 << 18

func (wrrBalancer) Build(nodes []*Node) Picker {
	ws := make([]int, len(nodes))
	exact := true
	sum := 0.0
	for i, n := range nodes {
		sum += n.weight
		ws[i] = int(n.weight)
		exact = exact && float64(ws[i]) == n.weight
	}
	g := 0
	if exact {
		for _, w := range ws {
			g = gcd(g, w)
		}
		exact = sum/float64(g) <= maxSchedule
	}
	if !exact {
		g = 1
		for i, n := range nodes {
			ws[i] = max(1, int(math.Round(n.weight*maxSchedule/sum)))
		}
		for _, w := range ws {
			g = gcd(g, w)
		}
	}
	total := 0
	for i := range ws {
		ws[i] /= g
		total += ws[i]
	}
	// Node i's k-th pick is due at (k+phase_i)/w_i, the phases spread over
	// (0, 1) so that nodes of equal weight take turns; the order is the
	// picks sorted by due time, merged with a heap.
	phase := func(i int) float64 { return (float64(i) + 0.5) / float64(len(nodes)) }
	h := make(dueHeap, len(nodes))
	for i, w := range ws {
		h[i] = due{at: phase(i) / float64(w), node: i}
	}
	heap.Init(&h)
	order := make([]uint32, total)
	picks := make([]int, len(nodes))
	for k := range order {
		i := h[0].node
		order[k] = uint32(i)
		picks[i]++
		h[0].at = (float64(picks[i]) + phase(i)) / float64(ws[i])
		heap.Fix(&h, 0)
	}
	p := &wrrPicker{nodes: nodes, order: order}
	p.next.Store(rand.Uint64()) // clients do not start in step
	return p
}

type due struct {
	at   float64
	node int
}

type dueHeap []due

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || (h[i].at == h[j].at && h[i].node < h[j].node)
}
func (h dueHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)   { *h = append(*h, x.(due)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

type wrrPicker struct {
	nodes []*Node
	order []uint32
	next  atomic.Uint64
}

func (p *wrrPicker) Pick() *Node {
	return p.nodes[p.order[(p.next.Add(1)-1)%uint64(len(p.order))]]
}
