package http

import (
	"context"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"net/url"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/runtime/encoding/form"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// Rule is one HTTP binding of an RPC method: one google.api.http rule or
// additional binding. Generated code declares one per binding.
type Rule struct {
	// Method is "GET", "PUT", "POST", "DELETE", "PATCH", or a custom
	// method name as written in the rule.
	Method string
	// Pattern is the path template, variables named by proto name or JSON
	// name, e.g. "/v1/{name=shelves/*}".
	Pattern string
	// Body is "" (no body), "*" (the body is the whole request) or the
	// proto name of the top-level request field the body fills.
	Body string
	// ResponseBody is "" (the reply is the whole response message) or the
	// proto name of the top-level response field sent as the reply.
	ResponseBody string
	// Operation is the full method name, "/pkg.Service/Method".
	Operation string
}

// HandleUnary registers call as the handler of the route r describes:
// requests matching r.Method and r.Pattern are bound to a new Req (body,
// then query, then path variables, so path variables win), passed through
// the server's middleware to call, and the reply is written back (see the
// package documentation for every rule). Generated code calls it:
//
//	http.HandleUnary(s, _Greeter_SayHello0_HTTPRule, srv.SayHello)
//
// The binding plan and the middleware chain are built here, once. It
// panics, naming the operation, if the template is invalid, a path
// variable, body or response_body names a field the messages lack (or a
// path variable names a field that is not a singular scalar, enum or
// wrapper), the route conflicts with a registered one (same method and
// templates that can match the same path; the message names both), or the
// server has started.
func HandleUnary[Req any, Res proto.Message, PReq interface {
	*Req
	proto.Message
}](s *Server, r Rule, call func(context.Context, PReq) (Res, error)) {
	var res Res
	if any(res) == nil {
		panic(fmt.Sprintf("http: operation %s: the reply type must be a concrete message type", r.Operation))
	}
	reqType := PReq(new(Req)).ProtoReflect().Type()
	handleUnary(s, r, reqType, res.ProtoReflect().Type(), func(ctx context.Context, m proto.Message) (proto.Message, error) {
		in, ok := m.(PReq)
		if !ok {
			return nil, fmt.Errorf("http: operation %s: a middleware replaced the %T request with a %T", r.Operation, PReq(nil), m)
		}
		out, err := call(ctx, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	})
}

// plan is how one route binds requests and writes replies, computed when
// the route is registered.
type plan struct {
	rule      Rule
	reqType   protoreflect.MessageType
	resType   protoreflect.MessageType
	vars      []pathVar
	bodyAll   bool                         // body "*"
	bodyField protoreflect.FieldDescriptor // body "field"
	bodyMsg   protoreflect.MessageDescriptor
	bodyForm  *form.Decoder // for form bodies, nil if the body target is not a message
	query     *form.Decoder // nil with body "*"
	path      *form.Decoder // binds path variables, with the query's value rules
	resField  protoreflect.FieldDescriptor
	jsonIn    protojson.UnmarshalOptions
	jsonOut   protojson.MarshalOptions
	maxBody   int64
	bufs      *buffers
	codecs    *codecSet // added by the Codecs option; nil for none
}

// handleUnary is HandleUnary for any message types: the request is a new
// message of reqType, and the reply of call must be of resType.
func handleUnary(s *Server, r Rule, reqType, resType protoreflect.MessageType, call func(context.Context, proto.Message) (proto.Message, error)) {
	checkMethod(r.Method, r.Pattern, false)
	tmpl := mustParse(r.Pattern, r.Operation)
	p, err := newPlan(s, r, reqType, resType)
	if err == nil {
		p.vars, err = compileVars(tmpl, reqType.Descriptor())
	}
	if err != nil {
		panic(fmt.Sprintf("http: operation %s (%s %s): %v", r.Operation, r.Method, r.Pattern, err))
	}
	p.path = form.NewDecoder(reqType.Descriptor())
	if !p.bodyAll {
		skip := skipPaths(p.vars)
		if p.bodyField != nil {
			skip = append(skip, string(p.bodyField.Name()))
		}
		p.query = form.NewDecoder(reqType.Descriptor(), form.Skip(skip...))
	}
	h := middleware.Chain(s.opts.middleware...)(func(ctx context.Context, req any) (any, error) {
		m, ok := req.(proto.Message)
		if !ok {
			return nil, fmt.Errorf("http: operation %s: a middleware replaced the request with a %T", r.Operation, req)
		}
		return call(ctx, m)
	})
	s.register(&route{
		method:    r.Method,
		pattern:   r.Pattern,
		operation: r.Operation,
		tmpl:      tmpl,
		serve: func(w nethttp.ResponseWriter, req *nethttp.Request, x *exchange, raw []string) {
			s.serveUnary(w, req, x, p, h, raw)
		},
	})
}

func newPlan(s *Server, r Rule, reqType, resType protoreflect.MessageType) (*plan, error) {
	p := &plan{
		rule:    r,
		reqType: reqType,
		resType: resType,
		jsonIn:  protojson.UnmarshalOptions{DiscardUnknown: !s.opts.rejectUnknown},
		jsonOut: protojson.MarshalOptions{EmitUnpopulated: s.opts.emitUnpopulated, UseProtoNames: s.opts.useProtoNames},
		maxBody: s.opts.maxBodySize,
		bufs:    &s.bufs,
		codecs:  s.codecs,
	}
	req, res := reqType.Descriptor(), resType.Descriptor()
	switch r.Body {
	case "":
	case "*":
		p.bodyAll, p.bodyMsg = true, req
	default:
		fd := resolveField(req, r.Body)
		if fd == nil {
			return nil, fmt.Errorf("body: %s has no field %q", req.FullName(), r.Body)
		}
		p.bodyField = fd
		if isMessageField(fd) {
			p.bodyMsg = fd.Message()
		}
	}
	if p.bodyMsg != nil && !isHTTPBody(p.bodyMsg) {
		p.bodyForm = form.NewDecoder(p.bodyMsg)
	}
	if r.ResponseBody != "" {
		fd := resolveField(res, r.ResponseBody)
		if fd == nil {
			return nil, fmt.Errorf("response_body: %s has no field %q", res.FullName(), r.ResponseBody)
		}
		p.resField = fd
	}
	return p, nil
}

// serveUnary serves one request of a HandleUnary route.
func (s *Server) serveUnary(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, p *plan, h middleware.Handler, raw []string) {
	op := p.rule.Operation
	ctx := transport.NewServerContext(r.Context(), s.newTransport(x, r, op, p.rule.Pattern, w.Header()))
	if s.opts.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.opts.timeout)
		defer cancel()
	}
	msg := p.reqType.New()
	if err := p.bind(w, r, msg, raw); err != nil {
		s.writeError(w, r, op, err)
		return
	}
	reply, err := h(ctx, msg.Interface())
	if err != nil {
		s.writeError(w, r, op, err)
		return
	}
	var m protoreflect.Message
	switch v := reply.(type) {
	case nil:
		m = p.resType.New()
	case proto.Message:
		m = v.ProtoReflect()
	default:
		s.writeError(w, r, op, fmt.Errorf("http: operation %s: the handler chain returned a %T, not a proto.Message", op, reply))
		return
	}
	if err := p.writeReply(w, r, m); err != nil {
		s.writeError(w, r, op, fmt.Errorf("http: operation %s: encoding the reply: %w", op, err))
	}
}

// bind fills msg from the request: body, then query (unless the body is
// the whole request), then path variables.
func (p *plan) bind(w nethttp.ResponseWriter, r *nethttp.Request, msg protoreflect.Message, raw []string) error {
	if p.bodyAll || p.bodyField != nil {
		var buf []byte
		if !isHTTPBody(p.bodyMsg) { // an HttpBody keeps its bytes: no pooling
			bp := p.bufs.get()
			defer p.bufs.put(bp)
			buf = *bp
			defer func() { *bp = buf }()
		}
		data, err := readBody(w, r, p.maxBody, buf)
		if err != nil {
			return err
		}
		buf = data
		if len(data) > 0 {
			if err := p.decodeBody(r.Header.Get("Content-Type"), data, msg); err != nil {
				return err
			}
		}
	}
	if p.query != nil && r.URL.RawQuery != "" {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return badRequest("invalid query string: %v", err)
		}
		if err := p.query.Decode(q, msg.Interface()); err != nil {
			return badRequest("query: %v", err)
		}
	}
	for i := range p.vars {
		v := &p.vars[i]
		s, err := v.decode(raw[i])
		if err != nil {
			return err
		}
		if err := p.path.DecodeValue(v.name, s, msg.Interface()); err != nil {
			return badRequest("path variable {%s}: %v", v.name, err)
		}
	}
	return nil
}

// decodeBody decodes a non-empty body into msg or its body field.
func (p *plan) decodeBody(contentType string, data []byte, msg protoreflect.Message) error {
	target := msg
	if p.bodyMsg != nil && p.bodyField != nil {
		target = msg.Mutable(p.bodyField).Message()
	}
	if isHTTPBody(p.bodyMsg) {
		setHTTPBody(target, contentType, data)
		return nil
	}
	if c := p.codecs.lookup(contentType); c != nil && p.bodyMsg != nil {
		if err := c.Unmarshal(data, target.Interface()); err != nil {
			return badRequest("invalid %s body: %v", c.Name(), err)
		}
		return nil
	}
	f, err := requestFormat(contentType)
	if err != nil {
		return err
	}
	if p.bodyMsg == nil { // a repeated, map or scalar body field
		if f != formatJSON {
			return unsupportedType(contentType, fmt.Sprintf("body field %s is not a message; send it as JSON", p.bodyField.Name()))
		}
		return decodeFieldJSON(p.jsonIn, data, msg, p.bodyField)
	}
	switch f {
	case formatProto:
		if err := proto.Unmarshal(data, target.Interface()); err != nil {
			return badRequest("invalid protobuf body: %v", err)
		}
	case formatForm:
		v, err := url.ParseQuery(string(data))
		if err != nil {
			return badRequest("invalid form body: %v", err)
		}
		if err := p.bodyForm.Decode(v, target.Interface()); err != nil {
			return badRequest("form body: %v", err)
		}
	default:
		if err := p.jsonIn.Unmarshal(data, target.Interface()); err != nil {
			return badRequest("invalid JSON body: %v", err)
		}
	}
	return nil
}

// writeReply writes a successful reply: an HttpBody raw, anything else in
// the format the Accept header negotiates.
func (p *plan) writeReply(w nethttp.ResponseWriter, r *nethttp.Request, m protoreflect.Message) error {
	if fd := p.resField; fd != nil && isMessageField(fd) && isHTTPBody(fd.Message()) {
		writeHTTPBody(w, m.Get(fd).Message())
		return nil
	}
	if p.resField == nil && isHTTPBody(m.Descriptor()) {
		writeHTTPBody(w, m)
		return nil
	}
	binaryOK := p.resField == nil || isMessageField(p.resField)
	ct := negotiate(r.Header.Get("Accept"), binaryOK, p.codecs)
	bp := p.bufs.get()
	defer p.bufs.put(bp)
	var b []byte
	var err error
	c := p.codecs.lookup(ct)
	switch {
	case c != nil && binaryOK && p.resField != nil:
		b, err = c.Marshal(m.Get(p.resField).Message().Interface())
	case c != nil && binaryOK:
		b, err = c.Marshal(m.Interface())
	case ct != mimeJSON && p.resField != nil:
		b, err = proto.MarshalOptions{}.MarshalAppend(*bp, m.Get(p.resField).Message().Interface())
	case ct != mimeJSON:
		b, err = proto.MarshalOptions{}.MarshalAppend(*bp, m.Interface())
	case p.resField != nil:
		b, err = marshalFieldJSON(p.jsonOut, m, p.resField)
	default:
		b, err = p.jsonOut.MarshalAppend(*bp, m.Interface())
	}
	if err != nil {
		return err
	}
	if c == nil && (p.resField == nil || ct != mimeJSON) {
		*bp = b // the buffer grew: keep the larger one
	}
	addVaryAccept(w.Header())
	writeBody(w, ct, b)
	return nil
}

// decodeFieldJSON decodes a JSON value into a repeated, map or scalar
// field of msg, through protojson on a message of msg's type holding only
// that field, so the value is read with the exact proto3 JSON rules.
func decodeFieldJSON(o protojson.UnmarshalOptions, data []byte, msg protoreflect.Message, fd protoreflect.FieldDescriptor) error {
	if !json.Valid(data) {
		return badRequest("invalid JSON body for field %s", fd.Name())
	}
	wrapped := make([]byte, 0, len(data)+len(fd.Name())+5)
	wrapped = append(wrapped, `{"`...)
	wrapped = append(wrapped, fd.Name()...)
	wrapped = append(wrapped, `":`...)
	wrapped = append(wrapped, data...)
	wrapped = append(wrapped, '}')
	tmp := msg.Type().New()
	if err := o.Unmarshal(wrapped, tmp.Interface()); err != nil {
		return badRequest("invalid JSON body for field %s: %v", fd.Name(), err)
	}
	if tmp.Has(fd) {
		msg.Set(fd, tmp.Get(fd))
	}
	return nil
}
