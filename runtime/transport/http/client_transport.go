package http

import (
	nethttp "net/http"
	"sync/atomic"

	"github.com/bia-go/bia/runtime/transport"
)

// clientTransport is the Transporter of a call made by a Client.
type clientTransport struct {
	endpoint    string
	operation   string
	template    string
	reqHeader   nethttp.Header
	replyHeader nethttp.Header
	request     atomic.Pointer[nethttp.Request]
}

var _ Transporter = (*clientTransport)(nil)

// Kind returns transport.KindHTTP.
func (*clientTransport) Kind() transport.Kind { return transport.KindHTTP }

// Endpoint returns the base URL of the client, "http://host:port".
func (t *clientTransport) Endpoint() string { return t.endpoint }

// Operation returns the rule's operation, "/package.Service/Method".
func (t *clientTransport) Operation() string { return t.operation }

// RequestHeader returns the header the request is sent with.
func (t *clientTransport) RequestHeader() transport.Header { return headerCarrier(t.reqHeader) }

// ReplyHeader returns the header of the reply, empty until it arrived.
func (t *clientTransport) ReplyHeader() transport.Header { return headerCarrier(t.replyHeader) }

// PathTemplate returns the rule's path template.
func (t *clientTransport) PathTemplate() string { return t.template }

// Request returns the request last sent, nil until the end of the chain
// built it.
func (t *clientTransport) Request() *nethttp.Request { return t.request.Load() }
