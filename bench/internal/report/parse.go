package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Run is one benchmark result line.
type Run struct {
	Group     string  // e.g. "GetItem"
	Framework string  // e.g. "bia"
	NsPerOp   float64 // ns/op
	BytesOp   float64 // B/op; 0 without -benchmem
	AllocsOp  float64 // allocs/op; 0 without -benchmem
}

// Result is what Parse read.
type Result struct {
	// Runs are the benchmark results in input order.
	Runs []Run
	// Context holds the goos, goarch, pkg and cpu lines, each once, in
	// input order.
	Context []string
	// Failures holds the lines that report a failure: "--- FAIL",
	// "FAIL", "panic:" and the lines of a failing benchmark's log.
	Failures []string
}

// Parse reads go test output. It returns an error only when reading fails
// or a result line is malformed; a run's failures are in Result.Failures.
func Parse(r io.Reader) (*Result, error) {
	res := &Result{}
	sc := bufio.NewScanner(r)
	failing := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Benchmark"):
			failing = false
			run, ok, err := parseRun(line)
			if err != nil {
				return nil, err
			}
			if ok {
				res.Runs = append(res.Runs, run)
			}
		case strings.HasPrefix(line, "--- FAIL"), strings.HasPrefix(line, "panic:"):
			failing = true
			res.Failures = append(res.Failures, line)
		case strings.HasPrefix(line, "FAIL"):
			res.Failures = append(res.Failures, line)
		case failing && strings.HasPrefix(line, "    "):
			res.Failures = append(res.Failures, line)
		case isContext(line):
			failing = false
			if !slices.Contains(res.Context, line) {
				res.Context = append(res.Context, line)
			}
		default:
			failing = false
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

func isContext(line string) bool {
	for _, p := range []string{"goos:", "goarch:", "pkg:", "cpu:"} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// parseRun parses a result line, "BenchmarkX/y-2  1000  123 ns/op  45 B/op
// 6 allocs/op". A line that names a benchmark without results (a
// benchmark's log, or a name printed before it fails) is not ok.
func parseRun(line string) (Run, bool, error) {
	f := strings.Fields(line)
	if len(f) < 4 || f[3] != "ns/op" {
		return Run{}, false, nil
	}
	if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
		return Run{}, false, nil
	}
	group, fw := splitName(f[0])
	run := Run{Group: group, Framework: fw}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return Run{}, false, fmt.Errorf("report: %q: bad value %q: %v", line, f[i], err)
		}
		switch f[i+1] {
		case "ns/op":
			run.NsPerOp = v
		case "B/op":
			run.BytesOp = v
		case "allocs/op":
			run.AllocsOp = v
		}
	}
	return run, true, nil
}

// splitName splits "BenchmarkA/b/c-2" into group "A/b" and framework "c".
func splitName(name string) (group, framework string) {
	name = strings.TrimPrefix(name, "Benchmark")
	if i := strings.LastIndexByte(name, '-'); i >= 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return name, ""
	}
	return name[:i], name[i+1:]
}
