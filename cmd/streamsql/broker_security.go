package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
	"github.com/streamsql/streamsql/exec/kafkaio"
)

// brokerSecurityFlags are how `streamsql server` reaches a secured Kafka
// cluster given with --brokers; the embedded broker is plaintext.
type brokerSecurityFlags struct {
	tls           bool
	caFile        string
	certFile      string
	keyFile       string
	skipVerify    bool
	saslMechanism string
	saslUser      string
	saslPassword  string
	guarantee     string // processing.guarantee
}

func (b *brokerSecurityFlags) add(fl *pflag.FlagSet) {
	fl.BoolVar(&b.tls, "broker-tls", false, "connect to --brokers over TLS")
	fl.StringVar(&b.caFile, "broker-ca-file", "", "PEM CA bundle for the brokers' certificates (implies --broker-tls)")
	fl.StringVar(&b.certFile, "broker-cert-file", "", "PEM client certificate for mutual TLS to the brokers")
	fl.StringVar(&b.keyFile, "broker-key-file", "", "PEM private key of --broker-cert-file")
	fl.BoolVar(&b.skipVerify, "broker-tls-insecure", false, "accept any broker certificate (testing only)")
	fl.StringVar(&b.saslMechanism, "broker-sasl-mechanism", "", "SASL to the brokers: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
	fl.StringVar(&b.saslUser, "broker-sasl-user", "", "SASL user name")
	fl.StringVar(&b.saslPassword, "broker-sasl-password", "", "SASL password (prefer STREAMSQL_BROKER_SASL_PASSWORD)")
	fl.StringVar(&b.guarantee, "processing-guarantee", "", "exactly_once_v2 (default) or at_least_once")
}

// brokerSettings extend the settings table (config.go) with the Kafka client
// properties a ksqlDB server file uses for the same things.
var brokerSettings = []setting{
	{flag: "broker-tls", env: "BROKER_TLS", keys: []string{"security.protocol"}, fromFile: tlsFromProtocol},
	{flag: "broker-ca-file", env: "BROKER_CA_FILE", keys: []string{"ssl.ca.location", "streamsql.broker.ca.file"}},
	{flag: "broker-cert-file", env: "BROKER_CERT_FILE", keys: []string{"ssl.certificate.location", "streamsql.broker.cert.file"}},
	{flag: "broker-key-file", env: "BROKER_KEY_FILE", keys: []string{"ssl.key.location", "streamsql.broker.key.file"}},
	{flag: "broker-sasl-mechanism", env: "BROKER_SASL_MECHANISM", keys: []string{"sasl.mechanism"}},
	{flag: "broker-sasl-user", env: "BROKER_SASL_USER", keys: []string{"sasl.username", "streamsql.broker.sasl.user"}},
	{flag: "broker-sasl-password", env: "BROKER_SASL_PASSWORD", keys: []string{"sasl.password", "streamsql.broker.sasl.password"}},
	{flag: "processing-guarantee", env: "PROCESSING_GUARANTEE", keys: []string{"ksql.streams.processing.guarantee", "processing.guarantee"}},
}

// tlsFromProtocol maps security.protocol to --broker-tls.
func tlsFromProtocol(v string) (string, error) {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "PLAINTEXT", "SASL_PLAINTEXT":
		return "false", nil
	case "SSL", "SASL_SSL":
		return "true", nil
	}
	return "", fmt.Errorf("security.protocol %q: want PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL", v)
}

// security returns the client security the flags ask for.
func (b brokerSecurityFlags) security() kafkaio.Security {
	return kafkaio.Security{
		TLS:    b.tls || b.caFile != "" || b.certFile != "" || b.skipVerify,
		CAFile: b.caFile, CertFile: b.certFile, KeyFile: b.keyFile, InsecureSkipVerify: b.skipVerify,
		SASLMechanism: b.saslMechanism, SASLUser: b.saslUser, SASLPassword: b.saslPassword,
	}
}

// applyBrokerSecurity makes every Kafka client of the process use the flags'
// security; with the embedded broker any such flag is an error.
func applyBrokerSecurity(f serverFlags) error {
	sec := f.broker.security()
	if sec == (kafkaio.Security{}) {
		return nil
	}
	if f.brokers == "" {
		return fmt.Errorf("broker TLS/SASL flags need --brokers: the embedded broker is plaintext on loopback")
	}
	return kafkaio.UseSecurity(sec)
}
