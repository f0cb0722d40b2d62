package openapigen_test

import (
	"encoding/json"
	"testing"

	_ "github.com/envoyproxy/protoc-gen-validate/validate" // makes validate/validate.proto importable
	_ "github.com/google/gnostic-models/openapiv3"         // makes openapiv3/annotations.proto importable
	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/internal/plugintest"
)

// TestAnnotations checks that gnostic's annotations are merged into the
// generated document: 3.0 schema keywords turned into 3.1's, unset fields
// leaving the generated ones alone, the annotation's openapi version
// ignored.
func TestAnnotations(t *testing.T) {
	resp := run(t, plugintest.RequestOptions{
		Sources: map[string]string{"x/v1/x.proto": `syntax = "proto3";
package x.v1;
import "google/api/annotations.proto";
import "openapiv3/annotations.proto";
option go_package = "example.com/x/v1";
option (openapi.v3.document) = {
  openapi: "3.0.3"
  info: {description: "From the annotation."}
};
message Req {
  option (openapi.v3.schema) = {description: "Replaced.", nullable: true};
  int32 n = 1 [(openapi.v3.property) = {minimum: 1, exclusive_minimum: true, maximum: 9}];
  string s = 2 [(openapi.v3.property) = {type: "string", nullable: true, format: "uuid"}];
}
service S {
  rpc Get(Req) returns (Req) {
    option (openapi.v3.operation) = {operation_id: "getIt", tags: "Things"};
    option (google.api.http) = {post: "/v1/x" body: "*"};
  }
}`},
		Files:     []string{"x/v1/x.proto"},
		Parameter: "format=json,title=T,version=2",
	})
	if resp.GetError() != "" || len(resp.GetFile()) != 1 {
		t.Fatalf("error %q, %d files", resp.GetError(), len(resp.GetFile()))
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Info    map[string]any `json:"info"`
		Paths   map[string]map[string]struct {
			OperationID string   `json:"operationId"`
			Tags        []string `json:"tags"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Description string                    `json:"description"`
				Properties  map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(resp.GetFile()[0].GetContent()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	if diff := cmp.Diff(map[string]any{"title": "T", "version": "2", "x-generator": doc.Info["x-generator"], "description": "From the annotation."}, doc.Info); diff != "" {
		t.Errorf("info (-want +got):\n%s", diff)
	}
	op := doc.Paths["/v1/x"]["post"]
	if op.OperationID != "getIt" || !cmp.Equal(op.Tags, []string{"Things"}) {
		t.Errorf("operation id %q tags %v, want getIt [Things]", op.OperationID, op.Tags)
	}
	req := doc.Components.Schemas["x.v1.Req"]
	if req.Description != "Replaced." {
		t.Errorf("schema description %q", req.Description)
	}
	if diff := cmp.Diff(map[string]any{"type": "integer", "format": "int32", "exclusiveMinimum": 1.0, "maximum": 9.0}, req.Properties["n"]); diff != "" {
		t.Errorf("property n (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"type": []any{"string", "null"}, "format": "uuid"}, req.Properties["s"]); diff != "" {
		t.Errorf("property s (-want +got):\n%s", diff)
	}
}

// TestPathParameterRules checks that a path variable's validation rules
// constrain its parameter, as they do a query parameter's.
func TestPathParameterRules(t *testing.T) {
	resp := run(t, plugintest.RequestOptions{
		Sources: map[string]string{"x/v1/x.proto": `syntax = "proto3";
package x.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
option go_package = "example.com/x/v1";
message Req {
  string id = 1 [(validate.rules).string = {min_len: 2, max_len: 8, pattern: "^[a-z]+$"}];
  uint32 n = 2 [(validate.rules).uint32.lte = 9];
}
service S { rpc Get(Req) returns (Req) { option (google.api.http) = {get: "/v1/{id}"}; } }`},
		Files:     []string{"x/v1/x.proto"},
		Parameter: "format=json",
	})
	if resp.GetError() != "" || len(resp.GetFile()) != 1 {
		t.Fatalf("error %q, %d files", resp.GetError(), len(resp.GetFile()))
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string         `json:"name"`
				In     string         `json:"in"`
				Schema map[string]any `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(resp.GetFile()[0].GetContent()), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]any{}
	for _, p := range doc.Paths["/v1/{id}"]["get"].Parameters {
		got[p.In+" "+p.Name] = p.Schema
	}
	want := map[string]map[string]any{
		"path id": {"type": "string", "minLength": 2.0, "maxLength": 8.0, "pattern": "^[a-z]+$"},
		"query n": {"type": "integer", "format": "int64", "minimum": 0.0, "maximum": 9.0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parameters (-want +got):\n%s", diff)
	}
}
