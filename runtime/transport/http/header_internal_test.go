package http

import (
	nethttp "net/http"
	"testing"
)

// headerCases are keys of every shape: canonical, lowercase, uppercase,
// with digits and dashes, non-token bytes, empty, long.
var headerCases = []string{"Traceparent", "traceparent", "TRACEPARENT", "x-md-global-user", "X-MD-GLOBAL-USER",
	"grpc-timeout", "content-type", "a", "", "-", "--x", "x--y", "1abc", "x_y", "x y", "x:y", "é", "x\ty",
	"a-very-long-header-name-that-goes-on-and-on-past-sixty-four-bytes-of-length"}

// TestHeaderGet checks that the carrier finds what net/http's Get finds.
func TestHeaderGet(t *testing.T) {
	for _, k := range headerCases {
		h := nethttp.Header{}
		h.Set(k, "v-"+k)
		h[k+"raw"] = []string{"raw"}
		for _, probe := range []string{k, k + "raw"} {
			if got, want := headerCarrier(h).Get(probe), h.Get(probe); got != want {
				t.Errorf("Get(%q) = %q, net/http says %q", probe, got, want)
			}
		}
	}
}

// FuzzHeaderGet compares the carrier's Get with net/http's on any key.
func FuzzHeaderGet(f *testing.F) {
	for _, k := range headerCases {
		f.Add(k, k)
	}
	f.Fuzz(func(t *testing.T, set, probe string) {
		h := nethttp.Header{}
		h.Set(set, "v")
		h[set] = append(h[set], "raw")
		if got, want := headerCarrier(h).Get(probe), h.Get(probe); got != want {
			t.Errorf("Get(%q) after Set(%q) = %q, net/http says %q", probe, set, got, want)
		}
	})
}

// TestHeaderGetAllocs checks that a lowercase lookup allocates nothing.
func TestHeaderGetAllocs(t *testing.T) {
	h := headerCarrier(nethttp.Header{"Traceparent": {"00-x"}})
	if n := testing.AllocsPerRun(100, func() { _ = h.Get("traceparent"); _ = h.Get("baggage") }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
