package scaffold

import (
	"bytes"
	"context"
	"fmt"
	"go/format"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/bufconfig"
	"github.com/bia-go/bia/internal/protoimage"
)

// versionRE matches an API version directory: v1, v2beta1.
var versionRE = regexp.MustCompile(`^v[0-9]+((alpha|beta)[0-9]*)?$`)

// ProtoAdd writes a CRUD API at protoPath (relative to the project dir,
// "api/shop/v1/shop.proto"): a service named after the file with create,
// get, list, update and delete rules. Its proto package comes from the
// path under its buf module root ("shop.v1"), its go_package from go.mod.
// It never overwrites a file.
func ProtoAdd(dir, protoPath string) error {
	base := strings.TrimSuffix(filepath.Base(protoPath), ".proto")
	if err := CheckName(base); err != nil {
		return err
	}
	module, err := modulePath(dir)
	if err != nil {
		return err
	}
	rel, err := importPath(dir, protoPath)
	if err != nil {
		return err
	}
	pkgDir := filepath.ToSlash(filepath.Dir(rel))
	version := filepath.Base(pkgDir)
	if !versionRE.MatchString(version) {
		return fmt.Errorf("%s: put the file in a version directory (api/%s/v1/%s.proto): its proto package ends with the version", protoPath, base, base)
	}
	goDir := filepath.ToSlash(filepath.Dir(filepath.Clean(protoPath)))
	d := struct {
		Name, Service, Plural, Package, GoPackage, Version string
	}{
		Name:      base,
		Service:   exported(base),
		Plural:    base + "s",
		Package:   strings.ReplaceAll(pkgDir, "/", "."),
		GoPackage: module + "/" + goDir + ";" + version,
		Version:   version,
	}
	return render("templates/proto/crud.proto.tmpl", filepath.Join(dir, protoPath), d, false)
}

// modulePath reads the module path of dir/go.mod.
func modulePath(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("no go.mod: run this in a Go module: %v", err)
	}
	p := modfile.ModulePath(b)
	if p == "" {
		return "", fmt.Errorf("go.mod has no module line")
	}
	return p, nil
}

// importPath returns protoPath as imports name it: relative to the buf
// module root holding it.
func importPath(dir, protoPath string) (string, error) {
	ws, err := bufconfig.ReadWorkspace(dir)
	if err != nil {
		return "", err
	}
	clean := filepath.Clean(protoPath)
	best := ""
	for _, r := range ws.Roots {
		if r == "." || strings.HasPrefix(clean, r+string(filepath.Separator)) {
			if len(r) > len(best) {
				best = r
			}
		}
	}
	switch best {
	case "":
		return "", fmt.Errorf("%s is in no module of buf.yaml (%s)", protoPath, strings.Join(ws.Roots, ", "))
	case ".":
		return filepath.ToSlash(clean), nil
	}
	return filepath.ToSlash(strings.TrimPrefix(clean, best+string(filepath.Separator))), nil
}

// ProtoServer writes, for every service of the proto file at protoPath
// (relative to dir), a Go file in targetDir implementing every method
// with a stub that compiles (an empty reply, a stream that ends at once):
// a starting point, never written over an existing file. It returns the
// files written and those left as they were.
func ProtoServer(ctx context.Context, dir, protoPath, targetDir string) (written, kept []string, err error) {
	ws, err := bufconfig.ReadWorkspace(dir)
	if err != nil {
		return nil, nil, err
	}
	rel, err := importPath(dir, protoPath)
	if err != nil {
		return nil, nil, err
	}
	var roots []string
	for _, r := range ws.Roots {
		roots = append(roots, filepath.Join(dir, r))
	}
	files, err := protoimage.Compile(ctx, protoimage.Options{ImportPaths: roots, Files: []string{rel}})
	if err != nil {
		return nil, nil, err
	}
	gen, err := protogen.Options{}.New(protoimage.Request(files, ""))
	if err != nil {
		return nil, nil, err
	}
	f := gen.FilesByPath[rel]
	pkg := filepath.Base(targetDir)
	for _, s := range f.Services {
		src, err := stub(pkg, f, s)
		if err != nil {
			return nil, nil, err
		}
		target := filepath.Join(dir, targetDir, strings.ToLower(s.GoName)+".go")
		if _, err := os.Stat(target); err == nil {
			kept = append(kept, target)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return nil, nil, err
		}
		if err := os.WriteFile(target, src, 0o644); err != nil {
			return nil, nil, err
		}
		written = append(written, target)
	}
	return written, kept, nil
}

// stub returns the Go source of the implementation stub of s.
func stub(pkg string, f *protogen.File, s *protogen.Service) ([]byte, error) {
	var b bytes.Buffer
	imports := map[string]string{string(f.GoImportPath): "pb"}
	qualify := func(id protogen.GoIdent) string {
		if id.GoImportPath == f.GoImportPath {
			return "pb." + id.GoName
		}
		if alias, ok := imports[string(id.GoImportPath)]; ok {
			return alias + "." + id.GoName
		}
		// The import's base name ("emptypb"), made unique.
		name := strings.Map(func(r rune) rune {
			if r == '-' || r == '.' {
				return '_'
			}
			return r
		}, path.Base(string(id.GoImportPath)))
		for taken := true; taken; {
			taken = false
			for _, alias := range imports {
				if alias == name {
					name += "x"
					taken = true
				}
			}
		}
		imports[string(id.GoImportPath)] = name
		return name + "." + id.GoName
	}
	fmt.Fprintf(&b, "package %s\n\n", pkg)
	var body bytes.Buffer
	fmt.Fprintf(&body, "// %s implements %s.\n", s.GoName, s.Desc.FullName())
	fmt.Fprintf(&body, "type %s struct {\n\tpb.Unimplemented%sServer\n}\n\n", s.GoName, s.GoName)
	fmt.Fprintf(&body, "// New%s returns the %s service.\nfunc New%s() *%s { return &%s{} }\n", s.GoName, s.GoName, s.GoName, s.GoName, s.GoName)
	needContext, needGRPC, needIO := false, false, false
	for _, m := range s.Methods {
		in, out := qualify(m.Input.GoIdent), qualify(m.Output.GoIdent)
		fmt.Fprintf(&body, "\n// %s implements %s.\n", m.GoName, m.Desc.FullName())
		switch c, sv := m.Desc.IsStreamingClient(), m.Desc.IsStreamingServer(); {
		case !c && !sv:
			needContext = true
			fmt.Fprintf(&body, "func (s *%s) %s(ctx context.Context, in *%s) (*%s, error) {\n\treturn &%s{}, nil\n}\n",
				s.GoName, m.GoName, in, out, out)
		case !c && sv:
			needGRPC = true
			fmt.Fprintf(&body, "func (s *%s) %s(in *%s, stream grpc.ServerStreamingServer[%s]) error {\n\treturn stream.Send(&%s{})\n}\n",
				s.GoName, m.GoName, in, out, out)
		case c && !sv:
			needGRPC, needIO = true, true
			fmt.Fprintf(&body, "func (s *%s) %s(stream grpc.ClientStreamingServer[%s, %s]) error {\n\tfor {\n\t\tif _, err := stream.Recv(); err == io.EOF {\n\t\t\treturn stream.SendAndClose(&%s{})\n\t\t} else if err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n}\n",
				s.GoName, m.GoName, in, out, out)
		default:
			needGRPC, needIO = true, true
			fmt.Fprintf(&body, "func (s *%s) %s(stream grpc.BidiStreamingServer[%s, %s]) error {\n\tfor {\n\t\tif _, err := stream.Recv(); err == io.EOF {\n\t\t\treturn nil\n\t\t} else if err != nil {\n\t\t\treturn err\n\t\t}\n\t\tif err := stream.Send(&%s{}); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n}\n",
				s.GoName, m.GoName, in, out, out)
		}
	}
	b.WriteString("import (\n")
	if needContext {
		b.WriteString("\t\"context\"\n")
	}
	if needIO {
		b.WriteString("\t\"io\"\n")
	}
	if needGRPC {
		b.WriteString("\n\t\"google.golang.org/grpc\"\n")
	}
	b.WriteString("\n")
	for _, path := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&b, "\t%s %q\n", imports[path], path)
	}
	b.WriteString(")\n\n")
	b.Write(body.Bytes())
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("the stub of %s does not format: %v", s.GoName, err)
	}
	return src, nil
}
