package cowmap_test

import (
	"sync"
	"testing"

	"github.com/bia-go/bia/internal/cowmap"
)

func TestMap(t *testing.T) {
	var m cowmap.Map[string, int]
	if _, ok := m.Load("a"); ok {
		t.Fatal("an empty map has a")
	}
	if got := m.Add("a", 1); got != 1 {
		t.Fatalf("Add = %d", got)
	}
	if got := m.Add("a", 2); got != 1 {
		t.Errorf("a second Add = %d, want the first value", got)
	}
	if v, ok := m.Load("a"); !ok || v != 1 {
		t.Errorf("Load = %d %v", v, ok)
	}
	capped := cowmap.New[int, int](2)
	for i := range 5 {
		if got := capped.Add(i, i*10); got != i*10 {
			t.Errorf("Add(%d) = %d", i, got)
		}
	}
	if capped.Len() != 2 {
		t.Errorf("a map capped at 2 holds %d", capped.Len())
	}
	n := 0
	capped.Range(func(int, int) bool { n++; return true })
	if n != 2 {
		t.Errorf("Range visited %d", n)
	}
}

// TestConcurrent adds and loads from many goroutines (race detector).
func TestConcurrent(t *testing.T) {
	var m cowmap.Map[int, int]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := (g*31 + i) % 50
				if v, ok := m.Load(k); ok && v != k {
					t.Errorf("Load(%d) = %d", k, v)
				}
				if v := m.Add(k, k); v != k {
					t.Errorf("Add(%d) = %d", k, v)
				}
			}
		})
	}
	wg.Wait()
	if m.Len() != 50 {
		t.Errorf("%d entries", m.Len())
	}
}

func TestLoadAllocs(t *testing.T) {
	var m cowmap.Map[[2]string, *int]
	one := 1
	m.Add([2]string{"a", "b"}, &one)
	if n := testing.AllocsPerRun(100, func() { _, _ = m.Load([2]string{"a", "b"}) }); n != 0 {
		t.Errorf("%v allocations per Load", n)
	}
}
