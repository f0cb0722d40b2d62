// Package httprule is the one parser and compiler of google.api.http path
// templates. The HTTP plugin uses it to validate rules and generate route
// data, the runtime router to match requests, and the OpenAPI generator to
// write paths, so the three can never disagree about what a template means.
//
//	t, err := httprule.Parse("/v1/{name=shelves/*/books/*}:publish")
//	if err != nil {
//		return err // *httprule.Error names the offset and the problem
//	}
//	// t.Segments: v1, shelves, *, books, *; t.Verb: "publish";
//	// t.Variables[0]: FieldPath [name], Segments[1:5], multi-segment.
//
// Two rules of one HTTP method conflict when Overlaps reports true for their
// templates: some request path would match both.
package httprule
