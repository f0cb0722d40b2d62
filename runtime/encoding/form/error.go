package form

import (
	"strconv"
	"strings"
)

// Error reports a query key or value that cannot be bound to a message
// field by [Decoder.Decode], or a field that [Encode] cannot write. The HTTP
// server answers a decoding *Error with 400 Bad Request; its text is safe to
// show the client (it quotes only what the client sent, shortened).
type Error struct {
	// Key is the query key as it was given (Decode) or would have been
	// written (Encode), e.g. "filter.kind" or "labels[env]".
	Key string

	// Value is the offending value, or "" when the key itself is the
	// problem.
	Value string

	// Msg says what is wrong, e.g. "out of range for int32".
	Msg string
}

// maxQuoted bounds how much of a key or value Error quotes.
const maxQuoted = 64

// Error returns `form: key "K": MSG` or `form: key "K", value "V": MSG`,
// with K and V quoted and cut to 64 bytes.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("form: key ")
	b.WriteString(quote(e.Key))
	if e.Value != "" {
		b.WriteString(", value ")
		b.WriteString(quote(e.Value))
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:maxQuoted]) + "..."
}

func keyError(key, msg string) *Error {
	return &Error{Key: key, Msg: msg}
}

func valueError(key, value, msg string) *Error {
	return &Error{Key: key, Value: value, Msg: msg}
}
