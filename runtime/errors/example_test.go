package errors_test

import (
	"context"
	"fmt"

	"github.com/bia-go/bia/runtime/errors"
	"google.golang.org/grpc/codes"
)

// ErrUserNotFound is a sentinel to match errors against with errors.Is.
var ErrUserNotFound = errors.NotFound("USER_NOT_FOUND", "user not found")

func findUser(id string) error {
	return fmt.Errorf("find user: %w", errors.NotFound("USER_NOT_FOUND", "no user "+id).
		WithMetadata(map[string]string{"id": id}))
}

func Example() {
	err := findUser("7")

	fmt.Println(errors.IsNotFound(err), errors.Is(err, ErrUserNotFound))
	fmt.Println(errors.Match(err, 404, "USER_NOT_FOUND"))

	e := errors.FromError(err)
	fmt.Println(e.Code, e.Reason, e.Message, e.Metadata)

	// Over gRPC the error becomes a status and comes back unchanged.
	st := e.GRPCStatus()
	fmt.Println(st.Code())
	fmt.Println(errors.FromError(st.Err()).Metadata["id"])

	// Context errors have their own classes.
	fmt.Println(errors.Code(context.Canceled), errors.Reason(context.DeadlineExceeded))
	// Output:
	// true true
	// true
	// 404 USER_NOT_FOUND no user 7 map[id:7]
	// NotFound
	// 7
	// 499 GATEWAY_TIMEOUT
}

func ExamplePublic() {
	err := fmt.Errorf("query users: %w", fmt.Errorf("dial tcp 10.0.0.3:5432: connection refused"))
	e := errors.Public(err)
	fmt.Println(e.Code, e.Reason, e.Message)
	fmt.Println(errors.Unwrap(e) == err)
	// Output:
	// 500 INTERNAL internal server error
	// true
}

func ExampleNewCodeMapper() {
	// Send 422 to plain gRPC clients as FAILED_PRECONDITION; keep the rest
	// of the standard table.
	m := errors.NewCodeMapper(nil, map[int]codes.Code{422: codes.FailedPrecondition}, errors.StandardCodes())
	e := errors.New(422, "STALE_VERSION", "version 3 is stale")
	fmt.Println(e.ToGRPCStatus(m).Code(), e.GRPCStatus().Code())
	// Output:
	// FailedPrecondition Unknown
}
