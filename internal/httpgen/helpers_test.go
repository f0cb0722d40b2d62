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

// rule is an http.Rule of generated code, with the method of the server
// it is registered for: "GetBook" for `http.HandleUnary(s,
// _S_GetBook0_HTTPRule, srv.GetBook)`, "client GetBook" for the rule the
// client of GetBook is built with.
type rule struct {
	For                                            string
	Method, Pattern, Body, ResponseBody, Operation string
}

// rules parses generated Go code and returns its http.Rules: first those
// of every HandleUnary call, in order, then those the client methods are
// built with (NewUnaryClient), in order. It checks that every rule is a
// variable declared once.
func rules(t *testing.T, src string) []rule {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "x_http.pb.go", src, 0)
	if err != nil {
		t.Fatalf("generated code does not parse: %v\n%s", err, src)
	}
	vars := map[string]rule{}
	for _, decl := range f.Decls {
		d, ok := decl.(*ast.GenDecl)
		if !ok || d.Tok != token.VAR {
			continue
		}
		for _, spec := range d.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if _, dup := vars[name.Name]; dup {
					t.Fatalf("rule %s declared twice", name.Name)
				}
				vars[name.Name] = ruleLiteral(t, vs.Values[i])
			}
		}
	}
	ruleVar := func(e ast.Expr) rule {
		id, ok := e.(*ast.Ident)
		if !ok {
			t.Fatalf("a rule is passed as %#v, not as a rule variable", e)
		}
		r, ok := vars[id.Name]
		if !ok {
			t.Fatalf("no rule variable %s", id.Name)
		}
		return r
	}
	var server, client []rule
	for _, decl := range f.Decls {
		d, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if isHandle(n.Fun) && len(n.Args) == 3 {
					r := ruleVar(n.Args[1])
					if sel, ok := n.Args[2].(*ast.SelectorExpr); ok {
						r.For = sel.Sel.Name
					}
					server = append(server, r)
					return false
				}
			case *ast.KeyValueExpr:
				call, ok := n.Value.(*ast.CallExpr)
				if !ok {
					return true
				}
				fun, ok := call.Fun.(*ast.IndexListExpr)
				if !ok || !isNewCaller(fun.X) || len(call.Args) != 2 {
					return true
				}
				r := ruleVar(call.Args[1])
				r.For = "client " + strings.TrimPrefix(n.Key.(*ast.Ident).Name, "call")
				client = append(client, r)
				return false
			}
			return true
		})
	}
	return append(server, client...)
}

// isHandle reports a call of a runtime function registering a route.
func isHandle(e ast.Expr) bool {
	for _, f := range []string{"HandleUnary", "HandleServerStream", "HandleClientStream", "HandleBidiStream"} {
		if isSelector(e, "http", f) {
			return true
		}
	}
	return false
}

// isNewCaller reports a runtime function making a method's client.
func isNewCaller(e ast.Expr) bool {
	for _, f := range []string{"NewUnaryClient", "NewServerStreamClient", "NewClientStreamClient", "NewBidiStreamClient"} {
		if isSelector(e, "http", f) {
			return true
		}
	}
	return false
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
