package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Stat summarises the runs of one framework in one group.
type Stat struct {
	Framework string
	Runs      int     // how many runs (-count)
	NsPerOp   float64 // median ns/op
	NsSpread  float64 // largest distance of a run's ns/op from the median, as a fraction of it
	BytesOp   float64 // median B/op
	AllocsOp  float64 // median allocs/op
}

// Group is the frameworks of one benchmark group, in input order.
type Group struct {
	Name  string
	Stats []Stat
}

// Groups summarises r.Runs by group and framework, both in the order they
// first appear.
func (r *Result) Groups() []Group {
	var groups []Group
	runs := map[[2]string][]Run{}
	for _, run := range r.Runs {
		key := [2]string{run.Group, run.Framework}
		if _, seen := runs[key]; !seen {
			gi := slices.IndexFunc(groups, func(g Group) bool { return g.Name == run.Group })
			if gi < 0 {
				groups = append(groups, Group{Name: run.Group})
				gi = len(groups) - 1
			}
			groups[gi].Stats = append(groups[gi].Stats, Stat{Framework: run.Framework})
		}
		runs[key] = append(runs[key], run)
	}
	for gi := range groups {
		for si := range groups[gi].Stats {
			st := &groups[gi].Stats[si]
			rs := runs[[2]string{groups[gi].Name, st.Framework}]
			st.Runs = len(rs)
			st.NsPerOp = median(rs, func(r Run) float64 { return r.NsPerOp })
			for _, r := range rs {
				if st.NsPerOp > 0 {
					st.NsSpread = max(st.NsSpread, math.Abs(r.NsPerOp-st.NsPerOp)/st.NsPerOp)
				}
			}
			st.BytesOp = median(rs, func(r Run) float64 { return r.BytesOp })
			st.AllocsOp = median(rs, func(r Run) float64 { return r.AllocsOp })
		}
	}
	return groups
}

// median returns the median of f over rs (the mean of the middle two for
// an even count); rs is not empty.
func median(rs []Run, f func(Run) float64) float64 {
	vs := make([]float64, len(rs))
	for i, r := range rs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// Baseline returns the stat of g's baseline: the first framework of g named
// in names, by the order of names.
func (g Group) Baseline(names []string) (Stat, bool) {
	for _, n := range names {
		for _, st := range g.Stats {
			if st.Framework == n {
				return st, true
			}
		}
	}
	return Stat{}, false
}

// Write writes one table per group: framework, runs, median ns/op with its
// spread (±, the largest distance of a run from the median), B/op and
// allocs/op, and against the group's baseline (see Group.Baseline) the
// ns/op ratio and the allocs/op difference ("-" without a baseline). The
// framework column is left-aligned, the others right-aligned.
func Write(w io.Writer, groups []Group, baselines []string) error {
	for i, g := range groups {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		base, hasBase := g.Baseline(baselines)
		name := "baseline"
		if hasBase {
			name = base.Framework
		}
		rows := [][]string{{"framework", "runs", "ns/op", "±", "B/op", "allocs/op", "ns ×" + name, "allocs Δ" + name}}
		for _, st := range g.Stats {
			ratio, delta := "-", "-"
			if hasBase && base.NsPerOp > 0 {
				ratio = fmt.Sprintf("%.2f", st.NsPerOp/base.NsPerOp)
				delta = fmt.Sprintf("%+.0f", st.AllocsOp-base.AllocsOp)
			}
			rows = append(rows, []string{st.Framework, strconv.Itoa(st.Runs),
				fmt.Sprintf("%.0f", st.NsPerOp), fmt.Sprintf("%.0f%%", 100*st.NsSpread), fmt.Sprintf("%.0f", st.BytesOp), fmt.Sprintf("%.0f", st.AllocsOp),
				ratio, delta})
		}
		if err := writeRows(w, g.Name, rows); err != nil {
			return err
		}
	}
	return nil
}

// writeRows writes a titled table, the first column left-aligned.
func writeRows(w io.Writer, title string, rows [][]string) error {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	b.WriteString(title + "\n")
	for _, row := range rows {
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				b.WriteString("  " + cell + pad)
			} else {
				b.WriteString("  " + pad + cell)
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
