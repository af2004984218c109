package evm

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestCheckQuorum(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) { c.fund = big.NewInt(0) })
	r := EpochRoot{Epoch: 0, Root: common.Hash{1}, Total: big.NewInt(1), LeafCount: 1}
	d := f.rootDigest(r)
	var sigs []Signature
	for _, i := range []int{6, 2, 4, 0, 1} { // any order
		s, _ := f.signers[i].SignDigest(d)
		sigs = append(sigs, s)
	}
	ordered, err := f.dist.CheckQuorum(f.ctx, d, sigs)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(ordered); i++ {
		a, _ := Recover(d, ordered[i-1])
		b, _ := Recover(d, ordered[i])
		if string(a[:]) >= string(b[:]) {
			t.Fatal("not ascending")
		}
	}
	if _, err := f.dist.CheckQuorum(f.ctx, d, sigs[:4]); err == nil {
		t.Fatal("4 of 7 passed a 5-of-7 quorum")
	}
	o, _ := f.outsider.SignDigest(d)
	if _, err := f.dist.CheckQuorum(f.ctx, d, append(sigs[:4:4], o)); err == nil {
		t.Fatal("an outsider's signature counted")
	}
}

// FuzzEpochRootDigest checks the Go EIP-712 digest against the contract's
// for arbitrary field values.
func FuzzEpochRootDigest(f *testing.F) {
	fx := newFixture(f, func(c *fixtureConfig) { c.fund = big.NewInt(0) })
	f.Add(uint64(0), []byte{1}, []byte{0}, uint64(1))
	f.Add(uint64(1<<64-1), make([]byte, 32), []byte{0xff, 0xff}, uint64(1<<64-1))
	f.Fuzz(func(t *testing.T, epoch uint64, root, total []byte, leafCount uint64) {
		if len(total) > 32 {
			total = total[:32]
		}
		r := EpochRoot{Epoch: epoch, Root: common.BytesToHash(root), Total: new(big.Int).SetBytes(total), LeafCount: leafCount}
		goD, err := fx.dist.Domain().EpochRootDigest(r)
		if err != nil {
			t.Fatal(err)
		}
		chD, err := fx.dist.ContractEpochRootDigest(fx.ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if goD != chD {
			t.Fatalf("%+v: go %s, contract %s", r, goD, chD)
		}
	})
}
