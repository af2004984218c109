package msp

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"
)

func TestSignProducesLowSAndVerifies(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	half := halfOrders[elliptic.P256()]
	digest := sha256.Sum256([]byte("royalty report"))
	for i := 0; i < 64; i++ { // about half of raw ECDSA signatures are high-S
		sig, err := SignDigest(key, digest[:])
		if err != nil {
			t.Fatal(err)
		}
		_, s, err := parseDERSignature(sig)
		if err != nil {
			t.Fatal(err)
		}
		if s.Cmp(half) > 0 {
			t.Fatal("SignDigest produced a high-S signature")
		}
		if err := VerifyDigest(&key.PublicKey, digest[:], sig); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyRejects(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	digest := sha256.Sum256([]byte("msg"))
	sig, _ := SignDigest(key, digest[:])
	r, s, _ := parseDERSignature(sig)
	n := elliptic.P256().Params().N

	highS, _ := marshalDERSignature(r, new(big.Int).Sub(n, s))
	if !ecdsa.VerifyASN1(&key.PublicKey, digest[:], highS) {
		t.Fatal("test setup: high-S twin should be mathematically valid")
	}
	// BER long-form length for the outer SEQUENCE: same content, not DER.
	ber := append([]byte{0x30, 0x81, sig[1]}, sig[2:]...)
	trailing := append(append([]byte(nil), sig...), 0)
	rs := append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	zeroR, _ := marshalDERSignature(big.NewInt(0), s)
	tampered := sha256.Sum256([]byte("msh"))

	cases := map[string]struct {
		pub    *ecdsa.PublicKey
		digest []byte
		sig    []byte
		want   error
	}{
		"high-S":          {&key.PublicKey, digest[:], highS, ErrSignatureHighS},
		"BER length":      {&key.PublicKey, digest[:], ber, ErrSignatureNotDER},
		"trailing byte":   {&key.PublicKey, digest[:], trailing, ErrSignatureNotDER},
		"raw r||s":        {&key.PublicKey, digest[:], rs, ErrSignatureNotDER},
		"r zero":          {&key.PublicKey, digest[:], zeroR, ErrSignatureNotDER},
		"empty":           {&key.PublicKey, digest[:], nil, ErrSignatureNotDER},
		"tampered digest": {&key.PublicKey, tampered[:], sig, ErrSignatureInvalid},
		"wrong key":       {&other.PublicKey, digest[:], sig, ErrSignatureInvalid},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if err := VerifyDigest(c.pub, c.digest, c.sig); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if err := VerifyDigest(nil, digest[:], sig); err == nil {
		t.Fatal("nil key accepted")
	}
}

func TestIdentityVerifyRejectsTamperedMessage(t *testing.T) {
	ca := newRootCA(t, "ca")
	p, key, _ := ca.issue(t, "user")
	si, err := NewSigningIdentity("Org1MSP", p, key)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("usage: 42 inferences")
	sig, err := si.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	if err := si.Verify(msg, sig); err != nil {
		t.Fatal(err)
	}
	if err := si.Verify([]byte("usage: 43 inferences"), sig); !errors.Is(err, ErrSignatureInvalid) {
		t.Fatalf("tampered message: %v", err)
	}
	// Unbound signing identities refuse to claim validity.
	wantErr(t, si.Validate(), "cannot be validated")
	// A key that does not match the certificate is refused.
	wrong, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if _, err := NewSigningIdentity("Org1MSP", p, wrong); err == nil {
		t.Fatal("mismatched key accepted")
	}
}
