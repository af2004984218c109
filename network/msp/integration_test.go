package msp_test

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/hyperledger/fabric-gateway/pkg/identity"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/msp"
)

// generated builds the test network's material once per test.
func generated(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig(), dir); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir
}

func loadMSP(t *testing.T, dir, id string) *msp.MSP {
	t.Helper()
	m, err := msp.LoadMSP(dir, id)
	if err != nil {
		t.Fatalf("LoadMSP(%s): %v", dir, err)
	}
	return m
}

func role(mspID string, r mspproto.MSPRole_MSPRoleType) *mspproto.MSPPrincipal {
	b, _ := proto.Marshal(&mspproto.MSPRole{MspIdentifier: mspID, Role: r})
	return &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ROLE, Principal: b}
}

func TestCryptogenMaterialValidates(t *testing.T) {
	out := generated(t)
	org1 := cryptogen.PeerOrgDir(out, "org1.example.com")
	org2 := cryptogen.PeerOrgDir(out, "org2.example.com")
	ord := cryptogen.OrdererOrgDir(out, "example.com")
	m1 := loadMSP(t, filepath.Join(org1, "msp"), "Org1MSP")
	m2 := loadMSP(t, filepath.Join(org2, "msp"), "Org2MSP")
	mo := loadMSP(t, filepath.Join(ord, "msp"), "OrdererMSP")
	if !m1.NodeOUsEnabled() {
		t.Fatal("org MSP config.yaml did not enable NodeOUs")
	}
	mg, err := msp.NewManager(m1, m2, mo)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		dir, mspID string
		role       mspproto.MSPRole_MSPRoleType
	}{
		{filepath.Join(org1, "peers", "peer0.org1.example.com", "msp"), "Org1MSP", mspproto.MSPRole_PEER},
		{filepath.Join(org1, "peers", "peer1.org1.example.com", "msp"), "Org1MSP", mspproto.MSPRole_PEER},
		{filepath.Join(org1, "users", "User1@org1.example.com", "msp"), "Org1MSP", mspproto.MSPRole_CLIENT},
		{filepath.Join(org1, "users", "Admin@org1.example.com", "msp"), "Org1MSP", mspproto.MSPRole_ADMIN},
		{filepath.Join(org2, "peers", "peer0.org2.example.com", "msp"), "Org2MSP", mspproto.MSPRole_PEER},
		{filepath.Join(ord, "orderers", "orderer0.example.com", "msp"), "OrdererMSP", mspproto.MSPRole_ORDERER},
		{filepath.Join(ord, "orderers", "orderer2.example.com", "msp"), "OrdererMSP", mspproto.MSPRole_ORDERER},
		{filepath.Join(ord, "users", "Admin@example.com", "msp"), "OrdererMSP", mspproto.MSPRole_ADMIN},
	}
	for _, c := range cases {
		t.Run(filepath.Base(filepath.Dir(c.dir)), func(t *testing.T) {
			si, err := msp.LoadSigningIdentity(c.dir, c.mspID)
			if err != nil {
				t.Fatalf("LoadSigningIdentity: %v", err)
			}
			if err := si.Validate(); err != nil {
				t.Fatalf("local Validate: %v", err)
			}
			msg := []byte("proposal bytes")
			sig, err := si.Sign(msg)
			if err != nil {
				t.Fatal(err)
			}
			// The channel's view: the org-level MSP via the manager.
			id, err := mg.DeserializeIdentity(si.Serialize())
			if err != nil {
				t.Fatalf("manager deserialize: %v", err)
			}
			if err := id.Validate(); err != nil {
				t.Fatalf("channel Validate: %v", err)
			}
			if err := id.Verify(msg, sig); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if err := id.SatisfiesPrincipal(role(c.mspID, c.role)); err != nil {
				t.Fatalf("role %s: %v", c.role, err)
			}
			if c.role != mspproto.MSPRole_CLIENT {
				if err := id.SatisfiesPrincipal(role(c.mspID, mspproto.MSPRole_CLIENT)); err == nil {
					t.Fatal("non-client satisfied CLIENT")
				}
			}
			if id.ID() != si.ID() {
				t.Fatal("local and channel identity IDs differ")
			}
		})
	}
	// Cross-org: Org1's peer certificate is not an Org2MSP identity.
	p0, _ := os.ReadFile(filepath.Join(cases[0].dir, "signcerts", "peer0.org1.example.com-cert.pem"))
	ser, _ := msp.Serialize("Org2MSP", p0)
	if _, err := mg.DeserializeIdentity(ser); err == nil {
		t.Fatal("Org1 certificate accepted as Org2MSP identity")
	}
}

func TestCryptogenTLSCertVerifiesForLocalNames(t *testing.T) {
	out := generated(t)
	peer := filepath.Join(cryptogen.PeerOrgDir(out, "org1.example.com"), "peers", "peer0.org1.example.com")
	m := loadMSP(t, filepath.Join(cryptogen.PeerOrgDir(out, "org1.example.com"), "msp"), "Org1MSP")
	raw, err := os.ReadFile(filepath.Join(peer, "tls", "server.crt"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(raw)
	cert, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"localhost", "127.0.0.1", "peer0.org1.example.com", "peer0"} {
		for _, usage := range []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth} {
			if _, err := cert.Verify(x509.VerifyOptions{DNSName: name, Roots: m.TLSRootCertPool(), KeyUsages: []x509.ExtKeyUsage{usage}}); err != nil {
				t.Errorf("TLS cert for %s (usage %v): %v", name, usage, err)
			}
		}
	}
	if _, err := cert.Verify(x509.VerifyOptions{DNSName: "peer1.org1.example.com", Roots: m.TLSRootCertPool()}); err == nil {
		t.Fatal("peer0 TLS cert verified for peer1's name")
	}
	// The TLS CA is not the signing CA: the TLS cert is no MSP identity.
	ser, _ := msp.Serialize("Org1MSP", raw)
	if _, err := m.DeserializeIdentity(ser); err == nil {
		t.Fatal("TLS certificate accepted as an MSP identity")
	}
}

func TestFabricGatewayIdentityInterop(t *testing.T) {
	out := generated(t)
	org1 := cryptogen.PeerOrgDir(out, "org1.example.com")
	user := filepath.Join(org1, "users", "User1@org1.example.com", "msp")
	certPEM, err := os.ReadFile(filepath.Join(user, "signcerts", "User1@org1.example.com-cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := os.ReadFile(filepath.Join(user, "keystore", "priv_sk"))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := identity.CertificateFromPEM(certPEM)
	if err != nil {
		t.Fatal(err)
	}
	key, err := identity.PrivateKeyFromPEM(keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	gwID, err := identity.NewX509Identity("Org1MSP", cert)
	if err != nil {
		t.Fatal(err)
	}
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		t.Fatal(err)
	}
	// The gateway client serializes its creator exactly like this.
	creator, err := proto.Marshal(&mspproto.SerializedIdentity{Mspid: gwID.MspID(), IdBytes: gwID.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	mg, err := msp.NewManager(loadMSP(t, filepath.Join(org1, "msp"), "Org1MSP"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := mg.DeserializeIdentity(creator)
	if err != nil {
		t.Fatalf("deserialize gateway creator: %v", err)
	}
	if err := id.Validate(); err != nil {
		t.Fatalf("validate gateway creator: %v", err)
	}
	if err := id.SatisfiesPrincipal(role("Org1MSP", mspproto.MSPRole_CLIENT)); err != nil {
		t.Fatal(err)
	}
	// The key exposed by our signing identity drives the gateway signer too.
	si, err := msp.LoadSigningIdentity(user, "Org1MSP")
	if err != nil {
		t.Fatal(err)
	}
	pk, ok := si.(msp.PrivateKeyIdentity)
	if !ok {
		t.Fatal("signing identity does not expose its key")
	}
	if !pk.PrivateKey().PublicKey.Equal(id.(msp.PublicKeyIdentity).PublicKey()) {
		t.Fatal("exposed private key does not match the identity")
	}
	for i := 0; i < 32; i++ { // the gateway normalizes to low-S; check many signatures
		msg := []byte{byte(i), 'p', 'r', 'o', 'p'}
		digest := sha256.Sum256(msg)
		sig, err := sign(digest[:])
		if err != nil {
			t.Fatal(err)
		}
		if err := id.Verify(msg, sig); err != nil {
			t.Fatalf("gateway signature rejected: %v", err)
		}
		if err := id.Verify(append(msg, 0), sig); err == nil {
			t.Fatal("gateway signature verified a different message")
		}
	}
}

func TestLoadSigningIdentityErrors(t *testing.T) {
	out := generated(t)
	user := filepath.Join(cryptogen.PeerOrgDir(out, "org1.example.com"), "users", "User1@org1.example.com", "msp")
	if _, err := msp.LoadSigningIdentity(filepath.Join(out, "missing"), "Org1MSP"); err == nil {
		t.Fatal("missing folder accepted")
	}
	if _, err := msp.LoadSigningIdentity(user, ""); err == nil {
		t.Fatal("empty MSP ID accepted")
	}
	// Replace the key with another identity's key: no key matches.
	other := filepath.Join(cryptogen.PeerOrgDir(out, "org1.example.com"), "users", "Admin@org1.example.com", "msp", "keystore", "priv_sk")
	k, _ := os.ReadFile(other)
	if err := os.WriteFile(filepath.Join(user, "keystore", "priv_sk"), k, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := msp.LoadSigningIdentity(user, "Org1MSP"); err == nil {
		t.Fatal("mismatched keystore accepted")
	}
}

// TestFabricCryptogenMaterial checks material made by Fabric's own cryptogen
// (built outside this repo). Set SAHARANET_FABRIC_CRYPTO to its output dir;
// the config must have Org1 (NodeOUs on, peer0, User1) and Org2 (NodeOUs off,
// peer0, User1) under org{1,2}.example.com.
func TestFabricCryptogenMaterial(t *testing.T) {
	out := os.Getenv("SAHARANET_FABRIC_CRYPTO")
	if out == "" {
		t.Skip("SAHARANET_FABRIC_CRYPTO not set")
	}
	for _, org := range []struct {
		domain, mspID string
		nodeOUs       bool
	}{{"org1.example.com", "Org1MSP", true}, {"org2.example.com", "Org2MSP", false}} {
		dir := cryptogen.PeerOrgDir(out, org.domain)
		m := loadMSP(t, filepath.Join(dir, "msp"), org.mspID)
		if m.NodeOUsEnabled() != org.nodeOUs {
			t.Fatalf("%s NodeOUs = %v", org.domain, m.NodeOUsEnabled())
		}
		for sub, r := range map[string]mspproto.MSPRole_MSPRoleType{
			"peers/peer0." + org.domain: mspproto.MSPRole_PEER,
			"users/User1@" + org.domain: mspproto.MSPRole_CLIENT,
			"users/Admin@" + org.domain: mspproto.MSPRole_ADMIN,
		} {
			si, err := msp.LoadSigningIdentity(filepath.Join(dir, sub, "msp"), org.mspID)
			if err != nil {
				t.Fatalf("%s: %v", sub, err)
			}
			id, err := m.DeserializeIdentity(si.Serialize())
			if err != nil {
				t.Fatalf("%s: %v", sub, err)
			}
			if err := id.Validate(); err != nil {
				t.Fatalf("%s: %v", sub, err)
			}
			sig, _ := si.Sign([]byte("x"))
			if err := id.Verify([]byte("x"), sig); err != nil {
				t.Fatal(err)
			}
			want := org.nodeOUs || r == mspproto.MSPRole_ADMIN
			if err := id.SatisfiesPrincipal(role(org.mspID, r)); (err == nil) != want {
				t.Errorf("%s role %s: %v", sub, r, err)
			}
		}
	}
}
