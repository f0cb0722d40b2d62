package migrate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTableNamesExist checks that every identifier the table maps exists
// in the Bia package it maps to.
func TestTableNamesExist(t *testing.T) {
	for _, m := range mappings() {
		dir := filepath.Join("../..", strings.TrimPrefix(m.bia, "github.com/bia-go/bia/"))
		names := exported(t, dir)
		for _, n := range append(append([]string{}, m.same...), m.slogArgs...) {
			if !names[n] {
				t.Errorf("%s.%s: no such name in %s", m.name, n, m.bia)
			}
			if m.unmapped[n] != "" {
				t.Errorf("%s.%s is both mapped and unmapped", m.name, n)
			}
		}
	}
}

// exported returns the exported top-level names of the package in dir.
func exported(t *testing.T, dir string) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	return names
}
