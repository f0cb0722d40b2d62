package h1guard

import (
	"bytes"
	"io"
	"testing"
)

// FuzzGuard is a differential fuzz target: the guarded stream must parse,
// with net/http's own parser, into the same requests as the original one,
// except that the first request with both Content-Length and
// Transfer-Encoding carries a marker instead of the fields of one kind (see
// checkNetHTTP). The output must have the input's length and must not
// depend on how the input is split into reads.
func FuzzGuard(f *testing.F) {
	for i, s := range seedStreams() {
		f.Add([]byte(s), uint8(i))
	}
	f.Fuzz(func(t *testing.T, in []byte, seed uint8) {
		whole, err := runGuard(t, in, fixed(1<<20), fixed(4096))
		if err != io.EOF {
			t.Fatalf("final error %v, want io.EOF", err)
		}
		if len(whole) != len(in) {
			t.Fatalf("output length %d, input length %d", len(whole), len(in))
		}
		under := lcg(uint32(seed), 1+int(seed%19))
		caller := lcg(uint32(seed)+1, 1+int(seed/8))
		split, err := runGuard(t, in, under, caller)
		if err != io.EOF {
			t.Fatalf("split: final error %v, want io.EOF", err)
		}
		if !bytes.Equal(split, whole) {
			t.Fatalf("output depends on read sizes:\nwhole: %q\nsplit: %q", whole, split)
		}
		checkNetHTTP(t, in, whole)
	})
}
