package form_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/runtime/encoding/form"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestDecodeValue checks that DecodeValue binds one key exactly as Decode
// binds url.Values{key: {value}}: same result, same error.
func TestDecodeValue(t *testing.T) {
	d := form.NewDecoder((&httptestv1.GetBookRequest{}).ProtoReflect().Descriptor())
	tests := []struct{ key, value string }{
		{"book_id", "a/b c"},
		{"bookId", "x"},
		{"shelf.name", "s1"},
		{"revision", "-3"},
		{"revision", "2147483648"},
		{"include_drafts", "1"},
		{"include_drafts", "maybe"},
		{"format", "BOOK_FORMAT_EBOOK"},
		{"format", "2"},
		{"etag", "aGk_"},
		{"author", "wrapped"},
		{"min_copies", "7"},
		{"languages", "en"},
		{"nope", "ignored"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			viaValue := &httptestv1.GetBookRequest{Revision: 9}
			viaDecode := proto.Clone(viaValue).(*httptestv1.GetBookRequest)
			errValue := d.DecodeValue(tt.key, tt.value, viaValue)
			errDecode := d.Decode(url.Values{tt.key: {tt.value}}, viaDecode)
			if (errValue == nil) != (errDecode == nil) || errValue != nil && errValue.Error() != errDecode.Error() {
				t.Fatalf("DecodeValue error %v, Decode error %v", errValue, errDecode)
			}
			var fe *form.Error
			if errValue != nil && !errors.As(errValue, &fe) {
				t.Errorf("DecodeValue error %T, want *form.Error", errValue)
			}
			if diff := cmp.Diff(viaDecode, viaValue, protocmp.Transform()); diff != "" {
				t.Errorf("DecodeValue differs from Decode (-Decode +DecodeValue):\n%s", diff)
			}
		})
	}
	if raceEnabled {
		return // sync.Pool drops values at random: allocations vary
	}
	m := &httptestv1.GetBookRequest{}
	if allocs := testing.AllocsPerRun(100, func() {
		_ = d.DecodeValue("revision", "5", m)
		_ = d.DecodeValue("book_id", "b1", m)
	}); allocs > 0 {
		t.Errorf("DecodeValue of scalars allocates %v times; want 0", allocs)
	}
}
