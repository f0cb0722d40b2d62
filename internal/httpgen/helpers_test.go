package httpgen_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/httpgen"
	"github.com/bia-go/bia/internal/plugintest"
)

// protogenOptions are the protogen options of the plugin binary for g.
func protogenOptions(g *httpgen.Generator) protogen.Options {
	return protogen.Options{ParamFunc: g.SetParameter}
}

// run runs a new Generator on the inline files sources, generating
// x/v1/x.proto, with the plugin parameter parameter.
func run(t *testing.T, sources map[string]string, parameter string) *pluginpb.CodeGeneratorResponse {
	t.Helper()
	return runWith(t, httpgen.New(), sources, parameter)
}

// runWith is run with the Generator g.
func runWith(t *testing.T, g *httpgen.Generator, sources map[string]string, parameter string) *pluginpb.CodeGeneratorResponse {
	t.Helper()
	req := plugintest.Request(t, plugintest.RequestOptions{
		Sources:   sources,
		Files:     []string{"x/v1/x.proto"},
		Parameter: parameter,
	})
	return plugintest.RunWith(t, protogenOptions(g), req, g.Run)
}

// rule is an http.Rule literal of generated code, with the method of the
// server it is registered for: "GetBook" for `http.HandleUnary(s,
// http.Rule{...}, srv.GetBook)`, "client GetBook" for the rule variable of
// the client method GetBook.
type rule struct {
	For                                            string
	Method, Pattern, Body, ResponseBody, Operation string
}

// rules parses generated Go code and returns its http.Rule literals:
// first those of every HandleUnary call, in order, then those of the
// client rule variables, in order.
func rules(t *testing.T, src string) []rule {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "x_http.pb.go", src, 0)
	if err != nil {
		t.Fatalf("generated code does not parse: %v\n%s", err, src)
	}
	var server, client []rule
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			ast.Inspect(d, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !isSelector(call.Fun, "http", "HandleUnary") || len(call.Args) != 3 {
					return true
				}
				r := ruleLiteral(t, call.Args[1])
				if sel, ok := call.Args[2].(*ast.SelectorExpr); ok {
					r.For = sel.Sel.Name
				}
				server = append(server, r)
				return false
			})
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok || d.Tok != token.VAR || len(vs.Values) != 1 {
					continue
				}
				r := ruleLiteral(t, vs.Values[0])
				name := vs.Names[0].Name // _Service_Method0_HTTPRule
				parts := strings.Split(strings.TrimPrefix(name, "_"), "_")
				r.For = "client " + strings.TrimSuffix(parts[len(parts)-2], "0")
				client = append(client, r)
			}
		}
	}
	return append(server, client...)
}

// ruleLiteral reads an http.Rule composite literal.
func ruleLiteral(t *testing.T, e ast.Expr) rule {
	t.Helper()
	lit, ok := e.(*ast.CompositeLit)
	if !ok || !isSelector(lit.Type, "http", "Rule") {
		t.Fatalf("not an http.Rule literal: %#v", e)
	}
	var r rule
	for _, elt := range lit.Elts {
		kv := elt.(*ast.KeyValueExpr)
		var value string
		switch v := kv.Value.(type) {
		case *ast.BasicLit:
			s, err := strconv.Unquote(v.Value)
			if err != nil {
				t.Fatal(err)
			}
			value = s
		case *ast.Ident:
			value = v.Name
		}
		switch kv.Key.(*ast.Ident).Name {
		case "Method":
			r.Method = value
		case "Pattern":
			r.Pattern = value
		case "Body":
			r.Body = value
		case "ResponseBody":
			r.ResponseBody = value
		case "Operation":
			r.Operation = value
		default:
			t.Fatalf("unknown http.Rule field %s", kv.Key.(*ast.Ident).Name)
		}
	}
	return r
}

// isSelector reports whether e is pkg.name.
func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}
