package form_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// FuzzDecode decodes random queries into the rich test message. Decode
// must not panic and may fail only with an *form.Error; what it decodes
// must survive Encode and Decode again, with proto names and JSON names.
// A Decoder with small limits must fail as checkLimits says.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add(tc.query)
	}
	for _, tc := range decodeErrorCases {
		f.Add(tc.query)
	}
	f.Add("child.child.child.filter.child.kind=KIND_FILM&child.m_bool[T]=0&c_filter.labels=")
	f.Add("m_value[%5B]=%5B%7B%7D%5D&st=%7B%22%22:%22%22%7D&mask=aB.cD,e_f&dur=-1h&r_ts=0001-01-01T00:00:00Z")
	for _, seed := range limitSeeds {
		f.Add(seed)
	}

	md := descriptor(f, "Rich")
	dec := form.NewDecoder(md)
	limited := form.NewDecoder(md, form.MaxDepth(fuzzMaxDepth), form.MaxKeys(fuzzMaxKeys))
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil && len(values) == 0 {
			return
		}
		got := dynamicpb.NewMessage(md)
		err = dec.Decode(values, got)
		checkLimits(t, limited, values, err, got)
		if err != nil {
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

// The limits of the Decoders with small limits in the fuzz targets.
const (
	fuzzMaxDepth = 3
	fuzzMaxKeys  = 4
)

// limitSeeds are queries at and past the default limits and the fuzz
// targets' small ones.
var limitSeeds = []string{
	chain(99, "f_int32") + "=1",
	chain(100, "f_int32") + "=1",
	chain(99, "m_string[a.b]") + "=x",
	"child.child.f_int32=1&filter.kind=1&m_string[a.b.c]=x&r_int32=1",
	"child.child.child.f_int32=1",
	"a=1&b=2&c=3&d=4&e=5",
	manyKeys(1000, "f_int32", "1").Encode(),
	"val=" + strings.Repeat("%5B", 10001) + strings.Repeat("%5D", 10001),
}

// keyDepth is the number of field names in the dotted path of key, the
// part before the first '[' of a key ending in ']'.
func keyDepth(key string) int {
	if i := strings.IndexByte(key, '['); i >= 0 && strings.HasSuffix(key, "]") {
		key = key[:i]
	}
	return strings.Count(key, ".") + 1
}

// checkLimits decodes values with limited, a Decoder of the limits
// fuzzMaxDepth and fuzzMaxKeys, into a new message of want's type, and
// checks that it fails with the key-count error, binding nothing, when
// values has too many keys; fails when a key is too deep; and otherwise
// fails exactly when the Decoder without those limits did (err), leaving the
// same message (want).
func checkLimits(t *testing.T, limited *form.Decoder, values url.Values, err error, want proto.Message) {
	t.Helper()
	got := want.ProtoReflect().Type().New().Interface()
	limitErr := limited.Decode(values, got)
	tooDeep := false
	for key := range values {
		tooDeep = tooDeep || keyDepth(key) > fuzzMaxDepth
	}
	switch {
	case len(values) > fuzzMaxKeys:
		wantErr := &form.Error{Msg: fmt.Sprintf("%d keys; the limit is %d", len(values), fuzzMaxKeys)}
		if limitErr == nil {
			t.Fatalf("%d keys decoded with MaxKeys(%d)", len(values), fuzzMaxKeys)
		}
		if d := cmp.Diff(wantErr, asFormError(t, limitErr)); d != "" {
			t.Fatalf("%d keys: error (-want +got):\n%s", len(values), d)
		}
		if proto.Size(got) != 0 {
			t.Fatalf("%d keys: failed and bound something", len(values))
		}
	case tooDeep:
		if limitErr == nil {
			t.Fatalf("keys %q decoded with MaxDepth(%d)", values, fuzzMaxDepth)
		}
		asFormError(t, limitErr)
	case (err == nil) != (limitErr == nil):
		t.Fatalf("within the limits, Decode error %v, with them %v", err, limitErr)
	case err == nil:
		if d := diff(want, got); d != "" {
			t.Fatalf("within the limits, message (-without +with):\n%s", d)
		}
	}
}
