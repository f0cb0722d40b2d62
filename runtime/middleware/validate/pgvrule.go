package validate

import (
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/fieldrules"
)

// PGV words each rule's failure in a fixed way ("value length must be at
// least 3 runes"); pgvRule reads the broken rule back from those words and
// the field's PGV rules, and names it with protovalidate's id, so a client
// sees the same ids whichever library validated.

// pgvRule returns the id of the rule among rules (of scope) that a PGV
// failure reason describes; count is the length of the value (runes,
// bytes, items or pairs, as the reason counts) or -1 when unknown. It
// returns "" when no rule matches.
func pgvRule(rules []fieldrules.Rule, scope fieldrules.Scope, reason string, count int) string {
	switch reason {
	case "value is required", "value is required and must not be nil.":
		return "required"
	case "value must be one of the defined enum values":
		return "enum.defined_only"
	case "repeated value must contain unique items":
		return "repeated.unique"
	case "value cannot be sparse, all pairs must be non-nil":
		return "map.no_sparse"
	}
	var typ string
	set := map[string]fieldrules.Rule{}
	for _, r := range rules {
		if r.Source != fieldrules.PGV || r.Scope != scope {
			continue
		}
		t, name, ok := strings.Cut(r.ID, ".")
		if !ok {
			continue
		}
		typ = t
		set[name] = r
	}
	if typ == "" {
		return ""
	}
	name := ruleName(reason, set, count)
	if name == "" {
		return ""
	}
	return typ + "." + name
}

// ruleName names the rule of set a reason describes.
func ruleName(reason string, set map[string]fieldrules.Rule, count int) string {
	has := func(n string) bool { _, ok := set[n]; return ok }
	first := func(names ...string) string {
		for _, n := range names {
			if has(n) {
				return n
			}
		}
		return ""
	}
	// lowerOrUpper picks the lower-bound rule when the value is under it,
	// else the upper one: PGV words a min-and-max pair as one "between".
	lowerOrUpper := func(lower, upper string) string {
		if r, ok := set[lower]; ok && count >= 0 && uint64(count) < r.Value.Uint() {
			return lower
		}
		return first(upper, lower)
	}
	valid := map[string]string{
		"value must be a valid email address":           "email",
		"value must be a valid UUID":                    "uuid",
		"value must be a valid hostname":                "hostname",
		"value must be a valid IP address":              "ip",
		"value must be a valid IPv4 address":            "ipv4",
		"value must be a valid IPv6 address":            "ipv6",
		"value must be a valid URI":                     "uri",
		"value must be a valid hostname, or ip address": "address",
		"value must be absolute":                        "uri",
	}
	if n, ok := valid[reason]; ok {
		return first(n, "uri_ref", "well_known_regex")
	}
	r := strings.TrimPrefix(reason, "value ")
	switch {
	case strings.HasPrefix(r, "length must be at least"):
		return first("min_len", "min_bytes")
	case strings.HasPrefix(r, "length must be at most"):
		return first("max_len", "max_bytes")
	case strings.HasPrefix(r, "length must be between"):
		if has("min_len") || has("max_len") {
			return lowerOrUpper("min_len", "max_len")
		}
		return lowerOrUpper("min_bytes", "max_bytes")
	case strings.HasPrefix(r, "length must be"):
		return first("len", "len_bytes", "min_len", "min_bytes")
	case strings.HasPrefix(r, "does not match regex pattern"):
		return "pattern"
	case strings.HasPrefix(r, "does not have prefix"):
		return "prefix"
	case strings.HasPrefix(r, "does not have suffix"):
		return "suffix"
	case strings.HasPrefix(r, "does not contain"):
		return "contains"
	case strings.HasPrefix(r, "contains substring"):
		return "not_contains"
	case strings.HasPrefix(r, "must equal"):
		return "const"
	case strings.HasPrefix(r, "must be in list"), strings.HasPrefix(reason, "type URL must be in list"):
		return "in"
	case strings.HasPrefix(r, "must not be in list"), strings.HasPrefix(reason, "type URL must not be in list"):
		return "not_in"
	case strings.HasPrefix(r, "must contain at least"), strings.HasPrefix(r, "must contain exactly"):
		return first("min_items", "min_pairs")
	case strings.HasPrefix(r, "must contain no more than"):
		return first("max_items", "max_pairs")
	case strings.HasPrefix(r, "must contain between"):
		if has("min_items") || has("max_items") {
			return lowerOrUpper("min_items", "max_items")
		}
		return lowerOrUpper("min_pairs", "max_pairs")
	case strings.HasPrefix(r, "must be greater than now"):
		return "gt_now"
	case strings.HasPrefix(r, "must be less than now"):
		return "lt_now"
	case strings.HasPrefix(r, "must be within"):
		return "within"
	case strings.HasPrefix(r, "must be greater than or equal to"):
		return "gte"
	case strings.HasPrefix(r, "must be greater than"):
		return "gt"
	case strings.HasPrefix(r, "must be less than or equal to"):
		return "lte"
	case strings.HasPrefix(r, "must be less than"):
		return "lt"
	case strings.HasPrefix(r, "must be inside range"), strings.HasPrefix(r, "must be outside range"):
		// protovalidate names a two-sided range by both bounds:
		// "int32.gte_lte", and "..._exclusive" for a range outside.
		id := first("gt", "gte") + "_" + first("lt", "lte")
		if strings.HasPrefix(r, "must be outside") {
			id += "_exclusive"
		}
		return id
	}
	return ""
}

// valueCount is the length of v that a PGV reason counts: runes or bytes
// of a string, bytes, items of a list, pairs of a map; -1 for other
// values.
func valueCount(v protoreflect.Value, reason string) int {
	switch x := v.Interface().(type) {
	case string:
		if strings.HasSuffix(reason, "runes") || strings.HasSuffix(reason, "runes, inclusive") {
			return utf8.RuneCountInString(x)
		}
		return len(x)
	case []byte:
		return len(x)
	case protoreflect.List:
		return x.Len()
	case protoreflect.Map:
		return x.Len()
	}
	return -1
}
