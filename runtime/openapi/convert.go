package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// documents returns a document in both encodings, JSON and YAML, from
// either: keys keep their order.
func documents(doc []byte) (jsonDoc, yamlDoc []byte, err error) {
	var n yaml.Node
	if err := yaml.Unmarshal(doc, &n); err != nil {
		return nil, nil, fmt.Errorf("openapi: the document is neither JSON nor YAML: %w", err)
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("openapi: the document is not an object")
	}
	var jb bytes.Buffer
	if err := nodeJSON(&jb, n.Content[0]); err != nil {
		return nil, nil, err
	}
	if !json.Valid(jb.Bytes()) {
		return nil, nil, fmt.Errorf("openapi: the document has no JSON form")
	}
	blockStyle(&n)
	var yb bytes.Buffer
	enc := yaml.NewEncoder(&yb)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, nil, err
	}
	return jb.Bytes(), yb.Bytes(), nil
}

// nodeJSON writes a YAML node as JSON.
func nodeJSON(b *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			b.Write(k)
			b.WriteByte(':')
			if err := nodeJSON(b, n.Content[i+1]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := nodeJSON(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case yaml.AliasNode:
		return nodeJSON(b, n.Alias)
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			b.WriteString("null")
		case "!!bool":
			v, err := strconv.ParseBool(n.Value)
			if err != nil {
				return err
			}
			b.WriteString(strconv.FormatBool(v))
		case "!!int", "!!float":
			if !json.Valid([]byte(n.Value)) {
				return fmt.Errorf("openapi: number %q has no JSON form", n.Value)
			}
			b.WriteString(n.Value)
		default:
			s, _ := json.Marshal(n.Value)
			b.Write(s)
		}
	default:
		return fmt.Errorf("openapi: unexpected YAML node kind %v", n.Kind)
	}
	return nil
}

// blockStyle clears the styles a document read from JSON has (flow
// collections, double-quoted strings), so it is written as plain block
// YAML; the encoder still quotes what would otherwise read differently.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		blockStyle(c)
	}
}
