package protoutil

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// testSigner is a real ECDSA P-256 signer whose serialized identity carries
// its public key; verify is the matching check (no MSP in this package).
type testSigner struct {
	key        *ecdsa.PrivateKey
	serialized []byte
}

func newTestSigner(t testing.TB, mspID string) *testSigner {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	id, err := proto.Marshal(&mspproto.SerializedIdentity{Mspid: mspID, IdBytes: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})})
	if err != nil {
		t.Fatal(err)
	}
	return &testSigner{key: k, serialized: id}
}

func (s *testSigner) Sign(msg []byte) ([]byte, error) {
	d := sha256.Sum256(msg)
	return ecdsa.SignASN1(rand.Reader, s.key, d[:])
}

func (s *testSigner) Serialize() []byte { return s.serialized }

// verify checks sd against the signer whose serialized identity it names.
func verify(sd *SignedData, signers ...*testSigner) error {
	for _, s := range signers {
		if string(s.serialized) != string(sd.Identity) {
			continue
		}
		d := sha256.Sum256(sd.Data)
		if ecdsa.VerifyASN1(&s.key.PublicKey, d[:], sd.Signature) {
			return nil
		}
		return errors.New("bad signature")
	}
	return errors.New("unknown identity")
}

type failingSigner struct{ testSigner }

func (failingSigner) Sign([]byte) ([]byte, error) { return nil, errors.New("hsm offline") }
