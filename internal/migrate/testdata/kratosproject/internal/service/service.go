// Package service is business logic written against Kratos's packages.
package service

import (
	"context"
	"encoding/json"

	"github.com/go-kratos/kratos/v2/errors"
	"github.com/go-kratos/kratos/v2/metadata"
	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/go-kratos/kratos/v2/transport"
	"github.com/go-kratos/kratos/v2/transport/http"
)

// ErrNoUser is a typed error.
var ErrNoUser = errors.NotFound("USER_NOT_FOUND", "no such user")

// Find fails for every name but "ann".
func Find(name string) error {
	if name != "ann" {
		return errors.Newf(404, "USER_NOT_FOUND", "no user %s", name)
	}
	return nil
}

// Reason returns the reason of an error.
func Reason(err error) (string, int) {
	e := errors.FromError(err)
	return e.Reason, errors.Code(err)
}

// Auth is a middleware reading the caller's metadata and transport.
func Auth(next middleware.Handler) middleware.Handler {
	return func(ctx context.Context, req interface{}) (interface{}, error) {
		if tr, ok := transport.FromServerContext(ctx); ok && tr.RequestHeader().Get("Authorization") == "" {
			if md, ok := metadata.FromServerContext(ctx); !ok || md.Get("x-md-global-user") == "" {
				return nil, errors.Unauthorized("NO_TOKEN", "a token is required")
			}
		}
		return next(ctx, req)
	}
}

// EncodeResponse writes replies as JSON: a Kratos response encoder.
func EncodeResponse(w http.ResponseWriter, r *http.Request, v interface{}) error {
	return json.NewEncoder(w).Encode(v)
}

// status is the Kratos wire form of an error.
var status = &errors.Status{Code: 404}

// StatusCode returns the code of the wire form.
func StatusCode() int32 { return status.Code }
