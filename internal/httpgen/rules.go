package httpgen

import (
	"fmt"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/internal/httprule"
)

// methodBindings returns the checked routes of the unary method m: its
// google.api.http rule and the rule's additional bindings, or the default
// route when m has no rule and g routes every method. A method without a
// route gives none and no problem.
func (g *Generator) methodBindings(f *protogen.File, s *protogen.Service, m *protogen.Method) ([]binding, []error) {
	at := where(f, s, m)
	if !proto.HasExtension(m.Desc.Options(), annotations.E_Http) {
		if !g.routeAll {
			return nil, nil
		}
		pattern := fmt.Sprintf("%s/%s/%s", g.prefix, s.Desc.FullName(), m.Desc.Name())
		b, errs := compile(m, "default rule", "POST", pattern, &annotations.HttpRule{Body: "*"})
		return []binding{b}, prefixed(at, errs)
	}
	rule, _ := proto.GetExtension(m.Desc.Options(), annotations.E_Http).(*annotations.HttpRule)
	rules := append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...)
	var (
		bindings []binding
		problems []error
	)
	for i, r := range rules {
		label := "rule"
		if i > 0 {
			label = fmt.Sprintf("additional_bindings[%d]", i-1)
			if len(r.GetAdditionalBindings()) > 0 {
				problems = append(problems, fmt.Errorf("%s: %s: nested additional_bindings are not allowed (http.proto)", at, label))
				continue
			}
		}
		method, tmpl, err := methodAndTemplate(r)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %s: %w", at, label, err))
			continue
		}
		b, errs := compile(m, label, method, tmpl, r)
		if len(errs) > 0 {
			problems = append(problems, prefixed(at, errs)...)
			continue
		}
		bindings = append(bindings, b)
	}
	return bindings, problems
}

// prefixed puts at before every error of errs.
func prefixed(at string, errs []error) []error {
	for i, err := range errs {
		errs[i] = fmt.Errorf("%s: %w", at, err)
	}
	return errs
}

// methodAndTemplate returns the HTTP method and the path template of r.
func methodAndTemplate(r *annotations.HttpRule) (method, tmpl string, err error) {
	switch p := r.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		return "GET", p.Get, nil
	case *annotations.HttpRule_Put:
		return "PUT", p.Put, nil
	case *annotations.HttpRule_Post:
		return "POST", p.Post, nil
	case *annotations.HttpRule_Delete:
		return "DELETE", p.Delete, nil
	case *annotations.HttpRule_Patch:
		return "PATCH", p.Patch, nil
	case *annotations.HttpRule_Custom:
		kind := p.Custom.GetKind()
		if err := httprule.CheckMethod(kind); err != nil {
			return "", "", fmt.Errorf("custom kind %q: %w", kind, err)
		}
		return kind, p.Custom.GetPath(), nil
	}
	return "", "", fmt.Errorf("no HTTP method and path: set one of get, put, post, delete, patch or custom")
}

// compile checks the rule r of m, with the given HTTP method and template,
// with the compiler the runtime registers routes with, and returns its
// route. It reports every problem of the rule, each after the label that
// names the rule.
func compile(m *protogen.Method, label, method, pattern string, r *annotations.HttpRule) (binding, []error) {
	b := binding{label: fmt.Sprintf("%s %s %q", label, method, pattern)}
	plan, err := httprule.Compile(httprule.Rule{
		Method:       method,
		Pattern:      pattern,
		Body:         r.GetBody(),
		ResponseBody: r.GetResponseBody(),
	}, m.Input.Desc, m.Output.Desc)
	if err != nil {
		problems := []error{err}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			problems = joined.Unwrap()
		}
		for i, p := range problems {
			problems[i] = fmt.Errorf("%s: %w", b.label, p)
		}
		return b, problems
	}
	b.plan = plan
	return b, nil
}

// Plans returns the compiled routes of the method m of service s in file
// f, in order: its google.api.http rule, then its additional bindings (or
// the default route when m has none and the generator routes every
// method), each a binding plan of the runtime's compiler. Other generators
// (OpenAPI) describe the routes this generator writes with it, so they
// never derive a binding of their own. The errors are the plugin's.
func (g *Generator) Plans(f *protogen.File, s *protogen.Service, m *protogen.Method) ([]*httprule.Plan, []error) {
	bindings, errs := g.methodBindings(f, s, m)
	plans := make([]*httprule.Plan, len(bindings))
	for i, b := range bindings {
		plans[i] = b.plan
	}
	return plans, errs
}
