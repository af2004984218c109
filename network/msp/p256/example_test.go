package p256_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"github.com/saharanet/saharanet/network/msp/p256"
)

func ExampleTable() {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	digest := sha256.Sum256([]byte("usage report"))
	sig, _ := ecdsa.SignASN1(rand.Reader, key, digest[:])

	// Build once per hot key (~1 ms, ~227 KB), then verify many times.
	table, err := p256.NewTable(&key.PublicKey)
	if err != nil {
		panic(err)
	}
	fmt.Println(table.VerifyASN1(digest[:], sig))
	other := sha256.Sum256([]byte("tampered report"))
	fmt.Println(table.VerifyASN1(other[:], sig))
	// Output:
	// true
	// false
}

func ExampleRegistry() {
	// One registry per process: it shares a table between all verifiers of
	// a key and keeps at most 256 alive (~58 MB).
	reg := p256.NewRegistry(256)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	a, _ := reg.Get(&key.PublicKey)
	b, _ := reg.Get(&key.PublicKey)
	fmt.Println(a == b, reg.Live())
	// Output: true 1
}
