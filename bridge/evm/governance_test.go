package evm

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// TestGovernanceWhilePaused: a key compromise is handled while paused, so
// rotation and veto must work then; release and sweep must not.
func TestGovernanceWhilePaused(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) {
		l := defaultLimits()
		l.LargeRootThreshold = tokens(10)
		l.ClaimWindow = 60
		c.limits = l
	})
	big0 := EpochRoot{Epoch: 0, Root: common.Hash{0xaa}, Total: tokens(20), LeafCount: 3}
	if err := f.post(big0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.dist.Pause(f.ctx); err != nil {
		t.Fatal(err)
	}
	if err := f.chain.AdvanceTime(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	_, err := f.dist.Release(f.ctx, 0)
	wantRevert(t, err, "ContractPaused")
	vd, _ := f.dist.Domain().VetoDigest(big0)
	if _, err := f.dist.Veto(f.ctx, 0, f.sign(vd, 0, 3, 6)); err != nil {
		t.Fatalf("veto while paused: %v", err)
	}
	// Rotate to a 1-of-1 set while paused; the pause survives the rotation.
	solo := NewKeySigner(testKey("solo", 0))
	rot := Rotation{Signers: []common.Address{solo.Address()}, Threshold: 1, Guardian: f.deployer.From, Nonce: 0}
	rd, _ := f.dist.Domain().RotationDigest(rot)
	if _, err := f.dist.RotateSigners(f.ctx, rot, f.sign(rd, 0, 1, 2, 3, 4)); err != nil {
		t.Fatalf("rotate while paused: %v", err)
	}
	if p, _ := f.dist.Paused(f.ctx); !p {
		t.Fatal("rotation lifted the pause")
	}
	// The unpause must now be signed by the new set over nonce 1.
	ud0, _ := f.dist.Domain().UnpauseDigest(0)
	s0, _ := SignAll(ud0, solo)
	_, err = f.dist.Unpause(f.ctx, s0)
	wantRevert(t, err, "UnknownSigner")
	ud1, _ := f.dist.Domain().UnpauseDigest(1)
	s1, _ := SignAll(ud1, solo)
	if _, err := f.dist.Unpause(f.ctx, s1); err != nil {
		t.Fatal(err)
	}
	// Veto of a 1-of-1 set needs 1 - 1 + 1 = 1 signature.
	if n, _ := f.dist.Nonce(f.ctx); n != 2 {
		t.Fatalf("nonce %d after rotation and unpause, want 2", n)
	}
	small := EpochRoot{Epoch: 0, Root: common.Hash{0xbb}, Total: tokens(1), LeafCount: 1}
	d, _ := f.dist.Domain().EpochRootDigest(small)
	ss, _ := SignAll(d, solo)
	if _, err := f.dist.PostRoot(f.ctx, small, ss); err != nil {
		t.Fatal(err)
	}
}

func TestSweepOneAtATime(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) {
		l := defaultLimits()
		l.ClaimWindow = 60
		c.limits = l
	})
	for e := uint64(0); e < 2; e++ {
		if err := f.post(EpochRootOf(randomTree(t, e, 400, 20, 1000))); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.chain.AdvanceTime(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if done, _, err := f.dist.Sweep(f.ctx, 0, 1); err != nil || done {
		t.Fatalf("sweep page 1: %v %v", done, err)
	}
	_, _, err := f.dist.Sweep(f.ctx, 1, 10)
	wantRevert(t, err, "SweepInProgress")
	_, _, err = f.dist.Sweep(f.ctx, 7, 10)
	wantRevert(t, err, "NotSweepable")
	if done, _, err := f.dist.Sweep(f.ctx, 0, 10); err != nil || !done {
		t.Fatalf("sweep rest: %v %v", done, err)
	}
	if done, _, err := f.dist.Sweep(f.ctx, 1, 10); err != nil || !done {
		t.Fatalf("sweep epoch 1: %v %v", done, err)
	}
}

func TestMainnetLikeConfig(t *testing.T) {
	cfg := MainnetLikeConfig(big.NewInt(31337))
	if cfg.BogotaTime != nil || cfg.AmsterdamTime != nil {
		t.Fatal("experimental forks still enabled")
	}
	if cfg.ChainID.Int64() != 31337 {
		t.Fatalf("chain id %v", cfg.ChainID)
	}
	c := NewSimChain(big.NewInt(31337))
	defer c.Close()
	id, err := c.Client().ChainID(t.Context())
	if err != nil || id.Int64() != 31337 {
		t.Fatalf("sim chain id %v, %v", id, err)
	}
}
