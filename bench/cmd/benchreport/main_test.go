package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	const ok = "cpu: X\nBenchmarkA/floor-2 10 100 ns/op 8 B/op 1 allocs/op\nBenchmarkA/bia-2 10 105 ns/op 8 B/op 2 allocs/op\nPASS\n"
	tests := []struct {
		name       string
		args       []string
		input      string
		wantErr    bool
		wantOut    []string // substrings of stdout
		wantStderr string   // substring of stderr
	}{
		{
			name:    "table",
			input:   ok,
			wantOut: []string{"cpu: X\n\nA\n", "  floor         1    100  0%     8          1       1.00             +0\n", "  bia           1    105  0%     8          2       1.05             +1\n"},
		},
		{
			name:    "other baseline",
			args:    []string{"-baseline", "bia"},
			input:   ok,
			wantOut: []string{"ns ×bia", "  floor         1    100  0%     8          1     0.95           -1\n"},
		},
		{
			name:       "failed benchmark",
			input:      ok + "--- FAIL: BenchmarkB/bia\n    b_test.go:1: reply differs\nFAIL\n",
			wantErr:    true,
			wantOut:    []string{"  bia "},
			wantStderr: "--- FAIL: BenchmarkB/bia\n    b_test.go:1: reply differs\nFAIL\n",
		},
		{name: "no results", input: "PASS\n", wantErr: true},
		{name: "unknown flag", args: []string{"-x"}, input: ok, wantErr: true},
		{name: "argument", args: []string{"file.txt"}, input: ok, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(tt.args, strings.NewReader(tt.input), &stdout, &stderr)
			if (err != nil) != tt.wantErr {
				t.Fatalf("run error = %v, want error %v", err, tt.wantErr)
			}
			for _, s := range tt.wantOut {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, stderr.String())
			}
		})
	}
}
