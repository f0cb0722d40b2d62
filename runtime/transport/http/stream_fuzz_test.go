package http

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// FuzzStreamFrames checks the stream frame reader: on any body it ends
// without panicking and returns no frame over its limit; and messages
// written by a framing are read back whole and in order, an error frame
// as an error and the end as the end.
func FuzzStreamFrames(f *testing.F) {
	f.Add([]byte("data: {}\n\n"), `{"a":1}`, `{"b":"x\ny"}`)
	f.Add([]byte("{\"error\":{}}\n{}\n"), `{}`, `{"error":1}`)
	f.Add([]byte(": c\r\nevent: end\r\ndata:\r\n\r\n"), "a\rb", "a\r\nb")
	f.Add([]byte("data"), "", "\n\n")
	f.Fuzz(func(t *testing.T, body []byte, m1, m2 string) {
		for _, fr := range []framing{ndjson, sse} {
			r := &frameReader{r: bufio.NewReaderSize(bytes.NewReader(body), 16), framing: fr, limit: 64}
			for range len(body) + 2 {
				kind, data, err := r.next()
				if err != nil || kind == frameEnd {
					break
				}
				if len(data) > r.limit+2 {
					t.Fatalf("a frame of %d bytes, over the limit %d", len(data), r.limit)
				}
			}
		}
		// SSE carries any text: line breaks become the data's "\n".
		var b []byte
		for _, m := range []string{m1, m2} {
			b = sse.appendMessage(b, []byte(m))
		}
		b = sse.appendError(b, []byte(`{"code":500}`))
		r := &frameReader{r: bufio.NewReader(bytes.NewReader(b)), framing: sse, limit: 1 << 20}
		for _, m := range []string{m1, m2} {
			want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(m)
			kind, data, err := r.next()
			if err != nil || kind != frameMessage || string(data) != want {
				t.Fatalf("SSE message %q read back as %v %q %v", m, kind, data, err)
			}
		}
		if kind, data, err := r.next(); err != nil || kind != frameError || string(data) != `{"code":500}` {
			t.Fatalf("SSE error frame read back as %v %q %v", kind, data, err)
		}
		// NDJSON carries one-line JSON: what protojson writes.
		if strings.ContainsAny(m1, "\r\n") || strings.TrimSpace(m1) != m1 || m1 == "" {
			return
		}
		b = ndjson.appendEnd(ndjson.appendMessage(nil, []byte(m1)))
		r = &frameReader{r: bufio.NewReader(bytes.NewReader(b)), framing: ndjson, limit: 1 << 20}
		kind, data, err := r.next()
		if _, isErr := errorLine([]byte(m1)); isErr {
			if kind != frameError {
				t.Fatalf("NDJSON error line %q read back as %v", m1, kind)
			}
			return
		}
		if err != nil || kind != frameMessage || string(data) != m1 {
			t.Fatalf("NDJSON message %q read back as %v %q %v", m1, kind, data, err)
		}
		if kind, _, err := r.next(); err != nil || kind != frameEnd {
			t.Fatalf("NDJSON end read back as %v %v", kind, err)
		}
	})
}
