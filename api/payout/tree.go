package payout

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"sort"
)

// Payout is one account's amount before it is placed in a tree.
type Payout struct {
	Account [20]byte
	Amount  *big.Int
}

// Tree is an epoch's payout tree. It is immutable once built.
type Tree struct {
	epoch  uint64
	leaves []Leaf // address order; leaves[i].Index == i
	// nodes is OpenZeppelin's array layout: node 0 is the root, children of
	// k are 2k+1 and 2k+2, and the sorted leaf hashes fill the end of the
	// array in reverse.
	nodes    [][32]byte
	position []int // position[i] is the node index of leaves[i]
	total    *big.Int
}

// NewTree builds the tree of epoch from payouts, in any order. Accounts are
// sorted by address bytes and indexed in that order. Every account must be
// non-zero and appear once; every amount must be positive and fit a uint256.
// Amounts are copied, so the caller may reuse its big.Ints.
func NewTree(epoch uint64, payouts []Payout) (*Tree, error) {
	if len(payouts) == 0 {
		return nil, errors.New("payout: a tree needs at least one payout")
	}
	sorted := make([]Payout, len(payouts))
	copy(sorted, payouts)
	sort.Slice(sorted, func(i, j int) bool {
		return bytes.Compare(sorted[i].Account[:], sorted[j].Account[:]) < 0
	})
	t := &Tree{epoch: epoch, leaves: make([]Leaf, len(sorted)), total: new(big.Int)}
	for i, p := range sorted {
		if p.Account == ([20]byte{}) {
			return nil, errors.New("payout: the zero address cannot be paid")
		}
		if i > 0 && p.Account == sorted[i-1].Account {
			return nil, fmt.Errorf("payout: account %s appears twice", FormatAddress(p.Account))
		}
		if err := checkAmount(p.Amount); err != nil {
			return nil, fmt.Errorf("payout: account %s: %w", FormatAddress(p.Account), err)
		}
		if p.Amount.Sign() == 0 {
			return nil, fmt.Errorf("payout: account %s: amount must be positive", FormatAddress(p.Account))
		}
		t.leaves[i] = Leaf{Epoch: epoch, Index: uint64(i), Account: p.Account, Amount: new(big.Int).Set(p.Amount)}
		t.total.Add(t.total, p.Amount)
	}
	t.build()
	return t, nil
}

// NewTreeFromMap is NewTree for payouts keyed by account.
func NewTreeFromMap(epoch uint64, payouts map[[20]byte]*big.Int) (*Tree, error) {
	list := make([]Payout, 0, len(payouts))
	for a, amt := range payouts {
		list = append(list, Payout{Account: a, Amount: amt})
	}
	return NewTree(epoch, list) // NewTree sorts, so map order does not matter
}

func (t *Tree) build() {
	n := len(t.leaves)
	type hashed struct {
		hash [32]byte
		leaf int
	}
	hs := make([]hashed, n)
	for i, l := range t.leaves {
		hs[i] = hashed{LeafHash(l), i}
	}
	sort.Slice(hs, func(i, j int) bool { return compare32(hs[i].hash, hs[j].hash) < 0 })
	t.nodes = make([][32]byte, 2*n-1)
	t.position = make([]int, n)
	for k, h := range hs {
		pos := len(t.nodes) - 1 - k
		t.nodes[pos] = h.hash
		t.position[h.leaf] = pos
	}
	for k := len(t.nodes) - 1 - n; k >= 0; k-- {
		t.nodes[k] = NodeHash(t.nodes[2*k+1], t.nodes[2*k+2])
	}
}

// Epoch returns the tree's epoch.
func (t *Tree) Epoch() uint64 { return t.epoch }

// Root returns the Merkle root.
func (t *Tree) Root() [32]byte { return t.nodes[0] }

// Len returns the number of leaves.
func (t *Tree) Len() int { return len(t.leaves) }

// Total returns the sum of all amounts (a fresh copy).
func (t *Tree) Total() *big.Int { return new(big.Int).Set(t.total) }

// Leaves returns the leaves in index order (deep copies).
func (t *Tree) Leaves() []Leaf {
	out := make([]Leaf, len(t.leaves))
	for i := range t.leaves {
		out[i] = t.Leaf(i)
	}
	return out
}

// Leaf returns leaf i (a deep copy). It panics if i is out of range, like a
// slice index.
func (t *Tree) Leaf(i int) Leaf {
	l := t.leaves[i]
	l.Amount = new(big.Int).Set(l.Amount)
	return l
}

// Find returns the index of account's leaf, or false if it has none.
func (t *Tree) Find(account [20]byte) (int, bool) {
	i := sort.Search(len(t.leaves), func(i int) bool {
		return bytes.Compare(t.leaves[i].Account[:], account[:]) >= 0
	})
	if i < len(t.leaves) && t.leaves[i].Account == account {
		return i, true
	}
	return 0, false
}

// Proof returns the sibling hashes from leaf i up to the root, in the order
// OpenZeppelin's getProof and MerkleProof.verify use. It returns nil if i is
// out of range; a single-leaf tree has an empty, non-nil proof.
func (t *Tree) Proof(i int) [][32]byte {
	if i < 0 || i >= len(t.leaves) {
		return nil
	}
	proof := [][32]byte{}
	for k := t.position[i]; k > 0; k = (k - 1) / 2 {
		sib := k + 1
		if k%2 == 0 {
			sib = k - 1
		}
		proof = append(proof, t.nodes[sib])
	}
	return proof
}

// Claim returns leaf i with its proof, what a payee submits to claim.
func (t *Tree) Claim(i int) (Claim, error) {
	if i < 0 || i >= len(t.leaves) {
		return Claim{}, fmt.Errorf("payout: leaf %d out of range [0, %d)", i, len(t.leaves))
	}
	return Claim{Leaf: t.Leaf(i), Proof: t.Proof(i)}, nil
}

// Verify reports whether proof links leaf to root, as MerkleProof.verify
// does on chain. A leaf whose amount does not fit a uint256 never verifies.
func Verify(root [32]byte, leaf Leaf, proof [][32]byte) bool {
	if checkAmount(leaf.Amount) != nil {
		return false
	}
	h := LeafHash(leaf)
	for _, p := range proof {
		h = NodeHash(h, p)
	}
	return h == root
}

// Claim is a leaf with its Merkle proof.
type Claim struct {
	Leaf  Leaf
	Proof [][32]byte
}

// Verify reports whether the claim proves membership under root.
func (c Claim) Verify(root [32]byte) bool { return Verify(root, c.Leaf, c.Proof) }
