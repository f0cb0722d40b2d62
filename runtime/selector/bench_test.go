package selector_test

import (
	"fmt"
	"testing"

	"github.com/bia-go/bia/runtime/selector"
)

// BenchmarkSelect measures a pick and its Done at 10, 100 and 1,000
// nodes for each balancer, without and with a (cached) metadata filter.
func BenchmarkSelect(b *testing.B) {
	for _, bal := range []struct {
		name string
		b    selector.Balancer
	}{{"p2c", selector.P2C()}, {"wrr", selector.WRR()}, {"random", selector.Random()}} {
		for _, n := range []int{10, 100, 1000} {
			for _, filtered := range []bool{false, true} {
				name := fmt.Sprintf("%s/%d", bal.name, n)
				if filtered {
					name += "/filtered"
				}
				b.Run(name, func(b *testing.B) {
					sel := selector.New("svc", selector.WithBalancer(bal.b))
					sel.Update("grpc", instances(n, func(i int) map[string]string {
						return map[string]string{"zone": fmt.Sprint(i % 2), "weight": fmt.Sprint(50 + i%100)}
					}))
					ctx := b.Context()
					if filtered {
						ctx = selector.NewFilterContext(ctx, selector.Metadata("zone", "1"))
					}
					b.ReportAllocs()
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							p, err := sel.Select(ctx)
							if err != nil {
								b.Fatal(err)
							}
							p.Done(nil)
						}
					})
				})
			}
		}
	}
}
