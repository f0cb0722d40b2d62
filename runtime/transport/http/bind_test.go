package http_test

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/transport/http"
)

func TestPathVariableValues(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          string // proto3 JSON of the bound message; "" when the request must fail with 400
		errSub        string
	}{
		{"/s/{name}", "/s/a%2Fb%20c", `{"name":"a/b c"}`, ""},
		{"/s/{name}", "/s/%FF", "", "invalid UTF-8"},
		{"/i64/{bookId}", "/i64/-42", `{"bookId":"-42"}`, ""}, // JSON name
		{"/i64/{book_id}", "/i64/9223372036854775808", "", "out of range for int64"},
		{"/i64/{book_id}", "/i64/4x", "", "not a valid int64"},
		{"/i32/{small}", "/i32/2147483648", "", "out of range for int32"},
		{"/i32/{small}", "/i32/-5", `{"small":-5}`, ""},
		{"/u32/{count}", "/u32/-1", "", "not a valid uint32"},
		{"/u64/{big}", "/u64/18446744073709551615", `{"big":"18446744073709551615"}`, ""},
		{"/b/{flag}", "/b/true", `{"flag":true}`, ""},
		{"/b/{flag}", "/b/1", `{"flag":true}`, ""},
		{"/b/{flag}", "/b/0", `{}`, ""},
		{"/b/{flag}", "/b/yes", "", "not a bool"},
		{"/e/{color}", "/e/BLUE", `{"color":"BLUE"}`, ""},
		{"/e/{color}", "/e/1", `{"color":"RED"}`, ""},
		{"/e/{color}", "/e/PURPLE", "", "not a value of enum bia.test.Color"},
		{"/by/{blob}", "/by/aGk=", `{"blob":"aGk="}`, ""},
		{"/by/{blob}", "/by/aGk", `{"blob":"aGk="}`, ""},
		{"/by/{blob}", "/by/_-8", `{"blob":"/+8="}`, ""},
		{"/by/{blob}", "/by/%2F%2B8%3D", `{"blob":"/+8="}`, ""},
		{"/by/{blob}", "/by/!!", "", "not base64"},
		{"/d/{ratio}", "/d/1.5", `{"ratio":1.5}`, ""},
		{"/d/{ratio}", "/d/Infinity", `{"ratio":"Infinity"}`, ""},
		{"/d/{ratio}", "/d/abc", "", "not a valid double"},
		{"/f/{frac}", "/f/3.5e39", "", "out of range for float"},
		{"/w/{nick}", "/w/bob", `{"nick":"bob"}`, ""},
		{"/n/{book.id}", "/n/b1", `{"book":{"id":"b1"}}`, ""},
		{"/n2/{book.sequel.title}", "/n2/t2", `{"book":{"sequel":{"title":"t2"}}}`, ""},
		{"/m/{path=a/**}", "/m/a/b%2Fc/d", `{"path":"a/b%2Fc/d"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s := http.NewServer()
			got := captureRoute(t, s, http.Rule{Method: "GET", Pattern: tt.pattern, Operation: "/s.S/M"})
			rec := serve(s, "GET", tt.path, "", "")
			if tt.want == "" {
				b := readError(t, rec, 400, "INVALID_ARGUMENT")
				if !strings.Contains(b.Message, tt.errSub) {
					t.Errorf("message %q does not contain %q", b.Message, tt.errSub)
				}
				return
			}
			if rec.Code != 200 {
				t.Fatalf("status = %d; body %s", rec.Code, rec.Body)
			}
			if d := diffMsg(msgJSON(t, tt.want), <-got); d != "" {
				t.Errorf("bound message (-want +got):\n%s", d)
			}
		})
	}
}

func TestBindingPrecedence(t *testing.T) {
	tests := []struct {
		name        string
		rule        http.Rule
		method, url string
		body        string
		want        string
	}{
		{
			name:   "body * : query ignored, path wins over body",
			rule:   http.Rule{Method: "POST", Pattern: "/v1/books/{name}", Body: "*"},
			method: "POST", url: "/v1/books/fromPath?small=2&title=q",
			body: `{"name":"fromBody","small":1,"book":{"id":"b"}}`,
			want: `{"name":"fromPath","small":1,"book":{"id":"b"}}`,
		},
		{
			name:   "body field: other fields from the query, body field and path variables skipped there",
			rule:   http.Rule{Method: "PATCH", Pattern: "/v1/books/{name}", Body: "book"},
			method: "PATCH", url: "/v1/books/fromPath?small=3&name=q&book.title=ignored&tags=a&tags=b",
			body: `{"id":"b1","title":"t"}`,
			want: `{"name":"fromPath","small":3,"tags":["a","b"],"book":{"id":"b1","title":"t"}}`,
		},
		{
			name:   "path variable inside the body field wins",
			rule:   http.Rule{Method: "PATCH", Pattern: "/v1/shelves/{book.id}", Body: "book"},
			method: "PATCH", url: "/v1/shelves/fromPath",
			body: `{"id":"fromBody","title":"t"}`,
			want: `{"book":{"id":"fromPath","title":"t"}}`,
		},
		{
			name:   "no body: every non-path field from the query",
			rule:   http.Rule{Method: "GET", Pattern: "/v1/q/{name}"},
			method: "GET", url: "/v1/q/p?name=q&small=4&labels%5Bk%5D=v&bookId=9&book.title=x&color=BLUE",
			want: `{"name":"p","small":4,"labels":{"k":"v"},"bookId":"9","book":{"title":"x"},"color":"BLUE"}`,
		},
		{
			name:   "no body rule: a body is not read",
			rule:   http.Rule{Method: "POST", Pattern: "/v1/nobody"},
			method: "POST", url: "/v1/nobody?small=5",
			body: `{"name":"ignored"}`,
			want: `{"small":5}`,
		},
		{
			name:   "empty body leaves the message empty",
			rule:   http.Rule{Method: "POST", Pattern: "/v1/empty", Body: "*"},
			method: "POST", url: "/v1/empty",
			want: `{}`,
		},
		{
			name:   "empty body leaves the body field unset",
			rule:   http.Rule{Method: "POST", Pattern: "/v1/empty", Body: "book"},
			method: "POST", url: "/v1/empty?name=n",
			want: `{"name":"n"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := http.NewServer()
			tt.rule.Operation = "/s.S/M"
			got := captureRoute(t, s, tt.rule)
			rec := serve(s, tt.method, tt.url, "", tt.body)
			if rec.Code != 200 {
				t.Fatalf("status = %d; body %s", rec.Code, rec.Body)
			}
			if d := diffMsg(msgJSON(t, tt.want), <-got); d != "" {
				t.Errorf("bound message (-want +got):\n%s", d)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	s := http.NewServer()
	captureRoute(t, s, http.Rule{Method: "GET", Pattern: "/q", Operation: "/s.S/M"})
	for _, q := range []string{"small=x", "small=1&small=2", "color=PURPLE", "%zz=1"} {
		readError(t, serve(s, "GET", "/q?"+q, "", ""), 400, "INVALID_ARGUMENT")
	}
}

func TestBodyFormats(t *testing.T) {
	bin, err := proto.Marshal(msgJSON(t, `{"name":"bin","nums":["1","2"]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		opts        []http.ServerOption
		body        string // the rule's body
		contentType string
		payload     string
		want        string // bound message as JSON; "" for an error
		status      int
		reason      string
		errSub      string
	}{
		{name: "JSON without Content-Type", body: "*", payload: `{"name":"j","bookId":"5"}`, want: `{"name":"j","bookId":"5"}`},
		{name: "JSON with charset", body: "*", contentType: "application/json; charset=UTF-8", payload: `{"name":"j"}`, want: `{"name":"j"}`},
		{name: "JSON with proto names", body: "*", contentType: "application/json", payload: `{"book_id":"5"}`, want: `{"bookId":"5"}`},
		{name: "JSON unknown fields ignored", body: "*", contentType: "application/json", payload: `{"name":"j","nope":1}`, want: `{"name":"j"}`},
		{name: "JSON unknown fields rejected", opts: []http.ServerOption{http.RejectUnknownFields()}, body: "*", payload: `{"nope":1}`,
			status: 400, reason: "INVALID_ARGUMENT", errSub: "nope"},
		{name: "malformed JSON", body: "*", payload: `{"name":`, status: 400, reason: "INVALID_ARGUMENT", errSub: "invalid JSON body"},
		{name: "JSON of the wrong type", body: "*", payload: `{"small":"big"}`, status: 400, reason: "INVALID_ARGUMENT", errSub: "small"},
		{name: "other charset", body: "*", contentType: "application/json; charset=latin1", payload: `{}`,
			status: 415, reason: "UNSUPPORTED_MEDIA_TYPE", errSub: "utf-8"},
		{name: "x-protobuf", body: "*", contentType: "application/x-protobuf", payload: string(bin), want: `{"name":"bin","nums":["1","2"]}`},
		{name: "application/proto", body: "*", contentType: "application/proto", payload: string(bin), want: `{"name":"bin","nums":["1","2"]}`},
		{name: "malformed protobuf", body: "*", contentType: "application/x-protobuf", payload: "\xff\xff",
			status: 400, reason: "INVALID_ARGUMENT", errSub: "invalid protobuf body"},
		{name: "form", body: "*", contentType: "application/x-www-form-urlencoded", payload: "name=f&tags=a&tags=b&book.id=x",
			want: `{"name":"f","tags":["a","b"],"book":{"id":"x"}}`},
		{name: "form error", body: "*", contentType: "application/x-www-form-urlencoded", payload: "small=many",
			status: 400, reason: "INVALID_ARGUMENT", errSub: "small"},
		{name: "unsupported type", body: "*", contentType: "text/plain", payload: "hi",
			status: 415, reason: "UNSUPPORTED_MEDIA_TYPE", errSub: `"text/plain"`},
		{name: "unparsable type", body: "*", contentType: "a/b; =", payload: "hi", status: 415, reason: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "message field as form", body: "book", contentType: "application/x-www-form-urlencoded", payload: "id=1&title=t",
			want: `{"book":{"id":"1","title":"t"}}`},
		{name: "message field as protobuf", body: "book", contentType: "application/x-protobuf", payload: "\x0a\x02b1",
			want: `{"book":{"id":"b1"}}`},
		{name: "well-known-type field", body: "when", payload: `"2020-01-02T03:04:05Z"`, want: `{"when":"2020-01-02T03:04:05Z"}`},
		{name: "wrapper field", body: "nick", payload: `"n"`, want: `{"nick":"n"}`},
		{name: "repeated scalar field", body: "tags", payload: `["a","b"]`, want: `{"tags":["a","b"]}`},
		{name: "repeated int64 field", body: "nums", payload: `["1",2]`, want: `{"nums":["1","2"]}`},
		{name: "repeated message field", body: "books", payload: `[{"id":"1"},{"title":"t"}]`, want: `{"books":[{"id":"1"},{"title":"t"}]}`},
		{name: "map field", body: "labels", payload: `{"a":"b"}`, want: `{"labels":{"a":"b"}}`},
		{name: "map of messages field", body: "shelf", payload: `{"k":{"id":"1"}}`, want: `{"shelf":{"k":{"id":"1"}}}`},
		{name: "scalar field", body: "name", payload: `"x"`, want: `{"name":"x"}`},
		{name: "enum field", body: "color", payload: `"BLUE"`, want: `{"color":"BLUE"}`},
		{name: "null scalar field", body: "small", payload: `null`, want: `{}`},
		{name: "field body smuggling other fields", body: "name", payload: `"x", "small": 1`,
			status: 400, reason: "INVALID_ARGUMENT", errSub: "invalid JSON body for field name"},
		{name: "wrong JSON type for the field", body: "tags", payload: `{"a":1}`, status: 400, reason: "INVALID_ARGUMENT", errSub: "tags"},
		{name: "non-message field as protobuf", body: "tags", contentType: "application/x-protobuf", payload: "x",
			status: 415, reason: "UNSUPPORTED_MEDIA_TYPE", errSub: "send it as JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := http.NewServer(tt.opts...)
			got := captureRoute(t, s, http.Rule{Method: "POST", Pattern: "/b", Body: tt.body, Operation: "/s.S/M"})
			rec := serve(s, "POST", "/b", tt.contentType, tt.payload)
			if tt.want == "" {
				b := readError(t, rec, tt.status, tt.reason)
				if !strings.Contains(b.Message, tt.errSub) {
					t.Errorf("message %q does not contain %q", b.Message, tt.errSub)
				}
				return
			}
			if rec.Code != 200 {
				t.Fatalf("status = %d; body %s", rec.Code, rec.Body)
			}
			if d := diffMsg(msgJSON(t, tt.want), <-got); d != "" {
				t.Errorf("bound message (-want +got):\n%s", d)
			}
		})
	}
}

func TestBodySizeLimit(t *testing.T) {
	small := `{"name":"0123456789"}` // 21 bytes
	tests := []struct {
		name    string
		opts    []http.ServerOption
		payload string
		chunked bool // no Content-Length: the limit is found while reading
		status  int
	}{
		{"under the limit", []http.ServerOption{http.MaxBodySize(21)}, small, false, 200},
		{"over the limit", []http.ServerOption{http.MaxBodySize(20)}, small, false, 413},
		{"over the limit, chunked", []http.ServerOption{http.MaxBodySize(20)}, small, true, 413},
		{"no limit", []http.ServerOption{http.MaxBodySize(0)}, `{"name":"` + strings.Repeat("x", 5<<20) + `"}`, true, 200},
		{"default limit is 4 MiB", nil, `{"name":"` + strings.Repeat("x", 4<<20) + `"}`, true, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := http.NewServer(tt.opts...)
			echoRoute(t, s, http.Rule{Method: "POST", Pattern: "/b", Body: "*", Operation: "/s.S/M"})
			base := startServer(t, s)
			req, err := newPost(base+"/b", tt.payload, tt.chunked)
			if err != nil {
				t.Fatal(err)
			}
			resp, body := do(t, req)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d; body %.200s", resp.StatusCode, tt.status, body)
			}
			if tt.status == 413 {
				jsonEqual(t, body, `{"code":413,"reason":"PAYLOAD_TOO_LARGE","message":"request body larger than `+
					map[bool]string{true: "4194304", false: "20"}[tt.opts == nil]+` bytes","metadata":{}}`)
			}
		})
	}
}
