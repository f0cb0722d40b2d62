package protovalidate

import (
	"context"
	stderrors "errors"
	"sync"

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
	// hasRules caches, by message descriptor, whether a type has rules.
	hasRules sync.Map
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
	if has, ok := e.hasRules.Load(md); ok {
		return has.(bool)
	}
	has := fieldrules.HasRules(md, fieldrules.Protovalidate)
	e.hasRules.Store(md, has)
	return has
}
