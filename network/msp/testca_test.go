package msp

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"testing"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
)

// testCA is an in-memory CA for unit tests: real keys, real certificates.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

// sigMode forces the S half of certificate signatures, to test sanitization.
type sigMode int

const (
	sigLowS sigMode = iota
	sigHighS
)

type modeSigner struct {
	key  *ecdsa.PrivateKey
	mode sigMode
}

func (s modeSigner) Public() crypto.PublicKey { return &s.key.PublicKey }

func (s modeSigner) Sign(_ io.Reader, digest []byte, _ crypto.SignerOpts) ([]byte, error) {
	r, sv, err := ecdsa.Sign(rand.Reader, s.key, digest)
	if err != nil {
		return nil, err
	}
	n := s.key.Curve.Params().N
	half := new(big.Int).Rsh(n, 1)
	if (s.mode == sigHighS) != (sv.Cmp(half) > 0) {
		sv.Sub(n, sv)
	}
	return marshalDERSignature(r, sv)
}

var serialCounter int64 = 1000

func nextSerial() *big.Int { serialCounter++; return big.NewInt(serialCounter) }

func certPEM(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

func skiOf(pub *ecdsa.PublicKey) []byte {
	b, _ := pub.Bytes()
	s := sha256.Sum256(b)
	return s[:]
}

func newRootCA(t testing.TB, cn string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"test"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		SubjectKeyId:          skiOf(&key.PublicKey),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, modeSigner{key, sigLowS})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return &testCA{cert: c, key: key, pem: certPEM(c)}
}

func (ca *testCA) newIntermediate(t testing.TB, cn string, permittedDNS ...string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"test"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		SubjectKeyId:          skiOf(&key.PublicKey),
		PermittedDNSDomains:   permittedDNS,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, modeSigner{ca.key, sigLowS})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return &testCA{cert: c, key: key, pem: certPEM(c)}
}

type leafOpts struct {
	ous       []string
	isCA      bool
	mode      sigMode
	notBefore time.Time
	notAfter  time.Time
	eku       []x509.ExtKeyUsage
	curve     elliptic.Curve
	dnsNames  []string
}

type leafOpt func(*leafOpts)

func withOUs(ous ...string) leafOpt         { return func(o *leafOpts) { o.ous = ous } }
func asCA() leafOpt                         { return func(o *leafOpts) { o.isCA = true } }
func withSig(m sigMode) leafOpt             { return func(o *leafOpts) { o.mode = m } }
func withEKU(e ...x509.ExtKeyUsage) leafOpt { return func(o *leafOpts) { o.eku = e } }
func withDNSNames(n ...string) leafOpt      { return func(o *leafOpts) { o.dnsNames = n } }
func withCurve(c elliptic.Curve) leafOpt    { return func(o *leafOpts) { o.curve = c } }
func withValidity(nb, na time.Time) leafOpt {
	return func(o *leafOpts) { o.notBefore, o.notAfter = nb, na }
}

// issue returns a leaf certificate PEM, its key and the parsed cert.
func (ca *testCA) issue(t testing.TB, cn string, opts ...leafOpt) ([]byte, *ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	o := leafOpts{notBefore: time.Now().Add(-time.Hour), notAfter: time.Now().Add(24 * time.Hour), curve: elliptic.P256()}
	for _, f := range opts {
		f(&o)
	}
	key, err := ecdsa.GenerateKey(o.curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: cn, OrganizationalUnit: o.ous},
		NotBefore:             o.notBefore,
		NotAfter:              o.notAfter,
		IsCA:                  o.isCA,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           o.eku,
		DNSNames:              o.dnsNames,
	}
	if o.isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, modeSigner{ca.key, o.mode})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return certPEM(c), key, c
}

// crl returns a PEM CRL signed by ca revoking the given serials.
func (ca *testCA) crl(t testing.TB, serials ...*big.Int) []byte {
	t.Helper()
	var entries []x509.RevocationListEntry
	for _, s := range serials {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: s, RevocationTime: time.Now()})
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number:                    nextSerial(),
		ThisUpdate:                time.Now().Add(-time.Minute),
		NextUpdate:                time.Now().Add(time.Hour),
		RevokedCertificateEntries: entries,
	}, ca.cert, modeSigner{ca.key, sigLowS})
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
}

// nodeOUConfig enables NodeOUs certified by ca.
func nodeOUConfig(ca *testCA) *mspproto.FabricNodeOUs {
	ou := func(v string) *mspproto.FabricOUIdentifier {
		return &mspproto.FabricOUIdentifier{Certificate: ca.pem, OrganizationalUnitIdentifier: v}
	}
	return &mspproto.FabricNodeOUs{
		Enable:              true,
		ClientOuIdentifier:  ou("client"),
		PeerOuIdentifier:    ou("peer"),
		AdminOuIdentifier:   ou("admin"),
		OrdererOuIdentifier: ou("orderer"),
	}
}

func mustNew(t testing.TB, conf *mspproto.FabricMSPConfig) *MSP {
	t.Helper()
	m, err := New(conf, WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m
}

func mustSerialize(t testing.TB, mspID string, pemBytes []byte) []byte {
	t.Helper()
	b, err := Serialize(mspID, pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustDeserialize(t testing.TB, d IdentityDeserializer, mspID string, pemBytes []byte) Identity {
	t.Helper()
	id, err := d.DeserializeIdentity(mustSerialize(t, mspID, pemBytes))
	if err != nil {
		t.Fatalf("DeserializeIdentity: %v", err)
	}
	return id
}
