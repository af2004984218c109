package cryptogen

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"time"

	"github.com/saharanet/saharanet/network/msp"
)

// Validity matches Fabric's cryptogen: about ten years, starting five
// minutes before generation so that slightly skewed clocks accept it.
const (
	certValidity = 3650 * 24 * time.Hour
	backdate     = 5 * time.Minute
)

// authority is a self-signed CA with its key.
type authority struct {
	name string
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	base NodeSpec // subject fields copied into issued certs
}

// lowSSigner makes the CA's certificate signatures low-S, like Fabric's
// cryptogen, so that MSP sanitization leaves our certificates unchanged.
type lowSSigner struct{ key *ecdsa.PrivateKey }

func (s lowSSigner) Public() crypto.PublicKey { return &s.key.PublicKey }

func (s lowSSigner) Sign(_ io.Reader, digest []byte, _ crypto.SignerOpts) ([]byte, error) {
	return msp.SignDigest(s.key, digest)
}

// newAuthority creates a CA named cn for organization org (its domain).
func newAuthority(org, cn string, spec NodeSpec, now time.Time) (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("cryptogen: CA key: %w", err)
	}
	tmpl, err := baseTemplate(now)
	if err != nil {
		return nil, err
	}
	tmpl.IsCA = true
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth}
	tmpl.Subject = subject(spec)
	tmpl.Subject.Organization = []string{org}
	tmpl.Subject.CommonName = cn
	tmpl.SubjectKeyId = ski(&key.PublicKey)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, lowSSigner{key})
	if err != nil {
		return nil, fmt.Errorf("cryptogen: create CA certificate %s: %w", cn, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &authority{name: cn, cert: cert, key: key, base: spec}, nil
}

// issue signs a certificate for pub. Subject carries the CA's location
// fields, the given OUs (after the CA spec's OU) and CN; SANs that parse as
// IPs become IP SANs.
func (a *authority) issue(cn string, ous, sans []string, pub *ecdsa.PublicKey, ku x509.KeyUsage, eku []x509.ExtKeyUsage, now time.Time) (*x509.Certificate, error) {
	tmpl, err := baseTemplate(now)
	if err != nil {
		return nil, err
	}
	tmpl.KeyUsage = ku
	tmpl.ExtKeyUsage = eku
	tmpl.Subject = subject(a.base)
	tmpl.Subject.CommonName = cn
	tmpl.Subject.OrganizationalUnit = append(tmpl.Subject.OrganizationalUnit, ous...)
	for _, s := range sans {
		if ip := net.ParseIP(s); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, s)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, pub, lowSSigner{a.key})
	if err != nil {
		return nil, fmt.Errorf("cryptogen: issue certificate %s: %w", cn, err)
	}
	return x509.ParseCertificate(der)
}

func baseTemplate(now time.Time) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("cryptogen: serial number: %w", err)
	}
	notBefore := now.Round(time.Minute).Add(-backdate).UTC()
	return &x509.Certificate{
		SerialNumber:          serial,
		NotBefore:             notBefore,
		NotAfter:              notBefore.Add(certValidity),
		BasicConstraintsValid: true,
	}, nil
}

// subject fills location fields, defaulting to Fabric's US/California/San
// Francisco.
func subject(s NodeSpec) pkix.Name {
	n := pkix.Name{Country: []string{"US"}, Province: []string{"California"}, Locality: []string{"San Francisco"}}
	if s.Country != "" {
		n.Country = []string{s.Country}
	}
	if s.Province != "" {
		n.Province = []string{s.Province}
	}
	if s.Locality != "" {
		n.Locality = []string{s.Locality}
	}
	if s.OrganizationalUnit != "" {
		n.OrganizationalUnit = []string{s.OrganizationalUnit}
	}
	if s.StreetAddress != "" {
		n.StreetAddress = []string{s.StreetAddress}
	}
	if s.PostalCode != "" {
		n.PostalCode = []string{s.PostalCode}
	}
	return n
}

// ski is SHA-256 of the uncompressed public point, as Fabric's cryptogen
// and BCCSP compute it.
func ski(pub *ecdsa.PublicKey) []byte {
	raw, err := pub.Bytes()
	if err != nil {
		panic("cryptogen: P-256 key without an encoding: " + err.Error())
	}
	sum := sha256.Sum256(raw)
	return sum[:]
}
