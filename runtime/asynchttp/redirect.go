package asynchttp

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// urlOp is the Op of the *url.Error a request fails with, as net/http's
// client names it ("Get", "Post").
func urlOp(method string) string {
	if method == "" {
		return "Get"
	}
	return method[:1] + strings.ToLower(method[1:])
}

// redirectsTo returns the requests that led to req by redirects since
// first, oldest first: each request made for a redirect records, as
// net/http's client does, the response that caused it, and that response
// its own request.
func redirectsTo(first, req *http.Request) []*http.Request {
	var via []*http.Request
	for r := req; r != first && r.Response != nil && r.Response.Request != nil; {
		r = r.Response.Request
		via = append(via, r)
	}
	slices.Reverse(via)
	return via
}

// redirect returns the request that follows resp, or nil when resp is
// the answer. via holds the requests before req, oldest first. When
// CheckRedirect (or the default limit) refuses the request that would
// follow, it is returned with the error; other errors come alone.
func (c *Client) redirect(req *http.Request, resp *Response, via []*http.Request) (*http.Request, error) {
	method := req.Method
	keepBody := false
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
		if method != http.MethodGet && method != http.MethodHead {
			method = http.MethodGet
		}
	case http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		keepBody = true
	default:
		return nil, nil
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return nil, nil
	}
	u, err := req.URL.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("asynchttp: failed to parse Location header %q: %w", loc, err)
	}
	if keepBody && req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return nil, nil // the body is gone and cannot be sent again: the redirect is the answer
	}
	next := &http.Request{
		Method:     method,
		URL:        u,
		Header:     make(http.Header),
		Host:       "",
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
	}
	next = next.WithContext(req.Context())
	next.Response = resp.Response
	sameDomain := domainOrSubdomain(u.Hostname(), req.URL.Hostname())
	for k, v := range req.Header {
		ck := http.CanonicalHeaderKey(k) // a map set by hand may hold "authorization"
		if !keepBody && bodyHeaders[ck] {
			continue
		}
		if sensitiveOnRedirect[ck] && !sameDomain {
			continue
		}
		next.Header[k] = v
	}
	if keepBody && req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		next.Body, next.GetBody, next.ContentLength = b, req.GetBody, req.ContentLength
	}
	orig := req
	if len(via) > 0 {
		orig = via[0]
	}
	if orig.Host != "" && orig.Host != orig.URL.Host {
		// The caller's own Host goes on through a relative redirect, as
		// net/http keeps it (Go issue 22233).
		if l, err := url.Parse(loc); err == nil && !l.IsAbs() {
			next.Host = orig.Host
		}
	}
	if ref := req.URL; ref.Scheme == "https" && u.Scheme == "http" {
		next.Header.Del("Referer") // an https address is not told to plain http
	} else if explicit := orig.Header.Get("Referer"); explicit != "" {
		next.Header.Set("Referer", explicit) // the caller's own
	} else {
		r := *ref
		r.User = nil // credentials are never a referer
		next.Header.Set("Referer", r.String())
	}
	if c.CheckRedirect != nil {
		return next, c.CheckRedirect(next, append(via, req))
	}
	if len(via) >= 9 {
		return next, ErrTooManyRedirects
	}
	return next, nil
}

// sensitiveOnRedirect are the headers a redirect to another host drops, as
// net/http's client does.
var sensitiveOnRedirect = map[string]bool{
	"Authorization": true, "Www-Authenticate": true, "Cookie": true, "Cookie2": true,
	"Proxy-Authorization": true, "Proxy-Authenticate": true,
}

// bodyHeaders describe a request's body: a redirect that drops the body
// (303, or 301 and 302 after a POST) drops them too, as net/http's does.
var bodyHeaders = map[string]bool{
	"Content-Type": true, "Content-Length": true, "Content-Encoding": true,
	"Content-Language": true, "Content-Location": true,
}

// domainOrSubdomain reports whether host is domain or one of its
// subdomains, ports aside (net/http's rule for keeping sensitive headers).
func domainOrSubdomain(host, domain string) bool {
	host, domain = strings.ToLower(host), strings.ToLower(domain)
	if host == domain {
		return true
	}
	if net.ParseIP(host) != nil || net.ParseIP(domain) != nil {
		return false // an IP address has no subdomains
	}
	return strings.HasSuffix(host, "."+domain)
}
