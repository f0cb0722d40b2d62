package form_test

import (
	"net/url"
	"testing"

	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// FuzzDecode decodes random queries into the rich test message. Decode
// must not panic and may fail only with an *form.Error; what it decodes
// must survive Encode and Decode again, with proto names and JSON names.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add(tc.query)
	}
	for _, tc := range decodeErrorCases {
		f.Add(tc.query)
	}
	f.Add("child.child.child.filter.child.kind=KIND_FILM&child.m_bool[T]=0&c_filter.labels=")
	f.Add("m_value[%5B]=%5B%7B%7D%5D&st=%7B%22%22:%22%22%7D&mask=aB.cD,e_f&dur=-1h&r_ts=0001-01-01T00:00:00Z")

	md := descriptor(f, "Rich")
	dec := form.NewDecoder(md)
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil && len(values) == 0 {
			return
		}
		got := dynamicpb.NewMessage(md)
		if err := dec.Decode(values, got); err != nil {
			if fe := asFormError(t, err); fe.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		for _, opts := range [][]form.EncodeOption{nil, {form.UseJSONNames()}} {
			encoded := url.Values{}
			if err := form.Encode(got, encoded, opts...); err != nil {
				t.Fatalf("Encode of the message decoded from %q: %v", query, err)
			}
			again := dynamicpb.NewMessage(md)
			if err := dec.Decode(parseQuery(t, encoded.Encode()), again); err != nil {
				t.Fatalf("Decode(%q), encoded from the message decoded from %q: %v", encoded.Encode(), query, err)
			}
			if d := diff(got, again); d != "" {
				t.Fatalf("query %q, re-encoded as %q: round trip mismatch (-first +second):\n%s", query, encoded.Encode(), d)
			}
		}
	})
}
