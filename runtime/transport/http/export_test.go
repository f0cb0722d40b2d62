package http

import "time"

// Test hooks: the router match and the message-type-agnostic core of
// HandleUnary, for black-box tests with dynamicpb messages.

// MatchRoute returns the pattern of the route serving method and the raw
// path, without extracting variables: the allocation-free core of routing.
func MatchRoute(s *Server, method, path string) (string, bool) {
	if path == "" || path[0] != '/' {
		return "", false
	}
	var buf [stackSegments]int32
	rt, _ := s.router.find(method, splitPath(path, &buf))
	if rt == nil {
		return "", false
	}
	return rt.pattern, true
}

// MatchValues is MatchRoute with the raw (still escaped) variable values.
func MatchValues(s *Server, method, path string) (string, []string, bool) {
	if path == "" || path[0] != '/' {
		return "", nil, false
	}
	var buf [stackSegments]int32
	sg := splitPath(path, &buf)
	rt, end := s.router.find(method, sg)
	if rt == nil {
		return "", nil, false
	}
	return rt.pattern, rt.values(nil, path[:end], sg.start), true
}

// HandleDynamic is HandleUnary for message types known only at run time.
var HandleDynamic = handleUnary

// ServerDefaults are option values a test pins.
type ServerDefaults struct {
	ReadHeaderTimeout, IdleTimeout, BodyReadTimeout time.Duration
	BodyMinRate, MaxBodySize                        int64
}

// Defaults returns the values s serves with.
func Defaults(s *Server) ServerDefaults {
	return ServerDefaults{
		ReadHeaderTimeout: s.srv.ReadHeaderTimeout,
		IdleTimeout:       s.srv.IdleTimeout,
		BodyReadTimeout:   s.opts.bodyTimeout,
		BodyMinRate:       s.opts.bodyMinRate,
		MaxBodySize:       s.opts.maxBodySize,
	}
}
