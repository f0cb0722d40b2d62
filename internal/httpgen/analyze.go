package httpgen

import (
	"errors"
	"fmt"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/httprule"
)

// binding is one checked HTTP rule of a method: one route.
type binding struct {
	// label names the rule in messages: `rule GET "/v1/{name}"`.
	label string
	// plan is the rule's binding plan, from the compiler the runtime
	// uses.
	plan *httprule.Plan
	// webSocket: the rule of a client- or bidi-streaming method, served
	// as a WebSocket opened with GET.
	webSocket bool
}

// method is the HTTP method, as written for a custom rule.
func (b binding) method() string { return b.plan.Rule.Method }

// routeMethod is the HTTP method the route answers: GET for a WebSocket,
// whatever the rule says.
func (b binding) routeMethod() string {
	if b.webSocket {
		return "GET"
	}
	return b.method()
}

// pattern is the path template as written.
func (b binding) pattern() string { return b.plan.Rule.Pattern }

// body is "", "*" or the proto name of the top-level request field the
// body fills.
func (b binding) body() string {
	if fd := b.plan.BodyField; fd != nil {
		return string(fd.Name())
	}
	return b.plan.Rule.Body
}

// responseBody is "" or the proto name of the top-level reply field sent
// as the reply.
func (b binding) responseBody() string {
	if fd := b.plan.ResponseField; fd != nil {
		return string(fd.Name())
	}
	return ""
}

// routedMethod is a unary method with its routes, the rule of
// google.api.http first, then its additional bindings in order.
type routedMethod struct {
	method   *protogen.Method
	bindings []binding
}

// routedService is a service with the methods that have a route.
type routedService struct {
	service *protogen.Service
	methods []routedMethod
}

// analyze checks the HTTP rules of targets and returns, by file, the
// services that have routes. Every file of the request that shares a Go
// package with a target takes part in the Go name collision check, because
// the declarations of all of them end up in one Go package; only problems
// involving a target are reported. All problems are returned at once,
// joined, in request order.
func (g *Generator) analyze(gen *protogen.Plugin, targets []*protogen.File) (map[*protogen.File][]routedService, error) {
	isTarget := make(map[*protogen.File]bool, len(targets))
	packages := make(map[protogen.GoImportPath]bool)
	for _, f := range targets {
		isTarget[f] = true
		packages[f.GoImportPath] = true
	}
	result := make(map[*protogen.File][]routedService, len(targets))
	var problems []error
	names := make(map[protogen.GoImportPath]goNames)
	for _, f := range gen.Files {
		if !packages[f.GoImportPath] {
			continue
		}
		if names[f.GoImportPath] == nil {
			names[f.GoImportPath] = make(goNames)
		}
		names[f.GoImportPath].addProtocGenGo(f)
	}
	for _, f := range gen.Files {
		if !packages[f.GoImportPath] {
			continue
		}
		services, errs := g.fileServices(f)
		if isTarget[f] {
			problems = append(problems, errs...)
			result[f] = services
		}
		for _, s := range services {
			problems = append(problems, names[f.GoImportPath].addService(f, s, isTarget)...)
		}
	}
	return result, errors.Join(problems...)
}

// fileServices returns the services of f that have routes, with the
// problems of their rules.
func (g *Generator) fileServices(f *protogen.File) ([]routedService, []error) {
	var (
		services []routedService
		problems []error
	)
	for _, s := range f.Services {
		rs := routedService{service: s}
		for _, m := range s.Methods {
			bindings, errs := g.methodBindings(f, s, m)
			for i := range bindings {
				bindings[i].webSocket = m.Desc.IsStreamingClient()
			}
			problems = append(problems, errs...)
			if len(errs) == 0 && len(bindings) > 0 {
				rs.methods = append(rs.methods, routedMethod{method: m, bindings: bindings})
			}
		}
		problems = append(problems, overlaps(f, rs)...)
		if len(rs.methods) > 0 {
			services = append(services, rs)
		}
	}
	return services, problems
}

// overlaps reports every pair of routes of s with the same HTTP method
// that conflict: their templates can match the same request path and
// neither is more specific (httprule.Conflicts, the rule of the runtime's
// router, as of net/http.ServeMux). Such a pair would make the generated
// registration panic.
func overlaps(f *protogen.File, s routedService) []error {
	type route struct {
		m *protogen.Method
		b binding
	}
	var (
		routes   []route
		problems []error
	)
	for _, rm := range s.methods {
		for _, b := range rm.bindings {
			for _, prev := range routes {
				if prev.b.routeMethod() != b.routeMethod() {
					continue
				}
				why := ""
				switch httprule.Compare(b.plan.Template, prev.b.plan.Template) {
				case httprule.Equal:
					why = "both match exactly the same requests"
				case httprule.Ambiguous:
					why = "some request matches both and neither is more specific"
				default:
					continue
				}
				problems = append(problems, fmt.Errorf("%s: %s conflicts with %s of method %s: %s",
					where(f, s.service, rm.method), b.label, prev.b.label, prev.m.Desc.Name(), why))
			}
			routes = append(routes, route{rm.method, b})
		}
	}
	return problems
}

// where names a method in messages.
func where(f *protogen.File, s *protogen.Service, m *protogen.Method) string {
	return fmt.Sprintf("%s: service %s method %s", f.Desc.Path(), s.Desc.FullName(), m.Desc.Name())
}

// goNames maps the top-level Go names of one Go package to what declares
// them.
type goNames map[string]goDecl

// goDecl is the declaration of a Go name: what it is and its file.
type goDecl struct {
	what string
	file *protogen.File
}

// addProtocGenGo records the top-level types protoc-gen-go declares for
// f: its messages and enums. The other names it declares (nested types,
// enum values, oneof wrappers) all contain '_' after a letter, and the only
// generated names with a '_' start with one, so they cannot collide.
func (n goNames) addProtocGenGo(f *protogen.File) {
	for _, m := range f.Messages {
		n[m.GoIdent.GoName] = goDecl{what: fmt.Sprintf("the message %s in %s", m.Desc.FullName(), f.Desc.Path()), file: f}
	}
	for _, e := range f.Enums {
		n[e.GoIdent.GoName] = goDecl{what: fmt.Sprintf("the enum %s in %s", e.Desc.FullName(), f.Desc.Path()), file: f}
	}
}

// addService records the Go names generated for s, declared in f, and
// returns a problem for each name already taken when f or the file of the
// other declaration is a target.
func (n goNames) addService(f *protogen.File, s routedService, isTarget map[*protogen.File]bool) []error {
	var problems []error
	decl := goDecl{
		what: fmt.Sprintf("the HTTP code of service %s in %s", s.service.Desc.FullName(), f.Desc.Path()),
		file: f,
	}
	for _, name := range generatedNames(s) {
		if prev, ok := n[name]; ok {
			if isTarget[f] || isTarget[prev.file] {
				problems = append(problems, fmt.Errorf("%s: service %s: generated Go name %s collides with %s",
					f.Desc.Path(), s.service.Desc.FullName(), name, prev.what))
			}
			continue
		}
		n[name] = decl
	}
	return problems
}
