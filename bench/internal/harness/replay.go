package harness

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
)

// Spec describes one HTTP request.
type Spec struct {
	Method string      // "GET", "POST", ...
	Target string      // path and query, e.g. "/v1/shelves/s1/items?item_id=x"
	Header http.Header // request header fields; nil for none
	Body   []byte      // nil for no body
}

// Replay serves the request of a Spec again and again without allocating:
// Request resets one *http.Request (and its URL and body) to the state
// NewReplay built, undoing what a handler set on it (path values, the
// parsed form, the body read). Handlers must not modify the request's
// Header map; the tests check that replies do not change between replays.
// A Replay is not safe for concurrent use.
type Replay struct {
	tmpl http.Request
	url  url.URL
	req  http.Request
	body body
	data []byte
}

// body is a resettable request body.
type body struct{ bytes.Reader }

func (*body) Close() error { return nil }

// NewReplay returns a Replay of s, with the client address and host
// httptest.NewRequest gives. It panics if s.Target is not a valid request
// target, as httptest.NewRequest does.
func NewReplay(s Spec) *Replay {
	p := &Replay{data: s.Body}
	r := httptest.NewRequest(s.Method, s.Target, nil)
	for k, vs := range s.Header {
		r.Header[http.CanonicalHeaderKey(k)] = vs
	}
	r.ContentLength = int64(len(s.Body))
	p.tmpl = *r
	return p
}

// Request returns the request, reset to its initial state: the same
// pointer on every call, valid until the next call.
func (p *Replay) Request() *http.Request {
	p.req = p.tmpl
	p.url = *p.tmpl.URL
	p.req.URL = &p.url
	if p.data != nil {
		p.body.Reset(p.data)
		p.req.Body = &p.body
	}
	return &p.req
}
