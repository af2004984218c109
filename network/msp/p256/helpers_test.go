package p256

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"math/big"
	"testing"

	"filippo.io/nistec"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// testKey derives a deterministic P-256 key from seed, so that fuzz and test
// failures reproduce.
func testKey(t testing.TB, seed uint64) *ecdsa.PrivateKey {
	t.Helper()
	h := sha256.Sum256(new(big.Int).SetUint64(seed).Bytes())
	d := new(big.Int).SetBytes(h[:])
	d.Mod(d, new(big.Int).Sub(order, big.NewInt(1)))
	d.Add(d, big.NewInt(1))
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d.FillBytes(make([]byte, 32)))
	if err != nil {
		t.Fatalf("derive key %d: %v", seed, err)
	}
	return key
}

// der encodes SEQUENCE { INTEGER r, INTEGER s } (r or s may be negative).
func der(t testing.TB, r, s *big.Int) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(r)
		b.AddASN1BigInt(s)
	})
	out, err := b.Bytes()
	if err != nil {
		t.Fatalf("encode signature: %v", err)
	}
	return out
}

// derRaw wraps raw INTEGER contents (any bytes, minimal or not) in DER.
func derRaw(t testing.TB, rContent, sContent []byte) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(rContent) })
		b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(sContent) })
	})
	out, err := b.Bytes()
	if err != nil {
		t.Fatalf("encode raw signature: %v", err)
	}
	return out
}

func mod(x *big.Int) *big.Int { return x.Mod(x, order) }

// forge builds a signature that verifies with key for the chosen scalars u1
// and u2 (the private key makes this possible): R = (u1 + u2·d)·G,
// r = R.x mod n, s = r/u2, e = u1·s, and the digest is e. It reports false
// when R is the point at infinity.
func forge(t testing.TB, key *ecdsa.PrivateKey, u1, u2 *big.Int) (digest, sig []byte, ok bool) {
	t.Helper()
	d := new(big.Int).SetBytes(mustRaw(t, key))
	k := mod(new(big.Int).Add(u1, new(big.Int).Mul(u2, d)))
	p, err := nistec.NewP256Point().ScalarBaseMult(k.FillBytes(make([]byte, 32)))
	if err != nil {
		t.Fatal(err)
	}
	x, err := p.BytesX()
	if err != nil {
		return nil, nil, false
	}
	r := mod(new(big.Int).SetBytes(x))
	if r.Sign() == 0 {
		return nil, nil, false
	}
	s := mod(new(big.Int).Mul(r, new(big.Int).ModInverse(u2, order)))
	e := mod(new(big.Int).Mul(u1, s))
	return e.FillBytes(make([]byte, 32)), der(t, r, s), true
}

func mustRaw(t testing.TB, key *ecdsa.PrivateKey) []byte {
	t.Helper()
	b, err := key.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
