package http

import (
	"fmt"
	"mime"
	"strings"
)

// codecSet holds the codecs added to a server (Codecs) or a client
// (WithCodec), by media type. A nil *codecSet holds none; lookups on it
// cost a nil check, so the built-in codecs stay on their fast paths.
type codecSet struct {
	byType map[string]Codec
	// extra lists the media types that no built-in codec has, in the
	// order added: the reply types negotiation offers beyond the
	// built-in ones.
	extra []string
}

// newCodecSet indexes cs by media type; a later codec replaces an earlier
// one of the same type. It fails on a nil codec or a media type that does
// not parse.
func newCodecSet(cs []Codec) (*codecSet, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	set := &codecSet{byType: make(map[string]Codec, len(cs))}
	for _, c := range cs {
		if c == nil {
			return nil, fmt.Errorf("http: nil Codec")
		}
		mt, _, err := mime.ParseMediaType(c.ContentType())
		if err != nil {
			return nil, fmt.Errorf("http: codec %q: content type %q: %w", c.Name(), c.ContentType(), err)
		}
		if _, seen := set.byType[mt]; !seen && !builtInType(mt) {
			set.extra = append(set.extra, mt)
		}
		set.byType[mt] = c
	}
	return set, nil
}

func builtInType(mt string) bool {
	switch mt {
	case mimeJSON, mimeProto, mimeProtoAlt, mimeForm:
		return true
	}
	return false
}

// lookup returns the added codec for a Content-Type header value, or nil.
func (s *codecSet) lookup(contentType string) Codec {
	if s == nil || contentType == "" {
		return nil
	}
	if c, ok := s.byType[contentType]; ok {
		return c
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil
	}
	return s.byType[strings.ToLower(mt)]
}
