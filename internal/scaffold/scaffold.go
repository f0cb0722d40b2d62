// Package scaffold writes new Bia projects and files from templates
// embedded in the binary: `bia new`, `bia proto add` and `bia proto
// server`. Nothing is fetched: a project is runnable once its Go modules
// are (the Go module proxy is the only network it needs).
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
)

//go:embed all:templates
var templates embed.FS

// Project describes a project for New.
type Project struct {
	// Name is the project's name: its directory, command, proto package
	// and service name ("shop" makes cmd/shop and service Shop). Lower
	// case letters and digits, starting with a letter.
	Name string
	// Module is the Go module path. Default: Name.
	Module string
	// BiaVersion is the version of github.com/bia-go/bia to require.
	BiaVersion string
	// BiaReplace, when set, replaces github.com/bia-go/bia with this
	// directory (a checkout), for trying an unreleased Bia.
	BiaReplace string
}

// data is what the templates see.
type data struct {
	Project
	Service, Title string
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// CheckName reports whether name can name a project or an API.
func CheckName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("name %q: use lower case letters and digits, starting with a letter (it names a proto package and a Go package)", name)
	}
	return nil
}

// New writes the project p into dir, which must not exist or be empty, and
// returns the files written, relative to dir.
func New(dir string, p Project) ([]string, error) {
	if err := CheckName(p.Name); err != nil {
		return nil, err
	}
	if p.Module == "" {
		p.Module = p.Name
	}
	if p.BiaVersion == "" {
		return nil, errors.New("no Bia version to require")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s exists and is not empty", dir)
	}
	d := data{Project: p, Service: exported(p.Name), Title: exported(p.Name) + " API"}
	var written []string
	err := fs.WalkDir(templates, "templates/new", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(name, "templates/new/"), ".tmpl")
		rel = strings.ReplaceAll(rel, "__name__", p.Name)
		if err := render(name, filepath.Join(dir, filepath.FromSlash(rel)), d, false); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	return written, err
}

// render executes the template at name in templates into path; it
// refuses to overwrite an existing file unless overwrite is set.
func render(name, target string, d any, overwrite bool) error {
	src, err := templates.ReadFile(name)
	if err != nil {
		return err
	}
	t, err := template.New(path.Base(name)).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return fmt.Errorf("template %s: %v", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return fmt.Errorf("template %s: %v", name, err)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if overwrite {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(target, flags, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s exists: not overwritten", target)
		}
		return err
	}
	_, err = f.Write(b.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// exported returns name with its first letter upper case: "shop" → "Shop".
func exported(name string) string {
	if name == "" {
		return ""
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
