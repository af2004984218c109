package cryptogen_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/msp"
)

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(raw)
	if b == nil || b.Type != "CERTIFICATE" {
		t.Fatalf("%s: not a PEM certificate", path)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustExist(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("missing %s", p)
		}
	}
}

func TestLayoutAndProfile(t *testing.T) {
	out := t.TempDir()
	start := time.Now()
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig(), out); err != nil {
		t.Fatal(err)
	}
	org := cryptogen.PeerOrgDir(out, "org1.example.com")
	peer := filepath.Join(org, "peers", "peer0.org1.example.com")
	ord := cryptogen.OrdererOrgDir(out, "example.com")
	mustExist(t,
		filepath.Join(org, "ca", "ca.org1.example.com-cert.pem"), filepath.Join(org, "ca", "priv_sk"),
		filepath.Join(org, "tlsca", "tlsca.org1.example.com-cert.pem"), filepath.Join(org, "tlsca", "priv_sk"),
		filepath.Join(org, "msp", "cacerts", "ca.org1.example.com-cert.pem"),
		filepath.Join(org, "msp", "tlscacerts", "tlsca.org1.example.com-cert.pem"),
		filepath.Join(org, "msp", "config.yaml"), filepath.Join(org, "msp", "admincerts"),
		filepath.Join(peer, "msp", "keystore", "priv_sk"),
		filepath.Join(peer, "msp", "signcerts", "peer0.org1.example.com-cert.pem"),
		filepath.Join(peer, "msp", "cacerts", "ca.org1.example.com-cert.pem"),
		filepath.Join(peer, "msp", "tlscacerts", "tlsca.org1.example.com-cert.pem"),
		filepath.Join(peer, "msp", "config.yaml"), filepath.Join(peer, "msp", "admincerts"),
		filepath.Join(peer, "tls", "ca.crt"), filepath.Join(peer, "tls", "server.crt"), filepath.Join(peer, "tls", "server.key"),
		filepath.Join(org, "peers", "peer1.org1.example.com", "msp", "signcerts", "peer1.org1.example.com-cert.pem"),
		filepath.Join(org, "users", "User1@org1.example.com", "msp", "signcerts", "User1@org1.example.com-cert.pem"),
		filepath.Join(org, "users", "User1@org1.example.com", "tls", "client.crt"),
		filepath.Join(org, "users", "Admin@org1.example.com", "msp", "signcerts", "Admin@org1.example.com-cert.pem"),
		filepath.Join(ord, "orderers", "orderer0.example.com", "tls", "server.crt"),
		filepath.Join(ord, "orderers", "orderer2.example.com", "msp", "signcerts", "orderer2.example.com-cert.pem"),
		filepath.Join(ord, "users", "Admin@example.com", "msp", "keystore", "priv_sk"),
		filepath.Join(cryptogen.PeerOrgDir(out, "org2.example.com"), "peers", "peer1.org2.example.com", "tls", "server.crt"),
	)
	if _, err := os.Stat(filepath.Join(ord, "users", "User1@example.com")); err == nil {
		t.Error("orderer org got a non-admin user")
	}
	if ents, _ := os.ReadDir(filepath.Join(peer, "msp", "admincerts")); len(ents) != 0 {
		t.Error("admincerts must be empty with NodeOUs")
	}
	if st, _ := os.Stat(filepath.Join(peer, "msp", "keystore", "priv_sk")); st.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v, want 0600", st.Mode().Perm())
	}

	ca := readCert(t, filepath.Join(org, "ca", "ca.org1.example.com-cert.pem"))
	if !ca.IsCA || ca.Subject.CommonName != "ca.org1.example.com" || ca.Subject.Organization[0] != "org1.example.com" ||
		ca.Subject.Country[0] != "US" || ca.Subject.Province[0] != "California" || ca.Subject.Locality[0] != "San Francisco" {
		t.Errorf("CA subject/CA flag: %+v", ca.Subject)
	}
	wantKU := x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	if ca.KeyUsage != wantKU || len(ca.ExtKeyUsage) != 2 {
		t.Errorf("CA key usage %v ext %v", ca.KeyUsage, ca.ExtKeyUsage)
	}
	pub, _ := ca.PublicKey.(*ecdsa.PublicKey).Bytes()
	ski := sha256.Sum256(pub)
	if !bytes.Equal(ca.SubjectKeyId, ski[:]) {
		t.Error("CA SKI is not SHA-256 of the public point")
	}
	if d := ca.NotAfter.Sub(ca.NotBefore); d != 3650*24*time.Hour {
		t.Errorf("validity %v", d)
	}
	if ca.NotBefore.After(start.Add(-4*time.Minute)) || ca.NotBefore.Before(start.Add(-6*time.Minute)) {
		t.Errorf("NotBefore %v not backdated ~5 minutes from %v", ca.NotBefore, start)
	}
	if tlsca := readCert(t, filepath.Join(org, "tlsca", "tlsca.org1.example.com-cert.pem")); tlsca.Subject.CommonName != "tlsca.org1.example.com" {
		t.Errorf("TLS CA CN %q", tlsca.Subject.CommonName)
	}

	sc := readCert(t, filepath.Join(peer, "msp", "signcerts", "peer0.org1.example.com-cert.pem"))
	if sc.IsCA || sc.KeyUsage != x509.KeyUsageDigitalSignature || len(sc.ExtKeyUsage) != 0 {
		t.Errorf("signcert usage %v %v", sc.KeyUsage, sc.ExtKeyUsage)
	}
	if len(sc.Subject.OrganizationalUnit) != 1 || sc.Subject.OrganizationalUnit[0] != "peer" || sc.Subject.CommonName != "peer0.org1.example.com" {
		t.Errorf("signcert subject %+v", sc.Subject)
	}
	if !bytes.Equal(sc.AuthorityKeyId, ca.SubjectKeyId) {
		t.Error("signcert AKI does not name the CA")
	}
	if err := sc.CheckSignatureFrom(ca); err != nil {
		t.Error(err)
	}
	for user, ou := range map[string]string{"User1@org1.example.com": "client", "Admin@org1.example.com": "admin"} {
		c := readCert(t, filepath.Join(org, "users", user, "msp", "signcerts", user+"-cert.pem"))
		if c.Subject.OrganizationalUnit[0] != ou {
			t.Errorf("%s OU %v", user, c.Subject.OrganizationalUnit)
		}
	}
	oc := readCert(t, filepath.Join(ord, "orderers", "orderer0.example.com", "msp", "signcerts", "orderer0.example.com-cert.pem"))
	if oc.Subject.OrganizationalUnit[0] != "orderer" {
		t.Errorf("orderer OU %v", oc.Subject.OrganizationalUnit)
	}

	tc := readCert(t, filepath.Join(peer, "tls", "server.crt"))
	if tc.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment ||
		len(tc.ExtKeyUsage) != 2 || tc.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth || tc.ExtKeyUsage[1] != x509.ExtKeyUsageClientAuth {
		t.Errorf("TLS usages %v %v", tc.KeyUsage, tc.ExtKeyUsage)
	}
	if got := strings.Join(tc.DNSNames, ","); got != "peer0.org1.example.com,peer0,localhost" || len(tc.IPAddresses) != 1 || tc.IPAddresses[0].String() != "127.0.0.1" {
		t.Errorf("TLS SANs %v %v", tc.DNSNames, tc.IPAddresses)
	}
	key, err := msp.ParsePrivateKeyPEM(mustRead(t, filepath.Join(peer, "tls", "server.key")))
	if err != nil || !key.PublicKey.Equal(tc.PublicKey) {
		t.Errorf("server.key does not match server.crt: %v", err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSpecsTemplatesAndNoNodeOUs(t *testing.T) {
	cfg, err := cryptogen.ParseConfig([]byte(`
PeerOrgs:
  - Name: Acme
    Domain: acme.test
    EnableNodeOUs: false
    CA:
      Country: DE
      Locality: Berlin
    Specs:
      - Hostname: gw
        CommonName: "gateway.{{.Domain}}"
        SANS: ["alt.{{.Domain}}", "10.1.2.3", "{{.CommonName}}"]
    Template:
      Count: 2
      Start: 5
      Hostname: "node{{.Index}}"
    Users:
      Count: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := cryptogen.Generate(cfg, out); err != nil {
		t.Fatal(err)
	}
	org := cryptogen.PeerOrgDir(out, "acme.test")
	gw := readCert(t, filepath.Join(org, "peers", "gateway.acme.test", "tls", "server.crt"))
	if got := strings.Join(gw.DNSNames, ","); got != "gateway.acme.test,gw,alt.acme.test,localhost" {
		t.Errorf("SANs %s", got)
	}
	if len(gw.IPAddresses) != 2 || gw.IPAddresses[0].String() != "10.1.2.3" {
		t.Errorf("IP SANs %v", gw.IPAddresses)
	}
	mustExist(t, filepath.Join(org, "peers", "node5.acme.test"), filepath.Join(org, "peers", "node6.acme.test"),
		filepath.Join(org, "users", "User2@acme.test"))
	ca := readCert(t, filepath.Join(org, "ca", "ca.acme.test-cert.pem"))
	if ca.Subject.Country[0] != "DE" || ca.Subject.Locality[0] != "Berlin" || ca.Subject.Province[0] != "California" {
		t.Errorf("CA subject %+v", ca.Subject)
	}
	sc := readCert(t, filepath.Join(org, "peers", "node5.acme.test", "msp", "signcerts", "node5.acme.test-cert.pem"))
	if len(sc.Subject.OrganizationalUnit) != 0 {
		t.Errorf("OU without NodeOUs: %v", sc.Subject.OrganizationalUnit)
	}
	// Without NodeOUs the admin is listed in admincerts of the org and nodes.
	admin := filepath.Join("admincerts", "Admin@acme.test-cert.pem")
	mustExist(t, filepath.Join(org, "msp", admin), filepath.Join(org, "peers", "node6.acme.test", "msp", admin))
	if _, err := os.Stat(filepath.Join(org, "msp", "config.yaml")); err == nil {
		t.Error("config.yaml written without NodeOUs")
	}
	conf, err := msp.LoadMSPConfig(filepath.Join(org, "msp"), "AcmeMSP")
	if err != nil {
		t.Fatal(err)
	}
	m, err := msp.New(conf)
	if err != nil {
		t.Fatal(err)
	}
	adminRole, _ := proto.Marshal(&mspproto.MSPRole{MspIdentifier: "AcmeMSP", Role: mspproto.MSPRole_ADMIN})
	principal := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ROLE, Principal: adminRole}
	for user, isAdmin := range map[string]bool{"Admin@acme.test": true, "User1@acme.test": false} {
		si, err := msp.LoadSigningIdentity(filepath.Join(org, "users", user, "msp"), "AcmeMSP")
		if err != nil {
			t.Fatal(err)
		}
		id, err := m.DeserializeIdentity(si.Serialize())
		if err != nil {
			t.Fatal(err)
		}
		if err := id.SatisfiesPrincipal(principal); (err == nil) != isAdmin {
			t.Errorf("%s ADMIN: %v", user, err)
		}
	}
}

func TestParseConfigRejects(t *testing.T) {
	cases := map[string]string{
		"empty":          ``,
		"unknown key":    "PeerOrgs:\n  - Domain: a.test\n    Tempalte: {Count: 1}\n",
		"no domain":      "PeerOrgs:\n  - Name: A\n",
		"bad domain":     "PeerOrgs:\n  - Domain: a/../b\n",
		"negative count": "PeerOrgs:\n  - Domain: a.test\n    Template: {Count: -1}\n",
		"dup node":       "PeerOrgs:\n  - Domain: a.test\n    Specs: [{Hostname: peer0}]\n    Template: {Count: 1}\n",
		"dup domain":     "PeerOrgs:\n  - Domain: a.test\n  - Domain: a.test\n",
		"no hostname":    "PeerOrgs:\n  - Domain: a.test\n    Specs: [{CommonName: x}]\n",
		"bad template":   "PeerOrgs:\n  - Domain: a.test\n    Specs: [{Hostname: p, SANS: ['{{.Nope}}']}]\n",
		"no orgs":        "PeerOrgs: []\n",
		"not yaml":       "PeerOrgs: [\n",
	}
	for name, y := range cases {
		t.Run(name, func(t *testing.T) {
			if cfg, err := cryptogen.ParseConfig([]byte(y)); err == nil {
				t.Fatalf("accepted: %+v", cfg)
			}
		})
	}
}

func TestGenerateRefusesExistingOutput(t *testing.T) {
	out := t.TempDir()
	cfg := cryptogen.TestNetworkConfig("org9")
	if err := cryptogen.Generate(cfg, out); err != nil {
		t.Fatal(err)
	}
	before := mustRead(t, filepath.Join(cryptogen.PeerOrgDir(out, "org9.example.com"), "ca", "ca.org9.example.com-cert.pem"))
	if err := cryptogen.Generate(cfg, out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second Generate: %v", err)
	}
	after := mustRead(t, filepath.Join(cryptogen.PeerOrgDir(out, "org9.example.com"), "ca", "ca.org9.example.com-cert.pem"))
	if !bytes.Equal(before, after) {
		t.Fatal("existing material was overwritten")
	}
	// An invalid config writes nothing.
	empty := t.TempDir()
	bad := &cryptogen.Config{PeerOrgs: []cryptogen.OrgSpec{{Domain: "ok.test"}, {Domain: ""}}}
	if err := cryptogen.Generate(bad, empty); err == nil {
		t.Fatal("invalid config accepted")
	}
	if ents, _ := os.ReadDir(empty); len(ents) != 0 {
		t.Fatalf("invalid config left %d entries", len(ents))
	}
}

func TestDefaultTemplateAndTestNetworkConfig(t *testing.T) {
	cfg, err := cryptogen.ParseConfig([]byte(cryptogen.DefaultTemplate))
	if err != nil {
		t.Fatalf("DefaultTemplate does not parse: %v", err)
	}
	if len(cfg.PeerOrgs) != 2 || len(cfg.OrdererOrgs) != 1 || !cfg.PeerOrgs[0].EnableNodeOUs {
		t.Fatalf("DefaultTemplate content: %+v", cfg)
	}
	tn := cryptogen.TestNetworkConfig("org1", "bank.example.org")
	if tn.PeerOrgs[0].Name != "Org1" || tn.PeerOrgs[0].Domain != "org1.example.com" || tn.PeerOrgs[1].Domain != "bank.example.org" ||
		tn.OrdererOrgs[0].Template.Count != 3 || tn.PeerOrgs[1].Template.Count != 2 || tn.PeerOrgs[1].Users.Count != 1 {
		t.Fatalf("TestNetworkConfig: %+v", tn)
	}
}
