package http

import (
	"strconv"
	"strings"
)

// negotiate returns the medium of a reply for an Accept header: the reply
// type with the highest q-value (on ties, the first of the table's offers:
// JSON, then binary protobuf, then the types of added codecs); anything
// but JSON only when message is set (the reply is a message: repeated,
// map and scalar response_body fields are JSON only). An Accept header
// that matches no offer gets JSON anyway, as grpc-gateway and Kratos do: a
// readable reply is more useful than 406. It does not allocate.
func (t *mediaTable) negotiate(accept string, message bool) *medium {
	if accept == "" || !message {
		return t.json
	}
	best, bestQ := t.json, 0.0
	for _, m := range t.offers {
		if q := acceptQ(accept, m.mediaType); q > bestQ {
			best, bestQ = m, q
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
