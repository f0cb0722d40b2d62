package http

import "bytes"

// Media types of server streams.
const (
	mimeSSE    = "text/event-stream"
	mimeNDJSON = "application/x-ndjson"
)

// framing is how a server stream's messages are laid out in the reply
// body; each message is one JSON text (the table's JSON codec).
type framing int

const (
	// ndjson: one JSON text per line; a failure is a last line
	// {"error": <error body>}. The default.
	ndjson framing = iota
	// sse: Server-Sent Events: a message event per message (one data
	// line per line of its JSON, which protojson writes on one); a
	// failure is an "error" event holding the error body; a clean end is
	// an "end" event with empty data, so a browser's EventSource, which
	// reconnects when a stream closes, knows to stop.
	sse
)

// streamMedium is a media type of server streams: an entry of the media
// table's stream section, negotiated with Accept like reply types.
type streamMedium struct {
	mediaType string
	framing   framing
}

// streamMedia returns the stream media types, the default (on ties and
// when Accept names neither) first.
func streamMedia() []streamMedium {
	return []streamMedium{{mimeNDJSON, ndjson}, {mimeSSE, sse}}
}

// negotiateStream returns the stream medium for an Accept header: the
// one with the highest q-value, NDJSON when Accept names neither (curl's
// */*, a client asking for application/json).
func (t *mediaTable) negotiateStream(accept string) streamMedium {
	best, bestQ := t.streams[0], 0.0
	if accept == "" {
		return best
	}
	for _, m := range t.streams {
		if q := acceptQ(accept, m.mediaType); q > bestQ {
			best, bestQ = m, q
		}
	}
	return best
}

// appendMessage appends the frame of a message whose JSON is payload.
func (f framing) appendMessage(dst, payload []byte) []byte {
	if f == ndjson {
		return append(append(dst, payload...), '\n')
	}
	return appendEvent(dst, "", payload)
}

// appendError appends the last frame of a failed stream, whose error body
// is body.
func (f framing) appendError(dst, body []byte) []byte {
	if f == ndjson {
		dst = append(dst, `{"error":`...)
		return append(append(dst, body...), "}\n"...)
	}
	return appendEvent(dst, "error", body)
}

// appendEnd appends the frame that ends a stream cleanly: an SSE "end"
// event; nothing for NDJSON, whose end is the end of the body.
func (f framing) appendEnd(dst []byte) []byte {
	if f == ndjson {
		return dst
	}
	return append(dst, "event: end\ndata:\n\n"...)
}

// keepAlive is what an idle stream writes to keep proxies from closing
// it: an SSE comment, which EventSource ignores; nil for NDJSON, where a
// blank line is not valid everywhere.
func (f framing) keepAlive() []byte {
	if f == ndjson {
		return nil
	}
	return []byte(": keep-alive\n\n")
}

// appendEvent appends an SSE event of type event ("" for the default,
// message) whose data is data: one data line per line of data, as the
// SSE grammar has no escaping.
func appendEvent(dst []byte, event string, data []byte) []byte {
	if event != "" {
		dst = append(append(append(dst, "event: "...), event...), '\n')
	}
	for {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			dst = append(append(append(dst, "data: "...), data...), '\n')
			return append(dst, '\n')
		}
		dst = append(append(append(dst, "data: "...), data[:i]...), '\n')
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
}
