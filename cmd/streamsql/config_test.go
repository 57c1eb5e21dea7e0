package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseProperties(t *testing.T) {
	props, err := parseProperties(strings.NewReader(`
# a comment
! another
listeners = http://0.0.0.0:8088
bootstrap.servers:kafka:9092
ksql.service.id   my_
ksql.streams.num.stream.threads=4
ksql.long = one,\
    two
key\=with\:seps = a\tb
empty=
`))
	require.NoError(t, err)
	require.Equal(t, map[string]string{
		"listeners":                       "http://0.0.0.0:8088",
		"bootstrap.servers":               "kafka:9092",
		"ksql.service.id":                 "my_",
		"ksql.streams.num.stream.threads": "4",
		"ksql.long":                       "one,two",
		"key=with:seps":                   "a\tb",
		"empty":                           "",
	}, props)
}

// resolve parses args as `streamsql server` does, then applies env and file.
func resolve(t *testing.T, args []string, env map[string]string, file string) (serverFlags, map[string]string, error) {
	t.Helper()
	cmd := newServerCmd()
	require.NoError(t, cmd.Flags().Parse(args))
	var fc fileConfig
	if file != "" {
		path := filepath.Join(t.TempDir(), "streamsql.properties")
		require.NoError(t, os.WriteFile(path, []byte(file), 0o600))
		var err error
		fc, err = loadConfigFile(path)
		require.NoError(t, err)
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	props, err := resolveSettings(cmd.Flags(), fc, lookup)
	val := func(name string) string { return cmd.Flags().Lookup(name).Value.String() }
	f := serverFlags{listen: val("listen"), dataDir: val("data-dir"), brokers: val("brokers"), logLevel: val("log-level"),
		serviceID: val("service-id"), demo: val("demo") == "true"}
	return f, props, err
}

func TestConfigPrecedence(t *testing.T) {
	const file = "listeners=http://0.0.0.0:9000\nbootstrap.servers=file:9092\nstreamsql.data.dir=/file\n" +
		"ksql.service.id=file_\nstreamsql.demo=true\nksql.streams.auto.offset.reset=earliest\nother.key=ignored\n"

	f, props, err := resolve(t, nil, nil, "")
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:8088", f.listen, "defaults without file or env")
	require.Equal(t, "default_", f.serviceID)
	require.Empty(t, props)

	f, props, err = resolve(t, nil, nil, file)
	require.NoError(t, err)
	require.Equal(t, serverFlags{listen: "0.0.0.0:9000", dataDir: "/file", brokers: "file:9092", logLevel: "info",
		serviceID: "file_", demo: true}, f)
	require.Equal(t, map[string]string{"ksql.streams.auto.offset.reset": "earliest", "auto.offset.reset": "earliest"}, props)

	env := map[string]string{"STREAMSQL_BROKERS": "env:9092", "STREAMSQL_LISTEN": "127.0.0.1:7000", "STREAMSQL_DEMO": "false"}
	f, _, err = resolve(t, nil, env, file)
	require.NoError(t, err)
	require.Equal(t, "env:9092", f.brokers, "env beats file")
	require.Equal(t, "127.0.0.1:7000", f.listen)
	require.False(t, f.demo)
	require.Equal(t, "/file", f.dataDir, "file still applies where env is silent")

	f, _, err = resolve(t, []string{"--brokers", "flag:9092", "--log-level=debug"}, env, file)
	require.NoError(t, err)
	require.Equal(t, "flag:9092", f.brokers, "flag beats env")
	require.Equal(t, "127.0.0.1:7000", f.listen)
	require.Equal(t, "debug", f.logLevel)
}

func TestConfigErrors(t *testing.T) {
	_, _, err := resolve(t, nil, map[string]string{"STREAMSQL_DEMO": "maybe"}, "")
	require.ErrorContains(t, err, `environment variable STREAMSQL_DEMO="maybe"`)
	_, _, err = resolve(t, nil, nil, "listeners=https://0.0.0.0:8443\n")
	require.ErrorContains(t, err, "streamsql.properties: listeners=\"https://0.0.0.0:8443\": TLS listeners are not supported")
	_, err = loadConfigFile(filepath.Join(t.TempDir(), "missing.properties"))
	require.ErrorContains(t, err, "config file: open")
}

func TestServerConfigFlag(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.properties")
	require.NoError(t, os.WriteFile(path, []byte("streamsql.log.level=loud\n"), 0o600))
	var stdout, stderr strings.Builder
	code := run([]string{"server", "--config", path}, &stdout, &stderr)
	require.Equal(t, 1, code)
	require.Contains(t, stderr.String(), `bad --log-level "loud"`)
}
