package errors

import (
	"strconv"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
)

// FieldViolation is a request field that broke a validation rule, as the
// validation middleware reports it and clients read it back.
type FieldViolation struct {
	// Field is the path of the field in proto names, with list indexes
	// and map keys: "name", "items[2].name", `labels["k"]`. It is "" for a
	// rule on the whole message.
	Field string
	// Rule identifies the broken rule: a protovalidate rule id such as
	// "string.min_len" or "repeated.unique", the id of a CEL rule, or ""
	// when the validator gives none.
	Rule string
	// Message says what is wrong, for humans.
	Message string
}

// The metadata keys of field violations. An Error carries its violations
// in Metadata, so they travel in every error format and over both
// transports unchanged: "violations" is their number n, and for i from 0
// to n-1 "violation_<i>_field", "violation_<i>_rule" and
// "violation_<i>_message" hold violation i. The keys match
// google.rpc.ErrorInfo's [a-z][a-zA-Z0-9-_]+, so they survive gRPC too.
const (
	metadataViolations      = "violations"
	metadataViolationPrefix = "violation_"
)

// WithFieldViolations returns a copy of e whose Metadata holds vs, in the
// scheme above, in place of any violations e held; e is not changed.
func (e *Error) WithFieldViolations(vs []FieldViolation) *Error {
	c := *e
	c.Metadata = make(map[string]string, len(e.Metadata)+1+3*len(vs))
	for k, v := range e.Metadata {
		if k != metadataViolations && !strings.HasPrefix(k, metadataViolationPrefix) {
			c.Metadata[k] = v
		}
	}
	c.Metadata[metadataViolations] = strconv.Itoa(len(vs))
	for i, v := range vs {
		p := metadataViolationPrefix + strconv.Itoa(i) + "_"
		c.Metadata[p+"field"] = v.Field
		c.Metadata[p+"rule"] = v.Rule
		c.Metadata[p+"message"] = v.Message
	}
	return &c
}

// FieldViolations returns the field violations e's Metadata holds, in
// order, or nil. It reads what WithFieldViolations wrote, also after the
// error crossed a transport: errors.FromError(err).FieldViolations() on
// the client side of a call that failed validation.
func (e *Error) FieldViolations() []FieldViolation {
	if e == nil {
		return nil
	}
	n, err := strconv.Atoi(e.Metadata[metadataViolations])
	if err != nil || n <= 0 {
		return nil
	}
	n = min(n, len(e.Metadata)) // a count no metadata backs allocates nothing
	vs := make([]FieldViolation, 0, n)
	for i := range n {
		p := metadataViolationPrefix + strconv.Itoa(i) + "_"
		vs = append(vs, FieldViolation{Field: e.Metadata[p+"field"], Rule: e.Metadata[p+"rule"], Message: e.Metadata[p+"message"]})
	}
	return vs
}

// BadRequestDetail returns e's field violations as a google.rpc.BadRequest,
// the detail gRPC and google.rpc.Status clients understand, or nil when e
// has none. A violation's rule becomes the field violation's reason in
// UPPER_SNAKE_CASE ("string.min_len" → "STRING_MIN_LEN"), as the detail's
// documentation asks; the exact rule still travels in the metadata.
func (e *Error) BadRequestDetail() *errdetails.BadRequest {
	vs := e.FieldViolations()
	if len(vs) == 0 {
		return nil
	}
	br := &errdetails.BadRequest{FieldViolations: make([]*errdetails.BadRequest_FieldViolation, len(vs))}
	for i, v := range vs {
		br.FieldViolations[i] = &errdetails.BadRequest_FieldViolation{
			Field:       validUTF8(v.Field),
			Description: validUTF8(v.Message),
			Reason:      upperSnake(v.Rule),
		}
	}
	return br
}

// WithBadRequest returns e with the field violations of a
// google.rpc.BadRequest detail in its Metadata (see FieldViolations),
// unless e holds violations already (a Bia peer sent the exact ones).
// Transports call it when they read an error from a peer.
func (e *Error) WithBadRequest(br *errdetails.BadRequest) *Error {
	if br == nil || len(br.GetFieldViolations()) == 0 || e.Metadata[metadataViolations] != "" {
		return e
	}
	vs := make([]FieldViolation, len(br.GetFieldViolations()))
	for i, v := range br.GetFieldViolations() {
		vs[i] = FieldViolation{Field: v.GetField(), Rule: v.GetReason(), Message: v.GetDescription()}
	}
	return e.WithFieldViolations(vs)
}

// upperSnake turns a rule id into UPPER_SNAKE_CASE: letters and digits
// upper-cased, runs of anything else one '_'.
func upperSnake(s string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
			fallthrough
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		default:
			under = true
		}
	}
	return b.String()
}
