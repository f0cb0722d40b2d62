package http

import (
	"net/url"
	"strings"
)

// Path variable values cross the wire percent-encoded, following the
// comments of google/api/http.proto:
//
//   - a single-segment variable ({name}, {name=*}) is encoded whole: every
//     byte but [-_.~0-9A-Za-z] is escaped, '/' included, and the server
//     decodes every escape;
//   - a multi-segment variable ({name=shelves/*}, {path=**}) keeps '/'
//     between its segments: the client escapes every byte but
//     [-_.~/0-9A-Za-z], and the server decodes every escape except %2F
//     (and %2f), which stays as written, so a '/' inside a segment is told
//     apart from the '/' between segments.
//
// With these rules any value round-trips through a Bia client and server
// unchanged.

// decodeSingle decodes the raw value of a single-segment variable.
func decodeSingle(raw string) (string, error) { return url.PathUnescape(raw) }

// decodeMulti decodes the raw value of a multi-segment variable: every
// escape but %2F and %2f.
func decodeMulti(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", url.EscapeError(s[i:min(i+3, len(s))])
		}
		if c := unhex(s[i+1])<<4 | unhex(s[i+2]); c == '/' {
			b.WriteString(s[i : i+3])
		} else {
			b.WriteByte(c)
		}
		i += 2
	}
	return b.String(), nil
}

// decodeVar decodes the raw value of a variable.
func decodeVar(raw string, multi bool) (string, error) {
	if multi {
		return decodeMulti(raw)
	}
	return decodeSingle(raw)
}

// unescapeInto appends the percent-decoded s to dst; ok is false when s has
// an invalid escape. The router decodes literal segments with it into
// stack buffers.
func unescapeInto(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			dst = append(dst, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return nil, false
		}
		dst = append(dst, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return dst, true
}

// escapeVar appends the value s of a variable, escaped for a request path:
// whole for a single-segment variable; for a multi-segment one, segment by
// segment, '/' kept between them. A segment "." or ".." is escaped too
// (%2E), so that nothing on the way normalizes it away.
func escapeVar(b *strings.Builder, s string, multi bool) {
	if !multi {
		escapeSegment(b, s)
		return
	}
	for i, part := range strings.Split(s, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		escapeSegment(b, part)
	}
}

// escapeSegment appends s with every byte but [-_.~0-9A-Za-z] escaped.
func escapeSegment(b *strings.Builder, s string) {
	if s == "." || s == ".." {
		b.WriteString(strings.Repeat("%2E", len(s)))
		return
	}
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
