package httpgen

import (
	"fmt"
	"strconv"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/httprule"
)

// Version is the version of protoc-gen-go-http, printed by --version and in
// the header of every generated file.
const Version = "v0.1.0"

// Generator generates <name>_http.pb.go files. Create it with [New]; its
// parameters can also be set from the plugin parameter with
// [Generator.SetParameter].
type Generator struct {
	// routeAll gives methods without a google.api.http rule a default
	// route (omitempty=false).
	routeAll bool
	// prefix is put before the default routes (omitempty_prefix).
	prefix string
}

// Option configures a [Generator].
type Option func(*Generator)

// OmitEmpty sets whether methods without a google.api.http rule are left
// out of the HTTP API (true) or get the route POST /<package.Service>/<Method>
// with body "*" (false). It is the plugin parameter omitempty, named as in
// Kratos. Default: true.
func OmitEmpty(omit bool) Option {
	return func(g *Generator) { g.routeAll = !omit }
}

// OmitEmptyPrefix sets the path prefix of the default routes of
// OmitEmpty(false), e.g. "/api" for POST /api/<package.Service>/<Method>.
// It must be empty or start with '/', not end with '/', and hold only
// literal segments; [Generator.Run] reports an invalid prefix. It is the
// plugin parameter omitempty_prefix. Default: "" (no prefix).
func OmitEmptyPrefix(prefix string) Option {
	return func(g *Generator) { g.prefix = prefix }
}

// New returns a Generator with the options applied over the defaults.
func New(opts ...Option) *Generator {
	g := &Generator{}
	for _, o := range opts {
		o(g)
	}
	return g
}

// SetParameter sets one plugin parameter; it is the ParamFunc of
// protogen.Options, which handles the standard parameters (paths, module,
// M...) itself and passes every other one here:
//
//   - omitempty=true|false: see [OmitEmpty].
//   - omitempty_prefix=/path: see [OmitEmptyPrefix].
//
// Any other parameter, or an invalid value, is an error, so that a mistyped
// parameter fails the generation instead of being ignored.
func (g *Generator) SetParameter(name, value string) error {
	switch name {
	case "omitempty":
		omit, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("protoc-gen-go-http: parameter omitempty=%s: want true or false", value)
		}
		OmitEmpty(omit)(g)
		return nil
	case "omitempty_prefix":
		if err := checkPrefix(value); err != nil {
			return err
		}
		OmitEmptyPrefix(value)(g)
		return nil
	}
	return fmt.Errorf("protoc-gen-go-http: unknown parameter %s=%s (supported: paths, module, M, omitempty, omitempty_prefix)", name, value)
}

// checkPrefix validates an omitempty_prefix value.
func checkPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	bad := func(why string) error {
		return fmt.Errorf("protoc-gen-go-http: parameter omitempty_prefix=%s: %s", prefix, why)
	}
	if prefix[len(prefix)-1] == '/' {
		return bad("must not end with '/'")
	}
	t, err := httprule.Parse(prefix)
	if err != nil {
		return bad(err.Error())
	}
	if t.Verb != "" {
		return bad("must not have a custom verb")
	}
	for _, s := range t.Segments {
		if s.Kind != httprule.Literal {
			return bad("must hold only literal segments")
		}
	}
	return nil
}

// Run generates a <name>_http.pb.go file for every file of the request
// that has Generate set and declares a service with an HTTP route; it is
// the function that cmd/protoc-gen-go-http passes to protogen.Options.Run.
//
// It checks all files first and generates nothing when any check fails:
// the returned error then lists every problem, each naming the file, the
// service, the method and the rule (see the package documentation).
func (g *Generator) Run(gen *protogen.Plugin) error {
	gen.SupportedFeatures = uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL |
		pluginpb.CodeGeneratorResponse_FEATURE_SUPPORTS_EDITIONS)
	gen.SupportedEditionsMinimum = descriptorpb.Edition_EDITION_PROTO2
	gen.SupportedEditionsMaximum = descriptorpb.Edition_EDITION_2024

	if err := checkPrefix(g.prefix); err != nil {
		return err
	}
	var targets []*protogen.File
	for _, f := range gen.Files {
		if f.Generate {
			targets = append(targets, f)
		}
	}
	services, err := g.analyze(gen, targets)
	if err != nil {
		return err
	}
	for _, f := range targets {
		if len(services[f]) > 0 {
			generate(gen, f, services[f])
		}
	}
	return nil
}
