package errors

import (
	"context"
	stderrors "errors"
	"fmt"
	"maps"

	"google.golang.org/grpc/status"
)

// Error is the error a Bia service returns to its callers. Transports send
// Code, Reason, Message and Metadata to the peer: over HTTP as the response
// status and body, over gRPC as a status (see [Error.GRPCStatus]). The cause
// set by [Error.WithCause] stays in the process.
//
// Treat an Error as immutable once it is shared: the With methods return
// modified copies.
type Error struct {
	// Code is an HTTP status code, also used as the HTTP response status.
	// Transports never write a code outside 100–599 as an HTTP status: they
	// send 500 instead, and gRPC maps such a code like 500.
	Code int
	// Reason is a stable, machine-readable cause in UPPER_SNAKE_CASE, such
	// as "USER_NOT_FOUND". Programs match on Code and Reason.
	Reason string
	// Message explains the error to humans; programs never parse it.
	Message string
	// Metadata holds structured details sent along with the error.
	Metadata map[string]string

	cause error
}

// New returns an Error with the given HTTP status code, reason and message.
func New(code int, reason, message string) *Error {
	return &Error{Code: code, Reason: reason, Message: message}
}

// Newf is [New] with a message formatted by [fmt.Sprintf].
func Newf(code int, reason, format string, a ...any) *Error {
	return New(code, reason, fmt.Sprintf(format, a...))
}

// Errorf is [Newf] returned as an error, as in Kratos's errors package.
func Errorf(code int, reason, format string, a ...any) error {
	return Newf(code, reason, format, a...)
}

// Clone returns a copy of e with its own Metadata map, or nil for a nil
// e, as in Kratos's errors package.
func Clone(e *Error) *Error {
	if e == nil {
		return nil
	}
	c := *e
	c.Metadata = maps.Clone(e.Metadata)
	return &c
}

// Error returns all fields in one line, for logs:
//
//	error: code = 404 reason = USER_NOT_FOUND message = no such user metadata = map[id:7] cause = <nil>
//
// A nil *Error gives "<nil>".
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("error: code = %d reason = %s message = %s metadata = %v cause = %v",
		e.Code, e.Reason, e.Message, e.Metadata, e.cause)
}

// Unwrap returns the cause set by [Error.WithCause], or nil.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.cause
}

// Is reports whether target is an *Error with the same Code and Reason, so
// [errors.Is] matches errors against a sentinel *Error whatever their
// messages, metadata and causes.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && e != nil && t != nil && t.Code == e.Code && t.Reason == e.Reason
}

// WithMetadata returns a copy of e whose Metadata is a copy of md; e is not
// changed, and later changes to md do not reach the copy.
func (e *Error) WithMetadata(md map[string]string) *Error {
	c := *e
	c.Metadata = maps.Clone(md)
	return &c
}

// WithCause returns a copy of e with cause as the error [Error.Unwrap]
// returns; e is not changed. The copy has its own Metadata map.
func (e *Error) WithCause(cause error) *Error {
	c := *e
	c.Metadata = maps.Clone(e.Metadata)
	c.cause = cause
	return &c
}

// FromError converts err to an *Error using [StandardCodes]:
//
//   - nil gives nil.
//   - If an *Error is in err's chain ([errors.As]), that Error is returned
//     as is.
//   - If err is or wraps a gRPC status error (see [GRPCStatusOf]), the
//     Error comes from the Bia status detail
//     [Error.GRPCStatus] attaches, which keeps the exact HTTP code. Without
//     that detail, Code is the status code through the table, Message the
//     status message, and Reason and Metadata come from a
//     google.rpc.ErrorInfo detail (empty without one). The message is the
//     status's own, never the text of errors wrapping it, which may hold
//     what only the server should see. A status with
//     codes.OK, which no status error carries, is read as codes.Unknown: a
//     non-nil error is never a success.
//   - [context.Canceled] in the chain gives 499 "CLIENT_CLOSED" and
//     [context.DeadlineExceeded] 504 "GATEWAY_TIMEOUT", with the context
//     error's own text as Message.
//   - Any other error gives 500 "INTERNAL" with err.Error() as Message.
//
// Except for an *Error found in the chain, the returned Error has err as its
// cause, so errors.Is(FromError(err), context.Canceled) still holds.
func FromError(err error) *Error { return FromErrorWith(err, StandardCodes()) }

// FromErrorWith is [FromError] with another code table; a nil m means
// [StandardCodes].
func FromErrorWith(err error, m CodeMapper) *Error { return convert(err, m, false) }

// Public returns the form of err a transport may send to a peer, using
// [StandardCodes]. It is [FromError], except that an error which is neither
// an *Error, a gRPC status nor a context error becomes 500 "INTERNAL" with
// the message "internal server error": the text of a non-Bia error never
// leaks to clients. The original error stays the cause, for server-side
// logging.
func Public(err error) *Error { return PublicWith(err, StandardCodes()) }

// PublicWith is [Public] with another code table; a nil m means
// [StandardCodes].
func PublicWith(err error, m CodeMapper) *Error { return convert(err, m, true) }

func convert(err error, m CodeMapper, public bool) *Error {
	if err == nil {
		return nil
	}
	if m == nil {
		m = StandardCodes()
	}
	var e *Error
	if stderrors.As(err, &e) && e != nil {
		return e
	}
	if st, ok := GRPCStatusOf(err); ok {
		e := fromStatus(st, m)
		e.cause = err
		return e
	}
	switch {
	case stderrors.Is(err, context.Canceled):
		return &Error{Code: 499, Reason: ReasonClientClosed, Message: context.Canceled.Error(), cause: err}
	case stderrors.Is(err, context.DeadlineExceeded):
		return &Error{Code: 504, Reason: ReasonGatewayTimeout, Message: context.DeadlineExceeded.Error(), cause: err}
	case public:
		return &Error{Code: 500, Reason: ReasonInternal, Message: messageInternal, cause: err}
	default:
		return &Error{Code: 500, Reason: ReasonInternal, Message: err.Error(), cause: err}
	}
}

// Code returns the HTTP status code of err as [FromError] sees it; nil gives
// 200.
func Code(err error) int {
	if err == nil {
		return 200
	}
	return FromError(err).Code
}

// Reason returns the reason of err as [FromError] sees it; nil gives "".
func Reason(err error) string {
	if err == nil {
		return ""
	}
	return FromError(err).Reason
}

// Match reports whether err is non-nil and [FromError] gives it the code
// and reason. Code generated by protoc-gen-go-errors implements its IsXxx
// functions with Match.
func Match(err error, code int, reason string) bool {
	e := FromError(err)
	return e != nil && e.Code == code && e.Reason == reason
}

// Is reports whether any error in err's tree matches target; it is the
// standard library's [errors.Is], here so one import serves Kratos users.
func Is(err, target error) bool { return stderrors.Is(err, target) }

// As finds the first error in err's tree that matches target and sets
// target to it; it is the standard library's [errors.As].
func As(err error, target any) bool { return stderrors.As(err, target) }

// Unwrap returns the result of calling err's Unwrap method, or nil; it is
// the standard library's [errors.Unwrap].
func Unwrap(err error) error { return stderrors.Unwrap(err) }

// Join returns an error that wraps errs, discarding nils; it is the
// standard library's [errors.Join].
func Join(errs ...error) error { return stderrors.Join(errs...) }

// GRPCStatusOf returns the gRPC status of the first error in err's chain
// that has one (a GRPCStatus method returning non-nil), with that status's
// own message. Unlike [status.FromError], which gives a wrapped status the
// whole err.Error() text as its message, it never adds the text of the
// errors wrapping the status: fmt.Errorf("db password %s: %w", pw,
// status.Error(codes.NotFound, "no such user")) gives NotFound "no such
// user". Transports send what it returns to peers. ok is false when no
// error in the chain carries a status.
func GRPCStatusOf(err error) (st *status.Status, ok bool) {
	var gs interface{ GRPCStatus() *status.Status }
	if !stderrors.As(err, &gs) {
		return nil, false
	}
	if st = gs.GRPCStatus(); st == nil {
		return nil, false
	}
	return st, true
}
