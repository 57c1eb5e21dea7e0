package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSecuritySettings(t *testing.T) {
	cmd := newServerCmd()
	require.NoError(t, cmd.Flags().Parse([]string{"--tls-key", "/flag/key.pem"}))
	file := filepath.Join(t.TempDir(), "streamsql.properties")
	require.NoError(t, os.WriteFile(file, []byte("streamsql.auth.file=/file/users\nstreamsql.tls.cert=/file/cert.pem\n"+
		"streamsql.tls.key=/file/key.pem\nksql.max.push.queries=7\nksql.query.pull.max.concurrent.requests=9\n"), 0o600))
	fc, err := loadConfigFile(file)
	require.NoError(t, err)
	env := map[string]string{"STREAMSQL_AUTH_TOKENS_FILE": "/env/tokens", "STREAMSQL_MAX_PULL_QUERIES": "3"}
	props, err := resolveSettings(cmd.Flags(), fc, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	val := func(name string) string { return cmd.Flags().Lookup(name).Value.String() }
	require.Equal(t, "/file/users", val("auth-file"))
	require.Equal(t, "/env/tokens", val("auth-tokens-file"))
	require.Equal(t, "/file/cert.pem", val("tls-cert"))
	require.Equal(t, "/flag/key.pem", val("tls-key"))
	require.Equal(t, "7", val("max-push-queries"))
	require.Equal(t, "3", val("max-pull-queries"))
	require.NotContains(t, props, "ksql.max.push.queries", "consumed by a setting, not an engine property")
}

func TestServerOptions(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	_, err := serverOptions(serverFlags{tlsCert: "c.pem"}, log)
	require.ErrorContains(t, err, "--tls-cert and --tls-key go together")

	_, err = serverOptions(serverFlags{authFile: "/nonexistent/users"}, log)
	require.ErrorContains(t, err, "/nonexistent/users")

	tokens := filepath.Join(t.TempDir(), "tokens")
	require.NoError(t, os.WriteFile(tokens, []byte("ci:admin:0123456789abcdef0123\n"), 0o600))
	opts, err := serverOptions(serverFlags{tokensFile: tokens, maxPush: 5}, log)
	require.NoError(t, err)
	require.NotNil(t, opts.Auth)
	require.Equal(t, 5, opts.MaxPushQueries)

	opts, err = serverOptions(serverFlags{}, log)
	require.NoError(t, err)
	require.Nil(t, opts.Auth)
}
