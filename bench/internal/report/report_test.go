package report_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/bench/internal/report"
)

const output = `goos: linux
goarch: amd64
pkg: github.com/bia-go/bia/bench
cpu: AMD EPYC
BenchmarkGetItem/floor-2         	   20000	     1000 ns/op	    3850 B/op	      71 allocs/op
BenchmarkGetItem/bia-2           	   20000	     1200 ns/op	    3900 B/op	      74 allocs/op
BenchmarkRouting/routes=10/servemux-2 	  100000	       800.5 ns/op	      48 B/op	       2 allocs/op
BenchmarkRouting/routes=10/bia-2      	  100000	       400 ns/op	       0 B/op	       0 allocs/op
BenchmarkGetItem/floor-2         	   20000	     3000 ns/op	    3850 B/op	      71 allocs/op
BenchmarkGetItem/bia-2           	   20000	     1100 ns/op	    3900 B/op	      74 allocs/op
BenchmarkGetItem/floor-2         	   20000	     2000 ns/op	    3850 B/op	      71 allocs/op
BenchmarkGetItem/bia-2           	   20000	     1300 ns/op	    3900 B/op	      75 allocs/op
BenchmarkPlain-2                 	   20000	       10 ns/op
goos: linux
PASS
ok  	github.com/bia-go/bia/bench	5.498s
`

func TestParse(t *testing.T) {
	res, err := report.Parse(strings.NewReader(output))
	if err != nil {
		t.Fatal(err)
	}
	wantContext := []string{"goos: linux", "goarch: amd64", "pkg: github.com/bia-go/bia/bench", "cpu: AMD EPYC"}
	if diff := cmp.Diff(wantContext, res.Context); diff != "" {
		t.Errorf("Context (-want +got):\n%s", diff)
	}
	if len(res.Failures) != 0 {
		t.Errorf("Failures = %q, want none", res.Failures)
	}
	if got, want := len(res.Runs), 9; got != want {
		t.Fatalf("%d runs, want %d", got, want)
	}
	wantFirst := report.Run{Group: "GetItem", Framework: "floor", NsPerOp: 1000, BytesOp: 3850, AllocsOp: 71}
	if diff := cmp.Diff(wantFirst, res.Runs[0]); diff != "" {
		t.Errorf("first run (-want +got):\n%s", diff)
	}
	wantPlain := report.Run{Group: "Plain", NsPerOp: 10}
	if diff := cmp.Diff(wantPlain, res.Runs[8]); diff != "" {
		t.Errorf("run without sub-benchmark or -benchmem (-want +got):\n%s", diff)
	}
}

func TestGroups(t *testing.T) {
	res, err := report.Parse(strings.NewReader(output))
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Group{
		{Name: "GetItem", Stats: []report.Stat{
			{Framework: "floor", Runs: 3, NsPerOp: 2000, NsSpread: 0.5, BytesOp: 3850, AllocsOp: 71},
			{Framework: "bia", Runs: 3, NsPerOp: 1200, NsSpread: 100.0 / 1200, BytesOp: 3900, AllocsOp: 74},
		}},
		{Name: "Routing/routes=10", Stats: []report.Stat{
			{Framework: "servemux", Runs: 1, NsPerOp: 800.5, BytesOp: 48, AllocsOp: 2},
			{Framework: "bia", Runs: 1, NsPerOp: 400},
		}},
		{Name: "Plain", Stats: []report.Stat{{Runs: 1, NsPerOp: 10}}},
	}
	if diff := cmp.Diff(want, res.Groups()); diff != "" {
		t.Errorf("Groups (-want +got):\n%s", diff)
	}
}

func TestGroupsEvenMedian(t *testing.T) {
	res, err := report.Parse(strings.NewReader(
		"BenchmarkX/a-8 1 10 ns/op\nBenchmarkX/a-8 1 40 ns/op\nBenchmarkX/a-8 1 20 ns/op\nBenchmarkX/a-8 1 1000 ns/op\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Groups()[0].Stats[0].NsPerOp; got != 30 {
		t.Errorf("median of 10, 40, 20, 1000 = %v, want 30", got)
	}
}

func TestParseFailures(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name:  "failed benchmark with log",
			input: "BenchmarkGetItem/bia\n--- FAIL: BenchmarkGetItem/bia\n    bench_test.go:80: reply vs. floor\n        -want\nok line\nFAIL\nexit status 1\nFAIL\tgithub.com/x\t1.0s\n",
			want:  []string{"--- FAIL: BenchmarkGetItem/bia", "    bench_test.go:80: reply vs. floor", "        -want", "FAIL", "FAIL\tgithub.com/x\t1.0s"},
		},
		{
			name:  "panic",
			input: "panic: boom\n\ngoroutine 1 [running]:\n",
			want:  []string{"panic: boom"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := report.Parse(strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Failures); diff != "" {
				t.Errorf("Failures (-want +got):\n%s", diff)
			}
			if len(res.Runs) != 0 {
				t.Errorf("Runs = %v, want none", res.Runs)
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	if _, err := report.Parse(strings.NewReader("BenchmarkX-2 100 1x ns/op\n")); err == nil {
		t.Error("Parse of a bad ns/op value succeeded")
	}
}

func TestWrite(t *testing.T) {
	res, err := report.Parse(strings.NewReader(output))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := report.Write(&b, res.Groups(), []string{"floor", "servemux"}); err != nil {
		t.Fatal(err)
	}
	want := `GetItem
  framework  runs  ns/op    ±  B/op  allocs/op  ns ×floor  allocs Δfloor
  floor         3   2000  50%  3850         71       1.00             +0
  bia           3   1200   8%  3900         74       0.60             +3

Routing/routes=10
  framework  runs  ns/op   ±  B/op  allocs/op  ns ×servemux  allocs Δservemux
  servemux      1    800  0%    48          2          1.00                +0
  bia           1    400  0%     0          0          0.50                -2

Plain
  framework  runs  ns/op   ±  B/op  allocs/op  ns ×baseline  allocs Δbaseline
                1     10  0%     0          0             -                 -
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("Write (-want +got):\n%s", diff)
	}
}
