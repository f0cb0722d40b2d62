package http

import (
	"testing"
	"time"
)

func TestTimeoutRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{1, 999, time.Microsecond, 1500 * time.Millisecond, 99999999, 100000000, time.Hour, 5000 * time.Hour} {
		s := encodeTimeout(d)
		got, err := decodeTimeout(s)
		if err != nil || got < d || len(s) > 9 {
			t.Errorf("%v → %q → %v, %v", d, s, got, err)
		}
	}
	for _, bad := range []string{"", "1", "m", "123456789m", "-1m", "+1m", "1x", "1.5S", " 1m"} {
		if _, err := decodeTimeout(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzDecodeTimeout checks the header parser never panics and that what
// it accepts is what gRPC's grammar allows.
func FuzzDecodeTimeout(f *testing.F) {
	for _, s := range []string{"1n", "1500m", "99999999H", "0S", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := decodeTimeout(s)
		if err != nil {
			return
		}
		if d < 0 || len(s) < 2 || len(s) > 9 {
			t.Errorf("%q accepted as %v", s, d)
		}
		for _, c := range s[:len(s)-1] {
			if c < '0' || c > '9' {
				t.Errorf("%q accepted with a non-digit", s)
			}
		}
	})
}
