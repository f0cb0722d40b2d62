package errorsgen_test

import (
	"go/token"
	"regexp"
	"strings"
	"testing"

	"github.com/bia-go/bia/internal/errorsgen"
)

func TestGoName(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"SYSTEM_ERROR", "SystemError"},
		{"System_Error", "SystemError"},
		{"system_error", "SystemError"},
		{"systemError", "SystemError"},
		{"SystemError", "SystemError"},
		{"NOTFOUND", "Notfound"},
		{"notfound", "Notfound"},
		{"USER_NOT_FOUND", "UserNotFound"},
		{"_LEADING", "Leading"},
		{"TRAILING_", "Trailing"},
		{"DOUBLE__UNDERSCORE", "DoubleUnderscore"},
		{"HTTP2_V3", "Http2V3"},
		{"A", "A"},
		{"a", "A"},
		{"_1ST", "1st"},
		{"_", ""},
		{"__", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := errorsgen.GoName(tt.in); got != tt.want {
			t.Errorf("GoName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// protoIdent matches the identifiers protoc accepts as enum value names.
var protoIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// goNameChars matches what GoName makes of a proto identifier.
var goNameChars = regexp.MustCompile(`^[A-Za-z0-9]*$`)

// FuzzGoName checks properties of the name conversion. Any input: no panic.
// For a proto identifier, the input protoc-gen-go-errors really gets:
//   - only the case changes and underscores go: the output equals the
//     input without "_", ignoring case, and is made of letters and digits;
//   - a name without "_" only has its first letter changed;
//   - a name with "_" converts the same in any case (why SYSTEM_ERROR and
//     System_Error collide, and the generator checks collisions);
//   - the output is empty exactly for a name of underscores, and is an
//     exported Go identifier unless it starts with a digit;
//   - converting a mixed-case output again changes nothing.
func FuzzGoName(f *testing.F) {
	for _, seed := range []string{
		"SYSTEM_ERROR", "System_Error", "systemError", "NOTFOUND", "USER_NOT_FOUND",
		"_LEADING", "DOUBLE__UNDERSCORE", "HTTP2_V3", "_1ST", "_", "a", "",
		"é_x", "\xff_\xfe", "ǅ_x",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := errorsgen.GoName(in)
		if !protoIdent.MatchString(in) {
			return
		}
		if !goNameChars.MatchString(out) {
			t.Errorf("GoName(%q) = %q: not only letters and digits", in, out)
		}
		if !strings.EqualFold(out, strings.ReplaceAll(in, "_", "")) {
			t.Errorf("GoName(%q) = %q: not the input without underscores up to case", in, out)
		}
		switch {
		case strings.Contains(in, "_"):
		case strings.ToUpper(in) == in:
			if out[1:] != strings.ToLower(in[1:]) {
				t.Errorf("GoName(%q) = %q: an all-caps name must be lower-cased after its first letter", in, out)
			}
		case out[1:] != in[1:]:
			t.Errorf("GoName(%q) = %q: changed more than the first letter", in, out)
		}
		if strings.Contains(in, "_") {
			for _, variant := range []string{strings.ToUpper(in), strings.ToLower(in)} {
				if v := errorsgen.GoName(variant); v != out {
					t.Errorf("GoName(%q) = %q but GoName(%q) = %q", in, out, variant, v)
				}
			}
		}
		if (out == "") != (strings.Trim(in, "_") == "") {
			t.Errorf("GoName(%q) = %q: empty for a name with letters, or not empty without", in, out)
		}
		if out != "" && (out[0] < '0' || out[0] > '9') && !(token.IsIdentifier(out) && token.IsExported(out)) {
			t.Errorf("GoName(%q) = %q: not an exported Go identifier", in, out)
		}
		// An all-caps output (A_B → AB) is itself an all-caps input, so only
		// mixed-case outputs are fixed points.
		if again := errorsgen.GoName(out); again != out && strings.ToUpper(out) != out {
			t.Errorf("GoName(GoName(%q)) = %q, want %q", in, again, out)
		}
	})
}
