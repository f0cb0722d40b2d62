package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// tree is a decoded document or a merge of them: maps, lists and scalars,
// as JSON has them, with where each key came from.
type tree struct {
	root map[string]any
	// pos maps a dotted key path to "file:line" ("file" when the format
	// gives no lines).
	pos map[string]string
}

// decode decodes a document by its format.
func decode(kv *KeyValue) (*tree, error) {
	t := &tree{pos: map[string]string{}}
	switch strings.ToLower(kv.Format) {
	case "yaml", "yml":
		var n yaml.Node
		if err := yaml.Unmarshal(kv.Value, &n); err != nil {
			// "yaml: line 3: did not find..." → "config.yaml:3: did not find..."
			if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
				return nil, fmt.Errorf("%s:%s: %s", kv.Key, m[1], m[2])
			}
			return nil, fmt.Errorf("%s: %w", kv.Key, err)
		}
		if len(n.Content) == 0 {
			t.root = map[string]any{}
			return t, nil
		}
		v, err := fromYAML(kv.Key, n.Content[0], "", t.pos)
		if err != nil {
			return nil, err
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s:%d: the document is not a mapping", kv.Key, n.Content[0].Line)
		}
		t.root = m
	case "json":
		dec := json.NewDecoder(bytes.NewReader(kv.Value))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("%s: %w", kv.Key, err)
		}
		t.root = normalize(m).(map[string]any)
		t.mark(kv.Key, "", t.root)
	case "toml":
		var m map[string]any
		if _, err := toml.Decode(string(kv.Value), &m); err != nil {
			return nil, fmt.Errorf("%s: %w", kv.Key, err)
		}
		t.root = normalize(m).(map[string]any)
		t.mark(kv.Key, "", t.root)
	default:
		return nil, fmt.Errorf("%s: unknown format %q (yaml, json, toml)", kv.Key, kv.Format)
	}
	return t, nil
}

// mark records file as the origin of every key under prefix.
func (t *tree) mark(file, prefix string, m map[string]any) {
	for k, v := range m {
		p := join(prefix, k)
		t.pos[p] = file
		if sub, ok := v.(map[string]any); ok {
			t.mark(file, p, sub)
		}
	}
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// fromYAML converts a YAML node, recording each key's line.
func fromYAML(file string, n *yaml.Node, path string, pos map[string]string) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := join(path, k.Value)
			pos[p] = fmt.Sprintf("%s:%d", file, k.Line)
			val, err := fromYAML(file, v, p, pos)
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			val, err := fromYAML(file, c, fmt.Sprintf("%s[%d]", path, i), pos)
			if err != nil {
				return nil, err
			}
			l = append(l, val)
		}
		return l, nil
	case yaml.AliasNode:
		return fromYAML(file, n.Alias, path, pos)
	case yaml.ScalarNode:
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %w", file, n.Line, path, err)
		}
		return normalize(v), nil
	}
	return nil, fmt.Errorf("%s:%d: %s: unsupported YAML node", file, n.Line, path)
}

// normalize turns decoded values into JSON's kinds: map[string]any,
// []any, string, bool, json.Number, nil.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	case []map[string]any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = normalize(e)
		}
		return l
	case int:
		return json.Number(strconv.Itoa(x))
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case uint64:
		return json.Number(strconv.FormatUint(x, 10))
	case float64:
		return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	default:
		return v
	}
}

// merge merges src into dst: maps deeply, anything else replaced.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
			c := map[string]any{}
			merge(c, sm)
			dst[k] = c
			continue
		}
		dst[k] = v
	}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_.\-]+)(?::([^}]*))?\}`)

// resolve replaces ${NAME} and ${NAME:default} in strings: NAME is another
// key of the configuration (a dotted path) or else an environment
// variable; without either, the default (or an error without one). A
// string that is only a placeholder takes the referenced value's kind
// (a number, a bool).
func resolve(root map[string]any, pos map[string]string) error {
	var walk func(path string, v any) (any, error)
	walk = func(path string, v any) (any, error) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				r, err := walk(join(path, k), e)
				if err != nil {
					return nil, err
				}
				x[k] = r
			}
			return x, nil
		case []any:
			for i, e := range x {
				r, err := walk(fmt.Sprintf("%s[%d]", path, i), e)
				if err != nil {
					return nil, err
				}
				x[i] = r
			}
			return x, nil
		case string:
			return expand(root, pos, path, x, 0)
		}
		return v, nil
	}
	_, err := walk("", root)
	return err
}

func expand(root map[string]any, pos map[string]string, path, s string, depth int) (any, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	if depth > 10 {
		return nil, fmt.Errorf("%s: %s: placeholders nest too deep (a cycle?)", where(pos, path), path)
	}
	var firstErr error
	lookup := func(name, def string, hasDef bool) (any, bool) {
		if v, ok := get(root, name); ok {
			if str, isStr := v.(string); isStr {
				r, err := expand(root, pos, name, str, depth+1)
				if err != nil && firstErr == nil {
					firstErr = err
				}
				return r, true
			}
			return v, true
		}
		if v, ok := os.LookupEnv(name); ok {
			return v, true
		}
		if hasDef {
			return def, true
		}
		return nil, false
	}
	if m := placeholder.FindStringSubmatchIndex(s); m != nil && m[0] == 0 && m[1] == len(s) {
		name, def := s[m[2]:m[3]], ""
		hasDef := m[4] >= 0
		if hasDef {
			def = s[m[4]:m[5]]
		}
		v, ok := lookup(name, def, hasDef)
		if !ok {
			return nil, fmt.Errorf("%s: %s: ${%s} is neither a key nor an environment variable, and has no default", where(pos, path), path, name)
		}
		if str, isStr := v.(string); isStr {
			return scalar(str), firstErr
		}
		return v, firstErr
	}
	var missing string
	out := placeholder.ReplaceAllStringFunc(s, func(p string) string {
		sm := placeholder.FindStringSubmatch(p)
		hasDef := strings.Contains(p, ":")
		v, ok := lookup(sm[1], sm[2], hasDef)
		if !ok {
			missing = sm[1]
			return p
		}
		return fmt.Sprint(v)
	})
	if missing != "" {
		return nil, fmt.Errorf("%s: %s: ${%s} is neither a key nor an environment variable, and has no default", where(pos, path), path, missing)
	}
	return out, firstErr
}

// scalar gives a whole-placeholder value the kind its text has.
func scalar(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return json.Number(s)
	}
	return s
}

// get looks a dotted path up in root.
func get(root map[string]any, path string) (any, bool) {
	var cur any = root
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// where is the origin of path, or of its closest known parent.
func where(pos map[string]string, path string) string {
	for p := path; p != ""; {
		if w, ok := pos[p]; ok {
			return w
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return "config"
}
