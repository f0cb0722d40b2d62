package http

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// frameKind is what a frame of a server stream holds.
type frameKind int

const (
	frameMessage frameKind = iota // a message's JSON
	frameError                    // the error body of a failed stream
	frameEnd                      // the clean end of the stream
)

// frameReader reads the frames of a server stream, as serverStream
// writes them.
type frameReader struct {
	r       *bufio.Reader
	framing framing
	limit   int // the largest frame, in bytes
	// errorField: the message type has a field whose JSON name is
	// "error", so an NDJSON line {"error": ...} is an error only when it
	// is the last line.
	errorField bool
	line       []byte // the line being read, reused
	data       []byte // an SSE event's data, reused
}

var errFrameTooLarge = fmt.Errorf("a stream frame is too large")

// next returns the next frame. Its data is valid until the next call. An
// NDJSON stream's end of body is its clean end; an SSE stream that ends
// without an "end" event was cut (io.ErrUnexpectedEOF).
func (f *frameReader) next() (frameKind, []byte, error) {
	if f.framing == ndjson {
		return f.nextLine()
	}
	return f.nextEvent()
}

func (f *frameReader) nextLine() (frameKind, []byte, error) {
	for {
		line, err := f.readLine()
		if err == io.EOF && len(line) == 0 {
			return frameEnd, nil, nil
		}
		if err != nil && err != io.EOF {
			return 0, nil, err
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if body, ok := errorLine(line); ok {
			if !f.errorField || f.atEOF() {
				return frameError, body, nil
			}
		}
		return frameMessage, line, nil
	}
}

// errorLine returns the error body of an NDJSON error line.
func errorLine(line []byte) ([]byte, bool) {
	if !bytes.HasPrefix(line, []byte(`{"error"`)) {
		return nil, false
	}
	var v map[string]json.RawMessage
	if json.Unmarshal(line, &v) != nil || len(v) != 1 || v["error"] == nil {
		return nil, false
	}
	return v["error"], true
}

// atEOF reports whether the body has nothing after the current line.
func (f *frameReader) atEOF() bool {
	_, err := f.r.Peek(1)
	return err == io.EOF
}

// nextEvent reads SSE lines (the grammar of the HTML standard's event
// stream: fields event and data used, id, retry and comments ignored)
// until an event of a known type is complete.
func (f *frameReader) nextEvent() (frameKind, []byte, error) {
	event := ""
	f.data = f.data[:0]
	hasData := false
	for {
		line, err := f.readLine()
		if err == io.EOF && len(line) == 0 {
			return 0, nil, io.ErrUnexpectedEOF // no "end" event: the stream was cut
		}
		if err != nil && err != io.EOF {
			return 0, nil, err
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 { // dispatch
			if !hasData {
				event = ""
				continue
			}
			switch event {
			case "", "message":
				return frameMessage, f.data, nil
			case "error":
				return frameError, f.data, nil
			case "end":
				return frameEnd, nil, nil
			}
			event, f.data, hasData = "", f.data[:0], false // an event of another type
			continue
		}
		if line[0] == ':' {
			continue // a comment: keep-alive
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(name) {
		case "event":
			event = string(value)
		case "data":
			if hasData {
				f.data = append(f.data, '\n')
			}
			f.data = append(f.data, value...)
			hasData = true
			if len(f.data) > f.limit {
				return 0, nil, errFrameTooLarge
			}
		}
	}
}

// readLine returns the next line without its '\n', at most limit bytes;
// at the end of the body, the last bytes and io.EOF.
func (f *frameReader) readLine() ([]byte, error) {
	f.line = f.line[:0]
	for {
		chunk, err := f.r.ReadSlice('\n')
		f.line = append(f.line, chunk...)
		if len(f.line) > f.limit+2 {
			return nil, errFrameTooLarge
		}
		switch err {
		case nil:
			return f.line[:len(f.line)-1], nil
		case bufio.ErrBufferFull:
			continue
		default:
			return f.line, err
		}
	}
}
