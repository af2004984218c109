package evm

import (
	"bytes"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/saharanet/saharanet/bridge/bindings"
)

// Signature is a secp256k1 signature as the contract takes it: V is 27 or 28.
type Signature = bindings.RoyaltyDistributorSignature

// Signer signs EIP-712 digests for the distributor. Each org's bridge signer
// holds one; KeySigner is the in-memory implementation.
type Signer interface {
	Address() common.Address
	SignDigest(digest common.Hash) (Signature, error)
}

// KeySigner signs with a secp256k1 private key held in memory.
type KeySigner struct{ key *ecdsa.PrivateKey }

// NewKeySigner wraps key.
func NewKeySigner(key *ecdsa.PrivateKey) *KeySigner { return &KeySigner{key: key} }

// Address is the Ethereum address of the key.
func (k *KeySigner) Address() common.Address { return crypto.PubkeyToAddress(k.key.PublicKey) }

// SignDigest signs the digest as is (no personal-message prefix). go-ethereum
// produces low-S signatures, which is what the contract requires.
func (k *KeySigner) SignDigest(digest common.Hash) (Signature, error) {
	sig, err := crypto.Sign(digest[:], k.key)
	if err != nil {
		return Signature{}, fmt.Errorf("sign digest %s: %w", digest, err)
	}
	return FromRSV(sig)
}

// FromRSV converts a 65-byte [R || S || V] signature (V 0/1 or 27/28).
func FromRSV(sig []byte) (Signature, error) {
	if len(sig) != 65 {
		return Signature{}, fmt.Errorf("signature: want 65 bytes, got %d", len(sig))
	}
	v := sig[64]
	if v < 27 {
		v += 27
	}
	if v != 27 && v != 28 {
		return Signature{}, fmt.Errorf("signature: bad recovery id %d", sig[64])
	}
	var s Signature
	copy(s.R[:], sig[:32])
	copy(s.S[:], sig[32:64])
	s.V = v
	return s, nil
}

// Recover returns the address that made sig over digest. It refuses high-S
// signatures, as the contract does.
func Recover(digest common.Hash, sig Signature) (common.Address, error) {
	if new(big.Int).SetBytes(sig.S[:]).Cmp(secp256k1HalfN) > 0 {
		return common.Address{}, fmt.Errorf("signature: high S (malleable)")
	}
	if sig.V != 27 && sig.V != 28 {
		return common.Address{}, fmt.Errorf("signature: bad V %d", sig.V)
	}
	rsv := make([]byte, 65)
	copy(rsv, sig.R[:])
	copy(rsv[32:], sig.S[:])
	rsv[64] = sig.V - 27
	pub, err := crypto.SigToPub(digest[:], rsv)
	if err != nil {
		return common.Address{}, fmt.Errorf("signature: recover: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

var secp256k1HalfN = new(big.Int).Rsh(crypto.S256().Params().N, 1)

// OrderSignatures recovers every signature over digest and returns them in
// ascending signer order, the order the contract requires. Duplicates (two
// signatures from one key) are refused rather than silently dropped.
func OrderSignatures(digest common.Hash, sigs []Signature) ([]Signature, []common.Address, error) {
	type pair struct {
		who common.Address
		sig Signature
	}
	ps := make([]pair, len(sigs))
	for i, s := range sigs {
		who, err := Recover(digest, s)
		if err != nil {
			return nil, nil, fmt.Errorf("signature %d: %w", i, err)
		}
		ps[i] = pair{who, s}
	}
	sort.Slice(ps, func(i, j int) bool { return bytes.Compare(ps[i].who[:], ps[j].who[:]) < 0 })
	out := make([]Signature, len(ps))
	who := make([]common.Address, len(ps))
	for i, p := range ps {
		if i > 0 && p.who == ps[i-1].who {
			return nil, nil, fmt.Errorf("signatures: %s signed twice", p.who)
		}
		out[i], who[i] = p.sig, p.who
	}
	return out, who, nil
}

// SignAll has each signer sign digest and returns the signatures in the
// order the contract requires.
func SignAll(digest common.Hash, signers ...Signer) ([]Signature, error) {
	sigs := make([]Signature, 0, len(signers))
	for _, s := range signers {
		sig, err := s.SignDigest(digest)
		if err != nil {
			return nil, fmt.Errorf("signer %s: %w", s.Address(), err)
		}
		sigs = append(sigs, sig)
	}
	out, _, err := OrderSignatures(digest, sigs)
	return out, err
}

// SortAddresses returns a sorted copy: signer sets are stored ascending.
func SortAddresses(addrs []common.Address) []common.Address {
	out := append([]common.Address(nil), addrs...)
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i][:], out[j][:]) < 0 })
	return out
}

// MinThreshold is the smallest threshold the contract accepts for n signers:
// ceil(2n/3).
func MinThreshold(n int) int { return (2*n + 2) / 3 }
