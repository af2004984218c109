package payout

import (
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/sha3"
)

// Leaf is one payout: account receives amount base units in epoch. Index is
// the leaf's position in the address-sorted order of its tree.
type Leaf struct {
	Epoch   uint64
	Index   uint64
	Account [20]byte
	Amount  *big.Int
}

// maxUint256 bounds amounts: the leaf encodes amount as a uint256.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// ErrAmount reports an amount that is nil, negative or above 2^256-1.
var ErrAmount = errors.New("payout: amount must be an integer in [0, 2^256-1]")

// checkAmount reports whether a fits the uint256 slot of a leaf.
func checkAmount(a *big.Int) error {
	if a == nil || a.Sign() < 0 || a.Cmp(maxUint256) > 0 {
		return fmt.Errorf("%w, got %v", ErrAmount, a)
	}
	return nil
}

// Encode returns abi.encode(uint64 epoch, uint256 index, address account,
// uint256 amount): four left-padded 32-byte words. It fails only when Amount
// does not fit a uint256.
func (l Leaf) Encode() ([]byte, error) {
	if err := checkAmount(l.Amount); err != nil {
		return nil, err
	}
	out := make([]byte, 128)
	new(big.Int).SetUint64(l.Epoch).FillBytes(out[0:32])
	new(big.Int).SetUint64(l.Index).FillBytes(out[32:64])
	copy(out[64+12:96], l.Account[:])
	l.Amount.FillBytes(out[96:128])
	return out, nil
}

// LeafHash returns keccak256(keccak256(abi.encode(epoch, index, account,
// amount))), the StandardMerkleTree leaf hash. A leaf whose amount does not
// fit a uint256 (which NewTree never produces) hashes to the zero value;
// use Leaf.Encode to get the error.
func LeafHash(l Leaf) [32]byte {
	enc, err := l.Encode()
	if err != nil {
		return [32]byte{}
	}
	inner := keccak(enc)
	return keccak(inner[:])
}

// NodeHash hashes two tree nodes as OpenZeppelin does: keccak256 of the
// smaller followed by the larger, so proofs need no left/right flags.
func NodeHash(a, b [32]byte) [32]byte {
	if compare32(a, b) > 0 {
		a, b = b, a
	}
	var buf [64]byte
	copy(buf[:32], a[:])
	copy(buf[32:], b[:])
	return keccak(buf[:])
}

func keccak(b []byte) [32]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(b)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

func compare32(a, b [32]byte) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
