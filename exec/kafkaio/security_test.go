package kafkaio

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// selfSigned writes a CA-less self-signed certificate for 127.0.0.1 and
// returns the server's TLS config and the certificate's PEM file.
func selfSigned(t *testing.T) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kfake"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}, file
}

// useSecurityT sets s for the test and restores plaintext after it.
func useSecurityT(t *testing.T, s Security) {
	t.Helper()
	if err := UseSecurity(s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = UseSecurity(Security{}) })
}

// TestSecuredBroker runs a persistent query against a broker that requires
// TLS and SASL/PLAIN, and checks that a wrong password fails clearly.
func TestSecuredBroker(t *testing.T) {
	srvTLS, caFile := selfSigned(t)
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.TLS(srvTLS), kfake.EnableSASL(),
		kfake.Superuser("PLAIN", "streamsql", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	brokers := c.ListenAddrs()

	useSecurityT(t, Security{TLS: true, CAFile: caFile, SASLMechanism: "PLAIN", SASLUser: "streamsql", SASLPassword: "wrong"})
	bad := newAdminT(t, brokers)
	// kfake closes the connection on a failed authentication (real brokers
	// answer with an error code first): the error names the broker.
	if _, err := bad.ClusterID(testCtx(t)); err == nil || !strings.Contains(err.Error(), brokers[0]) {
		t.Fatalf("wrong password: err %v, want a failure naming the broker", err)
	}

	useSecurityT(t, Security{TLS: true, CAFile: caFile, SASLMechanism: "plain", SASLUser: "streamsql", SASLPassword: "s3cret"})
	a := newAdminT(t, brokers)
	mustCreate(t, a, "src", 1)
	mustCreate(t, a, "dst", 1)
	prod, err := kgo.NewClient(ClientOptions(brokers)...)
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	if err := prod.ProduceSync(testCtx(t), rec("src", "k", "secret payload")).FirstErr(); err != nil {
		t.Fatal(err)
	}
	r, err := RunPersistent(testCtx(t), eosCfg(brokers), upper("src", "dst", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	cons, err := kgo.NewClient(append(ClientOptions(brokers), kgo.ConsumeTopics("dst"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()))...)
	if err != nil {
		t.Fatal(err)
	}
	defer cons.Close()
	fs := cons.PollFetches(testCtx(t))
	if recs := fs.Records(); len(recs) != 1 || string(recs[0].Value) != "SECRET PAYLOAD" {
		t.Fatalf("output over TLS+SASL: %v (errors %v)", recs, fs.Errors())
	}
}

func TestSecurityConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		sec  Security
		want string
	}{
		{Security{SASLMechanism: "GSSAPI", SASLUser: "u"}, `unknown SASL mechanism "GSSAPI"`},
		{Security{SASLMechanism: "PLAIN"}, "needs a user name"},
		{Security{TLS: true, CAFile: "/nonexistent/ca.pem"}, "/nonexistent/ca.pem"},
		{Security{TLS: true, CertFile: "c.pem"}, "needs both a certificate file and a key file"},
	} {
		err := UseSecurity(tc.sec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %q", tc.sec, err, tc.want)
		}
	}
}
