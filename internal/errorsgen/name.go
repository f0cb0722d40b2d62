package errorsgen

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// GoName converts the name of an enum value to the Go name of its
// functions, with the rules of Kratos's protoc-gen-go-errors, so that
// IsXxx and ErrorXxx keep their Kratos names:
//
//   - A name containing "_" is split on "_"; every non-empty part is
//     lower-cased and its first letter upper-cased; the parts are joined.
//     SYSTEM_ERROR and System_Error both give SystemError, _A__B gives AB.
//   - Any other name that is all upper case is lower-cased and its first
//     letter upper-cased: NOTFOUND gives Notfound.
//   - Any other name only has its first letter upper-cased: systemError
//     gives SystemError.
//
// The result is empty for a name made only of underscores, and starts with
// a digit for a name like _1A; neither is a Go identifier, which the
// generator reports as an error.
func GoName(name string) string {
	if !strings.Contains(name, "_") {
		if strings.ToUpper(name) == name {
			name = strings.ToLower(name)
		}
		return upperFirst(name)
	}
	var b strings.Builder
	b.Grow(len(name))
	for part := range strings.SplitSeq(name, "_") {
		if part != "" {
			b.WriteString(upperFirst(strings.ToLower(part)))
		}
	}
	return b.String()
}

// upperFirst upper-cases the first rune of s. An invalid leading byte is
// kept as it is.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	u := unicode.ToUpper(r)
	if u == r {
		return s
	}
	return string(u) + s[n:]
}
