package http

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
)

// UnaryClient calls one RPC method through one rule, typed: its binding
// plan is compiled once, by NewUnaryClient, and each call only builds the
// request. Generated clients hold one per method:
//
//	c.sayHello = http.NewUnaryClient[HelloRequest, HelloReply](client, _Greeter_SayHello0_HTTPRule)
//	...
//	reply, err := c.sayHello.Call(ctx, req, opts...)
//
// A UnaryClient is safe for concurrent use.
type UnaryClient[Req, Res any] struct {
	c    *Client
	plan *clientPlan
}

// NewUnaryClient returns the client of rule r for the message types Req
// and Res, calling through c. It never fails: a rule that does not fit the
// message types (the checks protoc-gen-go-http and HandleUnary make, with
// the same messages), or whose template has a wildcard outside a variable
// (a segment no field fills), makes every call fail with 500 INTERNAL
// naming the problem.
func NewUnaryClient[Req, Res any, PReq interface {
	*Req
	proto.Message
}, PRes interface {
	*Res
	proto.Message
}](c *Client, r Rule) *UnaryClient[Req, Res] {
	in := PReq(new(Req)).ProtoReflect().Descriptor()
	out := PRes(new(Res)).ProtoReflect().Descriptor()
	return &UnaryClient[Req, Res]{c: c, plan: newClientPlan(r, in, out)}
}

// Call sends in and returns the reply, as Client.Invoke does (see it for
// how the request is built, the reply read and errors reported). in is
// never modified.
func (u *UnaryClient[Req, Res]) Call(ctx context.Context, in *Req, opts ...CallOption) (*Res, error) {
	if u.c == nil || in == nil {
		return nil, errors.InternalServer(errors.ReasonInternal,
			fmt.Sprintf("http: operation %s: a call with a nil client or request", u.plan.rule.Operation))
	}
	out := new(Res)
	if err := u.c.call(ctx, u.plan, any(in).(proto.Message), any(out).(proto.Message), opts); err != nil {
		return nil, err
	}
	return out, nil
}
