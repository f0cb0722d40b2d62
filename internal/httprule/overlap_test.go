package httprule_test

import (
	"testing"

	"github.com/bia-go/bia/internal/httprule"
)

func TestOverlaps(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"/v1/users", "/v1/users", true},
		{"/v1/users", "/v1/groups", false},
		{"/v1/users/{id}", "/v1/users/me", true},
		{"/v1/{a}/x", "/v1/y/{b}", true},
		{"/v1/{a}/x", "/v1/{b}/y", false},
		{"/v1/{name=shelves/*}", "/v1/{id}/{x}", true},
		{"/v1/{name=shelves/*}", "/v1/{id}", false},
		{"/v1/{name=**}", "/v1", true},
		{"/v1/{name=**}", "/v1/a/b/c", true},
		{"/v1/{name=**}", "/v2/a", false},
		{"/v1/x/**", "/v1/*/y/**", true},
		{"/v1/{id}:cancel", "/v1/{id}", false},
		{"/v1/{id}:cancel", "/v1/x:cancel", true},
		{"/v1/{id}:cancel", "/v1/{id}:undo", false},
		{"/v1/a-b", "/v1/a%2Db", true},
		{"/", "/", true},
		{"/", "/v1", false},
		{"/", "/{name=**}", true},
	}
	for _, tt := range tests {
		a, err := httprule.Parse(tt.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := httprule.Parse(tt.b)
		if err != nil {
			t.Fatal(err)
		}
		if got := httprule.Overlaps(a, b); got != tt.want {
			t.Errorf("Overlaps(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := httprule.Overlaps(b, a); got != tt.want {
			t.Errorf("Overlaps(%q, %q) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}
