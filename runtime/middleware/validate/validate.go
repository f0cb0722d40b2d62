package validate

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// Func validates a request message: it returns the fields that break a
// rule, or an error when it cannot validate at all (which fails the call as
// it is: a non-Bia error becomes 500 INTERNAL).
type Func func(ctx context.Context, msg proto.Message) ([]errors.FieldViolation, error)

// Option configures Validator.
type Option func(*options)

type options struct {
	engines []Func
	funcs   []Func
	pgv     bool
	reason  string
	message func(ctx context.Context, v errors.FieldViolation) string
}

// WithRules adds a rule engine, run before protoc-gen-validate's generated
// methods: protovalidate's, from the module
// github.com/bia-go/bia/contrib/validate/protovalidate, whose Rules
// returns one. Several run in the order given. The default is none.
func WithRules(f Func) Option {
	return func(o *options) { o.engines = append(o.engines, f) }
}

// WithFunc adds a validator of the service's own, run after the rule
// engines and protoc-gen-validate. Several run in the order given. The
// default is none.
func WithFunc(f Func) Option {
	return func(o *options) { o.funcs = append(o.funcs, f) }
}

// WithoutPGV turns off calling the ValidateAll or Validate method that
// protoc-gen-validate generates. The default calls it.
func WithoutPGV() Option {
	return func(o *options) { o.pgv = false }
}

// WithReason sets the reason of the error a call that fails validation
// returns. The default is errors.ReasonValidation, "VALIDATION".
func WithReason(reason string) Option {
	return func(o *options) { o.reason = reason }
}

// WithMessage sets a function that rewrites the message of each violation,
// given the violation (its field, rule id and original message) and the
// call's context (which holds the transport and its headers, such as
// Accept-Language): to translate messages, or to word them for users. An
// empty result keeps the original. The default keeps every message.
func WithMessage(f func(ctx context.Context, v errors.FieldViolation) string) Option {
	return func(o *options) { o.message = f }
}

// Validator returns middleware that validates every request message before
// the handler runs, on servers of both transports. The sources run in
// order, and every violation of every source is kept: the rule engines of
// WithRules (protovalidate), then protoc-gen-validate's generated
// ValidateAll (or Validate, when only that exists), then the functions of
// WithFunc. A request with violations fails with 400 and reason
// VALIDATION (WithReason): an *errors.Error whose FieldViolations are all
// of them, each with its field path in proto names ("items[2].name",
// `labels["k"]`), its rule id ("string.min_len") and its message. The
// transports send them on: in the default HTTP error body in metadata (the
// keys of errors.FieldViolation), as google.rpc.BadRequest field
// violations in the google.rpc.Status body and over gRPC (InvalidArgument);
// a client reads them back with errors.FromError(err).FieldViolations().
//
// On a stream it validates the request of a server-streaming call and,
// through the stream's hooks (middleware.Stream), every message a client
// streams: on a server as it is received (the read fails with the error),
// on a client before it is sent.
//
// A request that is not a proto.Message, or has no rules and no generated
// methods, passes at the cost of a few type checks.
func Validator(opts ...Option) middleware.Middleware {
	o := options{pgv: true, reason: errors.ReasonValidation}
	for _, opt := range opts {
		opt(&o)
	}
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			if st, ok := middleware.StreamFromContext(ctx); ok {
				// Every message the client streams: a server checks
				// what it receives, a client what it sends.
				if _, client := transport.FromClientContext(ctx); client {
					st.OnSend(o.check)
				} else {
					st.OnReceive(o.check)
				}
			}
			if err := o.check(ctx, req); err != nil {
				return nil, err
			}
			return next(ctx, req)
		}
	}
}

// check validates msg, if it is a proto.Message.
func (o *options) check(ctx context.Context, msg any) error {
	m, ok := msg.(proto.Message)
	if !ok {
		return nil
	}
	vs, err := o.violations(ctx, m)
	if err != nil {
		return err
	}
	if len(vs) > 0 {
		return o.failure(ctx, vs)
	}
	return nil
}

// violations runs every source on msg.
func (o *options) violations(ctx context.Context, msg proto.Message) ([]errors.FieldViolation, error) {
	var all []errors.FieldViolation
	for _, f := range o.engines {
		vs, err := f(ctx, msg)
		if err != nil {
			return nil, err
		}
		all = append(all, vs...)
	}
	if o.pgv {
		all = append(all, pgvViolations(msg)...)
	}
	for _, f := range o.funcs {
		vs, err := f(ctx, msg)
		if err != nil {
			return nil, err
		}
		all = append(all, vs...)
	}
	return all, nil
}

// failure is the error of a request with violations vs.
func (o *options) failure(ctx context.Context, vs []errors.FieldViolation) *errors.Error {
	if o.message != nil {
		for i := range vs {
			if m := o.message(ctx, vs[i]); m != "" {
				vs[i].Message = m
			}
		}
	}
	return errors.BadRequest(o.reason, summary(vs)).WithFieldViolations(vs)
}

// maxSummarised is how many violations the error message spells out; the
// rest are counted.
const maxSummarised = 3

// summary is the error message of violations vs: "invalid request: name:
// value length must be at least 1 characters; age: ... (and 2 more)".
func summary(vs []errors.FieldViolation) string {
	var b strings.Builder
	b.WriteString("invalid request: ")
	for i, v := range vs {
		if i == maxSummarised {
			fmt.Fprintf(&b, " (and %d more)", len(vs)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		if v.Field != "" {
			b.WriteString(v.Field)
			b.WriteString(": ")
		}
		b.WriteString(v.Message)
	}
	return b.String()
}
