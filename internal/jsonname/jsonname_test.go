package jsonname_test

import (
	"testing"

	"github.com/bia-go/bia/internal/jsonname"
)

func TestConvert(t *testing.T) {
	for _, tc := range []struct{ snake, camel string }{
		{"", ""}, {"a", "a"}, {"update_time", "updateTime"}, {"a.b_c", "a.bC"}, {"x1_y2", "x1Y2"},
	} {
		if got := string(jsonname.AppendCamel(nil, tc.snake)); got != tc.camel {
			t.Errorf("AppendCamel(%q) = %q, want %q", tc.snake, got, tc.camel)
		}
		if got := string(jsonname.AppendSnake(nil, tc.camel)); got != tc.snake {
			t.Errorf("AppendSnake(%q) = %q, want %q", tc.camel, got, tc.snake)
		}
	}
	// Not reversible: the callers check.
	if got := string(jsonname.AppendCamel([]byte("p:"), "a__b_1")); got != "p:aB1" {
		t.Errorf("AppendCamel appends %q", got)
	}
}
