package protovalidate

import (
	"context"
	stderrors "errors"
	"sync"
	"sync/atomic"

	pv "buf.build/go/protovalidate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/fieldrules"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/validate"
)

// Rules returns protovalidate's rule engine as a validate.Func, for
// validate.WithRules. The validator is built once, here, with opts
// (protovalidate's own options), and reused by every call; it compiles the
// rules of each message type on first use. A message type with no
// buf.validate rule, in it or in the messages it holds, is passed over
// after one map lookup.
//
// A violation's field is its path in proto names ("tags[1]",
// `labels["k"]`, "profile.city"; "" for a rule on the whole message), its
// rule the protovalidate rule id ("string.min_len", "required", or the id
// of a CEL rule) and its message protovalidate's. An error of the engine
// itself (a CEL expression that does not compile) fails the call as it is.
func Rules(opts ...pv.ValidatorOption) (validate.Func, error) {
	v, err := pv.New(opts...)
	if err != nil {
		return nil, err
	}
	e := &engine{v: v}
	return e.validate, nil
}

// engine runs a protovalidate validator.
type engine struct {
	v pv.Validator
	// hasRules caches, by message descriptor, whether a type has rules:
	// read without a lock, replaced by a copy with one more entry when a
	// new type arrives (a service has a fixed, small set of types).
	hasRules atomic.Pointer[map[protoreflect.MessageDescriptor]*typeRules]
	mu       sync.Mutex // serialises the copies
	// last is the type checked last, which a run of requests of one
	// method finds again with a pointer comparison instead of hashing.
	last atomic.Pointer[typeRules]
}

// typeRules is whether the message type md has rules.
type typeRules struct {
	md  protoreflect.MessageDescriptor
	has bool
}

func (e *engine) validate(_ context.Context, msg proto.Message) ([]errors.FieldViolation, error) {
	if !e.checks(msg.ProtoReflect().Descriptor()) {
		return nil, nil
	}
	err := e.v.Validate(msg)
	if err == nil {
		return nil, nil
	}
	var ve *pv.ValidationError
	if !stderrors.As(err, &ve) {
		return nil, err
	}
	vs := make([]errors.FieldViolation, len(ve.Violations))
	for i, v := range ve.Violations {
		p := v.Proto
		vs[i] = errors.FieldViolation{Field: pv.FieldPathString(p.GetField()), Rule: p.GetRuleId(), Message: p.GetMessage()}
	}
	return vs, nil
}

// checks reports whether messages of type md have rules to check.
func (e *engine) checks(md protoreflect.MessageDescriptor) bool {
	if l := e.last.Load(); l != nil && l.md == md {
		return l.has
	}
	if m := e.hasRules.Load(); m != nil {
		if t, ok := (*m)[md]; ok {
			e.last.Store(t)
			return t.has
		}
	}
	t := &typeRules{md: md, has: fieldrules.HasRules(md, fieldrules.Protovalidate)}
	e.mu.Lock()
	defer e.mu.Unlock()
	next := map[protoreflect.MessageDescriptor]*typeRules{md: t}
	if m := e.hasRules.Load(); m != nil {
		for k, v := range *m {
			next[k] = v
		}
	}
	e.hasRules.Store(&next)
	e.last.Store(t)
	return t.has
}
