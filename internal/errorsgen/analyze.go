package errorsgen

import (
	"errors"
	"fmt"
	"go/token"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Valid HTTP status codes of an error value.
const (
	minCode = 100
	maxCode = 599
)

// errorValue is an enum value with an effective code: one IsXxx and one
// ErrorXxx function.
type errorValue struct {
	file   *protogen.File
	enum   *protogen.Enum
	value  *protogen.EnumValue
	code   int
	goName string
}

// String names the value for error messages.
func (v errorValue) String() string {
	return fmt.Sprintf("enum %s value %s in %s", v.enum.Desc.FullName(), v.value.Desc.Name(), v.file.Desc.Path())
}

// analyze collects and checks the error values of targets and returns them
// by file. Every file of the request that shares a Go package with a target
// takes part in the collision checks, because the functions of all of them
// end up in one Go package; only problems involving a target are reported.
// All problems are returned at once, joined, in request order.
func analyze(gen *protogen.Plugin, targets []*protogen.File) (map[*protogen.File][]errorValue, error) {
	isTarget := make(map[*protogen.File]bool, len(targets))
	packages := make(map[protogen.GoImportPath]bool)
	for _, f := range targets {
		isTarget[f] = true
		packages[f.GoImportPath] = true
	}
	result := make(map[*protogen.File][]errorValue, len(targets))
	var problems []error
	// Go names per Go package: the functions generated so far and the
	// top-level types protoc-gen-go declares.
	funcs := make(map[protogen.GoImportPath]map[string]errorValue)
	types := make(map[protogen.GoImportPath]map[string]string)
	for _, f := range gen.Files {
		if !packages[f.GoImportPath] {
			continue
		}
		if types[f.GoImportPath] == nil {
			types[f.GoImportPath] = make(map[string]string)
			funcs[f.GoImportPath] = make(map[string]errorValue)
		}
		for _, m := range f.Messages {
			types[f.GoImportPath][m.GoIdent.GoName] = fmt.Sprintf("message %s in %s", m.Desc.FullName(), f.Desc.Path())
		}
		for _, e := range f.Enums {
			types[f.GoImportPath][e.GoIdent.GoName] = fmt.Sprintf("enum %s in %s", e.Desc.FullName(), f.Desc.Path())
		}
	}
	for _, f := range gen.Files {
		if !packages[f.GoImportPath] {
			continue
		}
		values, errs := collectFile(f)
		if isTarget[f] {
			problems = append(problems, errs...)
		}
		for _, v := range values {
			if prev, ok := funcs[f.GoImportPath][v.goName]; ok {
				if isTarget[f] || isTarget[prev.file] {
					problems = append(problems, fmt.Errorf("%s: enum %s value %s: Go name %s (functions Is%[4]s, Error%[4]s) collides with %s",
						f.Desc.Path(), v.enum.Desc.FullName(), v.value.Desc.Name(), v.goName, prev))
				}
				continue
			}
			funcs[f.GoImportPath][v.goName] = v
			if !isTarget[f] {
				continue
			}
			for _, fn := range []string{"Is" + v.goName, "Error" + v.goName} {
				if decl, ok := types[f.GoImportPath][fn]; ok {
					problems = append(problems, fmt.Errorf("%s: enum %s value %s: function %s collides with the Go type of %s",
						f.Desc.Path(), v.enum.Desc.FullName(), v.value.Desc.Name(), fn, decl))
				}
			}
			result[f] = append(result[f], v)
		}
	}
	return result, errors.Join(problems...)
}

// collectFile returns the error values of every enum of f, top-level and
// nested, with the problems found in them.
func collectFile(f *protogen.File) ([]errorValue, []error) {
	var (
		values   []errorValue
		problems []error
	)
	visit := func(e *protogen.Enum) {
		v, p := collectEnum(f, e)
		values = append(values, v...)
		problems = append(problems, p...)
	}
	for _, e := range f.Enums {
		visit(e)
	}
	var walk func(ms []*protogen.Message)
	walk = func(ms []*protogen.Message) {
		for _, m := range ms {
			for _, e := range m.Enums {
				visit(e)
			}
			walk(m.Messages)
		}
	}
	walk(f.Messages)
	return values, problems
}

// collectEnum returns the values of e that have an effective code: their
// own (errors.code), else the enum's (errors.default_code). A code of 0,
// unset or explicit, is no code, as in Kratos.
func collectEnum(f *protogen.File, e *protogen.Enum) ([]errorValue, []error) {
	var (
		values   []errorValue
		problems []error
	)
	defaultCode := optionCode(e.Desc.Options(), defaultCodeField)
	defaultUsed := false
	for _, v := range e.Values {
		code := EffectiveCode(v.Desc)
		origin := ""
		if optionCode(v.Desc.Options(), codeField) == 0 {
			origin = " (default_code of the enum)"
			defaultUsed = defaultUsed || code != 0
		}
		if code == 0 {
			continue
		}
		where := fmt.Sprintf("%s: enum %s value %s", f.Desc.Path(), e.Desc.FullName(), v.Desc.Name())
		if code < minCode || code > maxCode {
			problems = append(problems, fmt.Errorf("%s: code %d%s outside %d-%d", where, code, origin, minCode, maxCode))
			continue
		}
		name := GoName(string(v.Desc.Name()))
		if !token.IsIdentifier(name) {
			problems = append(problems, fmt.Errorf("%s: Go name %q is not a Go identifier", where, name))
			continue
		}
		values = append(values, errorValue{file: f, enum: e, value: v, code: code, goName: name})
	}
	if defaultCode != 0 && !defaultUsed && (defaultCode < minCode || defaultCode > maxCode) {
		problems = append(problems, fmt.Errorf("%s: enum %s: default_code %d outside %d-%d",
			f.Desc.Path(), e.Desc.FullName(), defaultCode, minCode, maxCode))
	}
	return values, problems
}

// EffectiveCode returns the HTTP code of an error enum value: its own
// (errors.code), else its enum's (errors.default_code); 0 when neither is
// set (a value of 0, unset or explicit, is no code, as in Kratos), which
// means the value is no error. It does not check the range. The OpenAPI
// generator documents error responses with it.
func EffectiveCode(v protoreflect.EnumValueDescriptor) int {
	if code := optionCode(v.Options(), codeField); code != 0 {
		return code
	}
	return optionCode(v.Parent().Options(), defaultCodeField)
}

// The field numbers of the extensions of errors/errors.proto: Kratos's,
// so a file written for Kratos (importing Kratos's copy, with Kratos's
// go_package) and one importing Bia's read the same.
const (
	defaultCodeField protowire.Number = 1108 // errors.default_code on EnumOptions
	codeField        protowire.Number = 1109 // errors.code on EnumValueOptions
)

// optionCode reads the int32 extension numbered num of options; 0 when
// unset. The plugin links no Go type for it (a Go package registering
// errors/errors.proto would clash with Kratos's, which registers the same
// file), so it reads the field by number: from a known extension when one
// is linked, else from the unknown fields, the last occurrence winning as
// in proto decoding.
func optionCode(options proto.Message, num protowire.Number) int {
	if options == nil {
		return 0
	}
	m := options.ProtoReflect()
	code, found := 0, false
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsExtension() && fd.Number() == num && fd.Kind() == protoreflect.Int32Kind {
			code, found = int(v.Int()), true
			return false
		}
		return true
	})
	if found {
		return code
	}
	for b := []byte(m.GetUnknown()); len(b) > 0; {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return code
		}
		b = b[l:]
		if n == num && typ == protowire.VarintType {
			v, l := protowire.ConsumeVarint(b)
			if l < 0 {
				return code
			}
			code = int(int32(v))
			b = b[l:]
			continue
		}
		l = protowire.ConsumeFieldValue(n, typ, b)
		if l < 0 {
			return code
		}
		b = b[l:]
	}
	return code
}
