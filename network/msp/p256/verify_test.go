package p256

import (
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"testing"
)

// check asserts that the table and crypto/ecdsa agree on (digest, sig) and,
// when want is non-nil, that the answer is *want.
func check(t *testing.T, tab *Table, pub *ecdsa.PublicKey, name string, digest, sig []byte, want *bool) {
	t.Helper()
	std := ecdsa.VerifyASN1(pub, digest, sig)
	got := tab.VerifyASN1(digest, sig)
	if got != std {
		t.Errorf("%s: table says %v, crypto/ecdsa says %v (digest %x, sig %x)", name, got, std, digest, sig)
	}
	if want != nil && std != *want {
		t.Errorf("%s: crypto/ecdsa says %v, test expected %v (digest %x, sig %x)", name, std, *want, digest, sig)
	}
}

var (
	yes = func() *bool { b := true; return &b }()
	no  = func() *bool { b := false; return &b }()
)

// TestVerifyMatchesStdlib is the differential test: for random keys and
// digests of every interesting length, valid, malleated, tampered and
// malformed signatures get the same answer from the table as from
// crypto/ecdsa.VerifyASN1.
func TestVerifyMatchesStdlib(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(1, 2))
	nKeys := 12
	if testing.Short() {
		nKeys = 3
	}
	n := order
	for k := range nKeys {
		key := testKey(t, uint64(k))
		other := testKey(t, uint64(1000+k))
		tab, err := NewTable(&key.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		pub := &key.PublicKey
		for _, dl := range []int{0, 1, 20, 31, 32, 33, 48, 64} {
			digest := make([]byte, dl)
			rand.Read(digest)
			r, s, err := ecdsa.Sign(rand.Reader, key, digest)
			if err != nil {
				t.Fatal(err)
			}
			name := func(c string) string { return fmt.Sprintf("key %d, digest len %d: %s", k, dl, c) }
			check(t, tab, pub, name("valid"), digest, der(t, r, s), yes)
			check(t, tab, pub, name("high-S twin"), digest, der(t, r, new(big.Int).Sub(n, s)), yes)

			flip := func(x *big.Int) *big.Int {
				y := new(big.Int).Set(x)
				b := rng.IntN(x.BitLen())
				return y.SetBit(y, b, y.Bit(b)^1)
			}
			check(t, tab, pub, name("bit flipped in r"), digest, der(t, flip(r), s), no)
			check(t, tab, pub, name("bit flipped in s"), digest, der(t, r, flip(s)), no)

			zero, one := big.NewInt(0), big.NewInt(1)
			nPlus1 := new(big.Int).Add(n, one)
			for _, c := range []struct {
				name string
				r, s *big.Int
			}{
				{"r=0", zero, s}, {"s=0", r, zero}, {"r=n", n, s}, {"s=n", r, n},
				{"r=n+1", nPlus1, s}, {"s=n+1", r, nPlus1},
				{"r+n", new(big.Int).Add(r, n), s}, {"s+n", r, new(big.Int).Add(s, n)},
				{"r=-r", new(big.Int).Neg(r), s}, {"s=-s", r, new(big.Int).Neg(s)},
				{"r=2^256", new(big.Int).Lsh(one, 256), s},
			} {
				check(t, tab, pub, name(c.name), digest, der(t, c.r, c.s), no)
			}

			otherDigest := make([]byte, 32)
			rand.Read(otherDigest)
			check(t, tab, pub, name("other digest"), otherDigest, der(t, r, s), nil)
			if dl > 0 {
				tampered := append([]byte(nil), digest...)
				tampered[rng.IntN(min(dl, 32))] ^= 0x01 // within the bytes that count
				check(t, tab, pub, name("digest bit flipped"), tampered, der(t, r, s), no)
			}
			r2, s2, err := ecdsa.Sign(rand.Reader, other, digest)
			if err != nil {
				t.Fatal(err)
			}
			check(t, tab, pub, name("signed by another key"), digest, der(t, r2, s2), no)

			sig := der(t, r, s)
			check(t, tab, pub, name("truncated DER"), digest, sig[:len(sig)-1], no)
			check(t, tab, pub, name("DER with trailing byte"), digest, append(append([]byte(nil), sig...), 0), no)
			check(t, tab, pub, name("empty"), digest, nil, no)
			check(t, tab, pub, name("wrong outer tag"), digest, append([]byte{0x31}, sig[1:]...), no)
			rb, sb := r.Bytes(), s.Bytes()
			if rb[0]&0x80 != 0 {
				rb = append([]byte{0}, rb...) // minimal: the 0 keeps it positive
			}
			if sb[0]&0x80 != 0 {
				sb = append([]byte{0}, sb...)
			}
			check(t, tab, pub, name("raw-encoded valid"), digest, derRaw(t, rb, sb), yes)
			check(t, tab, pub, name("non-minimal r"), digest, derRaw(t, append([]byte{0, 0}, rb...), sb), no)
			check(t, tab, pub, name("non-minimal s"), digest, derRaw(t, rb, append([]byte{0, 0}, sb...)), no)
			check(t, tab, pub, name("r without sign byte"), digest, derRaw(t, r.Bytes(), sb), nil)
			check(t, tab, pub, name("empty INTEGER"), digest, derRaw(t, nil, sb), no)
		}
	}
}

// TestVerifyChosenScalars forges valid signatures for chosen u1, u2 so that
// the signed digits of u2 hit their extremes (all +64, all -63, n-1, 2^k-1
// ...), and checks the degenerate sums (infinity, doubling).
func TestVerifyChosenScalars(t *testing.T) {
	key := testKey(t, 7)
	pub := &key.PublicKey
	tab, err := NewTable(pub)
	if err != nil {
		t.Fatal(err)
	}
	one := big.NewInt(1)
	var u2s []*big.Int
	for _, v := range []int64{1, 2, 63, 64, 65, 127, 128, 129} {
		u2s = append(u2s, big.NewInt(v))
	}
	u2s = append(u2s, new(big.Int).Sub(order, one), new(big.Int).Sub(order, big.NewInt(64)),
		new(big.Int).Rsh(order, 1))
	for k := 1; k <= 255; k += 7 {
		u2s = append(u2s, new(big.Int).Sub(new(big.Int).Lsh(one, uint(k)), one)) // 2^k - 1
		u2s = append(u2s, new(big.Int).Lsh(one, uint(k)))
	}
	for _, w := range []int{6, 7, 8} {
		allHalf, allNeg := new(big.Int), new(big.Int) // every digit +2^(w-1) / -(2^(w-1)-1)
		half := int64(1) << (w - 1)
		top := windowCount(w) - 2 // keeps both values below n
		for i := range top {
			allHalf.Add(allHalf, new(big.Int).Lsh(big.NewInt(half), uint(w*i)))
			allNeg.Sub(allNeg, new(big.Int).Lsh(big.NewInt(half-1), uint(w*i)))
		}
		allNeg.Add(allNeg, new(big.Int).Lsh(one, uint(w*top))) // positive again
		for _, c := range []struct {
			v    *big.Int
			want int32
		}{{allHalf, int32(half)}, {allNeg, -int32(half - 1)}} {
			var k [32]byte
			var buf [maxWindows]int32
			for i, d := range recode((*[32]byte)(c.v.FillBytes(k[:])), w, &buf)[:top] {
				if d != c.want {
					t.Fatalf("w=%d: digit %d of %x is %d, want %d", w, i, c.v, d, c.want)
				}
			}
		}
		u2s = append(u2s, allHalf, allNeg)
	}
	u1s := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(order, one)}
	for _, u2 := range u2s {
		if u2.Sign() <= 0 || u2.Cmp(order) >= 0 {
			t.Fatalf("bad test scalar %x", u2)
		}
		rnd, _ := rand.Int(rand.Reader, order)
		for _, u1 := range append(u1s, rnd) {
			digest, sig, ok := forge(t, key, u1, u2)
			if !ok {
				continue
			}
			check(t, tab, pub, fmt.Sprintf("forged u1=%x u2=%x", u1, u2), digest, sig, yes)
			// The high-S twin has u2' = -u2: the digits flip sign.
			r, s, _ := parseSignature(sig)
			twin := der(t, new(big.Int).SetBytes(r), new(big.Int).Sub(order, new(big.Int).SetBytes(s)))
			check(t, tab, pub, fmt.Sprintf("forged twin u1=%x u2=%x", u1, u2), digest, twin, yes)
		}
	}

	// u1·G + u2·Q = infinity: pick r, s, then the digest e = -r·d makes
	// u1 = -u2·d. Both verifiers must say false.
	d := new(big.Int).SetBytes(mustRaw(t, key))
	for range 16 {
		r, _ := rand.Int(rand.Reader, order)
		s, _ := rand.Int(rand.Reader, order)
		if r.Sign() == 0 || s.Sign() == 0 {
			continue
		}
		e := mod(new(big.Int).Neg(new(big.Int).Mul(r, d)))
		check(t, tab, pub, "sum is infinity", e.FillBytes(make([]byte, 32)), der(t, r, s), no)
		// u1·G = u2·Q: the final addition is a doubling.
		e = mod(new(big.Int).Mul(r, d))
		check(t, tab, pub, "sum is a doubling", e.FillBytes(make([]byte, 32)), der(t, r, s), nil)
	}
}

// TestVerifyRandomR covers u2 = r·w for many random r (random digit mixes).
func TestVerifyRandomR(t *testing.T) {
	key := testKey(t, 9)
	pub := &key.PublicKey
	tab, err := NewTable(pub)
	if err != nil {
		t.Fatal(err)
	}
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := range n {
		u1, _ := rand.Int(rand.Reader, order)
		u2, _ := rand.Int(rand.Reader, order)
		if u2.Sign() == 0 {
			continue
		}
		digest, sig, ok := forge(t, key, u1, u2)
		if !ok {
			continue
		}
		check(t, tab, pub, fmt.Sprintf("random %d", i), digest, sig, yes)
		sig[len(sig)-1] ^= 1
		check(t, tab, pub, fmt.Sprintf("random %d tampered", i), digest, sig, no)
	}
}

// TestWindowWidths checks that every supported width verifies correctly (the
// benchmarks compare their speed).
func TestWindowWidths(t *testing.T) {
	key := testKey(t, 11)
	for w := 5; w <= 8; w++ {
		tab, err := newTable(&key.PublicKey, w)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := tab.Size(), windowCount(w)<<(w-1)*96; got != want {
			t.Errorf("w=%d: Size = %d, want %d", w, got, want)
		}
		for i := range 20 {
			u1, _ := rand.Int(rand.Reader, order)
			u2, _ := rand.Int(rand.Reader, order)
			digest, sig, ok := forge(t, key, u1, u2)
			if !ok {
				continue
			}
			check(t, tab, &key.PublicKey, fmt.Sprintf("w=%d #%d", w, i), digest, sig, yes)
		}
	}
	if _, err := newTable(&key.PublicKey, 9); err == nil {
		t.Error("newTable accepted window width 9")
	}
}
