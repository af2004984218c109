package evm

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestRemainingRevertPaths covers the reverts the scenario tests do not reach.
func TestRemainingRevertPaths(t *testing.T) {
	f := newFixture(t)
	me := f.deployer.From

	// 33 signers: over MAX_SIGNERS.
	many := make([]common.Address, 33)
	for i := range many {
		many[i] = common.BigToAddress(big.NewInt(int64(i + 1)))
	}
	_, _, err := DeployDistributor(f.ctx, f.chain.Client(), f.deployer, DeployConfig{Token: f.token.Address(), Signers: many, Threshold: 33, Guardian: me, Limits: defaultLimits()})
	wantRevert(t, err, "TooManySigners")

	// A capacity that fits uint96 but not the 64-bit nano-token bucket.
	l := defaultLimits()
	l.BucketCapacity = new(big.Int).Lsh(big.NewInt(1), 95)
	_, _, err = DeployDistributor(f.ctx, f.chain.Client(), f.deployer, DeployConfig{Token: f.token.Address(), Signers: many[:1], Threshold: 1, Guardian: me, Limits: l})
	wantRevert(t, err, "AmountTooLarge")
	// Below one nano-token the bucket would be empty forever.
	l.BucketCapacity = big.NewInt(999_999_999)
	_, _, err = DeployDistributor(f.ctx, f.chain.Client(), f.deployer, DeployConfig{Token: f.token.Address(), Signers: many[:1], Threshold: 1, Guardian: me, Limits: l})
	wantRevert(t, err, "ZeroCapacity")

	// An index beyond 64 bits cannot be a leaf position (raw call: the
	// driver's Claim takes a uint64 index and cannot even express it).
	tr := randomTree(t, 0, 3, 30, 100)
	if err := f.post(EpochRootOf(tr)); err != nil {
		t.Fatal(err)
	}
	c := claimOf(t, tr, 0)
	data := f.dist.abi.PackClaim(0, new(big.Int).Lsh(big.NewInt(1), 64), c.Account, c.Amount, hashes(c.Proof))
	_, err = f.dist.s.transact(f.ctx, "claim", data)
	wantRevert(t, err, "IndexOutOfRange")

	// With a treasury but no claim window, epochs never expire.
	_, _, err = f.dist.Sweep(f.ctx, 0, 1)
	wantRevert(t, err, "SweepDisabled")

	// claimMany honours the pause too.
	if _, err := f.dist.Pause(f.ctx); err != nil {
		t.Fatal(err)
	}
	_, err = f.dist.ClaimMany(f.ctx, c.Account, []Claim{c})
	wantRevert(t, err, "ContractPaused")
	_, _, err = f.dist.Sweep(f.ctx, 0, 1)
	wantRevert(t, err, "SweepDisabled", "ContractPaused")
}

// TestRateLimitRoundsAgainstTheCaller: the bucket counts nano-tokens, so a
// total one base unit over a nano-token boundary costs the next one.
func TestRateLimitRoundsAgainstTheCaller(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) {
		c.limits = Limits{BucketCapacity: big.NewInt(3_000_000_000), RefillPerSecond: big.NewInt(0), LargeRootThreshold: max96}
	})
	post := func(e uint64, total int64) error {
		return f.post(EpochRoot{Epoch: e, Root: common.Hash{byte(e + 1)}, Total: big.NewInt(total), LeafCount: 1})
	}
	if err := post(0, 1_000_000_001); err != nil { // costs 2 units of 3
		t.Fatal(err)
	}
	if lvl, _ := f.dist.BucketLevel(f.ctx); lvl.Int64() != 1_000_000_000 {
		t.Fatalf("level %s, want 1e9", lvl)
	}
	wantRevert(t, post(1, 1_000_000_001), "RateLimited")
	if err := post(1, 1_000_000_000); err != nil {
		t.Fatal(err)
	}
	wantRevert(t, post(2, 1), "RateLimited")
}

func TestFirstEpochAndEvents(t *testing.T) {
	f := newFixture(t)
	addrs := make([]common.Address, len(f.signers))
	for i, s := range f.signers {
		addrs[i] = s.Address()
	}
	cfg := DeployConfig{Token: f.token.Address(), Signers: addrs, Threshold: 5, Guardian: f.deployer.From, Limits: defaultLimits(), FirstEpoch: 1 << 32}
	_, _, err := DeployDistributor(f.ctx, f.chain.Client(), f.deployer, cfg)
	wantRevert(t, err, "EpochOutOfOrder")
	cfg.FirstEpoch = 500
	d, _, err := DeployDistributor(f.ctx, f.chain.Client(), f.deployer, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := d.NextEpoch(f.ctx); n != 500 {
		t.Fatalf("next epoch %d, want 500", n)
	}
	f.must(f.token.Approve(f.ctx, d.Address(), tokens(10)))
	f.must(d.Fund(f.ctx, tokens(10)))
	r := EpochRoot{Epoch: 499, Root: common.Hash{4}, Total: tokens(1), LeafCount: 1}
	dg, _ := d.Domain().EpochRootDigest(r)
	_, err = d.PostRoot(f.ctx, r, f.sign(dg, 0, 1, 2, 3, 4))
	wantRevert(t, err, "EpochOutOfOrder")
	r.Epoch = 500
	dg, _ = d.Domain().EpochRootDigest(r)
	rcpt, err := d.PostRoot(f.ctx, r, f.sign(dg, 0, 1, 2, 3, 4))
	if err != nil {
		t.Fatal(err)
	}
	var seen bool
	for _, l := range rcpt.Logs {
		if ev, err := d.abi.UnpackRootPostedEvent(l); err == nil {
			seen = ev.Epoch == 500 && ev.Root == r.Root
		}
	}
	if !seen {
		t.Fatal("no RootPosted(500, root) event in the receipt")
	}
}
