package openapigen

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/httpgen"
)

// Version is the version of protoc-gen-openapi, written into documents.
const Version = "v0.1.0"

// Generator generates OpenAPI 3.1 documents. Configure it with
// SetParameter (the plugin's parameters).
type Generator struct {
	http         *httpgen.Generator // the routes, as protoc-gen-go-http writes them
	yaml         bool
	perService   bool
	protoNames   bool
	statusErrors bool
	filename     string
	title        string
	version      string
	description  string
	noDefault    bool // no default error response (default_response=false)
}

// New returns a Generator with the defaults: one YAML document
// openapi.yaml for all files, JSON names, the default error format.
func New() *Generator {
	return &Generator{http: httpgen.New(), yaml: true, filename: "openapi", version: "0.0.0"}
}

// SetParameter sets one plugin parameter:
//
//   - format=yaml|json: the document's encoding (default yaml);
//   - output=merged|service: one document for all the files generated
//     (merged, the default, named by filename) or one per service
//     (<proto package path>/<Service>.openapi.yaml);
//   - filename=NAME: the merged document's name without extension
//     (default openapi);
//   - naming=json|proto: property and query names as the server writes
//     them: JSON names (the default) or proto names (the server's
//     UseProtoNames option);
//   - errors=default|status: the error body of the server: the default
//     {"code","reason","message","metadata"}, or google.rpc.Status (the
//     server's StatusErrors option);
//   - title=TEXT, version=TEXT, description=TEXT: the document's info
//     (defaults: the service name, or "API" for a merged document; 0.0.0;
//     none);
//   - default_response=true|false: whether operations list a default
//     error response (default true);
//   - enum_type=string, fq_schema_naming=true, circular_depth=N,
//     output_mode=merged: gnostic's parameters, accepted where they say
//     what this generator does anyway (enum names, full schema names,
//     recursion by $ref, one document), refused otherwise;
//   - omitempty, omitempty_prefix: as protoc-gen-go-http's, so the
//     document describes the same routes;
//   - paths, module, M...: protogen's.
func (g *Generator) SetParameter(name, value string) error {
	switch name {
	case "format":
		if value != "yaml" && value != "json" {
			return fmt.Errorf("protoc-gen-openapi: format=%s: want yaml or json", value)
		}
		g.yaml = value == "yaml"
	case "output":
		if value != "merged" && value != "service" {
			return fmt.Errorf("protoc-gen-openapi: output=%s: want merged or service", value)
		}
		g.perService = value == "service"
	case "filename":
		if value == "" || strings.ContainsAny(value, "/\\") {
			return fmt.Errorf("protoc-gen-openapi: filename=%s: want a file name without a directory", value)
		}
		g.filename = value
	case "naming":
		if value != "json" && value != "proto" {
			return fmt.Errorf("protoc-gen-openapi: naming=%s: want json or proto", value)
		}
		g.protoNames = value == "proto"
	case "errors":
		if value != "default" && value != "status" {
			return fmt.Errorf("protoc-gen-openapi: errors=%s: want default or status", value)
		}
		g.statusErrors = value == "status"
	case "title":
		g.title = value
	case "description":
		g.description = value
	case "default_response":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("protoc-gen-openapi: default_response=%s: want true or false", value)
		}
		g.noDefault = !b
	// gnostic's parameters, so a Kratos project's buf.gen.yaml keeps
	// working: what Bia does anyway is accepted, what would describe
	// something other than the server is refused with the reason.
	case "enum_type":
		if value != "string" {
			return fmt.Errorf("protoc-gen-openapi: enum_type=%s: the server writes enum names, so enums are strings (enum_type=string)", value)
		}
	case "fq_schema_naming":
		if b, err := strconv.ParseBool(value); err != nil || !b {
			return fmt.Errorf("protoc-gen-openapi: fq_schema_naming=%s: schemas are always named by full proto name (so two packages' messages never collide); drop the option", value)
		}
	case "circular_depth":
		if _, err := strconv.Atoi(value); err != nil {
			return fmt.Errorf("protoc-gen-openapi: circular_depth=%s: want a number", value)
		}
		// Recursive messages are $refs: there is no depth to cut.
	case "output_mode":
		if value != "merged" {
			return fmt.Errorf("protoc-gen-openapi: output_mode=%s: want merged, or output=service for one document per service", value)
		}
		g.perService = false
	case "version":
		g.version = value
	case "omitempty", "omitempty_prefix":
		return g.http.SetParameter(name, value)
	default:
		return fmt.Errorf("protoc-gen-openapi: unknown parameter %s=%s (supported: format, output, filename, naming, errors, title, version, description, default_response, omitempty, omitempty_prefix, paths, module, M; from gnostic: enum_type, fq_schema_naming, circular_depth, output_mode)", name, value)
	}
	return nil
}

// Run writes the documents of the files of the request to generate; it is
// the function cmd/protoc-gen-openapi passes to protogen.Options.Run. Rule
// problems are returned as protoc-gen-go-http reports them.
func (g *Generator) Run(gen *protogen.Plugin) error {
	gen.SupportedFeatures = uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL |
		pluginpb.CodeGeneratorResponse_FEATURE_SUPPORTS_EDITIONS)
	gen.SupportedEditionsMinimum = descriptorpb.Edition_EDITION_PROTO2
	gen.SupportedEditionsMaximum = descriptorpb.Edition_EDITION_2024

	var (
		services []serviceRoutes
		problems []error
	)
	for _, f := range gen.Files {
		if !f.Generate {
			continue
		}
		for _, s := range f.Services {
			sr := serviceRoutes{file: f, service: s}
			for _, m := range s.Methods {
				plans, errs := g.http.Plans(f, s, m)
				problems = append(problems, errs...)
				for i, p := range plans {
					sr.routes = append(sr.routes, route{service: s, method: m, plan: p, index: i})
				}
			}
			if len(sr.routes) > 0 {
				services = append(services, sr)
			}
		}
	}
	if len(problems) > 0 {
		return errors.Join(problems...)
	}
	if len(services) == 0 {
		return nil
	}
	if !g.perService {
		title := g.title
		if title == "" {
			title = "API"
		}
		return g.write(gen, g.filename, title, services)
	}
	for _, s := range services {
		title := g.title
		if title == "" {
			title = string(s.service.Desc.Name())
		}
		dir := strings.ReplaceAll(string(s.file.Desc.Package()), ".", "/")
		if err := g.write(gen, path.Join(dir, string(s.service.Desc.Name())+".openapi"), title, []serviceRoutes{s}); err != nil {
			return err
		}
	}
	return nil
}

// serviceRoutes is a service with its routes.
type serviceRoutes struct {
	file    *protogen.File
	service *protogen.Service
	routes  []route
}

// write writes one document of services, named name plus the extension.
func (g *Generator) write(gen *protogen.Plugin, name, title string, services []serviceRoutes) error {
	d := &docBuilder{g: g, plugin: gen, schemas: newSchemas(g.protoNames, commentsOf())}
	doc := d.document(title, services)
	var (
		b   []byte
		err error
	)
	if g.yaml {
		b, err = writeYAML(doc)
		name += ".yaml"
	} else {
		b, err = writeJSON(doc)
		name += ".json"
	}
	if err != nil {
		return err
	}
	f := gen.NewGeneratedFile(name, "")
	_, err = f.Write(b)
	return err
}

// docBuilder builds one document.
type docBuilder struct {
	g       *Generator
	plugin  *protogen.Plugin
	schemas *schemas
}

// document returns the OpenAPI document of services.
func (d *docBuilder) document(title string, services []serviceRoutes) *object {
	doc := newObject().set("openapi", "3.1.0")
	info := newObject().set("title", title).set("version", d.g.version)
	if d.g.description != "" {
		info.set("description", d.g.description)
	}
	doc.set("info", info.set("x-generator", "protoc-gen-openapi "+Version))
	var tags []any
	paths := newObject()
	// OpenAPI paths of one shape must use the same parameter names
	// (/v1/shelves/{a} and /v1/shelves/{b} are one path): the first route
	// of a shape names them, later ones take those names.
	shapes := map[string][]pathParam{}
	for _, s := range services {
		tag := newObject().set("name", string(s.service.Desc.Name()))
		if c := paragraphs(string(s.service.Comments.Leading)); c != "" {
			tag.set("description", c)
		}
		tags = append(tags, tag)
		for _, r := range s.routes {
			path, params := openAPIPath(r.plan)
			shape := pathShape(path)
			if first, ok := shapes[shape]; ok {
				for i := range params {
					params[i].name = first[i].name
				}
				path = pathWithNames(shape, params)
			} else {
				shapes[shape] = params
			}
			item := paths.obj(path)
			key := strings.ToLower(r.plan.Rule.Method)
			switch {
			case streamingOf(r.method) == clientStream:
				key = "get" // a WebSocket opens with GET whatever the rule's method
			case !standardMethods[r.plan.Rule.Method]:
				key = "x-" + key
			}
			if _, taken := item.get(key); taken {
				// Two rules of one method whose OpenAPI paths are the same
				// ({name=shelves/*} and {name=archives/*} are both
				// {name}): OpenAPI has one operation there.
				d.mergeOperation(item, key, r)
				continue
			}
			item.set(key, d.operation(r, params))
		}
	}
	doc.set("tags", tags)
	doc.set("paths", paths)
	components := d.schemas.componentsObject()
	components.set(d.errorSchemaName(), d.errorComponent())
	doc.set("components", newObject().set("schemas", sortedObject(components)))
	seen := map[string]bool{}
	for _, s := range services {
		if f := s.file.Desc; !seen[f.Path()] {
			seen[f.Path()] = true
			merge(doc, documentAnnotation(f))
		}
	}
	return doc
}

// mergeOperation folds route r into the operation key of item, which
// another route of the same OpenAPI path and method holds (rules whose
// variables differ only in their names): the description names both.
func (d *docBuilder) mergeOperation(item *object, key string, r route) {
	op, _ := item.get(key)
	o := op.(*object)
	rule := r.plan.Rule.Method + " " + r.plan.Rule.Pattern
	o.set("description", strings.TrimSpace(o.valueString("description")+"\n\nAlso served as "+rule+"."))
}

// pathShape returns path with every parameter name left out:
// "/v1/shelves/{}/books/{}".
func pathShape(path string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			b.WriteString(path)
			return b.String()
		}
		j := strings.IndexByte(path[i:], '}')
		b.WriteString(path[:i] + "{}")
		path = path[i+j+1:]
	}
}

// pathWithNames fills the parameters of a shape with names.
func pathWithNames(shape string, params []pathParam) string {
	for _, p := range params {
		shape = strings.Replace(shape, "{}", "{"+p.name+"}", 1)
	}
	return shape
}

// sortedObject returns o with its keys sorted.
func sortedObject(o *object) *object {
	keys := append([]string(nil), o.keys...)
	sort.Strings(keys)
	out := newObject()
	for _, k := range keys {
		out.set(k, o.vals[k])
	}
	return out
}

// commentsOf returns a function giving the leading comment of a
// descriptor of the request, joined into one paragraph per blank line.
func commentsOf() func(protoreflect.Descriptor) string {
	return func(d protoreflect.Descriptor) string {
		loc := d.ParentFile().SourceLocations().ByDescriptor(d)
		return paragraphs(loc.LeadingComments)
	}
}

// paragraphs returns a proto comment as its paragraphs, each on one line,
// separated by blank lines.
func paragraphs(comment string) string {
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(comment), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}
