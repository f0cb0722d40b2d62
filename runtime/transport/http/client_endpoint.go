package http

import (
	"fmt"
	nethttp "net/http"
	"net/url"
	"strings"
)

// parseEndpoint returns the base URL of requests.
func parseEndpoint(endpoint string, useTLS bool) (string, error) {
	if endpoint == "" {
		return "", fmt.Errorf("http: NewClient: no endpoint: pass WithEndpoint")
	}
	raw := endpoint
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
		if useTLS {
			raw = "https://" + endpoint
		}
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", fmt.Errorf("http: NewClient: endpoint %q: %w", endpoint, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("http: NewClient: endpoint %q: scheme %q is neither http nor https", endpoint, u.Scheme)
	case u.Scheme == "http" && useTLS:
		return "", fmt.Errorf("http: NewClient: endpoint %q is http:// but WithTLSConfig is given", endpoint)
	case u.Host == "":
		return "", fmt.Errorf("http: NewClient: endpoint %q has no host", endpoint)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("http: NewClient: endpoint %q: only a scheme, a host and a path prefix are allowed", endpoint)
	}
	return u.Scheme + "://" + u.Host + strings.TrimSuffix(u.EscapedPath(), "/"), nil
}

// clientRoundTripper returns the RoundTripper of the client and, when the
// client owns it, the *net/http.Transport that Close releases.
func clientRoundTripper(o clientOptions) (nethttp.RoundTripper, *nethttp.Transport, error) {
	var t *nethttp.Transport
	switch rt := o.transport.(type) {
	case nil:
		if dt, ok := nethttp.DefaultTransport.(*nethttp.Transport); ok {
			t = dt.Clone()
		} else {
			t = &nethttp.Transport{Proxy: nethttp.ProxyFromEnvironment, ForceAttemptHTTP2: true}
		}
	case *nethttp.Transport:
		if o.tlsConf == nil {
			return rt, nil, nil
		}
		t = rt.Clone()
	default:
		if o.tlsConf != nil {
			return nil, nil, fmt.Errorf("http: NewClient: WithTLSConfig needs the client's transport or a *net/http.Transport, not a %T", rt)
		}
		return rt, nil, nil
	}
	if o.tlsConf != nil {
		t.TLSClientConfig = o.tlsConf.Clone()
	}
	return t, t, nil
}
