package openapigen

import (
	"google.golang.org/protobuf/compiler/protogen"
)

// Streaming methods are described as the design's contract serves them
// over HTTP (design.md §2, "Streaming"):
//
//   - server-streaming: the request is bound as for a unary call; the reply
//     is a stream of Server-Sent Events (text/event-stream: one event per
//     message, its data the message's JSON on one line; a failure ends the
//     stream with an "error" event holding the error body; an "end" event
//     with empty data marks a clean end, so EventSource does not reconnect)
//     or of newline-delimited JSON (application/x-ndjson: one message per
//     line; a failure ends it with a line {"error": <error body>}), chosen
//     by Accept;
//   - client- and bidi-streaming: a WebSocket opened with GET on the rule's
//     path. Each message is one text frame of JSON, both ways: the client
//     sends the body (the whole request without its path variables when
//     the rule has no body), onto which path and query are bound; an empty
//     text frame is the client's half-close; a failure is a last frame
//     {"error": <error body>} followed by a close with code 4000 + the
//     error's HTTP code.
//
// OpenAPI 3.1 has no keyword for the items of a stream: each stream media
// type carries x-itemSchema, OpenAPI 3.2's itemSchema, so tools that know
// 3.2 read it as is; the WebSocket operation carries x-websocket.

// streaming is how a method streams.
type streaming int

const (
	unary        streaming = iota
	serverStream           // the server sends a stream of messages
	clientStream           // the client sends a stream (client- or bidi-streaming): a WebSocket
)

func streamingOf(m *protogen.Method) streaming {
	switch {
	case m.Desc.IsStreamingClient():
		return clientStream
	case m.Desc.IsStreamingServer():
		return serverStream
	}
	return unary
}

// streamName is the x-streaming value of a method.
func streamName(m *protogen.Method) string {
	switch {
	case m.Desc.IsStreamingClient() && m.Desc.IsStreamingServer():
		return "bidi"
	case m.Desc.IsStreamingClient():
		return "client"
	}
	return "server"
}

// streamReply returns the successful response of a server-streaming
// route.
func (d *docBuilder) streamReply(r route) *object {
	schema, kind := d.replySchema(r.plan)
	content := newObject()
	if kind == rawBytes {
		content.set("*/*", newObject().set("schema", binarySchema().
			set("description", "The data of each google.api.HttpBody message in turn, with the first one's content type.")))
		return newObject().set("description", "OK: a stream of bytes.").set("content", content)
	}
	sse := newObject().set("type", "string").set("description",
		"Server-Sent Events: one event per message, its data the message's JSON on one line. "+
			"A failure ends the stream with an \"error\" event holding the error body; "+
			"an \"end\" event with empty data marks a clean end.")
	content.set("text/event-stream", newObject().set("schema", sse).set("x-itemSchema", d.sseItems(schema)))
	ndjson := newObject().set("type", "string").set("description",
		"Newline-delimited JSON: one message per line. A failure ends the stream with a line {\"error\": <error body>}.")
	content.set("application/x-ndjson", newObject().set("schema", ndjson).set("x-itemSchema", newObject().
		set("oneOf", []any{schema, d.errorEnvelope()})))
	return newObject().set("description", "OK: a stream of messages, in the media type Accept asks for.").set("content", content)
}

// sseItems returns the schema of the events of a stream of messages of
// schema, in OpenAPI 3.2's form for text/event-stream.
func (d *docBuilder) sseItems(schema *object) *object {
	event := func(name string, data *object) *object {
		o := newObject().set("type", "object")
		props := newObject()
		if name == "message" {
			props.set("event", newObject().set("type", "string").set("enum", []any{"message"}).
				set("description", "Absent: EventSource's message event."))
		} else {
			props.set("event", newObject().set("const", name))
		}
		if data != nil {
			props.set("data", newObject().set("type", "string").set("contentMediaType", "application/json").set("contentSchema", data))
		} else {
			props.set("data", newObject().set("const", ""))
		}
		o.set("properties", props)
		if name == "message" {
			return o.set("required", []any{"data"})
		}
		return o.set("required", []any{"event", "data"})
	}
	return newObject().set("oneOf", []any{
		event("message", schema),
		event("error", d.errorRef()),
		event("end", nil),
	})
}

// errorEnvelope is the schema of {"error": <error body>}, the last item of
// a failed stream.
func (d *docBuilder) errorEnvelope() *object {
	return newObject().set("type", "object").
		set("properties", newObject().set("error", d.errorRef())).
		set("required", []any{"error"}).
		set("additionalProperties", false)
}

func (d *docBuilder) errorRef() *object {
	return newObject().set("$ref", "#/components/schemas/"+d.errorSchemaName())
}

// webSocket returns the x-websocket extension of a client- or
// bidi-streaming route: what its frames carry.
func (d *docBuilder) webSocket(r route) *object {
	p := r.plan
	send, sendKind := d.frameSchema(r)
	receive, receiveKind := d.replySchema(p)
	frames := func(schema *object, kind payloadKind) *object {
		if kind == rawBytes {
			return binarySchema().set("description", "Binary frames: the data of google.api.HttpBody messages.")
		}
		return schema
	}
	ws := newObject()
	if p.Rule.Method != "GET" {
		ws.set("ruleMethod", p.Rule.Method)
	}
	return ws.set("send", frames(send, sendKind)).
		set("receive", newObject().set("oneOf", []any{frames(receive, receiveKind), d.errorEnvelope()})).
		set("halfClose", "An empty text frame: the client sends no more messages.").
		set("failure", "A last frame {\"error\": <error body>}, then a close with code 4000 + the error's HTTP code.")
}

// frameSchema returns the schema of the frames a client sends: the body of
// the rule, or the whole request without its path variables when the rule
// has none.
func (d *docBuilder) frameSchema(r route) (*object, payloadKind) {
	p := r.plan
	if p.HasBody() {
		return d.bodySchema(p)
	}
	x := exclusions{}
	for _, v := range p.Vars {
		x.exclude(v.ProtoPath)
	}
	if isHTTPBody(p.Input) {
		return nil, rawBytes
	}
	return d.schemas.message(p.Input, x), messagePayload
}
