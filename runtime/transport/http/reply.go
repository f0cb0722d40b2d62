package http

import (
	nethttp "net/http"
	"strconv"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// writeReply writes a successful reply: a google.api.HttpBody raw with
// its own content type, anything else in the media type the Accept header
// negotiates.
func (u *rpcRoute) writeReply(w nethttp.ResponseWriter, r *nethttp.Request, x *exchange, m protoreflect.Message) error {
	t := u.s.media
	md := t.json
	if !u.rawReply {
		md = t.negotiate(r.Header.Get("Accept"), u.replyMsg)
	}
	bp := u.s.bufs.get()
	defer u.s.bufs.put(bp)
	b, ct, err := t.encode(md, bp, m, u.plan.ResponseField)
	if err != nil {
		return err
	}
	h := w.Header()
	if u.rawReply {
		if ct == "" {
			ct = mimeOctet
		}
	} else {
		x.addVaryAccept(h)
	}
	x.setContentType(h, ct)
	if len(b) > chunkThreshold {
		h.Set("Content-Length", strconv.Itoa(len(b)))
	}
	w.WriteHeader(nethttp.StatusOK)
	_, _ = w.Write(b)
	return nil
}

// chunkThreshold is the body size up to which net/http sets Content-Length
// itself (its buffer before it switches to chunked encoding); larger
// bodies get an explicit Content-Length.
const chunkThreshold = 2048

// replyHeaders holds the header values a reply sets, in the exchange of
// its request, so that setting them allocates nothing and no two replies
// ever share a value slice (a filter editing one in place touches only its
// own response). Each slice has len == cap, so a Header.Add on the same
// key copies instead of writing into it.
type replyHeaders struct {
	contentType [1]string
	vary        [1]string
}

// setContentType sets the Content-Type of the reply.
func (x *exchange) setContentType(h nethttp.Header, contentType string) {
	x.rh.contentType[0] = contentType
	h["Content-Type"] = x.rh.contentType[:]
}

// addVaryAccept records that the reply depends on the Accept header.
func (x *exchange) addVaryAccept(h nethttp.Header) {
	if _, ok := h["Vary"]; ok {
		h.Add("Vary", "Accept")
		return
	}
	x.rh.vary[0] = "Accept"
	h["Vary"] = x.rh.vary[:]
}
