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
// # Precedence and conflicts
//
// Several templates may match one request path; as with Go 1.22
// net/http.ServeMux, the most specific one wins: the one whose set of
// matched paths is a strict subset of the other's. "/v1/users/me" beats
// "/v1/users/{id}", and "/v1/{x=shelves/*}" beats "/v1/{x=**}". Compare
// tells how two templates' path sets relate (Disjoint, Equal, Narrower,
// Wider or Ambiguous), exactly, with `**` matching zero or more segments
// and `*` one non-empty segment. Precedence orders templates so that, among
// templates without conflicts, the first one matching a path is the most
// specific.
//
// Two rules of one HTTP method conflict when Conflicts reports true for
// their templates: some request path matches both and neither is more
// specific, as "/v1/{a}/b" beside "/v1/a/{b}" (both match "/v1/a/b"), or
// the same shape twice, "/v1/{a}" beside "/v1/{b}". Templates with
// different custom verbs never overlap (Overlaps, Disjoint).
package httprule
