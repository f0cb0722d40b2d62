// Package logging logs one slog record per call: the transport kind, the
// operation, the code and reason of the result, the latency and, for a
// failed call, the error text. Successful calls log at Info, 4xx errors at
// Warn and 5xx errors at Error.
//
//	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
//	server := middleware.Chain(recovery.Recovery(), logging.Server(logger))
//	client := middleware.Chain(logging.Client(logger))
//
// A served call that fails with errors.NotFound("USER_NOT_FOUND", "no such
// user") over gRPC logs:
//
//	{"time":"…","level":"WARN","msg":"server call","kind":"grpc",
//	 "operation":"/users.v1.Users/Get","code":404,"reason":"USER_NOT_FOUND",
//	 "latency":1250000,"error":"error: code = 404 reason = USER_NOT_FOUND …"}
package logging
