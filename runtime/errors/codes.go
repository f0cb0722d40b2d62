package errors

import (
	"maps"

	"google.golang.org/grpc/codes"
)

// A CodeMapper translates between HTTP status codes and gRPC status codes.
// Transports use one to pick the gRPC code of an [Error] and to turn a gRPC
// status received from a peer back into an HTTP code. Implementations must be
// safe for concurrent use.
type CodeMapper interface {
	// GRPCCode returns the gRPC code for an HTTP status code.
	GRPCCode(httpCode int) codes.Code
	// HTTPCode returns the HTTP status code for a gRPC code.
	HTTPCode(c codes.Code) int
}

// StandardCodes returns the default CodeMapper. It has no state, so it
// cannot be changed; use [NewCodeMapper] to build a different table.
//
// gRPC to HTTP is the table of the google.rpc.Code comments (google/rpc/code.proto),
// the same table grpc-gateway's HTTPStatusFromCode uses:
//
//	OK                  200    CANCELLED           499
//	UNKNOWN             500    INVALID_ARGUMENT    400
//	DEADLINE_EXCEEDED   504    NOT_FOUND           404
//	ALREADY_EXISTS      409    PERMISSION_DENIED   403
//	UNAUTHENTICATED     401    RESOURCE_EXHAUSTED  429
//	FAILED_PRECONDITION 400    ABORTED             409
//	OUT_OF_RANGE        400    UNIMPLEMENTED       501
//	INTERNAL            500    UNAVAILABLE         503
//	DATA_LOSS           500    any other code      500
//
// HTTP to gRPC is the reverse of that table, with the choices Kratos makes
// where several gRPC codes share an HTTP code (400 INVALID_ARGUMENT,
// 409 ABORTED, 500 INTERNAL):
//
//	200 OK                 400 INVALID_ARGUMENT   401 UNAUTHENTICATED
//	403 PERMISSION_DENIED  404 NOT_FOUND          409 ABORTED
//	429 RESOURCE_EXHAUSTED 499 CANCELLED          500 INTERNAL
//	501 UNIMPLEMENTED      502 UNAVAILABLE        503 UNAVAILABLE
//	504 DEADLINE_EXCEEDED  any other code         UNKNOWN
//
// 502, which the semantic table lacks, is taken from grpc/grpc
// doc/http-grpc-status-mapping.md. That document's table is not the default:
// it is meant for clients that receive an HTTP response without grpc-status
// from an intermediary, and says "Servers must not use this table to
// determine an HTTP status code". It maps 400 to INTERNAL, 404 to
// UNIMPLEMENTED and 429 and 504 to UNAVAILABLE, which would lose the meaning
// of errors a Bia service returns on purpose; for 401, 403, 502 and 503 the
// two tables agree.
//
// Codes the table cannot map back one-to-one (UNKNOWN, ALREADY_EXISTS,
// FAILED_PRECONDITION, OUT_OF_RANGE, DATA_LOSS, and HTTP codes such as 422)
// still round-trip between Bia peers: [Error.GRPCStatus] carries the exact
// HTTP code in a detail that [FromError] prefers over the table.
func StandardCodes() CodeMapper { return standardCodes{} }

// standardCodes is the one default table. It is a type without fields: the
// table lives in its methods, so there is no package-level state to change.
type standardCodes struct{}

// HTTPCode implements [CodeMapper].
func (standardCodes) HTTPCode(c codes.Code) int {
	switch c {
	case codes.OK:
		return 200
	case codes.Canceled:
		return 499
	case codes.Unknown:
		return 500
	case codes.InvalidArgument:
		return 400
	case codes.DeadlineExceeded:
		return 504
	case codes.NotFound:
		return 404
	case codes.AlreadyExists:
		return 409
	case codes.PermissionDenied:
		return 403
	case codes.Unauthenticated:
		return 401
	case codes.ResourceExhausted:
		return 429
	case codes.FailedPrecondition:
		return 400
	case codes.Aborted:
		return 409
	case codes.OutOfRange:
		return 400
	case codes.Unimplemented:
		return 501
	case codes.Internal:
		return 500
	case codes.Unavailable:
		return 503
	case codes.DataLoss:
		return 500
	default:
		return 500
	}
}

// GRPCCode implements [CodeMapper].
func (standardCodes) GRPCCode(httpCode int) codes.Code {
	switch httpCode {
	case 200:
		return codes.OK
	case 400:
		return codes.InvalidArgument
	case 401:
		return codes.Unauthenticated
	case 403:
		return codes.PermissionDenied
	case 404:
		return codes.NotFound
	case 409:
		return codes.Aborted
	case 429:
		return codes.ResourceExhausted
	case 499:
		return codes.Canceled
	case 500:
		return codes.Internal
	case 501:
		return codes.Unimplemented
	case 502:
		return codes.Unavailable
	case 503:
		return codes.Unavailable
	case 504:
		return codes.DeadlineExceeded
	default:
		return codes.Unknown
	}
}

// NewCodeMapper returns a CodeMapper that looks codes up in grpcToHTTP and
// httpToGRPC first and asks fallback for codes the maps do not hold. Pass
// [StandardCodes] as fallback to change a few entries of the default table;
// with a nil fallback, codes missing from the maps map to 500 and
// codes.Unknown. The maps are copied, so changing them afterwards does not
// change the mapper.
//
// For example, a service that wants 422 to travel as FAILED_PRECONDITION to
// gRPC clients that are not Bia peers:
//
//	m := errors.NewCodeMapper(nil, map[int]codes.Code{422: codes.FailedPrecondition}, errors.StandardCodes())
func NewCodeMapper(grpcToHTTP map[codes.Code]int, httpToGRPC map[int]codes.Code, fallback CodeMapper) CodeMapper {
	return &tableMapper{
		toHTTP:   maps.Clone(grpcToHTTP),
		toGRPC:   maps.Clone(httpToGRPC),
		fallback: fallback,
	}
}

// tableMapper is the CodeMapper NewCodeMapper builds. Its maps are private
// copies that are only read after construction.
type tableMapper struct {
	toHTTP   map[codes.Code]int
	toGRPC   map[int]codes.Code
	fallback CodeMapper
}

// HTTPCode implements [CodeMapper].
func (t *tableMapper) HTTPCode(c codes.Code) int {
	if h, ok := t.toHTTP[c]; ok {
		return h
	}
	if t.fallback != nil {
		return t.fallback.HTTPCode(c)
	}
	return 500
}

// GRPCCode implements [CodeMapper].
func (t *tableMapper) GRPCCode(httpCode int) codes.Code {
	if c, ok := t.toGRPC[httpCode]; ok {
		return c
	}
	if t.fallback != nil {
		return t.fallback.GRPCCode(httpCode)
	}
	return codes.Unknown
}
