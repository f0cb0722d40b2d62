package http

import (
	nethttp "net/http"
	"net/url"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// bind fills msg from the request, in the order that makes later sources
// win: the body, then the query (unless the body is the whole request),
// then the path variables, whose raw (escaped) values are in raw.
func (u *rpcRoute) bind(w nethttp.ResponseWriter, r *nethttp.Request, msg protoreflect.Message, raw []string) error {
	if u.plan.HasBody() {
		if err := u.bindBody(w, r, msg); err != nil {
			return err
		}
	}
	var q url.Values
	if u.query != nil && r.URL.RawQuery != "" {
		var err error
		if q, err = url.ParseQuery(r.URL.RawQuery); err != nil {
			return badRequest("invalid query string: %v", err)
		}
	}
	return u.bindRest(msg, q, raw)
}

// bindRest fills msg from the query q (nil when the route reads none) and
// then from the path variables, whose raw values are in raw: what bind
// does after the body, and what a WebSocket route does for every message.
func (u *rpcRoute) bindRest(msg protoreflect.Message, q url.Values, raw []string) error {
	if len(q) > 0 {
		if err := u.query.Decode(q, msg.Interface()); err != nil {
			return badRequest("query: %v", err)
		}
	}
	for i := range u.plan.Vars {
		v := &u.plan.Vars[i]
		s, err := decodeVar(raw[i], v.Multi)
		if err != nil {
			return badRequest("path variable {%s}: invalid percent-encoding in %q", v.Path(), raw[i])
		}
		if err := u.path.DecodeValue(v.ProtoPath, s, msg.Interface()); err != nil {
			return badRequest("path variable {%s}: %v", v.Path(), err)
		}
	}
	return nil
}

// bindBody reads the body and decodes it into msg or its body field. An
// HttpBody keeps the bytes it is given, so its body is not read into a
// pooled buffer.
func (u *rpcRoute) bindBody(w nethttp.ResponseWriter, r *nethttp.Request, msg protoreflect.Message) error {
	var buf []byte
	if !u.rawBody {
		bp := u.s.bufs.get()
		defer u.s.bufs.put(bp)
		buf = *bp
		defer func() { *bp = buf }()
	}
	data, err := u.s.readBody(w, r, buf)
	if err != nil {
		return err
	}
	buf = data
	if len(data) == 0 {
		return nil
	}
	return u.s.media.decode(r.Header.Get("Content-Type"), data, msg, &u.body)
}
