package metadata_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/metadata"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		kv   []string
		want metadata.Metadata
	}{
		{name: "empty", kv: nil, want: metadata.Metadata{}},
		{name: "pairs", kv: []string{"a", "1", "b", "2"}, want: metadata.Metadata{"a": {"1"}, "b": {"2"}}},
		{name: "keys lower-cased", kv: []string{"X-Md-Global-Tenant", "acme"}, want: metadata.Metadata{"x-md-global-tenant": {"acme"}}},
		{name: "repeated key keeps order", kv: []string{"k", "1", "K", "2", "k", "3"}, want: metadata.Metadata{"k": {"1", "2", "3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, metadata.New(tt.kv...)); diff != "" {
				t.Errorf("New(%q) mismatch (-want +got):\n%s", tt.kv, diff)
			}
		})
	}
}

func TestOddPairsPanic(t *testing.T) {
	tests := []struct {
		name string
		call func()
	}{
		{name: "New", call: func() { metadata.New("a") }},
		{name: "AppendToClientContext", call: func() { metadata.AppendToClientContext(context.Background(), "a", "1", "b") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with an odd number of strings did not panic", tt.name)
				}
			}()
			tt.call()
		})
	}
}

func TestAccessors(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(metadata.Metadata)
		key        string
		wantGet    string
		wantValues []string
	}{
		{name: "missing key", edit: func(metadata.Metadata) {}, key: "nope", wantGet: "", wantValues: nil},
		{name: "set", edit: func(m metadata.Metadata) { m.Set("Key", "v") }, key: "key", wantGet: "v", wantValues: []string{"v"}},
		{name: "get is case-insensitive", edit: func(m metadata.Metadata) { m.Set("key", "v") }, key: "KEY", wantGet: "v", wantValues: []string{"v"}},
		{name: "add appends", edit: func(m metadata.Metadata) { m.Add("k", "1"); m.Add("K", "2") }, key: "k", wantGet: "1", wantValues: []string{"1", "2"}},
		{name: "set replaces", edit: func(m metadata.Metadata) { m.Add("k", "1"); m.Add("k", "2"); m.Set("k", "3") }, key: "k", wantGet: "3", wantValues: []string{"3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metadata.New()
			tt.edit(m)
			if got := m.Get(tt.key); got != tt.wantGet {
				t.Errorf("Get(%q) = %q, want %q", tt.key, got, tt.wantGet)
			}
			if diff := cmp.Diff(tt.wantValues, m.Values(tt.key)); diff != "" {
				t.Errorf("Values(%q) mismatch (-want +got):\n%s", tt.key, diff)
			}
		})
	}
}

func TestNilMetadataReads(t *testing.T) {
	var m metadata.Metadata
	if got := m.Get("k"); got != "" {
		t.Errorf("nil Get = %q, want empty", got)
	}
	if got := m.Values("k"); got != nil {
		t.Errorf("nil Values = %q, want nil", got)
	}
	m.Range(func(string, []string) bool {
		t.Error("nil Range called f")
		return true
	})
	c := m.Clone()
	c.Set("k", "v") // must not panic: Clone of nil is writable
	if diff := cmp.Diff(metadata.Metadata{"k": {"v"}}, c); diff != "" {
		t.Errorf("Clone of nil mismatch (-want +got):\n%s", diff)
	}
}

func TestRange(t *testing.T) {
	m := metadata.New("a", "1", "b", "2", "b", "3", "c", "4")
	got := map[string][]string{}
	m.Range(func(k string, vs []string) bool {
		got[k] = vs
		return true
	})
	if diff := cmp.Diff(map[string][]string(m), got); diff != "" {
		t.Errorf("Range visited (-want +got):\n%s", diff)
	}

	calls := 0
	m.Range(func(string, []string) bool {
		calls++
		return false
	})
	if calls != 1 {
		t.Errorf("Range after f returned false: %d calls, want 1", calls)
	}
}

func TestCloneIsDeep(t *testing.T) {
	orig := metadata.New("a", "1")
	// Give the value slice spare capacity, so a shallow copy would let an
	// Add on the clone write into orig's backing array.
	orig["a"] = append(make([]string, 0, 8), "1")
	c := orig.Clone()
	c.Add("a", "2")
	c.Set("b", "x")
	c.Values("a")[0] = "changed"

	if diff := cmp.Diff(metadata.Metadata{"a": {"1"}}, orig); diff != "" {
		t.Errorf("original changed by edits to its clone (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(metadata.Metadata{"a": {"changed", "2"}, "b": {"x"}}, c); diff != "" {
		t.Errorf("clone mismatch (-want +got):\n%s", diff)
	}
}

func TestContexts(t *testing.T) {
	ctx := context.Background()
	if _, ok := metadata.FromServerContext(ctx); ok {
		t.Error("FromServerContext(empty ctx) reported metadata")
	}
	if _, ok := metadata.FromClientContext(ctx); ok {
		t.Error("FromClientContext(empty ctx) reported metadata")
	}

	server := metadata.New("s", "1")
	client := metadata.New("c", "2")
	ctx = metadata.NewServerContext(ctx, server)
	ctx = metadata.NewClientContext(ctx, client)

	got, ok := metadata.FromServerContext(ctx)
	if !ok {
		t.Fatal("FromServerContext: no metadata")
	}
	if diff := cmp.Diff(server, got); diff != "" {
		t.Errorf("server metadata (-want +got):\n%s", diff)
	}
	got, ok = metadata.FromClientContext(ctx)
	if !ok {
		t.Fatal("FromClientContext: no metadata")
	}
	if diff := cmp.Diff(client, got); diff != "" {
		t.Errorf("client metadata (-want +got):\n%s", diff)
	}
}

func TestAppendToClientContext(t *testing.T) {
	tests := []struct {
		name   string
		parent metadata.Metadata // nil: parent has no client metadata
		kv     []string
		want   metadata.Metadata
	}{
		{name: "no parent metadata", kv: []string{"K", "v"}, want: metadata.Metadata{"k": {"v"}}},
		{name: "adds to parent values", parent: metadata.New("k", "1"), kv: []string{"k", "2", "j", "3"}, want: metadata.Metadata{"k": {"1", "2"}, "j": {"3"}}},
		{name: "nothing to add", parent: metadata.New("k", "1"), want: metadata.Metadata{"k": {"1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := context.Background()
			var before metadata.Metadata
			if tt.parent != nil {
				// Spare capacity would expose an in-place append.
				for k, vs := range tt.parent {
					tt.parent[k] = append(make([]string, 0, 8), vs...)
				}
				before = tt.parent.Clone()
				parent = metadata.NewClientContext(parent, tt.parent)
			}

			child := metadata.AppendToClientContext(parent, tt.kv...)

			got, ok := metadata.FromClientContext(child)
			if !ok {
				t.Fatal("child context has no client metadata")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("child metadata (-want +got):\n%s", diff)
			}
			pmd, ok := metadata.FromClientContext(parent)
			if ok != (tt.parent != nil) {
				t.Fatalf("parent client metadata present = %v, want %v", ok, tt.parent != nil)
			}
			if diff := cmp.Diff(before, pmd); ok && diff != "" {
				t.Errorf("parent metadata was modified (-before +after):\n%s", diff)
			}
		})
	}
}

func TestAppendToClientContextSiblingsIndependent(t *testing.T) {
	parent := metadata.AppendToClientContext(context.Background(), "k", "root")
	a := metadata.AppendToClientContext(parent, "k", "a")
	b := metadata.AppendToClientContext(parent, "k", "b")

	for _, c := range []struct {
		ctx  context.Context
		want []string
	}{{parent, []string{"root"}}, {a, []string{"root", "a"}}, {b, []string{"root", "b"}}} {
		md, _ := metadata.FromClientContext(c.ctx)
		if diff := cmp.Diff(c.want, md.Values("k")); diff != "" {
			t.Errorf("values (-want +got):\n%s", diff)
		}
	}
}
