package http

import (
	"fmt"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/httprule"
)

// Rule is one HTTP binding of an RPC method: one google.api.http rule or
// additional binding. Generated code declares one per binding, once, and
// passes it to HandleUnary and NewUnaryClient.
type Rule struct {
	// Method is "GET", "PUT", "POST", "DELETE", "PATCH", or a custom
	// method name as written in the rule.
	Method string
	// Pattern is the path template, variables named by proto name or JSON
	// name, e.g. "/v1/{name=shelves/*}".
	Pattern string
	// Body is "" (no body), "*" (the body is the whole request) or the
	// name of the top-level request field the body fills.
	Body string
	// ResponseBody is "" (the reply is the whole response message) or the
	// name of the top-level response field sent as the reply.
	ResponseBody string
	// Operation is the full method name, "/pkg.Service/Method".
	Operation string
}

// compile returns the binding plan of r for the message types, computed
// by the same compiler protoc-gen-go-http checks rules with, so a rule the
// plugin rejects fails here with the same messages. The error names the
// operation and the rule.
func compile(r Rule, in, out protoreflect.MessageDescriptor) (*httprule.Plan, error) {
	p, err := httprule.Compile(httprule.Rule{Method: r.Method, Pattern: r.Pattern, Body: r.Body, ResponseBody: r.ResponseBody}, in, out)
	if err != nil {
		return nil, ruleError(r, err)
	}
	return p, nil
}

// ruleError puts the operation and the rule before err.
func ruleError(r Rule, err error) error {
	return fmt.Errorf("http: operation %s (%s %s): %w", r.Operation, r.Method, r.Pattern, err)
}
