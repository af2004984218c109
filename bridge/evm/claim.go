package evm

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/saharanet/saharanet/api/payout"
)

// Claim is one payout leaf with its proof, ready to send to the distributor.
type Claim struct {
	Epoch   uint64
	Index   uint64
	Account common.Address
	Amount  *big.Int
	Proof   []common.Hash
}

// ClaimFromTree builds the claim for leaf i of a payout tree.
func ClaimFromTree(t *payout.Tree, i int) (Claim, error) {
	if i < 0 || i >= t.Len() {
		return Claim{}, fmt.Errorf("claim: leaf %d out of range [0, %d)", i, t.Len())
	}
	l := t.Leaf(i)
	raw := t.Proof(i)
	proof := make([]common.Hash, len(raw))
	for k, h := range raw {
		proof[k] = h
	}
	return Claim{Epoch: l.Epoch, Index: l.Index, Account: l.Account, Amount: l.Amount, Proof: proof}, nil
}

// EpochRootOf is the message the signers sign for a payout tree.
func EpochRootOf(t *payout.Tree) EpochRoot {
	return EpochRoot{Epoch: t.Epoch(), Root: t.Root(), Total: t.Total(), LeafCount: uint64(t.Len())}
}

func (c Claim) check() error {
	if c.Amount == nil || c.Amount.Sign() < 0 || c.Amount.BitLen() > 256 {
		return fmt.Errorf("claim epoch %d leaf %d: amount must be in [0, 2^256-1], got %v", c.Epoch, c.Index, c.Amount)
	}
	return nil
}
