package policy

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
	"google.golang.org/protobuf/proto"
)

// fakeIdentity is a real ECDSA P-256 key with an MSP ID and a single NodeOU
// role; principal matching follows §4.5 for ROLE and IDENTITY principals.
type fakeIdentity struct {
	mspID      string
	role       mspproto.MSPRole_MSPRoleType
	key        *ecdsa.PrivateKey
	serialized []byte
	invalid    bool // Validate fails (e.g. revoked)
	verifies   *atomic.Int64
}

func (f *fakeIdentity) MSPID() string { return f.mspID }
func (f *fakeIdentity) ID() string {
	h := sha256.Sum256(f.serialized)
	return hex.EncodeToString(h[:])
}
func (f *fakeIdentity) Certificate() *x509.Certificate { return nil }
func (f *fakeIdentity) Serialize() []byte              { return f.serialized }
func (f *fakeIdentity) ExpiresAt() time.Time           { return time.Now().Add(time.Hour) }
func (f *fakeIdentity) Validate() error {
	if f.invalid {
		return errors.New("identity revoked")
	}
	return nil
}
func (f *fakeIdentity) Verify(msg, sig []byte) error {
	f.verifies.Add(1)
	d := sha256.Sum256(msg)
	if !ecdsa.VerifyASN1(&f.key.PublicKey, d[:], sig) {
		return errors.New("signature does not verify")
	}
	return nil
}
func (f *fakeIdentity) Sign(msg []byte) ([]byte, error) {
	d := sha256.Sum256(msg)
	return ecdsa.SignASN1(rand.Reader, f.key, d[:])
}
func (f *fakeIdentity) SatisfiesPrincipal(p *mspproto.MSPPrincipal) error {
	if err := f.Validate(); err != nil {
		return err
	}
	switch p.GetPrincipalClassification() {
	case mspproto.MSPPrincipal_ROLE:
		r := &mspproto.MSPRole{}
		if err := proto.Unmarshal(p.GetPrincipal(), r); err != nil {
			return err
		}
		if r.GetMspIdentifier() != f.mspID {
			return fmt.Errorf("msp %s is not %s", f.mspID, r.GetMspIdentifier())
		}
		if r.GetRole() == mspproto.MSPRole_MEMBER || r.GetRole() == f.role {
			return nil
		}
		return fmt.Errorf("role %s is not %s", f.role, r.GetRole())
	case mspproto.MSPPrincipal_IDENTITY:
		if string(p.GetPrincipal()) == string(f.serialized) {
			return nil
		}
		return errors.New("not this identity")
	}
	return errors.New("unsupported principal")
}

// fakeMSP is an in-memory IdentityDeserializer over fakeIdentities.
type fakeMSP struct {
	mu       sync.Mutex
	ids      map[string]*fakeIdentity
	verifies atomic.Int64
}

func newFakeMSP() *fakeMSP { return &fakeMSP{ids: map[string]*fakeIdentity{}} }

func (m *fakeMSP) DeserializeIdentity(b []byte) (msp.Identity, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.ids[string(b)]
	if !ok {
		return nil, errors.New("unknown identity")
	}
	return id, nil
}

func (m *fakeMSP) newIdentity(t testing.TB, mspID string, role mspproto.MSPRole_MSPRoleType) *fakeIdentity {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	ser := protoutil.MarshalOrPanic(&mspproto.SerializedIdentity{Mspid: mspID, IdBytes: der})
	id := &fakeIdentity{mspID: mspID, role: role, key: k, serialized: ser, verifies: &m.verifies}
	m.mu.Lock()
	m.ids[string(ser)] = id
	m.mu.Unlock()
	return id
}

// sign returns the SignedData of id over msg.
func sign(t testing.TB, id *fakeIdentity, msg []byte) *SignedData {
	t.Helper()
	sig, err := id.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	return &SignedData{Data: msg, Identity: id.serialized, Signature: sig}
}

func mustCompile(t testing.TB, expr string, d msp.IdentityDeserializer) *SignaturePolicy {
	t.Helper()
	env, err := FromString(expr)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewSignaturePolicy(env, d)
	if err != nil {
		t.Fatal(err)
	}
	return p.(*SignaturePolicy)
}
