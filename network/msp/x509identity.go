package msp

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/saharanet/saharanet/network/msp/p256"
	"google.golang.org/protobuf/proto"
)

// PublicKeyIdentity is implemented by every Identity of this package, for
// callers that need the pre-parsed key (e.g. TLS or block-signer binding).
type PublicKeyIdentity interface {
	Identity
	PublicKey() *ecdsa.PublicKey
}

// PrivateKeyIdentity is implemented by this package's signing identities,
// for callers that must hand the key to another signer (fabric-gateway).
type PrivateKeyIdentity interface {
	SigningIdentity
	PrivateKey() *ecdsa.PrivateKey
}

var (
	_ PublicKeyIdentity  = (*identity)(nil)
	_ PrivateKeyIdentity = (*signingIdentity)(nil)
)

// identity is an X.509 identity. All fields are set at construction and never
// change, except the memoized Validate result and the atomic hot-key state,
// so it is safe for concurrent use.
type identity struct {
	msp        *MSP // nil when built without an MSP (NewSigningIdentity)
	mspID      string
	cert       *x509.Certificate // sanitized
	pub        *ecdsa.PublicKey
	chain      []*x509.Certificate // leaf first; nil when msp is nil
	id         string
	serialized []byte
	ous        []ouIdentifier // subject OUs with the chain's certifiers ID

	validateOnce sync.Once
	validateErr  error

	// Hot-key verification (see hotKeyThreshold): verifies counts valid
	// signatures until table is set; table is shared through verifyTables.
	verifies atomic.Uint32
	table    atomic.Pointer[p256.Table]
}

func newIdentity(m *MSP, mspID string, cert *x509.Certificate, pub *ecdsa.PublicKey, chain []*x509.Certificate) *identity {
	sum := sha256.Sum256(cert.Raw)
	ser, _ := proto.Marshal(&mspproto.SerializedIdentity{
		Mspid:   mspID,
		IdBytes: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}),
	})
	id := &identity{
		msp:        m,
		mspID:      mspID,
		cert:       cert,
		pub:        pub,
		chain:      chain,
		id:         hex.EncodeToString(sum[:]),
		serialized: ser,
	}
	if len(chain) > 1 {
		certifiers := chainHash(chain[1:])
		for _, ou := range cert.Subject.OrganizationalUnit {
			id.ous = append(id.ous, ouIdentifier{ou: ou, certifiers: certifiers})
		}
	}
	return id
}

func (id *identity) MSPID() string                  { return id.mspID }
func (id *identity) ID() string                     { return id.id }
func (id *identity) Certificate() *x509.Certificate { return id.cert }
func (id *identity) ExpiresAt() time.Time           { return id.cert.NotAfter }

// Serialize returns SerializedIdentity bytes carrying the sanitized
// certificate. The slice is shared: callers must not modify it.
func (id *identity) Serialize() []byte { return id.serialized }

// PublicKey returns the pre-parsed ECDSA public key of the identity.
func (id *identity) PublicKey() *ecdsa.PublicKey { return id.pub }

// Verify checks sig (DER, low-S) over SHA-256(msg).
func (id *identity) Verify(msg, sig []byte) error {
	digest := sha256.Sum256(msg)
	table := id.table.Load()
	if err := verifyDigest(id.pub, table, digest[:], sig); err != nil {
		return fmt.Errorf("identity %s of MSP %s: %w", id.cert.Subject.CommonName, id.mspID, err)
	}
	if table == nil {
		id.countVerified()
	}
	return nil
}

// countVerified counts valid signatures of a P-256 identity and, from the
// hotKeyThreshold-th on, gets its precomputed table from verifyTables.
// Counting only valid signatures means nobody but the key's owner can make a
// key hot. Concurrent calls past the threshold may all ask the registry,
// which hands them one shared table.
func (id *identity) countVerified() {
	if id.pub.Curve != elliptic.P256() || id.verifies.Add(1) < hotKeyThreshold {
		return
	}
	t, err := verifyTables.Get(id.pub)
	if err != nil {
		// Registry full (or, impossibly for a parsed certificate key, an
		// invalid point): stay on crypto/ecdsa, retry hotKeyThreshold
		// valid signatures later.
		id.verifies.Store(0)
		return
	}
	id.table.Store(t)
}

// Validate runs the MSP validation rules once and memoizes the result: the
// MSP config is immutable, so the answer cannot change for this identity.
func (id *identity) Validate() error {
	if id.msp == nil {
		return fmt.Errorf("msp: identity %q was not deserialized by an MSP and cannot be validated", id.cert.Subject.CommonName)
	}
	id.validateOnce.Do(func() { id.validateErr = id.msp.validate(id) })
	return id.validateErr
}

// signingIdentity adds the private key.
type signingIdentity struct {
	*identity
	key *ecdsa.PrivateKey
}

// Sign returns a DER, low-S ECDSA signature over SHA-256(msg).
func (s *signingIdentity) Sign(msg []byte) ([]byte, error) {
	digest := sha256.Sum256(msg)
	return SignDigest(s.key, digest[:])
}

// PrivateKey returns the identity's key, for TLS or gateway signers.
func (s *signingIdentity) PrivateKey() *ecdsa.PrivateKey { return s.key }

// NewSigningIdentity builds a signing identity from a PEM certificate and its
// key. It is not bound to an MSP, so Validate and SatisfiesPrincipal fail;
// use MSP.NewSigningIdentity or LoadSigningIdentity for a bound one.
func NewSigningIdentity(mspID string, certPEM []byte, key *ecdsa.PrivateKey) (SigningIdentity, error) {
	if mspID == "" {
		return nil, errors.New("msp: empty MSP ID")
	}
	cert, pub, err := parseSignerCert(certPEM, key)
	if err != nil {
		return nil, err
	}
	return &signingIdentity{identity: newIdentity(nil, mspID, cert, pub, nil), key: key}, nil
}

// NewSigningIdentity builds a signing identity bound to m, so it can validate
// itself and match principals. The certificate must chain to m.
func (m *MSP) NewSigningIdentity(certPEM []byte, key *ecdsa.PrivateKey) (SigningIdentity, error) {
	if _, _, err := parseSignerCert(certPEM, key); err != nil {
		return nil, err
	}
	id, err := m.deserializeCert(certPEM)
	if err != nil {
		return nil, err
	}
	return &signingIdentity{identity: id, key: key}, nil
}

func parseSignerCert(certPEM []byte, key *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PublicKey, error) {
	if key == nil {
		return nil, nil, errors.New("msp: nil private key")
	}
	block, _ := pem.Decode(certPEM)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, nil, errors.New("msp: signing certificate is not a PEM CERTIFICATE")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("msp: signing certificate: %w", err)
	}
	pub, err := checkIdentityKey(cert.PublicKey)
	if err != nil {
		return nil, nil, err
	}
	if !pub.Equal(&key.PublicKey) {
		return nil, nil, fmt.Errorf("msp: private key does not match certificate %q", cert.Subject.CommonName)
	}
	return cert, pub, nil
}

// Serialize returns msp.SerializedIdentity bytes for certPEM, which must hold
// a parseable certificate; the PEM is embedded as given, as Fabric clients do.
func Serialize(mspID string, certPEM []byte) ([]byte, error) {
	if mspID == "" {
		return nil, errors.New("msp: empty MSP ID")
	}
	block, _ := pem.Decode(certPEM)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("msp: certificate is not a PEM CERTIFICATE")
	}
	if _, err := x509.ParseCertificate(block.Bytes); err != nil {
		return nil, fmt.Errorf("msp: certificate: %w", err)
	}
	return proto.Marshal(&mspproto.SerializedIdentity{Mspid: mspID, IdBytes: certPEM})
}
