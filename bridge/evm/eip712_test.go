package evm

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestDigestsMatchContract checks every Go-built EIP-712 digest against the
// contract's own hashing, byte for byte.
func TestDigestsMatchContract(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) { c.fund = big.NewInt(0) })
	d := f.dist.Domain()
	s := &f.dist.s

	sep, err := d.Separator()
	if err != nil {
		t.Fatal(err)
	}
	onChain, err := call(f.ctx, s, "domainSeparator", f.dist.abi.PackDomainSeparator(), f.dist.abi.UnpackDomainSeparator)
	if err != nil {
		t.Fatal(err)
	}
	if sep != common.Hash(onChain) {
		t.Fatalf("domain separator: go %s, contract %x", sep, onChain)
	}

	roots := []EpochRoot{
		{Epoch: 0, Root: common.Hash{1}, Total: big.NewInt(0), LeafCount: 1},
		{Epoch: 1<<64 - 1, Root: common.HexToHash("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"), Total: maxUint256, LeafCount: 1<<64 - 1},
		{Epoch: 42, Root: common.HexToHash("0x1234"), Total: tokens(123456789), LeafCount: 100_000},
	}
	for _, r := range roots {
		goD, err := d.EpochRootDigest(r)
		if err != nil {
			t.Fatal(err)
		}
		chD, err := f.dist.ContractEpochRootDigest(f.ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if goD != chD {
			t.Fatalf("EpochRoot %+v: go %s, contract %s", r, goD, chD)
		}
		goV, _ := d.VetoDigest(r)
		chV, err := call(f.ctx, s, "hashVeto", f.dist.abi.PackHashVeto(r.Epoch, r.Root, r.Total, r.LeafCount), f.dist.abi.UnpackHashVeto)
		if err != nil {
			t.Fatal(err)
		}
		if goV != common.Hash(chV) || goV == goD {
			t.Fatalf("Veto %+v: go %s, contract %x (root digest %s)", r, goV, chV, goD)
		}
	}
	for _, rot := range []Rotation{
		{Signers: []common.Address{{1}}, Threshold: 1, Guardian: common.Address{9}, Nonce: 0},
		{Signers: []common.Address{{1}, {2}, {3}, {4}, {5}, {6}, {7}}, Threshold: 5, Guardian: common.Address{9}, Nonce: 77},
		{Signers: nil, Threshold: 0, Guardian: common.Address{}, Nonce: 1<<64 - 1},
	} {
		goD, _ := d.RotationDigest(rot)
		chD, err := call(f.ctx, s, "hashRotation", f.dist.abi.PackHashRotation(rot.Signers, rot.Threshold, rot.Guardian, rot.Nonce), f.dist.abi.UnpackHashRotation)
		if err != nil {
			t.Fatal(err)
		}
		if goD != common.Hash(chD) {
			t.Fatalf("Rotation %+v: go %s, contract %x", rot, goD, chD)
		}
	}
	// Order of the set does not matter to the Go digest: it hashes the sorted set.
	a, _ := d.RotationDigest(Rotation{Signers: []common.Address{{2}, {1}}, Threshold: 2, Nonce: 3})
	b, _ := d.RotationDigest(Rotation{Signers: []common.Address{{1}, {2}}, Threshold: 2, Nonce: 3})
	if a != b {
		t.Fatal("rotation digest depends on the order of the set")
	}
	for _, n := range []uint64{0, 1, 1<<64 - 1} {
		goD, _ := d.UnpauseDigest(n)
		chD, err := call(f.ctx, s, "hashUnpause", f.dist.abi.PackHashUnpause(n), f.dist.abi.UnpackHashUnpause)
		if err != nil {
			t.Fatal(err)
		}
		if goD != common.Hash(chD) {
			t.Fatalf("Unpause %d: go %s, contract %x", n, goD, chD)
		}
	}
}

func TestDigestBinding(t *testing.T) {
	r := EpochRoot{Epoch: 3, Root: common.Hash{3}, Total: big.NewInt(10), LeafCount: 2}
	base := Domain{ChainID: big.NewInt(1), Contract: common.Address{1}}
	d0, err := base.EpochRootDigest(r)
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]Domain{
		"chain":    {ChainID: big.NewInt(2), Contract: common.Address{1}},
		"contract": {ChainID: big.NewInt(1), Contract: common.Address{2}},
	} {
		d1, _ := d.EpochRootDigest(r)
		if d1 == d0 {
			t.Fatalf("changing the %s does not change the digest", name)
		}
	}
	for name, bad := range map[string]Domain{"nil chain id": {}, "zero chain id": {ChainID: big.NewInt(0)}} {
		if _, err := bad.EpochRootDigest(r); err == nil {
			t.Fatalf("%s accepted", name)
		}
	}
	if _, err := base.EpochRootDigest(EpochRoot{Root: common.Hash{1}, Total: big.NewInt(-1)}); err == nil {
		t.Fatal("negative total accepted")
	}
	if _, err := base.EpochRootDigest(EpochRoot{Root: common.Hash{1}, Total: new(big.Int).Lsh(big.NewInt(1), 256)}); err == nil {
		t.Fatal("total of 2^256 accepted")
	}
}

func TestSignatureHelpers(t *testing.T) {
	d := common.Hash{0xab}
	a, b := NewKeySigner(testKey("s", 1)), NewKeySigner(testKey("s", 2))
	sa, _ := a.SignDigest(d)
	sb, _ := b.SignDigest(d)
	ordered, who, err := OrderSignatures(d, []Signature{sa, sb})
	if err != nil {
		t.Fatal(err)
	}
	if len(who) != 2 || string(who[0][:]) >= string(who[1][:]) {
		t.Fatalf("signers not ascending: %v", who)
	}
	if w, _ := Recover(d, ordered[0]); w != who[0] {
		t.Fatal("ordered signatures and signers disagree")
	}
	if _, _, err := OrderSignatures(d, []Signature{sa, sa}); err == nil {
		t.Fatal("duplicate signature accepted")
	}
	hs := sa
	new(big.Int).Sub(secp256k1N, new(big.Int).SetBytes(hs.S[:])).FillBytes(hs.S[:])
	if _, err := Recover(d, hs); err == nil {
		t.Fatal("high-S signature accepted")
	}
	if _, err := FromRSV(make([]byte, 64)); err == nil {
		t.Fatal("64-byte signature accepted")
	}
	for n, want := range map[int]int{1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 4, 7: 5, 10: 7} {
		if got := MinThreshold(n); got != want {
			t.Fatalf("MinThreshold(%d) = %d, want %d", n, got, want)
		}
	}
}
