// Package h1guard detects HTTP/1.1 requests that carry both Content-Length
// and Transfer-Encoding, so that a server can refuse them before any byte of
// their body can be served as another request.
//
// # The threat
//
// A request with both framing fields is the classic request-smuggling
// vector (RFC 9112 §6.3, §11.2): a proxy in front of us may frame it by
// Content-Length while net/http frames it by Transfer-Encoding (or the other
// way round), so the two disagree on where the request ends. The bytes one
// of them takes for body, the other takes for the next request, and a
// smuggled request gets answered — possibly on the connection the proxy
// shares with other clients. net/http.Server accepts such requests: it
// deletes Content-Length, reads the body as chunked and keeps the connection
// alive. By the time a handler runs, it can no longer see that
// Content-Length was there.
//
// # What the guard does
//
// [WrapConn] (or [Listen], for every accepted connection) puts a small state
// machine on the read side of a connection. It follows the HTTP/1.x request
// framing of the bytes net/http will read, mirroring net/http.Server: request
// line, header lines up to the blank line (with obs-fold continuations),
// then the body — chunked when Transfer-Encoding is present (chunk-size
// lines with extensions, chunk data, CRLF, the last chunk and trailer lines),
// Content-Length bytes otherwise, none without either — then the next
// request. It never takes body bytes for header lines, handles lines split
// across reads (down to one byte per read) and allocates nothing per read.
//
// When a header block has both fields (any values, any letter case, any
// order, any number of each), the guard renames, in place, every field of
// the kind that came second to a marker header name of the same length:
// [MarkerContentLength] for Content-Length, [MarkerTransferEncoding] for
// Transfer-Encoding. Nothing else is ever changed and no byte is added or
// removed. net/http then sees one framing field, frames the request by it
// and the handler finds the marker with [Smuggled]; it must answer 400 with
// "Connection: close" without reading the body. As the connection is then
// closed, no byte after that header block is ever served.
//
// The bytes of a request that does not have both fields pass unchanged.
// The guard holds back at most the first 17 bytes of a header line, and only
// while they may still become a field name it acts on.
//
// When the stream reaches a state the guard cannot follow, it stops
// tracking and passes every later byte of that connection through
// unchanged. That happens only where net/http.Server stops reading HTTP/1.x
// requests from the connection too: a request line that is not HTTP/1.x
// (a method that is not a token, as in a TLS record; a malformed line; a
// version other than HTTP/1.d, including the HTTP/2 preface
// "PRI * HTTP/2.0"), or framing that net/http rejects with an error status
// and closes the connection for (invalid or conflicting Content-Length, a
// Transfer-Encoding other than a single "chunked", a malformed chunk-size
// line, chunk data not followed by CRLF, a header or trailer block whose
// first line starts with white space or a line that starts with CR). A read
// error other than a timeout, io.EOF included, also ends tracking after any
// held-back bytes are delivered. Long lines do not: the guard keeps no line
// in memory, and a length limit of its own could only be lower than the
// server's configurable one, which would let a request through untracked.
//
// CONNECT and Upgrade requests do not stop tracking either. If a handler
// does not take the connection over, net/http reads the next request, which
// must be checked like any other (stopping there would let a client disable
// the guard by adding "Upgrade: x" to a harmless request). If a handler does
// take it over, the bytes that follow (TLS records of a tunnel, masked
// WebSocket frames, the HTTP/2 preface after "Upgrade: h2c") are not an
// HTTP/1.x request line, and tracking stops at their first bytes.
//
// # What it does not do
//
// It follows plaintext HTTP/1.x only. TLS connections are not wrapped:
// [WrapConn] returns a *tls.Conn (or any connection with a ConnectionState
// method) unchanged, and the guard must not be placed under a TLS listener,
// where it would see ciphertext. Over TLS, clients overwhelmingly speak
// HTTP/2, whose framing has no such ambiguity (net/http rejects
// Transfer-Encoding in HTTP/2), and a TLS-terminating proxy talks plaintext
// to us, which is where the guard belongs. It does not inspect HTTP/2 (h2c)
// connections, responses, or the written side of the connection. It does
// not reject anything itself: the handler must check [Smuggled] and refuse
// the request (a server that does not is as exposed as without the guard,
// though it then frames the request by the field the guard kept).
//
// # Usage
//
//	ln, err := net.Listen("tcp", addr)
//	if err != nil {
//		return err
//	}
//	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
//		if h1guard.Smuggled(r.Header) {
//			w.Header().Set("Connection", "close")
//			w.Header().Set("Content-Type", "application/json")
//			w.WriteHeader(http.StatusBadRequest)
//			io.WriteString(w, `{"error":"both Content-Length and Transfer-Encoding"}`)
//			return
//		}
//		mux.ServeHTTP(w, r)
//	})}
//	return srv.Serve(h1guard.Listen(ln))
package h1guard
