package openapitest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// goldenDocuments are the documents testdata/buf.gen.yaml generates.
func goldenDocuments(t *testing.T) []string {
	t.Helper()
	var docs []string
	err := filepath.WalkDir("../../testdata/golden/openapi", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".json")) {
			docs = append(docs, path)
		}
		return err
	})
	if err != nil || len(docs) == 0 {
		t.Fatalf("no golden documents (%v): run make generate", err)
	}
	return docs
}

// TestGoldenDocumentsValidate checks every golden document against the
// OpenAPI 3.1 schema with libopenapi-validator.
func TestGoldenDocumentsValidate(t *testing.T) {
	for _, path := range goldenDocuments(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			spec, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := libopenapi.NewDocument(spec)
			if err != nil {
				t.Fatal(err)
			}
			if v := doc.GetVersion(); v != "3.1.0" {
				t.Errorf("version %q, want 3.1.0", v)
			}
			if _, err := doc.BuildV3Model(); err != nil {
				t.Fatalf("building the model: %v", err)
			}
			v, errs := validator.NewValidator(doc)
			if len(errs) > 0 {
				t.Fatalf("NewValidator: %v", errs)
			}
			if ok, verrs := v.ValidateDocument(); !ok {
				for _, e := range verrs {
					t.Errorf("%s", e.Error())
					for _, se := range e.SchemaValidationErrors {
						t.Errorf("  %s at %s (line %d)", se.Reason, se.KeywordLocation, se.Line)
					}
				}
			}
		})
	}
}

// TestValidatorRejects checks that the validator catches a broken
// document, so TestGoldenDocumentsValidate can fail.
func TestValidatorRejects(t *testing.T) {
	doc, err := libopenapi.NewDocument([]byte(`{"openapi": "3.1.0", "info": {"title": "x", "version": "1"},
		"paths": {"/x": {"get": {"responses": {"200": {"description": 7}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, _ := v.ValidateDocument(); ok {
		t.Error("a document with a numeric description validated")
	}
}
