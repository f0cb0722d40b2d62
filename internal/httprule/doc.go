// Package httprule is the one parser and compiler of google.api.http
// rules. The HTTP plugin uses it to validate rules and generate route data,
// the runtime server to register routes and bind requests, the runtime
// client to build requests, and the OpenAPI generator to describe them, so
// they can never disagree about what a rule means.
//
// Parse compiles a path template:
//
//	t, err := httprule.Parse("/v1/{name=shelves/*/books/*}:publish")
//	if err != nil {
//		return err // *httprule.Error names the offset and the problem
//	}
//	// t.Segments: v1, shelves, *, books, *; t.Verb: "publish";
//	// t.Variables[0]: FieldPath [name], Segments[1:5], multi-segment.
//
// Compile turns a whole rule (HTTP method, template, body, response_body)
// and the method's message types into a Plan: the path variables resolved
// to fields (by proto or JSON name, nested, wrappers as scalars), the body
// and response fields, the fields the query may set. It reports every
// problem of the rule at once, with messages the plugin and the runtime
// both show:
//
//	p, err := httprule.Compile(httprule.Rule{Method: "PATCH", Pattern: "/v1/{book.name=shelves/*/books/*}", Body: "book"},
//		req.ProtoReflect().Descriptor(), res.ProtoReflect().Descriptor())
//	// p.Vars[0].ProtoPath: "book.name", p.Vars[0].Multi: true;
//	// p.BodyField: the field book; p.QuerySkip: ["book.name", "book"].
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
