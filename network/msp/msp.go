package msp

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// DefaultCacheSize bounds the number of deserialized identities an MSP keeps.
const DefaultCacheSize = 4096

// MSP is one organization's membership service provider, built from its
// FabricMSPConfig. It is immutable after New and safe for concurrent use; a
// config change builds a new MSP (and so a fresh identity cache).
type MSP struct {
	name string

	roots         []*x509.Certificate // sanitized
	intermediates []*x509.Certificate // sanitized
	rootPool      *x509.CertPool
	interPool     *x509.CertPool

	// internalNodes holds raw DER of CA certs that issued another configured
	// CA: identities issued by them are rejected (§9.2 step 4).
	internalNodes map[string]bool

	admins [][]byte // sanitized DER of admin certs

	// revoked maps issuer SKI -> revoked serial numbers (decimal), from CRLs
	// whose signature was verified against that issuer at setup.
	revoked map[string]map[string]bool

	// ouIdentifiers maps an OU name to the allowed certifiers identifiers.
	ouIdentifiers map[string][][]byte

	nodeOUs                              bool
	clientOU, peerOU, adminOU, ordererOU *ouIdentifier

	tlsPool *x509.CertPool

	cache  *identityCache
	logger *slog.Logger
}

// ouIdentifier is an OU value plus the chain hash of the CA that certifies it
// (empty: any certifier of this MSP).
type ouIdentifier struct {
	ou         string
	certifiers []byte
}

// Option configures an MSP.
type Option func(*options)

type options struct {
	cacheSize int
	logger    *slog.Logger
}

// WithCacheSize sets how many deserialized identities are kept (minimum 1).
func WithCacheSize(n int) Option { return func(o *options) { o.cacheSize = n } }

// WithLogger sets the logger used for configuration warnings.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// New validates conf and builds the MSP: root and intermediate certs must
// parse and be CAs, intermediates must chain to a root, admins must be
// identities of this MSP, OU certificates must be configured CAs.
func New(conf *mspproto.FabricMSPConfig, opts ...Option) (*MSP, error) {
	o := options{cacheSize: DefaultCacheSize, logger: slog.Default()}
	for _, opt := range opts {
		opt(&o)
	}
	if o.cacheSize < 1 {
		o.cacheSize = 1
	}
	if conf == nil {
		return nil, errors.New("msp: nil FabricMSPConfig")
	}
	if conf.Name == "" {
		return nil, errors.New("msp: config has an empty MSP name")
	}
	if cc := conf.CryptoConfig; cc != nil {
		if cc.SignatureHashFamily != "" && cc.SignatureHashFamily != "SHA2" {
			return nil, fmt.Errorf("msp %s: signature hash family %q not supported (want SHA2)", conf.Name, cc.SignatureHashFamily)
		}
		if cc.IdentityIdentifierHashFunction != "" && cc.IdentityIdentifierHashFunction != "SHA256" {
			return nil, fmt.Errorf("msp %s: identity identifier hash %q not supported (want SHA256)", conf.Name, cc.IdentityIdentifierHashFunction)
		}
	}
	m := &MSP{
		name:          conf.Name,
		internalNodes: map[string]bool{},
		revoked:       map[string]map[string]bool{},
		ouIdentifiers: map[string][][]byte{},
		cache:         newIdentityCache(o.cacheSize),
		logger:        o.logger,
	}
	if err := m.setupCAs(conf); err != nil {
		return nil, fmt.Errorf("msp %s: %w", conf.Name, err)
	}
	if err := m.setupCRLs(conf); err != nil {
		return nil, fmt.Errorf("msp %s: %w", conf.Name, err)
	}
	if err := m.checkIntermediatesNotRevoked(); err != nil {
		return nil, fmt.Errorf("msp %s: %w", conf.Name, err)
	}
	if err := m.setupOUs(conf); err != nil {
		return nil, fmt.Errorf("msp %s: %w", conf.Name, err)
	}
	if err := m.setupAdmins(conf); err != nil {
		return nil, fmt.Errorf("msp %s: %w", conf.Name, err)
	}
	if err := m.setupTLS(conf); err != nil {
		return nil, fmt.Errorf("msp %s: %w", conf.Name, err)
	}
	return m, nil
}

// ID returns the MSP identifier (FabricMSPConfig.name).
func (m *MSP) ID() string { return m.name }

// TLSRootCertPool returns a new pool with the MSP's TLS root and intermediate
// CA certificates, for verifying peers' TLS certificates.
func (m *MSP) TLSRootCertPool() *x509.CertPool { return m.tlsPool.Clone() }

// NodeOUsEnabled reports whether NodeOU classification is active.
func (m *MSP) NodeOUsEnabled() bool { return m.nodeOUs }

// parseCertsPEM parses every CERTIFICATE block of every entry.
func parseCertsPEM(what string, entries [][]byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for i, e := range entries {
		rest := e
		n := 0
		for {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			if b.Type != "CERTIFICATE" {
				continue
			}
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%s #%d: %w", what, i, err)
			}
			out = append(out, c)
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("%s #%d: no PEM CERTIFICATE block", what, i)
		}
	}
	return out, nil
}

func (m *MSP) verifyOpts(c *x509.Certificate) x509.VerifyOptions {
	// Expiry is deliberately not checked by MSP validation (Fabric checks
	// it at broadcast/deliver/gossip); KeyUsages left empty as Fabric does.
	return x509.VerifyOptions{
		Roots:         m.rootPool,
		Intermediates: m.interPool,
		CurrentTime:   c.NotBefore.Add(time.Second),
	}
}

// uniqueChain returns the single validation chain of c, leaf first.
func (m *MSP) uniqueChain(c *x509.Certificate) ([]*x509.Certificate, error) {
	chains, err := c.Verify(m.verifyOpts(c))
	if err != nil {
		return nil, fmt.Errorf("certificate %q does not chain to MSP %s: %w", c.Subject.CommonName, m.name, err)
	}
	if len(chains) != 1 {
		return nil, fmt.Errorf("certificate %q has %d validation chains in MSP %s, exactly one is allowed", c.Subject.CommonName, len(chains), m.name)
	}
	return chains[0], nil
}

func (m *MSP) setupCAs(conf *mspproto.FabricMSPConfig) error {
	if len(conf.RootCerts) == 0 {
		return errors.New("no root CA certificates configured")
	}
	roots, err := parseCertsPEM("root cert", conf.RootCerts)
	if err != nil {
		return err
	}
	inters, err := parseCertsPEM("intermediate cert", conf.IntermediateCerts)
	if err != nil {
		return err
	}
	for _, c := range roots {
		if !c.IsCA || !c.BasicConstraintsValid {
			return fmt.Errorf("root cert %q is not a CA certificate", c.Subject.CommonName)
		}
		sc, err := sanitizeCert(c, c)
		if err != nil {
			return err
		}
		m.roots = append(m.roots, sc)
	}
	m.rootPool = x509.NewCertPool()
	for _, c := range m.roots {
		m.rootPool.AddCert(c)
	}
	// Intermediates are sanitized against their issuer, found by chaining
	// them through the unsanitized set first.
	m.interPool = x509.NewCertPool()
	for _, c := range inters {
		m.interPool.AddCert(c)
	}
	var sanitized []*x509.Certificate
	for _, c := range inters {
		if !c.IsCA || !c.BasicConstraintsValid {
			return fmt.Errorf("intermediate cert %q is not a CA certificate", c.Subject.CommonName)
		}
		chain, err := m.uniqueChain(c)
		if err != nil {
			return fmt.Errorf("intermediate cert: %w", err)
		}
		sc, err := sanitizeCert(c, chain[1])
		if err != nil {
			return err
		}
		sanitized = append(sanitized, sc)
	}
	m.intermediates = sanitized
	m.interPool = x509.NewCertPool()
	for _, c := range m.intermediates {
		m.interPool.AddCert(c)
	}
	for _, c := range m.intermediates {
		chain, err := m.uniqueChain(c)
		if err != nil {
			return fmt.Errorf("intermediate cert: %w", err)
		}
		for _, parent := range chain[1:] {
			m.internalNodes[string(parent.Raw)] = true
		}
	}
	return nil
}

// caCerts returns the configured roots and intermediates.
func (m *MSP) caCerts() []*x509.Certificate {
	out := make([]*x509.Certificate, 0, len(m.roots)+len(m.intermediates))
	return append(append(out, m.roots...), m.intermediates...)
}

func (m *MSP) setupCRLs(conf *mspproto.FabricMSPConfig) error {
	for i, entry := range conf.RevocationList {
		der := entry
		if b, _ := pem.Decode(entry); b != nil {
			der = b.Bytes
		}
		crl, err := x509.ParseRevocationList(der)
		if err != nil {
			return fmt.Errorf("revocation list #%d: %w", i, err)
		}
		matched := false
		for _, ca := range m.caCerts() {
			if len(crl.AuthorityKeyId) == 0 || !bytes.Equal(crl.AuthorityKeyId, ca.SubjectKeyId) {
				continue
			}
			if err := crl.CheckSignatureFrom(ca); err != nil {
				continue
			}
			matched = true
			set := m.revoked[string(ca.SubjectKeyId)]
			if set == nil {
				set = map[string]bool{}
				m.revoked[string(ca.SubjectKeyId)] = set
			}
			for _, rc := range crl.RevokedCertificateEntries {
				set[rc.SerialNumber.String()] = true
			}
		}
		if !matched {
			// Fabric keeps such a CRL but it never revokes anything.
			m.logger.Warn("msp: CRL not signed by any configured CA; ignored", "msp", m.name, "index", i)
		}
	}
	return nil
}

// checkIntermediatesNotRevoked rejects a config whose CRLs revoke one of its
// own intermediate CAs, as Fabric's setup does.
func (m *MSP) checkIntermediatesNotRevoked() error {
	for _, c := range m.intermediates {
		chain, err := m.uniqueChain(c)
		if err != nil {
			return fmt.Errorf("intermediate cert: %w", err)
		}
		if m.revoked[string(chain[1].SubjectKeyId)][c.SerialNumber.String()] {
			return fmt.Errorf("intermediate cert %q is revoked", c.Subject.CommonName)
		}
	}
	return nil
}

// certifiersID returns SHA-256 over the concatenated DER of the chain of a
// configured CA certificate given as PEM: the value identities of that CA
// carry as the certifiers of their OUs.
func (m *MSP) certifiersID(certPEM []byte) ([]byte, error) {
	certs, err := parseCertsPEM("OU certificate", [][]byte{certPEM})
	if err != nil {
		return nil, err
	}
	var ca *x509.Certificate
	for _, c := range m.caCerts() {
		// Compare by public key and subject, since the configured copy may
		// be the unsanitized encoding.
		if bytes.Equal(c.RawSubject, certs[0].RawSubject) && bytes.Equal(c.RawSubjectPublicKeyInfo, certs[0].RawSubjectPublicKeyInfo) {
			ca = c
			break
		}
	}
	if ca == nil {
		return nil, fmt.Errorf("OU certificate %q is not a root or intermediate CA of the MSP", certs[0].Subject.CommonName)
	}
	chain, err := m.uniqueChain(ca)
	if err != nil {
		return nil, err
	}
	return chainHash(chain), nil
}

func chainHash(chain []*x509.Certificate) []byte {
	h := sha256.New()
	for _, c := range chain {
		h.Write(c.Raw)
	}
	return h.Sum(nil)
}

func (m *MSP) setupOUs(conf *mspproto.FabricMSPConfig) error {
	for i, ou := range conf.OrganizationalUnitIdentifiers {
		if ou == nil || ou.OrganizationalUnitIdentifier == "" {
			return fmt.Errorf("organizational unit identifier #%d is empty", i)
		}
		id, err := m.certifiersID(ou.Certificate)
		if err != nil {
			return fmt.Errorf("organizational unit %q: %w", ou.OrganizationalUnitIdentifier, err)
		}
		m.ouIdentifiers[ou.OrganizationalUnitIdentifier] = append(m.ouIdentifiers[ou.OrganizationalUnitIdentifier], id)
	}
	n := conf.FabricNodeOus
	if n == nil || !n.Enable {
		return nil
	}
	mk := func(role string, f *mspproto.FabricOUIdentifier) (*ouIdentifier, error) {
		if f == nil {
			return nil, nil
		}
		if f.OrganizationalUnitIdentifier == "" {
			return nil, fmt.Errorf("NodeOUs %s OU identifier is empty", role)
		}
		out := &ouIdentifier{ou: f.OrganizationalUnitIdentifier}
		if len(f.Certificate) > 0 {
			id, err := m.certifiersID(f.Certificate)
			if err != nil {
				return nil, fmt.Errorf("NodeOUs %s: %w", role, err)
			}
			out.certifiers = id
		}
		return out, nil
	}
	var err error
	if m.clientOU, err = mk("client", n.ClientOuIdentifier); err != nil {
		return err
	}
	if m.peerOU, err = mk("peer", n.PeerOuIdentifier); err != nil {
		return err
	}
	if m.adminOU, err = mk("admin", n.AdminOuIdentifier); err != nil {
		return err
	}
	if m.ordererOU, err = mk("orderer", n.OrdererOuIdentifier); err != nil {
		return err
	}
	// As in Fabric, enabling NodeOUs without any OU leaves them disabled.
	m.nodeOUs = m.clientOU != nil || m.peerOU != nil || m.adminOU != nil || m.ordererOU != nil
	return nil
}

func (m *MSP) setupAdmins(conf *mspproto.FabricMSPConfig) error {
	for i, a := range conf.Admins {
		id, err := m.deserializeCert(a)
		if err != nil {
			return fmt.Errorf("admin cert #%d: %w", i, err)
		}
		if id.cert.IsCA {
			return fmt.Errorf("admin cert #%d (%q) is a CA certificate", i, id.cert.Subject.CommonName)
		}
		m.admins = append(m.admins, id.cert.Raw)
	}
	return nil
}

func (m *MSP) setupTLS(conf *mspproto.FabricMSPConfig) error {
	m.tlsPool = x509.NewCertPool()
	roots, err := parseCertsPEM("TLS root cert", conf.TlsRootCerts)
	if err != nil {
		return err
	}
	inters, err := parseCertsPEM("TLS intermediate cert", conf.TlsIntermediateCerts)
	if err != nil {
		return err
	}
	for _, c := range append(roots, inters...) {
		if !c.IsCA || !c.BasicConstraintsValid {
			return fmt.Errorf("TLS CA cert %q is not a CA certificate", c.Subject.CommonName)
		}
		m.tlsPool.AddCert(c)
	}
	return nil
}

// DeserializeIdentity parses msp.SerializedIdentity bytes of this MSP. The
// result is cached by the certificate bytes; it is not yet validated.
func (m *MSP) DeserializeIdentity(serialized []byte) (Identity, error) {
	sid := &mspproto.SerializedIdentity{}
	if err := proto.Unmarshal(serialized, sid); err != nil {
		return nil, fmt.Errorf("msp: could not unmarshal SerializedIdentity: %w", err)
	}
	if sid.Mspid != m.name {
		return nil, fmt.Errorf("msp: identity belongs to MSP %q, not %q", sid.Mspid, m.name)
	}
	id, err := m.deserializeIDBytes(sid.IdBytes)
	if err != nil {
		return nil, err // not a typed-nil Identity
	}
	return id, nil
}

func (m *MSP) deserializeIDBytes(idBytes []byte) (*identity, error) {
	if id, ok := m.cache.get(idBytes); ok {
		return id, nil
	}
	id, err := m.deserializeCert(idBytes)
	if err != nil {
		return nil, err
	}
	m.cache.put(idBytes, id)
	return id, nil
}

// deserializeCert turns PEM id bytes into an identity: parse the first PEM
// block, find its unique chain (needed to sanitize against the issuer key),
// sanitize. Like Fabric, a certificate that does not chain to this MSP is
// rejected here already.
func (m *MSP) deserializeCert(idBytes []byte) (*identity, error) {
	block, _ := pem.Decode(idBytes)
	if block == nil {
		return nil, errors.New("msp: identity bytes contain no PEM block")
	}
	if block.Type != "CERTIFICATE" && block.Type != "" {
		return nil, fmt.Errorf("msp: identity PEM block is %q, want CERTIFICATE", block.Type)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("msp: identity certificate: %w", err)
	}
	pub, err := checkIdentityKey(cert.PublicKey)
	if err != nil {
		return nil, err
	}
	chain, err := m.uniqueChain(cert)
	if err != nil {
		return nil, fmt.Errorf("msp: %w", err)
	}
	issuer := cert
	if len(chain) > 1 {
		issuer = chain[1]
	}
	sc, err := sanitizeCert(cert, issuer)
	if err != nil {
		return nil, err
	}
	chain = append([]*x509.Certificate{sc}, chain[1:]...)
	return newIdentity(m, m.name, sc, pub, chain), nil
}
