package metadata

import (
	"context"
	"strings"
)

// Metadata is a set of request-scoped key/value pairs that travels with a
// call: keys are case-insensitive and stored lower-cased, and a key may have
// several values. The zero value (nil) is a valid empty Metadata for
// reading (Get, Values, Range, Clone) but not for writing: Set and Add on a
// nil Metadata panic, as writing to a nil map does.
//
// A Metadata reached through a context is shared by every reader of that
// context: treat it as read-only and use Clone, or AppendToClientContext,
// to derive a modified copy.
type Metadata map[string][]string

// New returns Metadata holding the key/value pairs kv: kv[0] is a key,
// kv[1] its value, and so on. A key given more than once gets all its values
// in order. New panics if kv has an odd number of elements, since that is a
// programming error.
func New(kv ...string) Metadata {
	if len(kv)%2 == 1 {
		panic("metadata: New got an odd number of key/value strings")
	}
	md := make(Metadata, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		md.Add(kv[i], kv[i+1])
	}
	return md
}

// Get returns the first value of key, or "" if key has no value.
func (m Metadata) Get(key string) string {
	if vs := m[strings.ToLower(key)]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Set replaces the values of key with the single value.
func (m Metadata) Set(key, value string) {
	m[strings.ToLower(key)] = []string{value}
}

// Add appends value to the values of key.
func (m Metadata) Add(key, value string) {
	k := strings.ToLower(key)
	m[k] = append(m[k], value)
}

// Values returns the values of key, or nil. The returned slice is the one
// stored in m: do not modify it.
func (m Metadata) Values(key string) []string {
	return m[strings.ToLower(key)]
}

// Range calls f for each key and its values, in unspecified order, until f
// returns false. The values slice belongs to m: do not modify it.
func (m Metadata) Range(f func(key string, values []string) bool) {
	for k, vs := range m {
		if !f(k, vs) {
			return
		}
	}
}

// Clone returns a deep copy of m: modifying the copy, including its value
// slices, never changes m. Clone of a nil Metadata returns an empty, non-nil
// Metadata, so the result can always be written to.
func (m Metadata) Clone() Metadata {
	out := make(Metadata, len(m))
	for k, vs := range m {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

type (
	serverKey struct{}
	clientKey struct{}
)

// NewServerContext returns a copy of ctx carrying md as the metadata of the
// request being served (what the caller sent). ctx keeps md itself, not a
// copy: do not modify md afterwards.
func NewServerContext(ctx context.Context, md Metadata) context.Context {
	return context.WithValue(ctx, serverKey{}, md)
}

// FromServerContext returns the metadata of the request being served, if
// ctx carries any. The result is shared with ctx: treat it as read-only.
func FromServerContext(ctx context.Context) (Metadata, bool) {
	md, ok := ctx.Value(serverKey{}).(Metadata)
	return md, ok
}

// NewClientContext returns a copy of ctx carrying md as the metadata to send
// with outgoing calls made with that context. ctx keeps md itself, not a
// copy: do not modify md afterwards.
func NewClientContext(ctx context.Context, md Metadata) context.Context {
	return context.WithValue(ctx, clientKey{}, md)
}

// FromClientContext returns the metadata to send with outgoing calls, if
// ctx carries any. The result is shared with ctx: treat it as read-only.
func FromClientContext(ctx context.Context) (Metadata, bool) {
	md, ok := ctx.Value(clientKey{}).(Metadata)
	return md, ok
}

// AppendToClientContext returns a copy of ctx whose outgoing metadata is the
// outgoing metadata of ctx (if any) with the key/value pairs kv added, as
// New reads them. The metadata of ctx is copied, never modified, so other
// users of ctx (and of its parents) do not see the new pairs. It panics if
// kv has an odd number of elements.
func AppendToClientContext(ctx context.Context, kv ...string) context.Context {
	if len(kv)%2 == 1 {
		panic("metadata: AppendToClientContext got an odd number of key/value strings")
	}
	md, _ := FromClientContext(ctx)
	md = md.Clone()
	for i := 0; i < len(kv); i += 2 {
		md.Add(kv[i], kv[i+1])
	}
	return NewClientContext(ctx, md)
}
