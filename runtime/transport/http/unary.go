package http

import (
	"context"
	"fmt"
	nethttp "net/http"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/internal/httprule"
	"github.com/bia-go/bia/runtime/encoding/form"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// HandleUnary registers call as the handler of the route r describes:
// requests matching r.Method and r.Pattern are bound to a new Req (body,
// then query, then path variables, so path variables win), passed through
// the server's middleware to call, and the reply is written back (see the
// package documentation for every rule). Generated code calls it:
//
//	http.HandleUnary(s, _Greeter_SayHello0_HTTPRule, srv.SayHello)
//
// The binding plan and the middleware chain are built here, once. It
// panics, naming the operation and the rule, if the rule is invalid for
// the message types (with the messages protoc-gen-go-http reports for the
// same rule: a bad method or template, a path variable, body or
// response_body naming a field the messages lack, a path variable on a
// field that is not a singular scalar, enum or wrapper, a GET rule with a
// body...), if the route conflicts with a registered one (same method and
// templates where neither is more specific; the message names both), or
// if the server has started.
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

// rpcRoute is the route of an RPC method: its plan, and what the server
// prepared from it to bind requests and write replies.
type rpcRoute struct {
	s       *Server
	plan    *httprule.Plan
	op      string
	reqType protoreflect.MessageType
	resType protoreflect.MessageType
	h       middleware.Handler
	body    bodyTarget    // where a body goes
	rawBody bool          // the body fills a google.api.HttpBody: no pooled buffer
	query   *form.Decoder // nil with body "*"
	path    *form.Decoder // binds path variables, with the query's value rules
	// rawReply: the reply (or response_body field) is a
	// google.api.HttpBody, written as is; replyMsg: the reply is a
	// message, so binary formats may carry it.
	rawReply, replyMsg bool
}

// handleUnary is HandleUnary for any message types: the request is a new
// message of reqType, and the reply of call must be of resType.
func handleUnary(s *Server, r Rule, reqType, resType protoreflect.MessageType, call func(context.Context, proto.Message) (proto.Message, error)) {
	u := newRPCRoute(s, r, reqType, resType)
	u.h = middleware.Chain(s.opts.middleware...)(func(ctx context.Context, req any) (any, error) {
		m, ok := req.(proto.Message)
		if !ok {
			return nil, fmt.Errorf("http: operation %s: a middleware replaced the request with a %T", r.Operation, req)
		}
		return call(ctx, m)
	})
	u.register(r, u.serve)
}

// newRPCRoute compiles rule r for the message types and prepares what
// serving it needs; it panics as HandleUnary documents.
func newRPCRoute(s *Server, r Rule, reqType, resType protoreflect.MessageType) *rpcRoute {
	in, out := reqType.Descriptor(), resType.Descriptor()
	p, err := compile(r, in, out)
	if err != nil {
		panic(err.Error())
	}
	u := &rpcRoute{s: s, plan: p, op: r.Operation, reqType: reqType, resType: resType}
	u.path = form.NewDecoder(in, s.formOpts...)
	if !p.BodyAll {
		u.query = form.NewDecoder(in, append([]form.DecoderOption{form.Skip(p.QuerySkip...)}, s.formOpts...)...)
	}
	bodyMsg := in
	if fd := p.BodyField; fd != nil {
		u.body.field = fd
		bodyMsg = nil
		if isMessageField(fd) {
			bodyMsg = fd.Message()
		}
	}
	if p.HasBody() && bodyMsg != nil {
		u.rawBody = isHTTPBody(bodyMsg)
		if !u.rawBody {
			u.body.form = form.NewDecoder(bodyMsg, s.formOpts...)
		}
	}
	replyMsg := out
	if fd := p.ResponseField; fd != nil {
		replyMsg = nil
		if isMessageField(fd) {
			replyMsg = fd.Message()
		}
	}
	u.replyMsg = replyMsg != nil
	u.rawReply = isHTTPBody(replyMsg)
	return u
}

// register adds the route to the server, served by serve.
func (u *rpcRoute) register(r Rule, serve func(nethttp.ResponseWriter, *nethttp.Request, *exchange, []string)) {
	if l := u.s.opts.limiter; l != nil {
		serve = limited(u.s, u.op, l, serve)
	}
	u.s.register(&route{
		method:    r.Method,
		pattern:   r.Pattern,
		operation: r.Operation,
		tmpl:      u.plan.Template,
		serve:     serve,
	})
}

// serve serves one request of the route; raw holds the escaped values of
// the path variables.
func (u *rpcRoute) serve(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, raw []string) {
	s := u.s
	ctx, cancel, err := s.callContext(r.Context(), r)
	defer cancel()
	if err != nil {
		s.writeError(w, r, u.op, err)
		return
	}
	ctx = transport.NewServerContext(ctx, s.newTransport(x, r, u.op, u.plan.Rule.Pattern, w.Header()))
	msg := u.reqType.New()
	if err := u.bind(w, r, msg, raw); err != nil {
		s.writeError(w, r, u.op, err)
		return
	}
	if ctx.Err() != nil { // the time ran out while the request was read: nothing to run
		s.writeError(w, r, u.op, errors.FromError(ctx.Err()))
		return
	}
	reply, err := u.h(ctx, msg.Interface())
	if err != nil {
		s.writeError(w, r, u.op, err)
		return
	}
	var m protoreflect.Message
	switch v := reply.(type) {
	case nil:
		m = u.resType.New()
	case proto.Message:
		m = v.ProtoReflect()
	default:
		s.writeError(w, r, u.op, fmt.Errorf("http: operation %s: the handler chain returned a %T, not a proto.Message", u.op, reply))
		return
	}
	if err := u.writeReply(w, r, x, m); err != nil {
		s.writeError(w, r, u.op, fmt.Errorf("http: operation %s: encoding the reply: %w", u.op, err))
	}
}

// limited puts the server's Limiter in front of a route: a refused call
// is answered before its request is read or bound.
func limited(s *Server, op string, l transport.Limiter, serve func(nethttp.ResponseWriter, *nethttp.Request, *exchange, []string)) func(nethttp.ResponseWriter, *nethttp.Request, *exchange, []string) {
	return func(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, raw []string) {
		if err := l.Allow(); err != nil {
			s.writeError(w, r, op, err)
			return
		}
		start := time.Now()
		defer func() { l.Done(time.Since(start)) }()
		serve(w, r, x, raw)
	}
}
