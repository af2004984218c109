package msp

import (
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"strings"
	"sync"
	"testing"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

func wantErr(t *testing.T, err error, substr string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected error containing %q, got nil", substr)
	}
	if !strings.Contains(err.Error(), substr) {
		t.Fatalf("expected error containing %q, got %q", substr, err)
	}
}

func TestDeserializeValidIdentity(t *testing.T) {
	ca := newRootCA(t, "ca.org1")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, FabricNodeOus: nodeOUConfig(ca)})
	p, _, cert := ca.issue(t, "peer0", withOUs("peer"))
	id := mustDeserialize(t, m, "Org1MSP", p)
	if err := id.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	sum := sha256.Sum256(cert.Raw)
	if id.ID() != hex.EncodeToString(sum[:]) {
		t.Fatalf("ID = %s, want sha256 of cert", id.ID())
	}
	if id.MSPID() != "Org1MSP" || !id.ExpiresAt().Equal(cert.NotAfter) {
		t.Fatalf("MSPID/ExpiresAt mismatch: %s %v", id.MSPID(), id.ExpiresAt())
	}
	sid := &mspproto.SerializedIdentity{}
	if err := proto.Unmarshal(id.Serialize(), sid); err != nil || sid.Mspid != "Org1MSP" || string(sid.IdBytes) != string(p) {
		t.Fatalf("Serialize round trip: %v %q", err, sid.Mspid)
	}
	// Same bytes give the same cached identity.
	id2 := mustDeserialize(t, m, "Org1MSP", p)
	if id2 != id {
		t.Fatal("identity not cached by serialized bytes")
	}
}

func TestDeserializeRejectsGarbage(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}})
	mg, _ := NewManager(m)
	p, _, _ := ca.issue(t, "user")
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}})
	badCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("not der")})
	ser := func(id []byte) []byte {
		b, _ := proto.Marshal(&mspproto.SerializedIdentity{Mspid: "Org1MSP", IdBytes: id})
		return b
	}
	cases := map[string]struct {
		in   []byte
		want string
	}{
		"not protobuf":  {[]byte{0xff, 0xff, 0xff}, "unmarshal"},
		"empty":         {nil, "empty serialized identity"},
		"no PEM":        {ser([]byte("hello")), "no PEM block"},
		"key PEM":       {ser(keyPEM), "want CERTIFICATE"},
		"bad DER":       {ser(badCert), "identity certificate"},
		"truncated PEM": {ser(p[:len(p)/2]), "no PEM block"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			id, err := mg.DeserializeIdentity(c.in)
			wantErr(t, err, c.want)
			if id != nil {
				t.Fatal("non-nil identity with error")
			}
		})
	}
	// The MSP itself refuses identities naming another MSP.
	_, err := m.DeserializeIdentity(mustSerialize(t, "Org2MSP", p))
	wantErr(t, err, `"Org2MSP"`)
}

func TestManagerUnknownMSP(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}})
	mg, err := NewManager(m)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _ := ca.issue(t, "user")
	_, err = mg.DeserializeIdentity(mustSerialize(t, "NopeMSP", p))
	wantErr(t, err, `unknown MSP ID "NopeMSP"`)
	if got, ok := mg.MSP("Org1MSP"); !ok || got != m {
		t.Fatal("MSP lookup failed")
	}
	if ids := mg.MSPIDs(); len(ids) != 1 || ids[0] != "Org1MSP" {
		t.Fatalf("MSPIDs = %v", ids)
	}
	if _, err := NewManager(m, m); err == nil {
		t.Fatal("duplicate MSP accepted")
	}
	if _, err := NewManager(nil); err == nil {
		t.Fatal("nil MSP accepted")
	}
}

func TestCACertIsNotAnIdentity(t *testing.T) {
	root := newRootCA(t, "root")
	inter := root.newIntermediate(t, "inter")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{root.pem}, IntermediateCerts: [][]byte{inter.pem}})
	leafCA, _, _ := inter.issue(t, "sneaky", asCA())
	for name, p := range map[string][]byte{"root": root.pem, "intermediate": inter.pem, "leaf with CA bit": leafCA} {
		t.Run(name, func(t *testing.T) {
			id := mustDeserialize(t, m, "Org1MSP", p)
			wantErr(t, id.Validate(), "is a CA certificate")
		})
	}
}

func TestWrongIssuerRejected(t *testing.T) {
	ca := newRootCA(t, "ca")
	other := newRootCA(t, "other")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}})
	p, _, _ := other.issue(t, "intruder")
	_, err := m.DeserializeIdentity(mustSerialize(t, "Org1MSP", p))
	wantErr(t, err, "does not chain to MSP Org1MSP")
}

func TestIssuedByRootWhenIntermediatesConfigured(t *testing.T) {
	root := newRootCA(t, "root")
	inter := root.newIntermediate(t, "inter")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{root.pem}, IntermediateCerts: [][]byte{inter.pem}})
	byRoot, _, _ := root.issue(t, "by-root")
	wantErr(t, mustDeserialize(t, m, "Org1MSP", byRoot).Validate(), "not a leaf of the CA tree")
	byInter, _, _ := inter.issue(t, "by-inter")
	if err := mustDeserialize(t, m, "Org1MSP", byInter).Validate(); err != nil {
		t.Fatalf("identity issued by the intermediate: %v", err)
	}
}

func TestRevokedIdentity(t *testing.T) {
	ca := newRootCA(t, "ca")
	other := newRootCA(t, "other")
	revoked, _, rc := ca.issue(t, "revoked")
	fine, _, _ := ca.issue(t, "fine")
	m := mustNew(t, &mspproto.FabricMSPConfig{
		Name:      "Org1MSP",
		RootCerts: [][]byte{ca.pem},
		// The second CRL is signed by a CA outside the MSP and must have no
		// effect even though it lists the same serial.
		RevocationList: [][]byte{ca.crl(t, rc.SerialNumber), other.crl(t, rc.SerialNumber)},
	})
	wantErr(t, mustDeserialize(t, m, "Org1MSP", revoked).Validate(), "revoked")
	if err := mustDeserialize(t, m, "Org1MSP", fine).Validate(); err != nil {
		t.Fatalf("unrevoked identity: %v", err)
	}
	m2 := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, RevocationList: [][]byte{other.crl(t, rc.SerialNumber)}})
	if err := mustDeserialize(t, m2, "Org1MSP", revoked).Validate(); err != nil {
		t.Fatalf("CRL of a foreign CA revoked an identity: %v", err)
	}
}

func TestNodeOURules(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, FabricNodeOus: nodeOUConfig(ca)})
	for _, role := range []string{"client", "peer", "admin", "orderer"} {
		p, _, _ := ca.issue(t, role, withOUs(role, "department-x"))
		if err := mustDeserialize(t, m, "Org1MSP", p).Validate(); err != nil {
			t.Fatalf("%s identity: %v", role, err)
		}
	}
	none, _, _ := ca.issue(t, "none", withOUs("department-x"))
	wantErr(t, mustDeserialize(t, m, "Org1MSP", none).Validate(), "exactly one of the client, peer, admin or orderer OUs, found 0")
	two, _, _ := ca.issue(t, "two", withOUs("client", "peer"))
	wantErr(t, mustDeserialize(t, m, "Org1MSP", two).Validate(), "found 2")

	// NodeOUs certified by a second root: the first root's "peer" does not count.
	ca2 := newRootCA(t, "ca2")
	m2 := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem, ca2.pem}, FabricNodeOus: nodeOUConfig(ca2)})
	p, _, _ := ca.issue(t, "peer-of-ca1", withOUs("peer"))
	wantErr(t, mustDeserialize(t, m2, "Org1MSP", p).Validate(), "certified by a different CA")
	p2, _, _ := ca2.issue(t, "peer-of-ca2", withOUs("peer"))
	if err := mustDeserialize(t, m2, "Org1MSP", p2).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestOUIdentifiers(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{
		Name:                          "Org1MSP",
		RootCerts:                     [][]byte{ca.pem},
		OrganizationalUnitIdentifiers: []*mspproto.FabricOUIdentifier{{Certificate: ca.pem, OrganizationalUnitIdentifier: "licensing"}},
	})
	in, _, _ := ca.issue(t, "in", withOUs("licensing"))
	if err := mustDeserialize(t, m, "Org1MSP", in).Validate(); err != nil {
		t.Fatal(err)
	}
	out, _, _ := ca.issue(t, "out", withOUs("marketing"))
	wantErr(t, mustDeserialize(t, m, "Org1MSP", out).Validate(), "none of the identity's organizational units")
}

func TestExpiredIdentityStillValidates(t *testing.T) {
	ca := newRootCA(t, "ca") // valid from now-1h
	p, _, c := ca.issue(t, "expired", withValidity(time.Now().Add(-50*time.Minute), time.Now().Add(-10*time.Minute)))
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}})
	id := mustDeserialize(t, m, "Org1MSP", p)
	if err := id.Validate(); err != nil {
		t.Fatalf("expired identity must still validate (Fabric checks expiry elsewhere): %v", err)
	}
	if !id.ExpiresAt().Before(time.Now()) || !id.ExpiresAt().Equal(c.NotAfter) {
		t.Fatal("ExpiresAt must expose the past NotAfter so callers can check expiry")
	}
}

func TestClientAuthOnlyEKURejectedAsInFabric(t *testing.T) {
	// Fabric verifies chains with Go's default ServerAuth usage, so a cert
	// whose EKU is only clientAuth does not validate.
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}})
	p, _, _ := ca.issue(t, "client-only", withEKU(x509.ExtKeyUsageClientAuth))
	_, err := m.DeserializeIdentity(mustSerialize(t, "Org1MSP", p))
	wantErr(t, err, "does not chain")
	both, _, _ := ca.issue(t, "both", withEKU(x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth))
	if err := mustDeserialize(t, m, "Org1MSP", both).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestHighSCertificateIsSanitized(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}})
	p, _, orig := ca.issue(t, "high", withSig(sigHighS))
	_, s, err := parseDERSignature(orig.Signature)
	if err != nil || s.Cmp(halfOrders[elliptic.P256()]) <= 0 {
		t.Fatal("test setup: certificate signature is not high-S")
	}
	id := mustDeserialize(t, m, "Org1MSP", p)
	got := id.Certificate()
	if string(got.Raw) == string(orig.Raw) {
		t.Fatal("high-S certificate was not re-encoded")
	}
	if _, s, _ := parseDERSignature(got.Signature); s.Cmp(halfOrders[elliptic.P256()]) > 0 {
		t.Fatal("sanitized signature still high-S")
	}
	if string(got.RawTBSCertificate) != string(orig.RawTBSCertificate) {
		t.Fatal("sanitization changed the signed content")
	}
	if err := got.CheckSignatureFrom(ca.cert); err != nil {
		t.Fatalf("sanitized certificate no longer verifies: %v", err)
	}
	if err := id.Validate(); err != nil {
		t.Fatal(err)
	}
	// The low-S encoding of the same certificate is the same identity.
	id2 := mustDeserialize(t, m, "Org1MSP", certPEM(got))
	if id2.ID() != id.ID() {
		t.Fatal("high-S and low-S encodings gave different identity IDs")
	}
}

func TestIdentityKeyCurves(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}})
	p384, k384, _ := ca.issue(t, "p384", withCurve(elliptic.P384()))
	id := mustDeserialize(t, m, "Org1MSP", p384)
	si, err := m.NewSigningIdentity(p384, k384)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := si.Sign([]byte("msg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := id.Verify([]byte("msg"), sig); err != nil {
		t.Fatalf("P-384 verify: %v", err)
	}
	p224, _, _ := ca.issue(t, "p224", withCurve(elliptic.P224()))
	_, err = m.DeserializeIdentity(mustSerialize(t, "Org1MSP", p224))
	wantErr(t, err, "not supported")
}

func TestNewRejectsBadConfig(t *testing.T) {
	ca := newRootCA(t, "ca")
	other := newRootCA(t, "other")
	leaf, _, _ := ca.issue(t, "leaf")
	foreignAdmin, _, _ := other.issue(t, "admin")
	orphanInter := other.newIntermediate(t, "orphan")
	cases := map[string]struct {
		conf *mspproto.FabricMSPConfig
		want string
	}{
		"nil":            {nil, "nil FabricMSPConfig"},
		"no name":        {&mspproto.FabricMSPConfig{RootCerts: [][]byte{ca.pem}}, "empty MSP name"},
		"no roots":       {&mspproto.FabricMSPConfig{Name: "X"}, "no root CA"},
		"garbage root":   {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{[]byte("junk")}}, "no PEM CERTIFICATE"},
		"leaf as root":   {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{leaf}}, "not a CA"},
		"orphan inter":   {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, IntermediateCerts: [][]byte{orphanInter.pem}}, "does not chain"},
		"foreign admin":  {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, Admins: [][]byte{foreignAdmin}}, "admin cert #0"},
		"OU cert not CA": {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, OrganizationalUnitIdentifiers: []*mspproto.FabricOUIdentifier{{Certificate: other.pem, OrganizationalUnitIdentifier: "x"}}}, "not a root or intermediate"},
		"SHA3":           {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, CryptoConfig: &mspproto.FabricCryptoConfig{SignatureHashFamily: "SHA3"}}, "not supported"},
		"bad CRL":        {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, RevocationList: [][]byte{[]byte("junk")}}, "revocation list #0"},
		"TLS leaf":       {&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, TlsRootCerts: [][]byte{leaf}}, "TLS CA cert"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m, err := New(c.conf)
			wantErr(t, err, c.want)
			if m != nil {
				t.Fatal("non-nil MSP with error")
			}
		})
	}
}

func TestTLSRootCertPool(t *testing.T) {
	ca := newRootCA(t, "ca")
	tlsRoot := newRootCA(t, "tlsca")
	tlsInter := tlsRoot.newIntermediate(t, "tlsinter")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, TlsRootCerts: [][]byte{tlsRoot.pem}, TlsIntermediateCerts: [][]byte{tlsInter.pem}})
	_, _, server := tlsInter.issue(t, "server", withEKU(x509.ExtKeyUsageServerAuth))
	if _, err := server.Verify(x509.VerifyOptions{Roots: m.TLSRootCertPool()}); err != nil {
		t.Fatalf("TLS cert from intermediate: %v", err)
	}
	_, _, foreign := newRootCA(t, "x").issue(t, "server", withEKU(x509.ExtKeyUsageServerAuth))
	if _, err := foreign.Verify(x509.VerifyOptions{Roots: m.TLSRootCertPool()}); err == nil {
		t.Fatal("foreign TLS cert verified")
	}
}

func TestCacheIsBounded(t *testing.T) {
	ca := newRootCA(t, "ca")
	m, err := New(&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}}, WithCacheSize(3))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		p, _, _ := ca.issue(t, "u")
		mustDeserialize(t, m, "X", p)
		if n := m.cache.len(); n > 3 {
			t.Fatalf("cache grew to %d entries, cap 3", n)
		}
	}
}

func TestConcurrentDeserializeValidate(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{ca.pem}, FabricNodeOus: nodeOUConfig(ca)})
	good, key, _ := ca.issue(t, "good", withOUs("client"))
	bad, _, _ := ca.issue(t, "bad", withOUs("client", "peer"))
	si, err := m.NewSigningIdentity(good, key)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := si.Sign([]byte("m"))
	sg, sb := mustSerialize(t, "X", good), mustSerialize(t, "X", bad)
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				id, err := m.DeserializeIdentity(sg)
				if err != nil || id.Validate() != nil || id.Verify([]byte("m"), sig) != nil {
					errs <- "good identity failed"
					return
				}
				id, err = m.DeserializeIdentity(sb)
				if err != nil || id.Validate() == nil {
					errs <- "bad identity validated"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestLegacyNameConstraints(t *testing.T) {
	root := newRootCA(t, "root")
	constrained := root.newIntermediate(t, "constrained", "example.com")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{root.pem}, IntermediateCerts: [][]byte{constrained.pem}})
	cnOnly, _, _ := constrained.issue(t, "peer0.example.com")
	wantErr(t, mustDeserialize(t, m, "X", cnOnly).Validate(), "legacy Common Name")
	withSAN, _, _ := constrained.issue(t, "peer1.example.com", withDNSNames("peer1.example.com"))
	if err := mustDeserialize(t, m, "X", withSAN).Validate(); err != nil {
		t.Fatal(err)
	}
	userCN, _, _ := constrained.issue(t, "User1@example.com") // not a host name
	if err := mustDeserialize(t, m, "X", userCN).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestRevokedByIntermediateCRL(t *testing.T) {
	root := newRootCA(t, "root")
	inter := root.newIntermediate(t, "inter")
	p, _, c := inter.issue(t, "revoked")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{root.pem}, IntermediateCerts: [][]byte{inter.pem}, RevocationList: [][]byte{inter.crl(t, c.SerialNumber)}})
	wantErr(t, mustDeserialize(t, m, "X", p).Validate(), "revoked")
	// A CRL revoking the configured intermediate itself is a config error.
	_, err := New(&mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{root.pem}, IntermediateCerts: [][]byte{inter.pem}, RevocationList: [][]byte{root.crl(t, inter.cert.SerialNumber)}})
	wantErr(t, err, `intermediate cert "inter" is revoked`)
	// The root's CRL listing the leaf's serial does not apply: AKI differs.
	m2 := mustNew(t, &mspproto.FabricMSPConfig{Name: "X", RootCerts: [][]byte{root.pem}, IntermediateCerts: [][]byte{inter.pem}, RevocationList: [][]byte{root.crl(t, c.SerialNumber)}})
	if err := mustDeserialize(t, m2, "X", p).Validate(); err != nil {
		t.Fatal(err)
	}
}
