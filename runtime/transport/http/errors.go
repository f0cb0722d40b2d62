package http

import (
	"context"
	"encoding/json"
	nethttp "net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/bia-go/bia/runtime/errors"
)

const errorInfoType = "type.googleapis.com/google.rpc.ErrorInfo"

// writeError sends err as the response, in the configured format. Errors
// that are neither Bia errors, gRPC statuses nor context errors are logged
// here, as the client only sees a generic message.
func (s *Server) writeError(w nethttp.ResponseWriter, r *nethttp.Request, op string, err error) {
	s.logInternal(r, op, err)
	code, body := s.errorBody(err)
	h := w.Header()
	h.Set("Content-Type", mimeJSON)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// logInternal logs err when the client will see it as a generic internal
// error: the only place its text goes.
func (s *Server) logInternal(r *nethttp.Request, op string, err error) {
	var be *errors.Error
	isBia := errors.As(err, &be)
	if _, isStatus := status.FromError(err); !isBia && !isStatus &&
		!errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		s.opts.logger.ErrorContext(r.Context(), "http: handler failed; the client sees a generic internal error",
			"operation", op, "method", r.Method, "path", r.URL.Path, "error", err)
	}
}

// errorBody returns the HTTP status and the body a client receives for
// err, in the server's error format.
func (s *Server) errorBody(err error) (int, []byte) {
	e := errors.PublicWith(err, s.opts.mapper)
	return httpStatus(e.Code), encodeError(e, s.opts.statusErrors, s.opts.mapper)
}

// httpStatus is the HTTP status of an error code: the code itself, or 500
// when it is outside 100–599.
func httpStatus(code int) int {
	if code < 100 || code > 599 {
		return nethttp.StatusInternalServerError
	}
	return code
}

// biaError is the default error body.
type biaError struct {
	Code     int               `json:"code"`
	Reason   string            `json:"reason"`
	Message  string            `json:"message"`
	Metadata map[string]string `json:"metadata"`
}

// encodeError returns the JSON body of e: the Bia format, or
// google.rpc.Status with an ErrorInfo detail when statusFormat is set.
func encodeError(e *errors.Error, statusFormat bool, m errors.CodeMapper) []byte {
	if statusFormat {
		return encodeStatus(e, m)
	}
	md := e.Metadata
	if md == nil {
		md = map[string]string{}
	}
	// encoding/json cannot fail on this shape and replaces invalid UTF-8.
	// The body's code is the response status: a code outside 100–599 is
	// sent as 500 in both.
	b, _ := json.Marshal(biaError{Code: httpStatus(e.Code), Reason: e.Reason, Message: e.Message, Metadata: md})
	return b
}

func encodeStatus(e *errors.Error, m errors.CodeMapper) []byte {
	c := m.GRPCCode(httpStatus(e.Code))
	if c == codes.OK {
		c = codes.Unknown
	}
	st := &spb.Status{Code: int32(c), Message: strings.ToValidUTF8(e.Message, "\uFFFD")}
	if e.Reason != "" || len(e.Metadata) > 0 {
		md := make(map[string]string, len(e.Metadata))
		for k, v := range e.Metadata {
			md[strings.ToValidUTF8(k, "\uFFFD")] = strings.ToValidUTF8(v, "\uFFFD")
		}
		info, err := anypb.New(&errdetails.ErrorInfo{Reason: strings.ToValidUTF8(e.Reason, "\uFFFD"), Metadata: md})
		if err == nil { // Marshal only fails on invalid UTF-8, replaced above.
			st.Details = append(st.Details, info)
		}
	}
	if br := e.BadRequestDetail(); br != nil {
		if d, err := anypb.New(br); err == nil { // Marshal only fails on invalid UTF-8, replaced.
			st.Details = append(st.Details, d)
		}
	}
	b, err := protojson.Marshal(st)
	if err != nil { // Unreachable: every string is valid UTF-8.
		b, _ = json.Marshal(map[string]any{"code": st.Code, "message": st.Message})
	}
	return b
}

// statusError is the google.rpc.Status JSON body, read leniently.
type statusError struct {
	Code    *int   `json:"code"`
	Message string `json:"message"`
	Details []struct {
		Type            string            `json:"@type"`
		Reason          string            `json:"reason"`
		Metadata        map[string]string `json:"metadata"`
		FieldViolations []struct {
			Field       string `json:"field"`
			Description string `json:"description"`
			Reason      string `json:"reason"`
		} `json:"fieldViolations"`
	} `json:"details"`
}

// DecodeError returns the error an HTTP response carries, or nil for a 2xx
// response. body is the response body, already read; resp must not be nil.
//
//   - A Bia error body ({"code", "reason", "message", "metadata"}) gives
//     that error; its code is the body's code, or the status if absent.
//   - A google.rpc.Status body gives Code = the HTTP status, its message,
//     and Reason and Metadata from a google.rpc.ErrorInfo detail.
//   - Any other body (a proxy's error page, say) gives Code = the HTTP
//     status, Reason = the status text in UPPER_SNAKE_CASE ("BAD_GATEWAY";
//     "UNKNOWN" for codes without text) and Message = the body if it is
//     valid UTF-8 text (cut to 512 bytes), else the status text.
func DecodeError(resp *nethttp.Response, body []byte) *errors.Error {
	code := resp.StatusCode
	if code >= 200 && code < 300 {
		return nil
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) == nil {
		if _, ok := keys["reason"]; ok {
			var b biaError
			if json.Unmarshal(body, &b) == nil {
				if b.Code == 0 {
					b.Code = code
				}
				return &errors.Error{Code: b.Code, Reason: b.Reason, Message: b.Message, Metadata: b.Metadata}
			}
		}
		_, hasCode := keys["code"]
		_, hasMsg := keys["message"]
		_, hasDetails := keys["details"]
		if hasCode && (hasMsg || hasDetails) {
			var st statusError
			if json.Unmarshal(body, &st) == nil && st.Code != nil {
				e := &errors.Error{Code: code, Message: st.Message}
				var br *errdetails.BadRequest
				for _, d := range st.Details {
					switch {
					case d.Type == errorInfoType || strings.HasSuffix(d.Type, "/google.rpc.ErrorInfo"):
						if e.Reason == "" && e.Metadata == nil {
							e.Reason, e.Metadata = d.Reason, d.Metadata
						}
					case strings.HasSuffix(d.Type, "/google.rpc.BadRequest") && br == nil:
						br = &errdetails.BadRequest{}
						for _, v := range d.FieldViolations {
							br.FieldViolations = append(br.FieldViolations,
								&errdetails.BadRequest_FieldViolation{Field: v.Field, Description: v.Description, Reason: v.Reason})
						}
					}
				}
				return e.WithBadRequest(br)
			}
		}
	}
	return &errors.Error{Code: code, Reason: statusReason(code), Message: statusMessage(code, body)}
}

// statusReason is the status text of code in UPPER_SNAKE_CASE.
func statusReason(code int) string {
	text := nethttp.StatusText(code)
	if text == "" {
		return "UNKNOWN"
	}
	var b strings.Builder
	under := false
	for _, r := range text {
		switch {
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
			fallthrough
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		case r == '\'':
		default:
			under = true
		}
	}
	return b.String()
}

// maxErrorText bounds the body text DecodeError keeps as a message.
const maxErrorText = 512

func statusMessage(code int, body []byte) string {
	text := strings.TrimSpace(string(body))
	if text == "" || !utf8.ValidString(text) {
		if t := nethttp.StatusText(code); t != "" {
			return t
		}
		return "HTTP status " + strconv.Itoa(code)
	}
	if len(text) > maxErrorText {
		text = strings.ToValidUTF8(text[:maxErrorText], "") + "..."
	}
	return text
}
