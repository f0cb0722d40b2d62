package errors

// The reasons of the errors Bia itself produces: the transports, the
// middleware and the conversions of this package. They are the one list of
// such reasons; every Bia package uses these constants, so a client can
// match on them (errors.Match(err, 404, errors.ReasonNotFound)) and a
// service's own reasons never need to guess at Bia's spelling.
const (
	// ReasonInvalidArgument: the request cannot be bound to the request
	// message (a bad path variable, query parameter or body), or a client
	// cannot write its request message into a request (400).
	ReasonInvalidArgument = "INVALID_ARGUMENT"
	// ReasonValidation: the request message broke validation rules; the
	// error's field violations say which (400).
	ReasonValidation = "VALIDATION"
	// ReasonNotFound: no route matches the request path (404).
	ReasonNotFound = "NOT_FOUND"
	// ReasonMethodNotAllowed: routes match the path, none the method (405).
	ReasonMethodNotAllowed = "METHOD_NOT_ALLOWED"
	// ReasonRequestTimeout: the client stopped sending the request body
	// for longer than the server's body read idle timeout (408).
	ReasonRequestTimeout = "REQUEST_TIMEOUT"
	// ReasonPayloadTooLarge: the request body is over the server's limit
	// (413).
	ReasonPayloadTooLarge = "PAYLOAD_TOO_LARGE"
	// ReasonUnsupportedMediaType: the body's Content-Type is not one the
	// route reads (415).
	ReasonUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	// ReasonUpgradeRequired: a client- or bidi-streaming route was asked
	// for without a WebSocket handshake (426).
	ReasonUpgradeRequired = "UPGRADE_REQUIRED"
	// ReasonProtocol: a WebSocket peer broke the stream's protocol: a
	// message after its half-close, a frame over the size limit, a close
	// without the error frame it announces (400 from a client, 502 from
	// a server).
	ReasonProtocol = "STREAM_PROTOCOL"
	// ReasonClientClosed: the caller went away (its context was cancelled)
	// before the reply, or a client was used after Close (499).
	ReasonClientClosed = "CLIENT_CLOSED"
	// ReasonInternal: the handler failed with an error that is not a Bia
	// error, panicked, or its reply could not be encoded; a client could
	// not decode a reply (500).
	ReasonInternal = "INTERNAL"
	// ReasonUnavailable: a client could not send its request or read the
	// reply: the server is unreachable, the connection broke (503).
	ReasonUnavailable = "UNAVAILABLE"
	// ReasonNoInstances: a client routed by service discovery found no
	// instance of the service (or none its filters accept) to send the
	// call to (503).
	ReasonNoInstances = "NO_INSTANCES"
	// ReasonGatewayTimeout: the call's deadline passed (504).
	ReasonGatewayTimeout = "GATEWAY_TIMEOUT"
)

// messageInternal is the message of an error whose own text must not reach
// a peer.
const messageInternal = "internal server error"
