package selector

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// maxCached bounds the per-operation decision cache of a built selector.
// Operations come from route tables, so real services stay far below it;
// past it, decisions are still correct, only computed on every call.
const maxCached = 4096

// Builder collects the middlewares to apply and the rules that select the
// operations they apply to. An operation is selected if any rule matches it:
// an exact path, a prefix, a regular expression or a Match function. A
// Builder with no rules selects nothing.
//
// Builder methods return the Builder so calls chain. A Builder is not safe
// for concurrent use; the middleware Build returns is.
type Builder struct {
	fromContext func(context.Context) (transport.Transporter, bool)
	ms          []middleware.Middleware
	paths       []string
	prefixes    []string
	regexes     []string
	matches     []func(ctx context.Context, operation string) bool
}

// Server starts a Builder for server-side middlewares: the operation is the
// one of the request being served (transport.FromServerContext).
func Server(ms ...middleware.Middleware) *Builder {
	return &Builder{fromContext: transport.FromServerContext, ms: ms}
}

// Client starts a Builder for client-side middlewares: the operation is the
// one of the call being made (transport.FromClientContext).
func Client(ms ...middleware.Middleware) *Builder {
	return &Builder{fromContext: transport.FromClientContext, ms: ms}
}

// Path selects the operations equal to one of ops, e.g.
// "/helloworld.Greeter/SayHello".
func (b *Builder) Path(ops ...string) *Builder {
	b.paths = append(b.paths, ops...)
	return b
}

// Prefix selects the operations that start with one of prefixes, e.g.
// "/helloworld.Greeter/" for every method of a service.
func (b *Builder) Prefix(prefixes ...string) *Builder {
	b.prefixes = append(b.prefixes, prefixes...)
	return b
}

// Regex selects the operations that one of the regular expressions exprs
// (RE2 syntax, see regexp/syntax) matches entirely: each expression is
// anchored at both ends, so "/api.v1.*" matches "/api.v1.Users/Get" but
// "Users" does not. The expressions are compiled by Build, which panics on
// an invalid one.
func (b *Builder) Regex(exprs ...string) *Builder {
	b.regexes = append(b.regexes, exprs...)
	return b
}

// Match selects the operations for which fn returns true. Unlike the other
// rules, fn may depend on the call's context, so it is evaluated on every
// call that no other rule selected; keep it cheap. Match may be called more
// than once; any fn returning true selects the call.
func (b *Builder) Match(fn func(ctx context.Context, operation string) bool) *Builder {
	b.matches = append(b.matches, fn)
	return b
}

// Build returns the middleware: for a selected operation it runs the
// Builder's middlewares, composed once with middleware.Chain, around the
// next handler; for any other operation, and for a context without a
// transporter, it calls next directly.
//
// The middlewares are applied to next once per handler the returned
// middleware wraps, not per call. Whether the paths, prefixes and regular
// expressions select an operation is decided on its first call and cached,
// so later calls do no regular-expression work.
//
// Build panics if a Regex expression does not compile: selectors are built
// at startup, where an invalid pattern is a programming error. Changing the
// Builder after Build does not affect the returned middleware.
func (b *Builder) Build() middleware.Middleware {
	res := make([]*regexp.Regexp, len(b.regexes))
	for i, expr := range b.regexes {
		re, err := regexp.Compile(`^(?:` + expr + `)$`)
		if err != nil {
			panic(fmt.Sprintf("selector: invalid Regex %q: %v", expr, err))
		}
		res[i] = re
	}
	s := &selector{
		fromContext: b.fromContext,
		paths:       make(map[string]struct{}, len(b.paths)),
		prefixes:    append([]string(nil), b.prefixes...),
		regexes:     res,
		matches:     append([]func(context.Context, string) bool(nil), b.matches...),
	}
	for _, p := range b.paths {
		s.paths[p] = struct{}{}
	}
	chain := middleware.Chain(append([]middleware.Middleware(nil), b.ms...)...)
	return func(next middleware.Handler) middleware.Handler {
		selected := chain(next)
		return func(ctx context.Context, req any) (any, error) {
			if s.selects(ctx) {
				return selected(ctx, req)
			}
			return next(ctx, req)
		}
	}
}

// selector is the immutable rule set of one Build plus its decision cache.
type selector struct {
	fromContext func(context.Context) (transport.Transporter, bool)
	paths       map[string]struct{}
	prefixes    []string
	regexes     []*regexp.Regexp
	matches     []func(context.Context, string) bool

	cache  sync.Map // operation string → bool: the static rules' decision
	cached atomic.Int64
}

func (s *selector) selects(ctx context.Context) bool {
	tr, ok := s.fromContext(ctx)
	if !ok {
		return false
	}
	op := tr.Operation()
	if s.static(op) {
		return true
	}
	for _, fn := range s.matches {
		if fn(ctx, op) {
			return true
		}
	}
	return false
}

// static reports whether a path, prefix or regex selects op, using and
// filling the cache.
func (s *selector) static(op string) bool {
	if v, ok := s.cache.Load(op); ok {
		return v.(bool)
	}
	hit := s.decide(op)
	if s.cached.Load() < maxCached {
		if _, loaded := s.cache.LoadOrStore(op, hit); !loaded {
			s.cached.Add(1)
		}
	}
	return hit
}

func (s *selector) decide(op string) bool {
	if _, ok := s.paths[op]; ok {
		return true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	for _, re := range s.regexes {
		if re.MatchString(op) {
			return true
		}
	}
	return false
}
