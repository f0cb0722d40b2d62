package openapigen

import (
	"strconv"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/fieldrules"
)

// applyRules writes the JSON-Schema keywords of the rules of scope into o,
// where a rule maps to one directly, and reports whether it wrote any.
// Rules without such a keyword (CEL expressions, well-known regexes,
// timestamp bounds relative to now...) are left to the description of the
// validation the server does.
func applyRules(o *object, rules []fieldrules.Rule, scope fieldrules.Scope) bool {
	wrote := false
	set := func(k string, v any) {
		o.set(k, v)
		wrote = true
	}
	for _, r := range rules {
		if r.Scope != scope {
			continue
		}
		typ, name, _ := strings.Cut(r.ID, ".")
		v := r.Value
		switch name {
		case "min_len", "min_bytes":
			set("minLength", v.Uint())
		case "max_len", "max_bytes":
			set("maxLength", v.Uint())
		case "len", "len_bytes":
			set("minLength", v.Uint())
			set("maxLength", v.Uint())
		case "pattern":
			set("pattern", v.String())
		case "prefix":
			if typ == "string" {
				set("pattern", "^"+quoteRegexp(v.String()))
			}
		case "email", "hostname", "ipv4", "ipv6", "uri", "uuid":
			if v.Bool() {
				set("format", map[string]string{"ipv4": "ipv4", "ipv6": "ipv6", "uri": "uri", "uuid": "uuid", "email": "email", "hostname": "hostname"}[name])
			}
		case "min_items":
			set("minItems", v.Uint())
		case "max_items":
			set("maxItems", v.Uint())
		case "unique":
			if v.Bool() {
				set("uniqueItems", true)
			}
		case "min_pairs":
			set("minProperties", v.Uint())
		case "max_pairs":
			set("maxProperties", v.Uint())
		case "gt":
			if n, ok := number(typ, v); ok {
				set("exclusiveMinimum", n)
			}
		case "gte":
			if n, ok := number(typ, v); ok {
				set("minimum", n)
			}
		case "lt":
			if n, ok := number(typ, v); ok {
				set("exclusiveMaximum", n)
			}
		case "lte":
			if n, ok := number(typ, v); ok {
				set("maximum", n)
			}
		case "const":
			if c, ok := jsonValue(typ, v); ok {
				set("const", c)
			}
		case "in", "not_in":
			if list, ok := jsonList(typ, v); ok && len(list) > 0 {
				if name == "in" {
					set("enum", list)
				} else {
					set("not", newObject().set("enum", list))
				}
			}
		}
	}
	return wrote
}

// number is a numeric bound as JSON, for the rule types whose values proto3
// JSON writes as numbers (64-bit integers are strings: no bound applies).
func number(typ string, v protoreflect.Value) (any, bool) {
	switch typ {
	case "int32", "sint32", "sfixed32":
		return v.Int(), true
	case "uint32", "fixed32":
		return v.Uint(), true
	case "float", "double":
		return v.Float(), true
	}
	return nil, false
}

// jsonValue is a rule value as the JSON of the field's value.
func jsonValue(typ string, v protoreflect.Value) (any, bool) {
	switch typ {
	case "string":
		return v.String(), true
	case "bool":
		return v.Bool(), true
	case "int64", "sint64", "sfixed64":
		return formatInt(v.Int()), true
	case "uint64", "fixed64":
		return formatUint(v.Uint()), true
	}
	return number(typ, v)
}

func jsonList(typ string, v protoreflect.Value) ([]any, bool) {
	l, ok := v.Interface().(protoreflect.List)
	if !ok {
		return nil, false
	}
	out := make([]any, 0, l.Len())
	for i := range l.Len() {
		e, ok := jsonValue(typ, l.Get(i))
		if !ok {
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}

// quoteRegexp escapes the regular expression metacharacters of s.
func quoteRegexp(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func formatInt(n int64) string   { return strconv.FormatInt(n, 10) }
func formatUint(n uint64) string { return strconv.FormatUint(n, 10) }
