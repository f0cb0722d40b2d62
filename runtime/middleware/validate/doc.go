// Package validate is the request validation middleware: it checks every
// request message against its rules before the handler runs, the same on
// HTTP and gRPC servers, and fails the call with 400 VALIDATION carrying
// every violation, each with its field path, rule id and message.
//
// Rules come from protoc-gen-validate (the ValidateAll or Validate method
// it generates; its violations are named with protovalidate's rule ids,
// read back from PGV's words and the field's annotations), from
// protovalidate's buf.validate annotations (the rule engine of the module
// github.com/bia-go/bia/contrib/validate/protovalidate, added with
// WithRules), and from functions of the service's own (WithFunc):
//
//	mw := validate.Validator(
//		validate.WithFunc(func(ctx context.Context, m proto.Message) ([]errors.FieldViolation, error) {
//			if r, ok := m.(*pb.CreateUserRequest); ok && r.GetName() == "admin" {
//				return []errors.FieldViolation{{Field: "name", Rule: "name.reserved", Message: "is reserved"}}, nil
//			}
//			return nil, nil
//		}),
//	)
//	srv := http.NewServer(http.Middleware(recovery.Recovery(), mw))
//
// A failed call's error carries the violations; a client reads them with
// errors.FromError(err).FieldViolations(). Over HTTP the default error
// body holds them in metadata:
//
//	{"code": 400, "reason": "VALIDATION",
//	 "message": "invalid request: name: value length must be at least 1 runes",
//	 "metadata": {"violations": "1", "violation_0_field": "name",
//	              "violation_0_rule": "string.min_len",
//	              "violation_0_message": "value length must be at least 1 runes"}}
//
// and the google.rpc.Status body, like gRPC's InvalidArgument status, adds
// a google.rpc.BadRequest detail with one field violation each.
package validate
