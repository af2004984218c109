package main

import (
	"crypto/x509"
	"fmt"
	"os"
	"path"

	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// The same locations, endpoint and TLS host name as an application written
// for Hyperledger Fabric's test-network: it runs unchanged against either.
const (
	mspID        = "Org1MSP"
	cryptoPath   = "../../test-network/organizations/peerOrganizations/org1.example.com"
	certPath     = cryptoPath + "/users/User1@org1.example.com/msp/signcerts"
	keyPath      = cryptoPath + "/users/User1@org1.example.com/msp/keystore"
	tlsCertPath  = cryptoPath + "/peers/peer0.org1.example.com/tls/ca.crt"
	peerEndpoint = "dns:///localhost:7051"
	gatewayPeer  = "peer0.org1.example.com"
)

// newGrpcConnection opens a TLS connection to the gateway peer, checking its
// certificate against Org1's TLS CA under the peer's host name.
func newGrpcConnection() (*grpc.ClientConn, error) {
	pemBytes, err := os.ReadFile(tlsCertPath)
	if err != nil {
		return nil, fmt.Errorf("read TLS CA certificate: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemBytes) {
		return nil, fmt.Errorf("no certificate in %s", tlsCertPath)
	}
	creds := credentials.NewClientTLSFromCert(roots, gatewayPeer)
	conn, err := grpc.NewClient(peerEndpoint, grpc.WithTransportCredentials(creds))
	if err != nil {
		return nil, fmt.Errorf("gRPC connection to %s: %w", peerEndpoint, err)
	}
	return conn, nil
}

// newIdentity reads User1's X.509 certificate.
func newIdentity() (*identity.X509Identity, error) {
	pemBytes, err := readFirstFile(certPath)
	if err != nil {
		return nil, fmt.Errorf("read certificate: %w", err)
	}
	cert, err := identity.CertificateFromPEM(pemBytes)
	if err != nil {
		return nil, err
	}
	return identity.NewX509Identity(mspID, cert)
}

// newSign signs with User1's private key.
func newSign() (identity.Sign, error) {
	pemBytes, err := readFirstFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("read private key: %w", err)
	}
	key, err := identity.PrivateKeyFromPEM(pemBytes)
	if err != nil {
		return nil, err
	}
	return identity.NewPrivateKeySign(key)
}

// readFirstFile reads the one file of an MSP folder such as signcerts.
func readFirstFile(dir string) ([]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			return os.ReadFile(path.Join(dir, e.Name()))
		}
	}
	return nil, fmt.Errorf("no file in %s", dir)
}
