package main

import (
	"crypto/x509"
	"fmt"
	"os"
	"path"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/hash"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// org is one organization's client of Fabric's test-network, by its paths
// under ../../test-network/organizations and its gateway peer.
type org struct {
	mspID, cryptoPath, peerEndpoint, gatewayPeer string
}

var (
	org1 = org{
		mspID:        "Org1MSP",
		cryptoPath:   "../../test-network/organizations/peerOrganizations/org1.example.com",
		peerEndpoint: "dns:///localhost:7051",
		gatewayPeer:  "peer0.org1.example.com",
	}
	org2 = org{
		mspID:        "Org2MSP",
		cryptoPath:   "../../test-network/organizations/peerOrganizations/org2.example.com",
		peerEndpoint: "dns:///localhost:9051",
		gatewayPeer:  "peer0.org2.example.com",
	}
)

// connect opens a gateway for the org's User1; close the connection after the gateway.
func (o org) connect() (*client.Gateway, *grpc.ClientConn, error) {
	pemBytes, err := os.ReadFile(o.cryptoPath + "/peers/" + o.gatewayPeer + "/tls/ca.crt")
	if err != nil {
		return nil, nil, fmt.Errorf("read TLS CA certificate: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemBytes) {
		return nil, nil, fmt.Errorf("no TLS CA certificate for %s", o.gatewayPeer)
	}
	conn, err := grpc.NewClient(o.peerEndpoint, grpc.WithTransportCredentials(credentials.NewClientTLSFromCert(roots, o.gatewayPeer)))
	if err != nil {
		return nil, nil, err
	}
	user := o.cryptoPath + "/users/User1@" + path.Base(o.cryptoPath) + "/msp"
	certPEM, err := readFirstFile(user + "/signcerts")
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	cert, err := identity.CertificateFromPEM(certPEM)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	id, err := identity.NewX509Identity(o.mspID, cert)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	keyPEM, err := readFirstFile(user + "/keystore")
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	key, err := identity.PrivateKeyFromPEM(keyPEM)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	gw, err := client.Connect(id, client.WithSign(sign), client.WithHash(hash.SHA256), client.WithClientConnection(conn))
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return gw, conn, nil
}

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
