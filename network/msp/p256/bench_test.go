package p256

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"testing"
)

func benchSig(b *testing.B) (*ecdsa.PrivateKey, []byte, []byte) {
	key := testKey(b, 42)
	digest := sha256.Sum256([]byte("benchmark"))
	sig, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	if err != nil {
		b.Fatal(err)
	}
	return key, digest[:], sig
}

func BenchmarkVerifyStdlib(b *testing.B) {
	key, digest, sig := benchSig(b)
	for b.Loop() {
		if !ecdsa.VerifyASN1(&key.PublicKey, digest, sig) {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkVerifyTable(b *testing.B) {
	key, digest, sig := benchSig(b)
	tab, err := NewTable(&key.PublicKey)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(tab.Size()), "table-bytes")
	for b.Loop() {
		if !tab.VerifyASN1(digest, sig) {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkNewTable(b *testing.B) {
	key := testKey(b, 42)
	for b.Loop() {
		if _, err := NewTable(&key.PublicKey); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyTableWindow compares window widths (the basis for Window).
func BenchmarkVerifyTableWindow(b *testing.B) {
	key, digest, sig := benchSig(b)
	for w := 5; w <= 8; w++ {
		tab, err := newTable(&key.PublicKey, w)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("w=%d", w), func(b *testing.B) {
			b.ReportMetric(float64(tab.Size()), "table-bytes")
			for b.Loop() {
				if !tab.VerifyASN1(digest, sig) {
					b.Fatal("invalid")
				}
			}
		})
	}
}

func BenchmarkNewTableWindow(b *testing.B) {
	key := testKey(b, 42)
	for w := 5; w <= 8; w++ {
		b.Run(fmt.Sprintf("w=%d", w), func(b *testing.B) {
			for b.Loop() {
				if _, err := newTable(&key.PublicKey, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
