package e2e

import (
	"crypto/tls"
	"path/filepath"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"google.golang.org/grpc"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/msp"
)

// Signer loads the MSP identity of user ("User1", "Admin") of org.
func (n *Network) Signer(t testing.TB, org, user string) msp.SigningIdentity {
	t.Helper()
	o, ok := n.Orgs[org]
	if !ok {
		t.Fatalf("unknown org %s", org)
	}
	s, err := msp.LoadSigningIdentity(filepath.Join(o.UserDir(user), "msp"), o.MSPID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// GatewayIdentity converts an MSP signing identity to the fabric-gateway
// client's identity and signing function.
func GatewayIdentity(t testing.TB, s msp.SigningIdentity) (identity.Identity, identity.Sign) {
	t.Helper()
	pk, ok := s.(msp.PrivateKeyIdentity)
	if !ok {
		t.Fatalf("identity of %s does not expose its private key", s.MSPID())
	}
	id, err := identity.NewX509Identity(s.MSPID(), s.Certificate())
	if err != nil {
		t.Fatal(err)
	}
	sign, err := identity.NewPrivateKeySign(pk.PrivateKey())
	if err != nil {
		t.Fatal(err)
	}
	return id, sign
}

// ClientTLS is a TLS config that trusts every org's TLS CA (members, foreign
// and the orderer org), with the TLS client certificate of org's user, or
// none when user is "".
func (n *Network) ClientTLS(t testing.TB, org, user string) *tls.Config {
	t.Helper()
	files := []string{filepath.Join(n.CryptoDir, "ordererOrganizations", "example.com", "tlsca", "tlsca.example.com-cert.pem")}
	for _, o := range n.Orgs {
		files = append(files, o.TLSCA())
	}
	pool, err := comm.LoadCertPool(files...)
	if err != nil {
		t.Fatal(err)
	}
	if user == "" {
		return comm.ClientConfig(nil, pool, "")
	}
	d := filepath.Join(n.Orgs[org].UserDir(user), "tls")
	nt, err := comm.LoadTLS(filepath.Join(d, "client.crt"), filepath.Join(d, "client.key"))
	if err != nil {
		t.Fatal(err)
	}
	return comm.ClientConfig(&nt.Certificate, pool, "")
}

// Dial opens a gRPC connection to addr, closed when the test ends.
func (n *Network) Dial(t testing.TB, addr string, tlsConf *tls.Config) *grpc.ClientConn {
	t.Helper()
	c, err := comm.Dial(addr, tlsConf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Gateway connects the fabric-gateway client to peer p as org's user over
// mutual TLS; closed when the test ends.
func (n *Network) Gateway(t testing.TB, p *Peer, org, user string, opts ...client.ConnectOption) *client.Gateway {
	t.Helper()
	conn := n.Dial(t, p.Addr, n.ClientTLS(t, org, user))
	id, sign := GatewayIdentity(t, n.Signer(t, org, user))
	all := append([]client.ConnectOption{client.WithSign(sign), client.WithClientConnection(conn),
		client.WithEvaluateTimeout(30 * time.Second), client.WithEndorseTimeout(30 * time.Second),
		client.WithSubmitTimeout(30 * time.Second), client.WithCommitStatusTimeout(time.Minute)}, opts...)
	gw, err := client.Connect(id, all...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })
	return gw
}
