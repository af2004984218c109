package p256

import (
	"crypto/elliptic"
	"math/big"

	"filippo.io/nistec"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// order is n, the order of the P-256 group.
var order = elliptic.P256().Params().N

// VerifyASN1 reports whether sig is a valid DER-encoded ECDSA signature of
// digest by the table's key. Its answer equals crypto/ecdsa.VerifyASN1 for
// the same key on every input, including high-S signatures (callers that
// require low-S must check it themselves).
func (t *Table) VerifyASN1(digest, sig []byte) bool {
	rb, sb, ok := parseSignature(sig)
	if !ok {
		return false
	}
	r := new(big.Int).SetBytes(rb)
	s := new(big.Int).SetBytes(sb)
	if r.Sign() == 0 || r.Cmp(order) >= 0 || s.Sign() == 0 || s.Cmp(order) >= 0 {
		return false
	}

	// e: the leftmost 256 bits of the digest, reduced mod n (n's bit length
	// is 256, so no bit shift is needed, unlike P-521).
	if len(digest) > 32 {
		digest = digest[:32]
	}
	e := new(big.Int).SetBytes(digest)
	if e.Cmp(order) >= 0 {
		e.Sub(e, order) // e < 2^256 < 2n
	}

	w := new(big.Int).ModInverse(s, order) // n is prime and 0 < s < n: always exists
	u1 := e.Mul(e, w)
	u1.Mod(u1, order)
	u2 := w.Mul(w, r)
	u2.Mod(u2, order)

	var u1b, u2b [32]byte
	u1.FillBytes(u1b[:])
	u2.FillBytes(u2b[:])

	p, err := nistec.NewP256Point().ScalarBaseMult(u1b[:])
	if err != nil {
		return false
	}
	t.addScalarMult(p, &u2b)

	x, err := p.BytesX() // fails for the point at infinity
	if err != nil {
		return false
	}
	v := new(big.Int).SetBytes(x)
	if v.Cmp(order) >= 0 {
		v.Sub(v, order) // x < p < 2n
	}
	return v.Cmp(r) == 0
}

// addScalarMult sets acc = acc + k·Q using the table: one Add per non-zero
// signed digit of k, negating the entry for negative digits. Add is a
// complete formula (handles doubling and infinity), so no special cases.
func (t *Table) addScalarMult(acc *nistec.P256Point, k *[32]byte) {
	var buf [maxWindows]int32
	var neg nistec.P256Point
	for i, d := range recode(k, t.w, &buf) {
		switch {
		case d > 0:
			acc.Add(acc, &t.points[i*t.half+int(d)-1])
		case d < 0:
			acc.Add(acc, neg.Negate(&t.points[i*t.half+int(-d)-1]))
		}
	}
}

// parseSignature decodes SEQUENCE { INTEGER r, INTEGER s } exactly as
// crypto/ecdsa does: strict DER, no trailing bytes, non-negative integers
// (returned as big-endian bytes without leading zeros).
func parseSignature(sig []byte) (r, s []byte, ok bool) {
	var inner cryptobyte.String
	input := cryptobyte.String(sig)
	if !input.ReadASN1(&inner, asn1.SEQUENCE) ||
		!input.Empty() ||
		!inner.ReadASN1Integer(&r) ||
		!inner.ReadASN1Integer(&s) ||
		!inner.Empty() {
		return nil, nil, false
	}
	return r, s, true
}
