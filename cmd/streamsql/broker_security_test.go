package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/streamsql/streamsql/exec/kafkaio"
	"github.com/stretchr/testify/require"
)

func TestBrokerSecuritySettings(t *testing.T) {
	cmd := newServerCmd()
	require.NoError(t, cmd.Flags().Parse([]string{"--brokers", "kafka:9093", "--broker-sasl-user", "flaguser"}))
	file := filepath.Join(t.TempDir(), "streamsql.properties")
	require.NoError(t, os.WriteFile(file, []byte("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"+
		"sasl.username=fileuser\nssl.ca.location=/etc/ca.pem\nksql.streams.processing.guarantee=at_least_once\n"), 0o600))
	fc, err := loadConfigFile(file)
	require.NoError(t, err)
	env := map[string]string{"STREAMSQL_BROKER_SASL_PASSWORD": "from-env"}
	props, err := resolveSettings(cmd.Flags(), fc, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	require.NotContains(t, props, "processing.guarantee", "consumed by --processing-guarantee")
	val := func(name string) string { return cmd.Flags().Lookup(name).Value.String() }
	require.Equal(t, "at_least_once", val("processing-guarantee"))
	f := brokerSecurityFlags{tls: val("broker-tls") == "true", caFile: val("broker-ca-file"),
		saslMechanism: val("broker-sasl-mechanism"), saslUser: val("broker-sasl-user"), saslPassword: val("broker-sasl-password")}
	require.Equal(t, kafkaio.Security{TLS: true, CAFile: "/etc/ca.pem", SASLMechanism: "SCRAM-SHA-512",
		SASLUser: "flaguser", SASLPassword: "from-env"}, f.security())

	bad := filepath.Join(t.TempDir(), "bad.properties")
	require.NoError(t, os.WriteFile(bad, []byte("security.protocol=KERBEROS\n"), 0o600))
	fc, err = loadConfigFile(bad)
	require.NoError(t, err)
	_, err = resolveSettings(newServerCmd().Flags(), fc, func(string) (string, bool) { return "", false })
	require.ErrorContains(t, err, `security.protocol "KERBEROS"`)
}

func TestBrokerSecurityNeedsBrokers(t *testing.T) {
	err := applyBrokerSecurity(serverFlags{broker: brokerSecurityFlags{saslMechanism: "PLAIN", saslUser: "u"}})
	require.ErrorContains(t, err, "need --brokers")
}
