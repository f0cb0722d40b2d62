package http

import (
	"mime"
	"strconv"
	"strings"
)

// Media types the server reads and writes.
const (
	mimeJSON     = "application/json"
	mimeProto    = "application/x-protobuf"
	mimeProtoAlt = "application/proto"
	mimeForm     = "application/x-www-form-urlencoded"
	mimeOctet    = "application/octet-stream"
)

// format is a body encoding.
type format uint8

const (
	formatJSON format = iota
	formatProto
	formatForm
	formatCodec // a codec added with Codecs or WithCodec
)

// requestFormat returns the format of a request body from its Content-Type
// header: JSON when the header is absent, an error naming the type when the
// type is not supported or its charset is not UTF-8.
func requestFormat(contentType string) (format, error) {
	switch contentType { // the common spellings, without parsing
	case "", mimeJSON, "application/json; charset=utf-8", "application/json;charset=utf-8":
		return formatJSON, nil
	case mimeProto, mimeProtoAlt:
		return formatProto, nil
	case mimeForm:
		return formatForm, nil
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, unsupportedType(contentType, "it cannot be parsed")
	}
	var f format
	switch mt {
	case mimeJSON:
		f = formatJSON
	case mimeProto, mimeProtoAlt:
		return formatProto, nil
	case mimeForm:
		f = formatForm
	default:
		return 0, unsupportedType(contentType, "this route reads "+mimeJSON+", "+mimeProto+", "+mimeProtoAlt+" and "+mimeForm)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return 0, unsupportedType(contentType, "only the utf-8 charset is supported")
	}
	return f, nil
}

// reply offers, in order of preference when an Accept header ranks several
// equally.
var replyOffers = [...]string{mimeJSON, mimeProto, mimeProtoAlt}

// negotiate returns the media type of a reply for an Accept header: the
// offer with the highest q-value (JSON first on ties, then binary
// protobuf, then the types of added codecs), anything but JSON only when
// binaryOK (the reply is a message). An Accept that matches no offer gets
// JSON anyway, as grpc-gateway and Kratos do: a readable error-free reply
// is more useful than 406. It does not allocate.
func negotiate(accept string, binaryOK bool, codecs *codecSet) string {
	if accept == "" {
		return mimeJSON
	}
	best, bestQ := mimeJSON, 0.0
	for _, offer := range replyOffers {
		if !binaryOK && offer != mimeJSON {
			break
		}
		if q := acceptQ(accept, offer); q > bestQ {
			best, bestQ = offer, q
		}
	}
	if binaryOK && codecs != nil {
		for _, offer := range codecs.extra {
			if q := acceptQ(accept, offer); q > bestQ {
				best, bestQ = offer, q
			}
		}
	}
	return best
}

// acceptQ returns the q-value the most specific media range of accept
// matching offer gives it (RFC 9110 §12.5.1), or 0 when none matches.
func acceptQ(accept, offer string) float64 {
	otype, osub, _ := strings.Cut(offer, "/")
	bestSpec, q := 0, 0.0
	for accept != "" {
		var part string
		part, accept, _ = strings.Cut(accept, ",")
		rng, params, _ := strings.Cut(part, ";")
		rtype, rsub, _ := strings.Cut(strings.TrimSpace(rng), "/")
		var spec int
		switch {
		case rtype == "*" && rsub == "*":
			spec = 1
		case !strings.EqualFold(rtype, otype):
			continue
		case rsub == "*":
			spec = 2
		case strings.EqualFold(rsub, osub):
			spec = 3
		default:
			continue
		}
		if spec < bestSpec {
			continue
		}
		pq := qValue(params)
		if spec > bestSpec || pq > q {
			bestSpec, q = spec, pq
		}
	}
	return q
}

// qValue returns the q parameter of a media range's parameters, 1 when
// absent, 0 when malformed.
func qValue(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}
