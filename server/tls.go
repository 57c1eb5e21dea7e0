package server

import (
	"crypto/tls"
	"fmt"
	"net/http"
)

// configureTLS makes srv serve HTTPS (HTTP/1.1 and HTTP/2) with the
// certificate and key of Options.TLSCertFile and TLSKeyFile; with neither
// set it leaves srv alone. Setting only one of them is an error.
func (s *Server) configureTLS(srv *http.Server) error {
	cert, key := s.opts.TLSCertFile, s.opts.TLSKeyFile
	if cert == "" && key == "" {
		return nil
	}
	if cert == "" || key == "" {
		return fmt.Errorf("server: TLS needs both a certificate and a key file (got cert %q, key %q)", cert, key)
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		return fmt.Errorf("server: TLS certificate %s and key %s: %w", cert, key, err)
	}
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetHTTP2(true)
	srv.Protocols = &protocols
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	return nil
}
