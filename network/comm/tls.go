// Package comm holds the gRPC and TLS plumbing shared by peers and orderers:
// TLS configurations from Fabric-style crypto material, gRPC server and
// client options with Fabric's message-size and keepalive defaults.
package comm

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// NodeTLS is a node's TLS material as cryptogen lays it out in a node's tls/
// folder: server.crt, server.key and ca.crt. Cryptogen's TLS certificates
// carry both serverAuth and clientAuth, so the same pair serves mTLS both ways.
type NodeTLS struct {
	Certificate tls.Certificate
	CertPEM     []byte
	RootCAs     *x509.CertPool
}

// LoadNodeTLS reads dir/server.crt, dir/server.key and dir/ca.crt.
func LoadNodeTLS(dir string) (*NodeTLS, error) {
	return LoadTLS(filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key"), filepath.Join(dir, "ca.crt"))
}

// LoadTLS reads a certificate, its key and any number of root CA files.
func LoadTLS(certFile, keyFile string, rootCAFiles ...string) (*NodeTLS, error) {
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("read TLS certificate: %w", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("read TLS key: %w", err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("TLS key pair %s: %w", certFile, err)
	}
	pool, err := LoadCertPool(rootCAFiles...)
	if err != nil {
		return nil, err
	}
	return &NodeTLS{Certificate: cert, CertPEM: certPEM, RootCAs: pool}, nil
}

// LoadCertPool reads PEM files (each may hold several certificates).
func LoadCertPool(files ...string) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read CA file: %w", err)
		}
		if err := AppendPEM(pool, b); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	return pool, nil
}

// AppendPEM adds every certificate in b to pool; it fails if b holds none or
// a certificate does not parse.
func AppendPEM(pool *x509.CertPool, b []byte) error {
	n := 0
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return fmt.Errorf("parse certificate: %w", err)
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return errors.New("no PEM certificate found")
	}
	return nil
}

// ServerConfig is a TLS 1.2+ server configuration. With clientCAs non-nil
// and requireClientCert, clients must present a certificate that chains to
// clientCAs (mutual TLS).
func ServerConfig(cert tls.Certificate, clientCAs *x509.CertPool, requireClientCert bool) *tls.Config {
	c := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, ClientCAs: clientCAs}
	switch {
	case requireClientCert:
		c.ClientAuth = tls.RequireAndVerifyClientCert
	case clientCAs != nil:
		c.ClientAuth = tls.VerifyClientCertIfGiven
	}
	return c
}

// ClientConfig is a TLS 1.2+ client configuration; cert may be nil (no
// client certificate). serverName overrides the name verified in the
// server's certificate (empty: the dialled host).
func ClientConfig(cert *tls.Certificate, rootCAs *x509.CertPool, serverName string) *tls.Config {
	c := &tls.Config{RootCAs: rootCAs, ServerName: serverName, MinVersion: tls.VersionTLS12}
	if cert != nil {
		c.Certificates = []tls.Certificate{*cert}
	}
	return c
}
