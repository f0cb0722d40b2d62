package validate

import (
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/fieldrules"
	"github.com/bia-go/bia/runtime/errors"
)

// The methods and error shapes protoc-gen-validate generates.
type (
	pgvValidateAll interface{ ValidateAll() error }
	pgvValidate    interface{ Validate() error }
	// pgvFieldError is the XxxValidationError of a message Xxx: Field is
	// the Go name of the field, with "[index]" or "[key]" for an element.
	pgvFieldError interface {
		Field() string
		Reason() string
		Key() bool
		Cause() error
	}
	// pgvMultiError is the XxxMultiError ValidateAll returns.
	pgvMultiError interface{ AllErrors() []error }
)

// pgvEmbedded is the reason of a field error whose cause is the nested
// message's own errors.
const pgvEmbedded = "embedded message failed validation"

// pgvViolations runs protoc-gen-validate's generated method on msg, if it
// has one, and returns the violations it finds: each with its path in
// proto names and the protovalidate id of the rule it broke.
func pgvViolations(msg proto.Message) []errors.FieldViolation {
	var err error
	switch m := msg.(type) {
	case pgvValidateAll:
		err = m.ValidateAll()
	case pgvValidate:
		err = m.Validate()
	default:
		return nil
	}
	if err == nil {
		return nil
	}
	var w pgvWalker
	w.walk(err, "", msg.ProtoReflect())
	return w.vs
}

// pgvWalker turns a tree of PGV errors into violations.
type pgvWalker struct {
	vs []errors.FieldViolation
}

// walk adds the violations of err, an error of the message m at path
// prefix.
func (w *pgvWalker) walk(err error, prefix string, m protoreflect.Message) {
	if multi, ok := err.(pgvMultiError); ok {
		for _, e := range multi.AllErrors() {
			w.walk(e, prefix, m)
		}
		return
	}
	fe, ok := err.(pgvFieldError)
	if !ok {
		w.vs = append(w.vs, errors.FieldViolation{Field: prefix, Message: err.Error()})
		return
	}
	goName, sub, hasSub := strings.Cut(fe.Field(), "[")
	sub = strings.TrimSuffix(sub, "]")
	md := m.Descriptor()
	fd := fieldByGoName(md, goName)
	if fd == nil {
		// A oneof ("value is required" on the oneof), or a name the
		// descriptor does not have: keep PGV's words.
		name := goName
		var rules []fieldrules.Rule
		if od := oneofByGoName(md, goName); od != nil {
			name, rules = string(od.Name()), fieldrules.Oneof(od)
		}
		w.vs = append(w.vs, errors.FieldViolation{Field: join(prefix, name), Rule: pgvRule(rules, fieldrules.Value, fe.Reason(), -1), Message: fe.Reason()})
		return
	}
	path := join(prefix, string(fd.Name()))
	scope := fieldrules.Value
	val, ok := m.Get(fd), true
	if hasSub {
		switch {
		case fd.IsList():
			scope = fieldrules.Item
			path += "[" + sub + "]"
			i, err := strconv.Atoi(sub)
			if ok = err == nil && i >= 0 && i < val.List().Len(); ok {
				val = val.List().Get(i)
			}
		case fd.IsMap():
			scope = fieldrules.MapValue
			if fe.Key() {
				scope = fieldrules.Key
			}
			key, err := mapKey(fd.MapKey(), sub)
			if fd.MapKey().Kind() == protoreflect.StringKind {
				path += "[" + strconv.Quote(sub) + "]"
			} else {
				path += "[" + sub + "]"
			}
			if ok = err == nil; ok {
				val, ok = val.Map().Get(key), val.Map().Has(key)
				if scope == fieldrules.Key {
					val = key.Value()
				}
			}
		}
	}
	if fe.Reason() == pgvEmbedded && fe.Cause() != nil && ok && scope != fieldrules.Key {
		if msgVal, isMsg := val.Interface().(protoreflect.Message); isMsg {
			w.walk(fe.Cause(), path, msgVal)
			return
		}
	}
	count := -1
	if ok {
		count = valueCount(val, fe.Reason())
	}
	rules := fieldrules.Field(fd)
	rule := pgvRule(rules, scope, fe.Reason(), count)
	if rule == "" && scope == fieldrules.MapValue {
		// PGV marks no error of a map key as one (its Key() is false
		// there too): a reason no value rule explains is the key's.
		rule = pgvRule(rules, fieldrules.Key, fe.Reason(), -1)
	}
	w.vs = append(w.vs, errors.FieldViolation{Field: path, Rule: rule, Message: fe.Reason()})
}

// join appends a field name to a path.
func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// fieldByGoName finds the field of md whose Go name (protoc-gen-go's
// CamelCase of its proto name) is goName.
func fieldByGoName(md protoreflect.MessageDescriptor, goName string) protoreflect.FieldDescriptor {
	fields := md.Fields()
	for i := range fields.Len() {
		if fd := fields.Get(i); sameGoName(string(fd.Name()), goName) {
			return fd
		}
	}
	return nil
}

// oneofByGoName finds the oneof of md whose Go name is goName.
func oneofByGoName(md protoreflect.MessageDescriptor, goName string) protoreflect.OneofDescriptor {
	oneofs := md.Oneofs()
	for i := range oneofs.Len() {
		if od := oneofs.Get(i); sameGoName(string(od.Name()), goName) {
			return od
		}
	}
	return nil
}

// sameGoName reports whether goName is the CamelCase of protoName: equal
// ignoring underscores and letter case, which is how protoc-gen-go forms Go
// names ("user_id" → "UserId").
func sameGoName(protoName, goName string) bool {
	return strings.EqualFold(strings.ReplaceAll(protoName, "_", ""), goName)
}

// mapKey parses a map key as PGV printed it (with %v).
func mapKey(fd protoreflect.FieldDescriptor, s string) (protoreflect.MapKey, error) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(s).MapKey(), nil
	case protoreflect.BoolKind:
		b, err := strconv.ParseBool(s)
		return protoreflect.ValueOfBool(b).MapKey(), err
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		n, err := strconv.ParseInt(s, 10, 32)
		return protoreflect.ValueOfInt32(int32(n)).MapKey(), err
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		n, err := strconv.ParseInt(s, 10, 64)
		return protoreflect.ValueOfInt64(n).MapKey(), err
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		n, err := strconv.ParseUint(s, 10, 32)
		return protoreflect.ValueOfUint32(uint32(n)).MapKey(), err
	default:
		n, err := strconv.ParseUint(s, 10, 64)
		return protoreflect.ValueOfUint64(n).MapKey(), err
	}
}
