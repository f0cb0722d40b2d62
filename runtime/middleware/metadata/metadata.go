package metadata

import (
	"context"
	"strings"

	"github.com/bia-go/bia/runtime/metadata"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// The prefixes of propagated header keys. Metadata under GlobalPrefix is
// forwarded along a whole call chain; metadata under LocalPrefix reaches
// the next hop only.
const (
	GlobalPrefix = "x-md-global-"
	LocalPrefix  = "x-md-local-"
)

// Option configures the Server or Client middleware.
type Option func(*options)

type options struct {
	prefixes  []string
	constants metadata.Metadata
}

// WithPropagatedPrefix sets the header-key prefixes (matched
// case-insensitively) that the middleware propagates, replacing the
// default:
//
//   - Server copies request headers whose key starts with one of prefixes
//     into the server-context metadata. Default "x-md-", which takes both
//     "x-md-global-" and "x-md-local-" keys.
//   - Client forwards the server-context metadata whose key starts with one
//     of prefixes to the outgoing request. Default "x-md-global-", so
//     "x-md-local-" keys stop after one hop.
func WithPropagatedPrefix(prefixes ...string) Option {
	return func(o *options) {
		o.prefixes = make([]string, len(prefixes))
		for i, p := range prefixes {
			o.prefixes[i] = strings.ToLower(p)
		}
	}
}

// WithConstants sets metadata that Client sends with every call, whatever
// its prefix (md is copied, its keys lower-cased). Server ignores it.
// Default: none.
func WithConstants(md metadata.Metadata) Option {
	return func(o *options) {
		o.constants = make(metadata.Metadata, len(md))
		for k, vs := range md {
			for _, v := range vs {
				o.constants.Add(k, v)
			}
		}
	}
}

func (o *options) propagated(key string) bool {
	for _, p := range o.prefixes {
		if len(key) >= len(p) && strings.EqualFold(key[:len(p)], p) {
			return true
		}
	}
	return false
}

// Server returns a middleware that copies the request headers whose key
// starts with a propagated prefix (see WithPropagatedPrefix; default
// "x-md-") into the server-context metadata (metadata.FromServerContext),
// with lower-cased keys and all their values.
//
// Metadata already in the context is kept: the copied keys are added to a
// copy of it (a header key present in both gets the header's values after
// the existing ones). When the request has no transporter or no propagated
// header, the context is passed on unchanged.
func Server(opts ...Option) middleware.Middleware {
	o := &options{prefixes: []string{"x-md-"}}
	for _, opt := range opts {
		opt(o)
	}
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromServerContext(ctx)
			if !ok {
				return next(ctx, req)
			}
			h := tr.RequestHeader()
			var md metadata.Metadata
			for _, k := range h.Keys() {
				if !o.propagated(k) {
					continue
				}
				if md == nil {
					prev, _ := metadata.FromServerContext(ctx)
					md = prev.Clone()
				}
				for _, v := range h.Values(k) {
					md.Add(k, v)
				}
			}
			if md != nil {
				ctx = metadata.NewServerContext(ctx, md)
			}
			return next(ctx, req)
		}
	}
}

// Client returns a middleware that writes metadata to the request header of
// the outgoing call (transport.FromClientContext). Three sources are
// merged; for a key present in several, the values of the later source
// replace those of the earlier ones:
//
//  1. the constants (WithConstants), all keys;
//  2. the server-context metadata (metadata.FromServerContext) whose key
//     starts with a propagated prefix (WithPropagatedPrefix; default
//     "x-md-global-"): what the current request received and must forward;
//  3. the client-context metadata (metadata.FromClientContext, e.g. from
//     metadata.AppendToClientContext), all keys.
//
// Each merged key replaces any value the header already has for it. So a
// service that receives "x-md-global-tenant" and "x-md-local-caller" sends
// "x-md-global-tenant" on to the services it calls, but not
// "x-md-local-caller", unless it sets that in its client context again.
// Without a client transporter the call proceeds unchanged.
func Client(opts ...Option) middleware.Middleware {
	o := &options{prefixes: []string{GlobalPrefix}}
	for _, opt := range opts {
		opt(o)
	}
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromClientContext(ctx)
			if !ok {
				return next(ctx, req)
			}
			h := tr.RequestHeader()
			client, _ := metadata.FromClientContext(ctx)
			server, _ := metadata.FromServerContext(ctx)
			for k, vs := range o.constants {
				if _, ok := client[k]; ok {
					continue
				}
				if _, ok := server[k]; ok && o.propagated(k) {
					continue
				}
				setAll(h, k, vs)
			}
			for k, vs := range server {
				if _, ok := client[k]; ok || !o.propagated(k) {
					continue
				}
				setAll(h, k, vs)
			}
			for k, vs := range client {
				setAll(h, k, vs)
			}
			return next(ctx, req)
		}
	}
}

// setAll replaces the values of key in h with vs.
func setAll(h transport.Header, key string, vs []string) {
	for i, v := range vs {
		if i == 0 {
			h.Set(key, v)
		} else {
			h.Add(key, v)
		}
	}
}
