package errors

// Constructors and predicates for the standard classes of errors, by HTTP
// status code. The predicates look at the code [FromError] gives, so they
// also recognise gRPC statuses and context errors: IsClientClosed is true for
// context.Canceled, IsGatewayTimeout for context.DeadlineExceeded.

// BadRequest returns a 400 Bad Request Error: the request is malformed or invalid.
func BadRequest(reason, message string) *Error { return New(400, reason, message) }

// IsBadRequest reports whether err is a 400 Bad Request error.
func IsBadRequest(err error) bool { return Code(err) == 400 }

// Unauthorized returns a 401 Unauthorized Error: the caller is not authenticated.
func Unauthorized(reason, message string) *Error { return New(401, reason, message) }

// IsUnauthorized reports whether err is a 401 Unauthorized error.
func IsUnauthorized(err error) bool { return Code(err) == 401 }

// Forbidden returns a 403 Forbidden Error: the caller may not do this.
func Forbidden(reason, message string) *Error { return New(403, reason, message) }

// IsForbidden reports whether err is a 403 Forbidden error.
func IsForbidden(err error) bool { return Code(err) == 403 }

// NotFound returns a 404 Not Found Error: the resource does not exist.
func NotFound(reason, message string) *Error { return New(404, reason, message) }

// IsNotFound reports whether err is a 404 Not Found error.
func IsNotFound(err error) bool { return Code(err) == 404 }

// Conflict returns a 409 Conflict Error: the request conflicts with the current state.
func Conflict(reason, message string) *Error { return New(409, reason, message) }

// IsConflict reports whether err is a 409 Conflict error.
func IsConflict(err error) bool { return Code(err) == 409 }

// TooManyRequests returns a 429 Too Many Requests Error: the caller is rate limited or a quota is exhausted.
func TooManyRequests(reason, message string) *Error { return New(429, reason, message) }

// IsTooManyRequests reports whether err is a 429 Too Many Requests error.
func IsTooManyRequests(err error) bool { return Code(err) == 429 }

// ClientClosed returns a 499 Client Closed Request Error: the caller went away before the reply.
func ClientClosed(reason, message string) *Error { return New(499, reason, message) }

// IsClientClosed reports whether err is a 499 Client Closed Request error.
func IsClientClosed(err error) bool { return Code(err) == 499 }

// InternalServer returns a 500 Internal Server Error Error: the server failed.
func InternalServer(reason, message string) *Error { return New(500, reason, message) }

// IsInternalServer reports whether err is a 500 Internal Server Error error.
func IsInternalServer(err error) bool { return Code(err) == 500 }

// NotImplemented returns a 501 Not Implemented Error: the server does not implement the operation.
func NotImplemented(reason, message string) *Error { return New(501, reason, message) }

// IsNotImplemented reports whether err is a 501 Not Implemented error.
func IsNotImplemented(err error) bool { return Code(err) == 501 }

// ServiceUnavailable returns a 503 Service Unavailable Error: the service cannot serve now; retry later.
func ServiceUnavailable(reason, message string) *Error { return New(503, reason, message) }

// IsServiceUnavailable reports whether err is a 503 Service Unavailable error.
func IsServiceUnavailable(err error) bool { return Code(err) == 503 }

// GatewayTimeout returns a 504 Gateway Timeout Error: an upstream or the deadline timed out.
func GatewayTimeout(reason, message string) *Error { return New(504, reason, message) }

// IsGatewayTimeout reports whether err is a 504 Gateway Timeout error.
func IsGatewayTimeout(err error) bool { return Code(err) == 504 }
