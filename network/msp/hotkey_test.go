package msp

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"math/big"
	"sync"
	"testing"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/saharanet/saharanet/network/msp/p256"
)

// hotFixture is an MSP, a signing identity of it and the same identity as a
// verifier would get it (deserialized, cached by the MSP).
func hotFixture(t *testing.T, opts ...leafOpt) (*MSP, []byte, SigningIdentity, *identity) {
	t.Helper()
	ca := newRootCA(t, "ca.hot")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "HotMSP", RootCerts: [][]byte{ca.pem}})
	p, key, _ := ca.issue(t, "peer0.hot", opts...)
	si, err := m.NewSigningIdentity(p, key)
	if err != nil {
		t.Fatal(err)
	}
	return m, p, si, mustDeserialize(t, m, "HotMSP", p).(*identity)
}

func mustSign(t *testing.T, si SigningIdentity, msg []byte) []byte {
	t.Helper()
	sig, err := si.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// checkVerifySemantics runs the accept/reject cases through Identity.Verify.
func checkVerifySemantics(t *testing.T, id Identity, si SigningIdentity, other *ecdsa.PrivateKey, round int) {
	t.Helper()
	msg := []byte{byte(round), 'r', 'o', 'y', 'a', 'l', 't', 'y'}
	sig := mustSign(t, si, msg)
	if err := id.Verify(msg, sig); err != nil {
		t.Fatalf("round %d: valid signature rejected: %v", round, err)
	}
	if err := id.Verify(append(msg, '!'), sig); !errors.Is(err, ErrSignatureInvalid) {
		t.Fatalf("round %d: tampered message: err = %v, want ErrSignatureInvalid", round, err)
	}
	r, s, err := parseDERSignature(sig)
	if err != nil {
		t.Fatal(err)
	}
	n := elliptic.P256().Params().N
	highS, _ := marshalDERSignature(r, new(big.Int).Sub(n, s))
	if err := id.Verify(msg, highS); !errors.Is(err, ErrSignatureHighS) {
		t.Fatalf("round %d: high-S twin: err = %v, want ErrSignatureHighS", round, err)
	}
	flippedR, _ := marshalDERSignature(new(big.Int).Xor(r, big.NewInt(1<<uint(round%8))), s)
	if err := id.Verify(msg, flippedR); !errors.Is(err, ErrSignatureInvalid) {
		t.Fatalf("round %d: bit flipped in r: err = %v, want ErrSignatureInvalid", round, err)
	}
	if err := id.Verify(msg, append(append([]byte(nil), sig...), 0)); !errors.Is(err, ErrSignatureNotDER) {
		t.Fatalf("round %d: trailing byte: err = %v, want ErrSignatureNotDER", round, err)
	}
	digest := sha256Digest(msg)
	foreign, err := SignDigest(other, digest)
	if err != nil {
		t.Fatal(err)
	}
	if err := id.Verify(msg, foreign); !errors.Is(err, ErrSignatureInvalid) {
		t.Fatalf("round %d: another key's signature: err = %v, want ErrSignatureInvalid", round, err)
	}
}

func sha256Digest(msg []byte) []byte {
	d := sha256.Sum256(msg)
	return d[:]
}

func TestHotIdentityVerifiesWithTable(t *testing.T) {
	_, _, si, id := hotFixture(t)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	msg := []byte("endorsement")
	sig := mustSign(t, si, msg)
	// Invalid signatures do not make a key hot: only its owner can.
	for range 3 * hotKeyThreshold {
		if err := id.Verify([]byte("forged"), sig); !errors.Is(err, ErrSignatureInvalid) {
			t.Fatalf("forged message: %v", err)
		}
	}
	if id.table.Load() != nil {
		t.Fatal("invalid signatures made the identity hot")
	}
	for i := 1; i < hotKeyThreshold; i++ {
		if err := id.Verify(msg, sig); err != nil {
			t.Fatal(err)
		}
		if id.table.Load() != nil {
			t.Fatalf("table built after %d verifications, threshold %d", i, hotKeyThreshold)
		}
	}
	if err := id.Verify(msg, sig); err != nil {
		t.Fatal(err)
	}
	tab := id.table.Load()
	if tab == nil {
		t.Fatalf("no table after %d verifications", hotKeyThreshold)
	}
	// From here on every Verify goes through the table.
	for round := range 24 {
		checkVerifySemantics(t, id, si, other, round)
	}
	if id.table.Load() != tab {
		t.Fatal("table was rebuilt")
	}
	// The table path itself agrees with crypto/ecdsa on a high-S twin (the
	// low-S rule is the msp's, not the table's).
	r, s, _ := parseDERSignature(sig)
	highS, _ := marshalDERSignature(r, new(big.Int).Sub(elliptic.P256().Params().N, s))
	digest := sha256Digest(msg)
	if !tab.VerifyASN1(digest, highS) || !ecdsa.VerifyASN1(id.pub, digest, highS) {
		t.Fatal("table and crypto/ecdsa disagree on a high-S twin")
	}
	if err := verifyDigest(nil, tab, digest, sig); err == nil {
		t.Fatal("nil key accepted on the table path")
	}
}

// Another MSP instance (another channel, or the MSP after a config update)
// deserializes its own identity object for the same certificate: it reuses
// the live table instead of building a second one.
func TestHotIdentitiesShareTable(t *testing.T) {
	ca := newRootCA(t, "ca.shared")
	conf := &mspproto.FabricMSPConfig{Name: "SharedMSP", RootCerts: [][]byte{ca.pem}}
	m1, m2 := mustNew(t, conf), mustNew(t, conf)
	p, key, _ := ca.issue(t, "orderer0")
	si, err := m1.NewSigningIdentity(p, key)
	if err != nil {
		t.Fatal(err)
	}
	id1 := mustDeserialize(t, m1, "SharedMSP", p).(*identity)
	id2 := mustDeserialize(t, m2, "SharedMSP", p).(*identity)
	if id1 == id2 {
		t.Fatal("test setup: want two identity objects")
	}
	msg := []byte("block")
	sig := mustSign(t, si, msg)
	for range hotKeyThreshold {
		if err := id1.Verify(msg, sig); err != nil {
			t.Fatal(err)
		}
		if err := id2.Verify(msg, sig); err != nil {
			t.Fatal(err)
		}
	}
	t1, t2 := id1.table.Load(), id2.table.Load()
	if t1 == nil || t1 != t2 {
		t.Fatalf("identities of one key hold tables %p and %p, want one shared table", t1, t2)
	}
}

func TestP384IdentityKeepsStdlibPath(t *testing.T) {
	_, _, si, id := hotFixture(t, withCurve(elliptic.P384()))
	msg := []byte("m")
	sig := mustSign(t, si, msg)
	for range 3 * hotKeyThreshold {
		if err := id.Verify(msg, sig); err != nil {
			t.Fatal(err)
		}
	}
	if id.table.Load() != nil {
		t.Fatal("P-384 identity got a P-256 table")
	}
	if err := id.Verify([]byte("n"), sig); !errors.Is(err, ErrSignatureInvalid) {
		t.Fatalf("tampered message: %v", err)
	}
}

// When the process-wide table cap is reached, hot identities keep verifying
// correctly with crypto/ecdsa and retry later.
func TestHotIdentityWhenRegistryFull(t *testing.T) {
	saved := verifyTables
	verifyTables = p256.NewRegistry(1)
	defer func() { verifyTables = saved }()

	_, _, si1, id1 := hotFixture(t)
	_, _, si2, id2 := hotFixture(t)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	msg := []byte("m")
	sig1, sig2 := mustSign(t, si1, msg), mustSign(t, si2, msg)
	for range hotKeyThreshold {
		if err := id1.Verify(msg, sig1); err != nil {
			t.Fatal(err)
		}
	}
	if id1.table.Load() == nil {
		t.Fatal("first hot identity got no table")
	}
	for range 3 * hotKeyThreshold {
		if err := id2.Verify(msg, sig2); err != nil {
			t.Fatal(err)
		}
	}
	if id2.table.Load() != nil {
		t.Fatal("second identity got a table beyond the cap of 1")
	}
	for round := range 4 {
		checkVerifySemantics(t, id2, si2, other, round)
	}
}

func TestHotIdentityConcurrentFirstUse(t *testing.T) {
	_, _, si, id := hotFixture(t)
	msg := []byte("concurrent")
	sig := mustSign(t, si, msg)
	bad := append(append([]byte(nil), msg...), '!')
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			for range 2 * hotKeyThreshold {
				if err := id.Verify(msg, sig); err != nil {
					errs <- err
					return
				}
				if err := id.Verify(bad, sig); !errors.Is(err, ErrSignatureInvalid) {
					errs <- errors.New("tampered message accepted or wrong error")
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if id.table.Load() == nil {
		t.Fatal("no table after concurrent use")
	}
}
