package grpc

import (
	"slices"

	"google.golang.org/grpc/metadata"

	"github.com/bia-go/bia/runtime/transport"
)

// Transport is the gRPC transport.Transporter: the one a server puts in the
// context of every call it serves (transport.FromServerContext) and a client
// puts in the context of every call it makes (transport.FromClientContext).
//
// Its headers are gRPC metadata, so keys are lower-case. On the server the
// request header holds the incoming metadata and the reply header collects
// what middleware wants sent back; on the client the request header starts
// as the outgoing metadata of the call and the reply header is filled from
// the server's header when the call returns.
type Transport struct {
	endpoint    string
	operation   string
	reqHeader   headerCarrier
	replyHeader headerCarrier
}

var _ transport.Transporter = (*Transport)(nil)

func newTransport(endpoint, operation string, req metadata.MD) *Transport {
	if req == nil {
		req = metadata.MD{}
	}
	return &Transport{
		endpoint:    endpoint,
		operation:   operation,
		reqHeader:   headerCarrier(req),
		replyHeader: headerCarrier{},
	}
}

// Kind returns transport.KindGRPC.
func (*Transport) Kind() transport.Kind { return transport.KindGRPC }

// Endpoint returns the server's advertised endpoint (server side) or the
// dial target (client side).
func (t *Transport) Endpoint() string { return t.endpoint }

// Operation returns the full method name, "/package.Service/Method".
func (t *Transport) Operation() string { return t.operation }

// RequestHeader returns the incoming (server) or outgoing (client) metadata.
func (t *Transport) RequestHeader() transport.Header { return t.reqHeader }

// ReplyHeader returns the header metadata sent back (server) or received
// (client).
func (t *Transport) ReplyHeader() transport.Header { return t.replyHeader }

// headerCarrier adapts metadata.MD to transport.Header. metadata.MD already
// lower-cases keys in Get, Set and Append.
type headerCarrier metadata.MD

func (h headerCarrier) Get(key string) string {
	if v := metadata.MD(h).Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func (h headerCarrier) Set(key, value string) { metadata.MD(h).Set(key, value) }

func (h headerCarrier) Add(key, value string) { metadata.MD(h).Append(key, value) }

// Keys returns the keys in sorted order, so iteration is deterministic.
func (h headerCarrier) Keys() []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (h headerCarrier) Values(key string) []string { return metadata.MD(h).Get(key) }
