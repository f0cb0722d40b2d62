// Package jsonname converts field mask paths between proto field names
// (snake_case) and their proto3 JSON form (lowerCamel), the one rule the
// JSON codec and the query binder share:
//
//	jsonname.AppendCamel(nil, "update_time") // "updateTime"
//	jsonname.AppendSnake(nil, "updateTime")  // "update_time"
//
// Neither checks that the conversion can be reversed; callers that must
// (protojson rejects such paths) check it themselves.
package jsonname

// AppendCamel appends s without its underscores, a lower-case ASCII letter
// right after an underscore made upper case.
func AppendCamel(b []byte, s string) []byte {
	under := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			under = true
			continue
		}
		if under && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		under = false
		b = append(b, c)
	}
	return b
}

// AppendSnake appends s with each ASCII upper-case letter turned into '_'
// and its lower case.
func AppendSnake(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			b = append(b, '_', c+'a'-'A')
			continue
		}
		b = append(b, c)
	}
	return b
}
