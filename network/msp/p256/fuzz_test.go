package p256

import (
	"crypto/ecdsa"
	"crypto/rand"
	"math/big"
	"sync"
	"testing"
)

// fuzzKeys are deterministic (see testKey) so a failing input reproduces;
// building tables once keeps the fuzzer fast.
var fuzzKeys = sync.OnceValues(func() ([]*ecdsa.PrivateKey, []*Table) {
	var keys []*ecdsa.PrivateKey
	var tabs []*Table
	for i := range 4 {
		k := testKey(&testing.T{}, uint64(100+i))
		tab, err := NewTable(&k.PublicKey)
		if err != nil {
			panic(err)
		}
		keys, tabs = append(keys, k), append(tabs, tab)
	}
	return keys, tabs
})

func fuzzSeeds(f *testing.F, add func(key uint8, digest, sig []byte)) {
	keys, _ := fuzzKeys()
	for i, k := range keys {
		for _, dl := range []int{0, 20, 32, 33, 64} {
			digest := make([]byte, dl)
			rand.Read(digest)
			r, s, err := ecdsa.Sign(rand.Reader, k, digest)
			if err != nil {
				f.Fatal(err)
			}
			add(uint8(i), digest, der(f, r, s))
			add(uint8(i), digest, der(f, r, new(big.Int).Sub(order, s)))
		}
	}
	add(0, nil, nil)
	add(1, []byte{1}, []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01})
}

// FuzzVerify compares Table.VerifyASN1 with crypto/ecdsa.VerifyASN1 on
// arbitrary digests and signature bytes.
func FuzzVerify(f *testing.F) {
	fuzzSeeds(f, func(key uint8, digest, sig []byte) { f.Add(key, digest, sig) })
	f.Fuzz(func(t *testing.T, key uint8, digest, sig []byte) {
		keys, tabs := fuzzKeys()
		i := int(key) % len(keys)
		std := ecdsa.VerifyASN1(&keys[i].PublicKey, digest, sig)
		if got := tabs[i].VerifyASN1(digest, sig); got != std {
			t.Fatalf("key %d digest %x sig %x: table %v, crypto/ecdsa %v", i, digest, sig, got, std)
		}
	})
}

// FuzzVerifyIntegers mutates r and s as integers (always well-formed DER),
// so the fuzzer spends its time in the arithmetic rather than the parser.
func FuzzVerifyIntegers(f *testing.F) {
	fuzzSeeds(f, func(key uint8, digest, sig []byte) {
		r, s, ok := parseSignature(sig)
		if ok {
			f.Add(key, digest, r, s, false)
		}
	})
	f.Fuzz(func(t *testing.T, key uint8, digest, rb, sb []byte, negS bool) {
		if len(rb) > 40 || len(sb) > 40 {
			return
		}
		keys, tabs := fuzzKeys()
		i := int(key) % len(keys)
		r, s := new(big.Int).SetBytes(rb), new(big.Int).SetBytes(sb)
		if negS && s.Sign() > 0 {
			s.Sub(order, s) // the high/low-S twin
		}
		sig := der(t, r, s)
		std := ecdsa.VerifyASN1(&keys[i].PublicKey, digest, sig)
		if got := tabs[i].VerifyASN1(digest, sig); got != std {
			t.Fatalf("key %d digest %x r %x s %x: table %v, crypto/ecdsa %v", i, digest, r, s, got, std)
		}
	})
}
