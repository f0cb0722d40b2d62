// Package protovalidate is protovalidate's rule engine for Bia's validation
// middleware: it checks request messages against their buf.validate
// annotations ((buf.validate.field), (buf.validate.message) CEL rules,
// (buf.validate.oneof)) with buf.build/go/protovalidate, and reports every
// violation with its field path, rule id and message.
//
//	rules, err := protovalidate.Rules()
//	if err != nil {
//		return err
//	}
//	srv := http.NewServer(http.Middleware(validate.Validator(validate.WithRules(rules))))
//
// It is a Go module of its own, so services that validate with
// protoc-gen-validate alone do not link protovalidate's CEL interpreter.
package protovalidate
