package httprule_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/bia-go/bia/internal/httprule"
)

var (
	lit  = func(v string) httprule.Segment { return httprule.Segment{Kind: httprule.Literal, Value: v} }
	star = httprule.Segment{Kind: httprule.Wildcard}
	deep = httprule.Segment{Kind: httprule.DeepWildcard}
)

func TestParse(t *testing.T) {
	type want struct {
		Segments  []httprule.Segment
		Variables []httprule.Variable
		Verb      string
	}
	tests := []struct {
		tmpl string
		want want
	}{
		{"/", want{}},
		{"/v1", want{Segments: []httprule.Segment{lit("v1")}}},
		{"/v1/shelves", want{Segments: []httprule.Segment{lit("v1"), lit("shelves")}}},
		{"/v1/{name}", want{
			Segments:  []httprule.Segment{lit("v1"), star},
			Variables: []httprule.Variable{{FieldPath: []string{"name"}, Start: 1, End: 2, Pos: 4}},
		}},
		{"/v1/{book.id}/x", want{
			Segments:  []httprule.Segment{lit("v1"), star, lit("x")},
			Variables: []httprule.Variable{{FieldPath: []string{"book", "id"}, Start: 1, End: 2, Pos: 4}},
		}},
		{"/v1/{name=shelves/*/books/*}", want{
			Segments:  []httprule.Segment{lit("v1"), lit("shelves"), star, lit("books"), star},
			Variables: []httprule.Variable{{FieldPath: []string{"name"}, Start: 1, End: 5, Pos: 4}},
		}},
		{"/v1/{name=**}", want{
			Segments:  []httprule.Segment{lit("v1"), deep},
			Variables: []httprule.Variable{{FieldPath: []string{"name"}, Start: 1, End: 2, Pos: 4}},
		}},
		{"/v1/*/x/**", want{Segments: []httprule.Segment{lit("v1"), star, lit("x"), deep}}},
		{"/v1/{name=operations/*}:cancel", want{
			Segments:  []httprule.Segment{lit("v1"), lit("operations"), star},
			Variables: []httprule.Variable{{FieldPath: []string{"name"}, Start: 1, End: 3, Pos: 4}},
			Verb:      "cancel",
		}},
		{"/v1/things:batchCreate", want{Segments: []httprule.Segment{lit("v1"), lit("things")}, Verb: "batchCreate"}},
		{"/v1/**:stream", want{Segments: []httprule.Segment{lit("v1"), deep}, Verb: "stream"}},
		{"/v1/{a}/{b_2}/{c.d.e=x/**}", want{
			Segments: []httprule.Segment{lit("v1"), star, star, lit("x"), deep},
			Variables: []httprule.Variable{
				{FieldPath: []string{"a"}, Start: 1, End: 2, Pos: 4},
				{FieldPath: []string{"b_2"}, Start: 2, End: 3, Pos: 8},
				{FieldPath: []string{"c", "d", "e"}, Start: 3, End: 5, Pos: 14},
			},
		}},
		{"/a-b.c~d/%41@$&'()+,;=!", want{Segments: []httprule.Segment{lit("a-b.c~d"), lit("%41@$&'()+,;=!")}}},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			got, err := httprule.Parse(tt.tmpl)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.tmpl, err)
			}
			if got.String() != tt.tmpl {
				t.Errorf("String() = %q, want %q", got.String(), tt.tmpl)
			}
			g := want{Segments: got.Segments, Variables: got.Variables, Verb: got.Verb}
			if diff := cmp.Diff(tt.want, g, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.tmpl, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		tmpl    string
		pos     int
		message string
	}{
		{"", 0, "must start with '/'"},
		{"v1/x", 0, "must start with '/'"},
		{"//", 1, "empty segment"},
		{"/v1/", 4, "trailing '/'"},
		{"/v1//x", 4, "empty segment"},
		{"/v1/**/x", 7, "'**' must be the last segment"},
		{"/v1/{name=**}/x", 14, "'**' must be the last segment"},
		{"/v1/{name=a/{b}}", 12, "nested variable"},
		{"/v1/{name", 4, "unclosed variable"},
		{"/v1/{name=a/*", 4, "unclosed variable"},
		{"/v1/{}", 5, "expected a field name"},
		{"/v1/{1a}", 5, "must not start with a digit"},
		{"/v1/{a.}", 7, "expected a field name"},
		{"/v1/{a-b}", 6, "want '=' or '}'"},
		{"/v1/{a=}", 7, "empty pattern"},
		{"/v1/{a}/{a}", 8, "captured twice"},
		{"/v1/{a}x", 7, "whole segment"},
		{"/v1/x{a}", 5, "whole segment"},
		{"/v1/*x", 4, "whole segment"},
		{"/v1/x*", 5, "whole segment"},
		{"/v1/***", 4, "whole segment"},
		{"/v1/x}", 5, "unmatched '}'"},
		{"/v1/x:", 5, "empty custom verb"},
		{"/v1/x:a/b", 7, "custom verb must end the template"},
		{"/v1/x:a:b", 7, "custom verb must end the template"},
		{"/:verb", 1, "custom verb needs a path segment"},
		{"/v1/{a=x:y}", 8, "custom verb inside variable"},
		{"/v1/%zz", 4, "invalid percent-escape"},
		{"/v1/%4", 4, "invalid percent-escape"},
		{"/v1/a b", 5, "not allowed"},
		{"/v1/a?b", 5, "not allowed"},
		{"/v1/a#b", 5, "not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			_, err := httprule.Parse(tt.tmpl)
			var perr *httprule.Error
			if !errors.As(err, &perr) {
				t.Fatalf("Parse(%q) error = %v, want *httprule.Error", tt.tmpl, err)
			}
			if perr.Pos != tt.pos || !strings.Contains(perr.Msg, tt.message) || perr.Template != tt.tmpl {
				t.Errorf("Parse(%q) = %v (pos %d), want pos %d containing %q", tt.tmpl, err, perr.Pos, tt.pos, tt.message)
			}
		})
	}
}

func TestMultiSegment(t *testing.T) {
	tmpl, err := httprule.Parse("/v1/{a}/{b=**}/{c=x/*}/y/{d=*}")
	if err == nil {
		t.Fatalf("'**' before other segments parsed: %v", tmpl)
	}
	tmpl, err = httprule.Parse("/v1/{a}/{c=x/*}/{d=*}/{b=**}")
	if err != nil {
		t.Fatal(err)
	}
	got := make([]bool, len(tmpl.Variables))
	for i := range tmpl.Variables {
		got[i] = tmpl.MultiSegment(i)
	}
	if diff := cmp.Diff([]bool{false, true, false, true}, got); diff != "" {
		t.Errorf("MultiSegment (-want +got):\n%s", diff)
	}
	if !tmpl.HasDeepWildcard() {
		t.Error("HasDeepWildcard() = false")
	}
	if got, want := tmpl.Normalized(), "/v1/*/x/*/*/**"; got != want {
		t.Errorf("Normalized() = %q, want %q", got, want)
	}
	if got := tmpl.VariableAt(2); got != 1 {
		t.Errorf("VariableAt(2) = %d, want 1", got)
	}
	if got := tmpl.VariableAt(0); got != -1 {
		t.Errorf("VariableAt(0) = %d, want -1", got)
	}
}

// FuzzParse checks that Parse never panics or hangs, and that every accepted
// template is self-consistent: its normal form parses to the same shape and
// its variables cover valid, disjoint segment ranges.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"/", "/v1/{name=shelves/*/books/*}", "/v1/{name=**}:cancel", "/v1/*/x/**",
		"/v1/{a.b.c}", "/a%41/{x}", "/v1/{a=x:y}", "//", "/{", "/{a=", "/v1/x:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tmpl, err := httprule.Parse(s)
		if err != nil {
			var perr *httprule.Error
			if !errors.As(err, &perr) || perr.Pos < 0 || perr.Pos > len(s) {
				t.Fatalf("Parse(%q) = %v, want *Error with offset in range", s, err)
			}
			return
		}
		if tmpl.String() != s {
			t.Fatalf("String() = %q, want %q", tmpl.String(), s)
		}
		norm, err := httprule.Parse(tmpl.Normalized())
		if err != nil {
			t.Fatalf("Normalized() %q of %q does not parse: %v", tmpl.Normalized(), s, err)
		}
		if diff := cmp.Diff(tmpl.Segments, norm.Segments, cmpopts.EquateEmpty()); diff != "" || norm.Verb != tmpl.Verb {
			t.Fatalf("normal form of %q differs:\n%s", s, diff)
		}
		if !httprule.Overlaps(tmpl, norm) {
			t.Fatalf("%q does not overlap its own normal form", s)
		}
		end := 0
		for _, v := range tmpl.Variables {
			if v.Start < end || v.End <= v.Start || v.End > len(tmpl.Segments) {
				t.Fatalf("%q: variable %s has bad range [%d,%d)", s, v.Path(), v.Start, v.End)
			}
			end = v.End
		}
	})
}
