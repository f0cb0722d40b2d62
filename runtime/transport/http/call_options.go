package http

import (
	nethttp "net/http"
)

// CallOption configures one call of Client.Invoke; generated client
// methods take them as their last arguments:
//
//	var h nethttp.Header
//	reply, err := client.SayHello(ctx, req, http.Header(&h), http.RequestHeader("X-Request-Id", id))
//
// The options of this package are its only implementations.
type CallOption interface {
	applyCall(*callOptions)
}

type callOptions struct {
	contentType string
	accept      string
	replyHeader *nethttp.Header
	header      nethttp.Header
}

type callOptionFunc func(*callOptions)

func (f callOptionFunc) applyCall(o *callOptions) { f(o) }

// Header makes the call store the reply header in *h once a reply
// arrived, an error reply included. *h is left alone when no reply
// arrived (the server could not be reached). A nil h is ignored.
func Header(h *nethttp.Header) CallOption {
	return callOptionFunc(func(o *callOptions) { o.replyHeader = h })
}

// ContentType sets the encoding of this call's request body, as
// WithContentType does for every call: "application/json",
// "application/x-protobuf", "application/proto" or
// "application/x-www-form-urlencoded". Unless Accept is given, the reply
// is asked for in the same encoding (JSON for a form). The call fails with
// 400 INVALID_ARGUMENT before sending on another type. The default is the
// client's (WithContentType; "application/json").
//
// A rule whose body is a repeated, map or scalar field always sends JSON,
// and a google.api.HttpBody body is sent with its own content type.
func ContentType(contentType string) CallOption {
	return callOptionFunc(func(o *callOptions) { o.contentType = contentType })
}

// Accept sets the Accept header of this call, replacing the one derived
// from the content type. The reply is decoded by its Content-Type
// whatever was asked: proto3 JSON, binary protobuf, or the raw bytes of a
// google.api.HttpBody reply. The default is the content type of the
// call's encoding ("application/json").
func Accept(accept string) CallOption {
	return callOptionFunc(func(o *callOptions) { o.accept = accept })
}

// RequestHeader adds a header to this call's request (Header.Add: several
// values of one key accumulate). Middleware sees it in the Transporter's
// request header and may change it. The default is none.
func RequestHeader(key, value string) CallOption {
	return callOptionFunc(func(o *callOptions) {
		if o.header == nil {
			o.header = nethttp.Header{}
		}
		o.header.Add(key, value)
	})
}
