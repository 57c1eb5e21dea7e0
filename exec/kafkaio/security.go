package kafkaio

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// Security says how clients encrypt their connections to the brokers and
// authenticate. The zero value is plaintext without authentication.
type Security struct {
	TLS bool // encrypt broker connections
	// CAFile is a PEM bundle the brokers' certificates must chain to; empty
	// uses the system roots.
	CAFile string
	// CertFile and KeyFile are a PEM client certificate (mutual TLS).
	CertFile, KeyFile  string
	InsecureSkipVerify bool // accept any broker certificate (testing only)
	// SASLMechanism is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; empty
	// disables SASL.
	SASLMechanism string
	SASLUser      string
	SASLPassword  string
}

var (
	securityMu   sync.Mutex
	securityOpts []kgo.Opt
)

// UseSecurity makes every client this package creates from now on use s.
// A process talks to one Kafka cluster, so this is set once at start-up.
func UseSecurity(s Security) error {
	opts, err := s.opts()
	if err != nil {
		return err
	}
	securityMu.Lock()
	defer securityMu.Unlock()
	securityOpts = opts
	return nil
}

// ClientOptions returns the connection options (brokers and security) for
// clients created outside this package.
func ClientOptions(brokers []string) []kgo.Opt {
	securityMu.Lock()
	defer securityMu.Unlock()
	return append([]kgo.Opt{kgo.SeedBrokers(brokers...)}, securityOpts...)
}

func currentSecurityOpts() []kgo.Opt {
	securityMu.Lock()
	defer securityMu.Unlock()
	return securityOpts
}

func (s Security) opts() ([]kgo.Opt, error) {
	var opts []kgo.Opt
	if s.TLS {
		cfg, err := s.tlsConfig()
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.DialTLSConfig(cfg))
	}
	if s.SASLMechanism != "" {
		m, err := s.mechanism()
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.SASL(m))
	}
	return opts, nil
}

func (s Security) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: s.InsecureSkipVerify}
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return nil, fmt.Errorf("kafkaio: broker CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("kafkaio: broker CA file %s holds no PEM certificate", s.CAFile)
		}
		cfg.RootCAs = pool
	}
	if (s.CertFile == "") != (s.KeyFile == "") {
		return nil, fmt.Errorf("kafkaio: a broker client certificate needs both a certificate file and a key file")
	}
	if s.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(s.CertFile, s.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("kafkaio: broker client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

func (s Security) mechanism() (sasl.Mechanism, error) {
	if s.SASLUser == "" {
		return nil, fmt.Errorf("kafkaio: SASL mechanism %s needs a user name", s.SASLMechanism)
	}
	switch strings.ToUpper(s.SASLMechanism) {
	case "PLAIN":
		return plain.Auth{User: s.SASLUser, Pass: s.SASLPassword}.AsMechanism(), nil
	case "SCRAM-SHA-256":
		return scram.Auth{User: s.SASLUser, Pass: s.SASLPassword}.AsSha256Mechanism(), nil
	case "SCRAM-SHA-512":
		return scram.Auth{User: s.SASLUser, Pass: s.SASLPassword}.AsSha512Mechanism(), nil
	}
	return nil, fmt.Errorf("kafkaio: unknown SASL mechanism %q (want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)", s.SASLMechanism)
}
