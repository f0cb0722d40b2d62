package report_test

import (
	"os"
	"strings"

	"github.com/bia-go/bia/bench/internal/report"
)

func Example() {
	out := `BenchmarkGetItem/floor-2  20000  1000 ns/op  3850 B/op  71 allocs/op
BenchmarkGetItem/bia-2    20000  1050 ns/op  3900 B/op  74 allocs/op
BenchmarkGetItem/floor-2  20000  1100 ns/op  3850 B/op  71 allocs/op
BenchmarkGetItem/bia-2    20000  1080 ns/op  3900 B/op  74 allocs/op
`
	res, err := report.Parse(strings.NewReader(out))
	if err != nil {
		panic(err)
	}
	if err := report.Write(os.Stdout, res.Groups(), []string{"floor"}); err != nil {
		panic(err)
	}
	// Output:
	// GetItem
	//   framework  runs  ns/op   ±  B/op  allocs/op  ns ×floor  allocs Δfloor
	//   floor         2   1050  5%  3850         71       1.00             +0
	//   bia           2   1065  1%  3900         74       1.01             +3
}
