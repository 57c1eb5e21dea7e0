package server

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

const testToken = "tok-0123456789abcdef"

// testAuth accepts reader/rpass (SHA-256), admin/apass (bcrypt) and the
// bearer token testToken as admin.
func testAuth(t *testing.T) *Auth {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte("apass"), bcrypt.MinCost)
	require.NoError(t, err)
	a := NewAuth()
	users := "# users\nreader:read:" + HashSHA256([]byte("saltsalt"), "rpass") + "\n\nadmin:admin:" + string(hash) + "\n"
	require.NoError(t, a.ParseUsers(strings.NewReader(users)))
	require.NoError(t, a.ParseTokens(strings.NewReader("ci:admin:"+testToken+"\n")))
	return a
}

func basicHeader(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

var credentials = []struct{ name, header string }{
	{"none", ""},
	{"bad", basicHeader("reader", "wrong")},
	{"read", basicHeader("reader", "rpass")},
	{"admin", basicHeader("admin", "apass")},
}

type endpoint struct {
	method, path, body string
	admin              bool // only the admin role may call it
	public             bool // no credentials needed
}

var endpoints = []endpoint{
	{method: "POST", path: "/ksql", body: `{"ksql":"SHOW STREAMS; DESCRIBE S;"}`},
	{method: "POST", path: "/ksql", body: `{"ksql":"SHOW STREAMS; -- ;\nCREATE STREAM T AS SELECT * FROM S;"}`, admin: true},
	{method: "POST", path: "/ksql", body: `{"ksql":"INSERT INTO S (ID, V) VALUES (1, 2);"}`, admin: true},
	{method: "POST", path: "/ksql", body: `{"ksql":"TERMINATE ALL;"}`, admin: true},
	{method: "POST", path: "/query", body: `{"ksql":"SELECT * FROM NOPE;"}`},
	{method: "POST", path: "/query-stream", body: `{"sql":"SELECT * FROM NOPE;"}`},
	{method: "POST", path: "/close-query", body: `{"queryId":"transient_X_1"}`},
	{method: "POST", path: "/ksql/terminate", body: `{}`, admin: true},
	{method: "POST", path: "/inserts-stream", body: `{"target":"NOPE"}`, admin: true},
	{method: "POST", path: "/heartbeat", body: `{}`, admin: true},
	{method: "POST", path: "/lag", body: `{}`, admin: true},
	{method: "GET", path: "/info"},
	{method: "GET", path: "/healthcheck", public: true},
	{method: "GET", path: "/chc/live", public: true},
	{method: "GET", path: "/chc/ready", public: true},
	{method: "GET", path: "/clusterStatus"},
	{method: "GET", path: "/status"},
	{method: "GET", path: "/is_valid_property/auto.offset.reset"},
	{method: "GET", path: "/v1/metadata"},
	{method: "GET", path: "/v1/metadata/id"},
	{method: "GET", path: "/metrics"},
	{method: "GET", path: "/"},
	{method: "GET", path: "/ws/query"},
	{method: "GET", path: "/ws"},
	{method: "GET", path: "/no-such-endpoint"},
}

// TestAuthMatrix calls every endpoint with every kind of credentials.
func TestAuthMatrix(t *testing.T) {
	a := testAuth(t)
	a.fails = newFailureLimiter(1<<30, time.Minute) // this test fails on purpose a lot
	ts := newServerWithStream(t, Options{Auth: a})
	for _, ep := range endpoints {
		for _, c := range credentials {
			t.Run(c.name+" "+ep.method+" "+ep.path+" "+ep.body, func(t *testing.T) {
				status, hdr, body := callEndpoint(t, ts, ep, c.header)
				want := expectation(ep, c.name)
				switch want {
				case http.StatusUnauthorized:
					require.Equal(t, want, status, body)
					require.Contains(t, hdr.Values("WWW-Authenticate"), `Basic realm="streamsql", charset="UTF-8"`)
					require.Contains(t, hdr.Values("WWW-Authenticate"), `Bearer realm="streamsql"`)
					require.Contains(t, body, `"error_code":40100`)
				case http.StatusForbidden:
					require.Equal(t, want, status, body)
					require.Contains(t, body, "forbidden")
				default: // allowed: whatever the handler answers, auth let it through
					require.NotContains(t, []int{401, 403, 429}, status, body)
				}
			})
		}
	}
}

func expectation(ep endpoint, cred string) int {
	switch {
	case ep.public:
		return 0
	case cred == "none" || cred == "bad":
		return http.StatusUnauthorized
	case cred == "read" && ep.admin:
		return http.StatusForbidden
	}
	return 0
}

func callEndpoint(t *testing.T, ts *httptest.Server, ep endpoint, auth string) (int, http.Header, string) {
	t.Helper()
	if ep.path == "/ws/query" || ep.path == "/ws" {
		return dialAuthWS(t, ts, ep.path, auth, "")
	}
	req, err := http.NewRequest(ep.method, ts.URL+ep.path, strings.NewReader(ep.body))
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, resp.Header, string(b)
}

// dialAuthWS opens a WebSocket on path and closes it; on a refused handshake it
// returns the HTTP answer.
func dialAuthWS(t *testing.T, ts *httptest.Server, path, auth, origin string) (int, http.Header, string) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(ts.URL, "http") + path + `?request=%7B%22ksql%22%3A%22SHOW%20STREAMS%3B%22%7D`
	h := http.Header{}
	if auth != "" {
		h.Set("Authorization", auth)
	}
	if origin != "" {
		h.Set("Origin", origin)
	}
	conn, resp, err := websocket.DefaultDialer.Dial(u, h)
	if err == nil {
		conn.Close()
		return http.StatusSwitchingProtocols, resp.Header, ""
	}
	require.NotNil(t, resp, "dial %s: %v", path, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestAuthReadRoleNamesStatement(t *testing.T) {
	ts := newServerWithStream(t, Options{Auth: testAuth(t)})
	status, _, body := callEndpoint(t, ts, endpoint{method: "POST", path: "/ksql",
		body: `{"ksql":"SHOW STREAMS; DROP STREAM S;"}`}, basicHeader("reader", "rpass"))
	require.Equal(t, http.StatusForbidden, status)
	require.Contains(t, body, `"statementText":"DROP STREAM S"`)
	require.Contains(t, body, "the read role may not run DROP statements")
	// The stream is still there for the admin.
	status, _, body = callEndpoint(t, ts, endpoint{method: "POST", path: "/ksql",
		body: `{"ksql":"DESCRIBE S;"}`}, "Bearer "+testToken)
	require.Equal(t, http.StatusOK, status, body)
}

func TestAuthWebSocketOrigin(t *testing.T) {
	ts := newServerWithStream(t, Options{Auth: testAuth(t)})
	for _, path := range []string{"/ws/query", "/ws"} {
		status, _, _ := dialAuthWS(t, ts, path, basicHeader("admin", "apass"), "https://evil.example")
		require.Equal(t, http.StatusForbidden, status, path)
		status, _, _ = dialAuthWS(t, ts, path, basicHeader("reader", "rpass"), ts.URL)
		require.Equal(t, http.StatusSwitchingProtocols, status, path)
	}
}

func TestAuthFailureRateLimit(t *testing.T) {
	a := testAuth(t)
	now := time.Unix(1000, 0)
	a.fails.now = func() time.Time { return now }
	ts := newServerWithStream(t, Options{Auth: a})
	info := endpoint{method: "GET", path: "/info"}
	for i := 0; i < maxAuthFailures; i++ {
		status, _, _ := callEndpoint(t, ts, info, basicHeader("admin", "guess"))
		require.Equal(t, http.StatusUnauthorized, status, "attempt %d", i+1)
	}
	status, _, body := callEndpoint(t, ts, info, basicHeader("admin", "apass"))
	require.Equal(t, http.StatusTooManyRequests, status)
	require.Contains(t, body, "too many failed authentication attempts from 127.0.0.1")
	status, _, _ = callEndpoint(t, ts, endpoint{method: "GET", path: "/healthcheck"}, "")
	require.Equal(t, http.StatusOK, status, "health checks stay open")

	now = now.Add(authFailureWindow)
	status, _, _ = callEndpoint(t, ts, info, basicHeader("admin", "apass"))
	require.Equal(t, http.StatusOK, status)
}

func TestAuthFiles(t *testing.T) {
	for _, tc := range []struct{ users, tokens, err string }{
		{users: "alice:read", err: "line 1: want name:role:secret, found 2 field(s)"},
		{users: "alice:root:$2a$04$abc", err: `unknown role "root"`},
		{users: "alice:read:md5$x", err: "unknown password hash"},
		{users: "alice:read:sha256$00$00", err: "salt must be at least 8 bytes"},
		{tokens: "# c\nci:admin:short", err: `line 2: token "ci": shorter than 16 characters`},
	} {
		a := NewAuth()
		err := a.ParseUsers(strings.NewReader(tc.users))
		if err == nil {
			err = a.ParseTokens(strings.NewReader(tc.tokens))
		}
		require.ErrorContains(t, err, tc.err)
	}
	_, err := LoadAuth("", "")
	require.ErrorContains(t, err, "neither a users file nor a tokens file")
	_, err = LoadAuth("/nonexistent/users", "")
	require.ErrorContains(t, err, "/nonexistent/users")
}

func TestSplitStatements(t *testing.T) {
	got := splitStatements("SELECT ';' FROM x; /* ; */ DROP `a;b`;;\n-- CREATE;\n  show streams")
	require.Equal(t, []string{"SELECT ';' FROM x", "DROP `a;b`", "show streams"}, got)
	require.Equal(t, "", firstWriteStatement("select 1; EXPLAIN q; list topics; print 't';"))
	require.Equal(t, "INSERT INTO s VALUES (1)", firstWriteStatement("show streams;INSERT INTO s VALUES (1);"))
}
