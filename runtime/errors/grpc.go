package errors

import (
	"math"
	"strings"
	"unicode/utf8"

	errorsv1 "github.com/bia-go/bia/proto/bia/errors/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
)

// GRPCStatus returns e as a gRPC status using [StandardCodes]; see
// [Error.ToGRPCStatus]. With this method an *Error returned by a gRPC
// handler reaches the client with its gRPC code, reason and metadata.
func (e *Error) GRPCStatus() *status.Status { return e.ToGRPCStatus(StandardCodes()) }

// ToGRPCStatus returns e as a gRPC status with the code m gives for e.Code
// (a nil m means [StandardCodes]) and e.Message as message. A Code outside
// 100–599 maps like 500. An Error is never a success, so if m gives
// codes.OK (as the standard table does for 200) the status uses
// codes.Unknown instead.
//
// The status carries two details: a google.rpc.ErrorInfo with Reason and
// Metadata, which any gRPC client understands, and a Bia bia.errors.v1.Status with
// Code, Reason, Message and Metadata, from which [FromError] restores the
// exact HTTP code even where the table is not one-to-one (422, 418, 502 ...).
// An Error with field violations ([Error.FieldViolations]) carries a third,
// the google.rpc.BadRequest of [Error.BadRequestDetail].
// A Code that does not fit in an int32 travels as 500. Text that is not
// valid UTF-8 is sent with U+FFFD in place of the invalid bytes, as protobuf
// strings must be valid UTF-8.
//
// ToGRPCStatus on a nil *Error returns nil.
func (e *Error) ToGRPCStatus(m CodeMapper) *status.Status {
	if e == nil {
		return nil
	}
	if m == nil {
		m = StandardCodes()
	}
	httpCode := e.Code
	if httpCode < 100 || httpCode > 599 {
		httpCode = 500
	}
	c := m.GRPCCode(httpCode)
	if c == codes.OK {
		c = codes.Unknown
	}
	wireCode := int32(500)
	if e.Code >= math.MinInt32 && e.Code <= math.MaxInt32 {
		wireCode = int32(e.Code)
	}
	reason, message, md := validUTF8(e.Reason), validUTF8(e.Message), validMetadata(e.Metadata)

	st := status.New(c, message)
	details := []protoadapt.MessageV1{
		&errdetails.ErrorInfo{Reason: reason, Metadata: md},
		&errorsv1.Status{Code: wireCode, Reason: reason, Message: message, Metadata: md},
	}
	if br := e.BadRequestDetail(); br != nil {
		details = append(details, br)
	}
	withDetails, err := st.WithDetails(details...)
	if err != nil {
		// Unreachable: the code is not OK and every string is valid UTF-8,
		// the only reasons WithDetails fails. The plain status still has
		// the right code and message.
		return st
	}
	return withDetails
}

// fromStatus converts a gRPC status to an Error, preferring the Bia detail
// over the ErrorInfo detail and the code table.
func fromStatus(st *status.Status, m CodeMapper) *Error {
	var (
		info *errdetails.ErrorInfo
		br   *errdetails.BadRequest
	)
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errorsv1.Status:
			return &Error{
				Code:     int(d.GetCode()),
				Reason:   d.GetReason(),
				Message:  d.GetMessage(),
				Metadata: d.GetMetadata(),
			}
		case *errdetails.ErrorInfo:
			if info == nil {
				info = d
			}
		case *errdetails.BadRequest:
			if br == nil {
				br = d
			}
		}
	}
	c := st.Code()
	if c == codes.OK {
		c = codes.Unknown
	}
	e := &Error{
		Code:     m.HTTPCode(c),
		Reason:   info.GetReason(),
		Message:  st.Message(),
		Metadata: info.GetMetadata(),
	}
	return e.WithBadRequest(br)
}

// validUTF8 replaces invalid UTF-8 sequences in s with U+FFFD.
func validUTF8(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// validMetadata returns md with every key and value made valid UTF-8; it
// returns md itself when nothing needs replacing.
func validMetadata(md map[string]string) map[string]string {
	clean := true
	for k, v := range md {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			clean = false
			break
		}
	}
	if clean {
		return md
	}
	out := make(map[string]string, len(md))
	for k, v := range md {
		out[validUTF8(k)] = validUTF8(v)
	}
	return out
}
