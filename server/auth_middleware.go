package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/streamsql/streamsql/engine"
)

// Error codes of authentication and authorization failures.
const (
	codeUnauthorized = 40100
	codeForbidden    = 40300
)

// publicPath reports whether path is served without credentials: the health
// checks, which load balancers and orchestrators probe anonymously.
func publicPath(path string) bool {
	return path == "/healthcheck" || strings.HasPrefix(path, "/chc/")
}

// adminPath reports whether path changes the server's state by itself,
// whatever the request says, and so needs RoleAdmin.
func adminPath(path string) bool {
	switch path {
	case "/ksql/terminate", "/inserts-stream", "/heartbeat", "/lag":
		return true
	}
	return false
}

// authenticate enforces Options.Auth before any handler runs, WebSocket
// upgrades included: 429 while the client's address has too many recent
// failures, 401 with WWW-Authenticate without valid credentials, 403 when
// the role does not allow the endpoint or a statement sent to /ksql.
func (s *Server) authenticate(next http.Handler) http.Handler {
	a := s.opts.Auth
	if a == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if publicPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		ip := clientIP(r)
		if a.fails.blocked(ip) {
			s.errorf(w, r, codeTooManyRequests,
				"too many failed authentication attempts from %s: retry in a minute", ip)
			return
		}
		role, why := a.identify(r)
		if role == 0 {
			a.fails.record(ip)
			a.challenge(w)
			s.errorf(w, r, codeUnauthorized, "unauthorized: %s", why)
			return
		}
		if role < RoleAdmin && !s.readAllowed(w, r) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// readAllowed reports whether a RoleRead client may make request r, having
// answered 403 if not.
func (s *Server) readAllowed(w http.ResponseWriter, r *http.Request) bool {
	if adminPath(r.URL.Path) {
		s.errorf(w, r, codeForbidden, "forbidden: %s %s needs the admin role", r.Method, r.URL.Path)
		return false
	}
	if r.URL.Path != "/ksql" {
		return true
	}
	sql := peekKSQL(r, s.opts.MaxBodyBytes)
	if stmt := firstWriteStatement(sql); stmt != "" {
		s.writeError(w, r, &engine.Error{Code: codeForbidden, StatementText: stmt,
			Message: "forbidden: the read role may not run " + strings.ToUpper(firstWord(stmt)) + " statements: " + stmt})
		return false
	}
	return true
}

// peekKSQL returns the "ksql" field of r's JSON body, leaving the body intact
// for the handler. A body over limit or malformed gives "": the handler then
// rejects it (413, 400) without running anything.
func peekKSQL(r *http.Request, limit int64) string {
	buf, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
	if err != nil || int64(len(buf)) > limit {
		return ""
	}
	var body ksqlRequest
	if json.Unmarshal(buf, &body) != nil {
		return ""
	}
	return body.KSQL
}

// identify returns the role of r's credentials, or 0 and why they failed.
func (a *Auth) identify(r *http.Request) (Role, string) {
	h := r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(h, " ")
	switch {
	case h == "":
		return 0, "credentials are required (HTTP basic or bearer token)"
	case strings.EqualFold(scheme, "Basic") && len(a.users) > 0:
		user, pass, ok := r.BasicAuth()
		if !ok {
			return 0, "malformed basic credentials"
		}
		if role, ok := a.checkPassword(user, pass); ok {
			return role, ""
		}
		return 0, "bad user name or password"
	case strings.EqualFold(scheme, "Bearer") && len(a.tokens) > 0:
		if e, ok := a.checkToken(strings.TrimSpace(cred)); ok {
			return e.role, ""
		}
		return 0, "unknown bearer token"
	}
	return 0, "unsupported authorization scheme " + quoteScheme(scheme)
}

func quoteScheme(s string) string {
	if len(s) > 20 {
		s = s[:20]
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// challenge sets WWW-Authenticate for each scheme a has credentials for.
func (a *Auth) challenge(w http.ResponseWriter) {
	if len(a.users) > 0 {
		w.Header().Add("WWW-Authenticate", `Basic realm="streamsql", charset="UTF-8"`)
	}
	if len(a.tokens) > 0 {
		w.Header().Add("WWW-Authenticate", `Bearer realm="streamsql"`)
	}
}

// clientIP is the host of r's remote address (proxies' headers are not
// trusted, as a client could forge them to dodge the failure limit).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
