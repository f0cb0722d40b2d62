// Package bufconfig reads buf's configuration files, buf.yaml (the module
// roots) and buf.gen.yaml (the plugins and their options), so that
// `bia generate` runs what `buf generate` would. Only what generation
// needs is read; a field bia cannot honour is an error naming it, never
// silently ignored.
package bufconfig

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Workspace is a buf.yaml: its module roots, relative to its directory.
type Workspace struct {
	// Roots are the module directories ("." for a single-module v1 file
	// or a directory without buf.yaml).
	Roots []string
}

// ReadWorkspace reads dir/buf.yaml (v2 modules, or v1: one module, the
// directory), and dir/buf.work.yaml (v1 directories) when buf.yaml does
// not list modules. Without either, the workspace is the directory.
func ReadWorkspace(dir string) (*Workspace, error) {
	var y struct {
		Version string `yaml:"version"`
		Modules []struct {
			Path string `yaml:"path"`
		} `yaml:"modules"`
		Directories []string `yaml:"directories"` // buf.work.yaml
	}
	for _, name := range []string{"buf.yaml", "buf.work.yaml"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := yaml.Unmarshal(b, &y); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		ws := &Workspace{}
		for _, m := range y.Modules {
			ws.Roots = append(ws.Roots, cleanPath(m.Path))
		}
		for _, d := range y.Directories {
			ws.Roots = append(ws.Roots, cleanPath(d))
		}
		if len(ws.Roots) > 0 {
			return ws, nil
		}
		if name == "buf.yaml" && y.Version != "v2" {
			return &Workspace{Roots: []string{"."}}, nil
		}
	}
	return &Workspace{Roots: []string{"."}}, nil
}

func cleanPath(p string) string {
	if p == "" {
		return "."
	}
	return filepath.Clean(p)
}

// Template is a buf.gen.yaml.
type Template struct {
	Inputs  []Input
	Plugins []Plugin
}

// Input is a directory of .proto files to generate.
type Input struct {
	Directory    string
	Paths        []string // only these files or directories, when set
	ExcludePaths []string
}

// Plugin is one plugin run.
type Plugin struct {
	// Name is the plugin's name: the last "protoc-gen-X" element of its
	// local command (X), or the remote plugin's last path element.
	Name string
	// Command is the local command, run as buf runs it when bia does not
	// have the plugin built in.
	Command []string
	Out     string
	Opt     []string
	// All: one request for all files (strategy: all); else one per
	// directory (strategy: directory, the default).
	All          bool
	Types        []string
	ExcludeTypes []string
}

// Parameter is the plugin parameter: its options joined by commas.
func (p Plugin) Parameter() string { return strings.Join(p.Opt, ",") }

// stringList reads a YAML string or list of strings.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = []string{n.Value}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	return fmt.Errorf("line %d: want a string or a list of strings", n.Line)
}

// ReadTemplate reads a buf.gen.yaml (v1 or v2).
func ReadTemplate(path string) (*Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var y struct {
		Version string `yaml:"version"`
		Managed struct {
			Enabled bool `yaml:"enabled"`
		} `yaml:"managed"`
		Inputs []struct {
			Directory    string     `yaml:"directory"`
			Paths        stringList `yaml:"paths"`
			ExcludePaths stringList `yaml:"exclude_paths"`
			Module       string     `yaml:"module"`
			GitRepo      string     `yaml:"git_repo"`
		} `yaml:"inputs"`
		Plugins []struct {
			Local         stringList `yaml:"local"`
			Remote        string     `yaml:"remote"`
			ProtocBuiltin string     `yaml:"protoc_builtin"`
			Plugin        string     `yaml:"plugin"` // v1
			Name          string     `yaml:"name"`   // v1
			Out           string     `yaml:"out"`
			Opt           stringList `yaml:"opt"`
			Strategy      string     `yaml:"strategy"`
			Types         stringList `yaml:"types"`
			ExcludeTypes  stringList `yaml:"exclude_types"`
			IncludeImp    bool       `yaml:"include_imports"`
		} `yaml:"plugins"`
	}
	if err := yaml.Unmarshal(b, &y); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if y.Version != "v1" && y.Version != "v2" {
		return nil, fmt.Errorf("%s: version %q: want v1 or v2", path, y.Version)
	}
	if y.Managed.Enabled {
		return nil, fmt.Errorf("%s: managed mode is not supported by bia generate; set go_package in the .proto files", path)
	}
	t := &Template{}
	for i, in := range y.Inputs {
		if in.Directory == "" {
			return nil, fmt.Errorf("%s: inputs[%d]: only directory inputs are supported (offline)", path, i)
		}
		t.Inputs = append(t.Inputs, Input{Directory: cleanPath(in.Directory), Paths: in.Paths, ExcludePaths: in.ExcludePaths})
	}
	for i, p := range y.Plugins {
		pl := Plugin{Out: p.Out, Opt: p.Opt, Types: p.Types, ExcludeTypes: p.ExcludeTypes, Command: p.Local}
		switch p.Strategy {
		case "", "directory":
		case "all":
			pl.All = true
		default:
			return nil, fmt.Errorf("%s: plugins[%d]: strategy %q: want directory or all", path, i, p.Strategy)
		}
		if p.IncludeImp {
			return nil, fmt.Errorf("%s: plugins[%d]: include_imports is not supported by bia generate", path, i)
		}
		switch {
		case len(p.Local) > 0:
			pl.Name = pluginName(p.Local)
		case p.Plugin != "" || p.Name != "": // v1: a name is protoc-gen-<name> on PATH
			n := p.Plugin + p.Name
			pl.Name = pluginName([]string{n})
			if !strings.Contains(n, "/") && !strings.HasPrefix(n, "protoc-gen-") {
				pl.Name = n
				pl.Command = []string{"protoc-gen-" + n}
			} else if !strings.Contains(n, "buf.build/") {
				pl.Command = []string{n}
			}
		case p.Remote != "":
			pl.Name = pluginName([]string{p.Remote})
		case p.ProtocBuiltin != "":
			return nil, fmt.Errorf("%s: plugins[%d]: protoc_builtin plugins (%s) need protoc", path, i, p.ProtocBuiltin)
		}
		if pl.Name == "" || pl.Out == "" {
			return nil, fmt.Errorf("%s: plugins[%d]: a plugin needs a name (local or remote) and out", path, i)
		}
		t.Plugins = append(t.Plugins, pl)
	}
	return t, nil
}

// pluginName returns X for the last element of cmd named "protoc-gen-X"
// (a path, a Go package, a go tool name), or for a remote plugin the last
// element of its path (buf.build/grpc/go: "go-grpc" by buf's convention
// for grpc, else the element).
func pluginName(cmd []string) string {
	for i := len(cmd) - 1; i >= 0; i-- {
		base := cmd[i]
		if j := strings.LastIndexAny(base, "/\\"); j >= 0 {
			base = base[j+1:]
		}
		base, _, _ = strings.Cut(base, "@")
		if name, ok := strings.CutPrefix(base, "protoc-gen-"); ok {
			return name
		}
	}
	if len(cmd) == 1 && strings.HasPrefix(cmd[0], "buf.build/") {
		parts := strings.Split(strings.TrimPrefix(cmd[0], "buf.build/"), "/")
		if len(parts) == 3 {
			name, _, _ := strings.Cut(parts[2], ":")
			switch parts[0] + "/" + name {
			case "protocolbuffers/go":
				return "go"
			case "grpc/go":
				return "go-grpc"
			}
			return name
		}
	}
	return ""
}
