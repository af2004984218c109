package evm

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/saharanet/saharanet/bridge/bindings"
)

func TestDeployRejectsBadConfig(t *testing.T) {
	f := newFixture(t)
	addrs := make([]common.Address, len(f.signers))
	for i, s := range f.signers {
		addrs[i] = s.Address()
	}
	me := f.deployer.From
	cases := []struct {
		name string
		cfg  DeployConfig
		want string
	}{
		{"threshold below 2N/3", DeployConfig{Token: f.token.Address(), Signers: addrs, Threshold: 4, Guardian: me, Limits: defaultLimits()}, "ThresholdTooLow"},
		{"threshold above N", DeployConfig{Token: f.token.Address(), Signers: addrs, Threshold: 8, Guardian: me, Limits: defaultLimits()}, "ThresholdTooHigh"},
		{"no signers", DeployConfig{Token: f.token.Address(), Threshold: 1, Guardian: me, Limits: defaultLimits()}, "EmptySignerSet"},
		{"duplicate signer", DeployConfig{Token: f.token.Address(), Signers: []common.Address{addrs[0], addrs[0], addrs[1]}, Threshold: 2, Guardian: me, Limits: defaultLimits()}, "SignerSetNotSorted"},
		{"zero signer", DeployConfig{Token: f.token.Address(), Signers: []common.Address{{}, addrs[0]}, Threshold: 2, Guardian: me, Limits: defaultLimits()}, "ZeroAddress"},
		{"zero guardian", DeployConfig{Token: f.token.Address(), Signers: addrs, Threshold: 5, Limits: defaultLimits()}, "ZeroAddress"},
		{"zero token", DeployConfig{Signers: addrs, Threshold: 5, Guardian: me, Limits: defaultLimits()}, "ZeroAddress"},
		{"zero capacity", DeployConfig{Token: f.token.Address(), Signers: addrs, Threshold: 5, Guardian: me,
			Limits: Limits{BucketCapacity: big.NewInt(0), RefillPerSecond: big.NewInt(1), LargeRootThreshold: big.NewInt(1)}}, "ZeroCapacity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := DeployDistributor(f.ctx, f.chain.Client(), f.deployer, c.cfg)
			wantRevert(t, err, c.want)
		})
	}
	// Thresholds exactly at ceil(2N/3) are accepted, for every N up to 10.
	for n := 1; n <= 10; n++ {
		cfg := DeployConfig{Token: f.token.Address(), Signers: addrs[:min(n, len(addrs))], Threshold: uint8(MinThreshold(n)), Guardian: me, Limits: defaultLimits()}
		if n > len(addrs) {
			break
		}
		if _, _, err := DeployDistributor(f.ctx, f.chain.Client(), f.deployer, cfg); err != nil {
			t.Fatalf("N=%d M=%d: %v", n, MinThreshold(n), err)
		}
	}
	if _, _, err := DeployDistributor(f.ctx, f.chain.Client(), f.deployer, DeployConfig{Token: f.token.Address(), Signers: addrs, Threshold: 5, Guardian: me,
		Limits: Limits{BucketCapacity: new(big.Int).Lsh(big.NewInt(1), 96), RefillPerSecond: big.NewInt(1), LargeRootThreshold: big.NewInt(1)}}); err == nil {
		t.Fatal("capacity of 2^96 accepted; want a client-side error")
	}
}

func TestPostRootAndClaim(t *testing.T) {
	f := newFixture(t)
	tr := randomTree(t, 0, 10, 1, 1_000_000)
	r := EpochRootOf(tr)
	before, err := f.dist.Available(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.post(r); err != nil {
		t.Fatal(err)
	}
	if got := f.nextEpoch(); got != 1 {
		t.Fatalf("next epoch %d, want 1", got)
	}
	root, _ := f.dist.RootOf(f.ctx, 0)
	if root != r.Root {
		t.Fatalf("root %s, want %s", root, r.Root)
	}
	info, _ := f.dist.EpochInfo(f.ctx, 0)
	if info.Status != StatusLive || info.Total.Cmp(r.Total) != 0 || info.LeafCount != 10 {
		t.Fatalf("epoch info %+v", info)
	}
	after, _ := f.dist.Available(f.ctx)
	if new(big.Int).Sub(before, after).Cmp(r.Total) != 0 {
		t.Fatalf("available went %s -> %s, want a drop of %s", before, after, r.Total)
	}

	// A payee claims for itself; a relayer claims for another payee: the
	// tokens go to the leaf's account either way.
	for i := range tr.Len() {
		c := claimOf(t, tr, i)
		if _, err := f.dist.Claim(f.ctx, c); err != nil {
			t.Fatalf("claim %d: %v", i, err)
		}
		if got := f.balance(c.Account); got.Cmp(c.Amount) != 0 {
			t.Fatalf("payee %d balance %s, want %s", i, got, c.Amount)
		}
		ok, _ := f.dist.IsClaimed(f.ctx, 0, c.Index)
		if !ok {
			t.Fatalf("leaf %d not marked claimed", i)
		}
	}
	// Double claim.
	c := claimOf(t, tr, 3)
	_, err = f.dist.Claim(f.ctx, c)
	re := wantRevert(t, err, "AlreadyClaimed")
	if d := re.Detail.(*bindings.RoyaltyDistributorAlreadyClaimed); d.Epoch != 0 || d.Index.Uint64() != c.Index {
		t.Fatalf("AlreadyClaimed args %+v", d)
	}
	if got := f.balance(c.Account); got.Cmp(c.Amount) != 0 {
		t.Fatalf("double claim changed the balance to %s", got)
	}
	// Wrong amount, wrong account, unknown epoch.
	tr1 := randomTree(t, 1, 4, 2, 1000)
	if err := f.post(EpochRootOf(tr1)); err != nil {
		t.Fatal(err)
	}
	c1 := claimOf(t, tr1, 0)
	bad := c1
	bad.Amount = new(big.Int).Add(c1.Amount, big.NewInt(1))
	_, err = f.dist.Claim(f.ctx, bad)
	wantRevert(t, err, "InvalidProof")
	bad = c1
	bad.Account = f.deployer.From
	_, err = f.dist.Claim(f.ctx, bad)
	wantRevert(t, err, "InvalidProof")
	bad = c1
	bad.Epoch = 9
	_, err = f.dist.Claim(f.ctx, bad)
	wantRevert(t, err, "EpochNotClaimable")
	// A leaf of epoch 1 presented as epoch 0 fails: the epoch is in the leaf.
	bad = c1
	bad.Epoch = 0
	_, err = f.dist.Claim(f.ctx, bad)
	wantRevert(t, err, "InvalidProof")
	bad = c1
	bad.Amount = new(big.Int).Lsh(big.NewInt(1), 96)
	_, err = f.dist.Claim(f.ctx, bad)
	wantRevert(t, err, "AmountTooLarge")
	if _, err := f.dist.Claim(f.ctx, c1); err != nil {
		t.Fatal(err)
	}
}

func TestPostRootRejections(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) { c.fund = tokens(10_000) })
	tr := randomTree(t, 0, 5, 3, 1000)
	r := EpochRootOf(tr)
	digest := f.rootDigest(r)
	good := f.sign(digest, 0, 1, 2, 3, 4)

	highS := func(s Signature) Signature {
		// (r, n-s, v^1) is the same signature mirrored: valid math, high S.
		n := new(big.Int).Sub(secp256k1N, new(big.Int).SetBytes(s.S[:]))
		n.FillBytes(s.S[:])
		s.V ^= 1 // 27 <-> 28
		return s
	}
	withOutsider := func() []Signature {
		sigs := append([]Signature{}, good[:4]...)
		o, _ := f.outsider.SignDigest(digest)
		out, _, err := OrderSignatures(digest, append(sigs, o))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	swapped := append([]Signature{}, good...)
	swapped[0], swapped[1] = swapped[1], swapped[0]
	dup := append(append([]Signature{}, good[:4]...), good[3])
	badV := append([]Signature{}, good...)
	badV[2].V = 29
	malleated := append([]Signature{}, good...)
	malleated[1] = highS(malleated[1])

	cases := []struct {
		name string
		r    EpochRoot
		sigs []Signature
		want string
	}{
		{"zero root", EpochRoot{Epoch: 0, Root: common.Hash{}, Total: r.Total, LeafCount: 5}, nil, "ZeroRoot"},
		{"empty tree", EpochRoot{Epoch: 0, Root: r.Root, Total: r.Total, LeafCount: 0}, nil, "EmptyTree"},
		{"epoch out of order", EpochRoot{Epoch: 1, Root: r.Root, Total: r.Total, LeafCount: 5}, nil, "EpochOutOfOrder"},
		{"total over 96 bits", EpochRoot{Epoch: 0, Root: r.Root, Total: new(big.Int).Lsh(big.NewInt(1), 96), LeafCount: 5}, nil, "AmountTooLarge"},
		{"too few signatures", r, good[:4], "NotEnoughSignatures"},
		{"no signatures", r, nil, "NotEnoughSignatures"},
		{"duplicate signer", r, dup, "DuplicateSigner"},
		{"unsorted signatures", r, swapped, "SignaturesNotSorted"},
		{"unknown signer", r, withOutsider(), "UnknownSigner"},
		{"malleated high-S signature", r, malleated, "SignatureMalleable"},
		{"bad v", r, badV, "InvalidSignature"},
		{"signature over another total", EpochRoot{Epoch: 0, Root: r.Root, Total: new(big.Int).Add(r.Total, big.NewInt(1)), LeafCount: 5}, good, "UnknownSigner"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.dist.PostRootRaw(f.ctx, c.r, c.sigs)
			wantRevert(t, err, c.want, "SignaturesNotSorted")
			if c.want != "SignaturesNotSorted" {
				wantRevert(t, err, c.want)
			}
			if n := f.nextEpoch(); n != 0 {
				t.Fatalf("rejected post moved next epoch to %d", n)
			}
		})
	}
	// Client-side checks refuse before sending.
	if _, err := f.dist.PostRoot(f.ctx, r, dup); err == nil {
		t.Fatal("PostRoot accepted a duplicate signature")
	}
	if _, err := f.dist.PostRoot(f.ctx, r, malleated); err == nil {
		t.Fatal("PostRoot accepted a high-S signature")
	}

	// Insolvent: more than what is funded (10,000 tokens).
	big1 := EpochRoot{Epoch: 0, Root: r.Root, Total: tokens(10_001), LeafCount: 5}
	_, err := f.dist.PostRoot(f.ctx, big1, f.sign(f.rootDigest(big1), 0, 1, 2, 3, 4))
	wantRevert(t, err, "Insolvent")

	// The good post works once, and its replay is refused.
	if _, err := f.dist.PostRootRaw(f.ctx, r, good); err != nil {
		t.Fatal(err)
	}
	_, err = f.dist.PostRootRaw(f.ctx, r, good)
	re := wantRevert(t, err, "EpochOutOfOrder")
	if d := re.Detail.(*bindings.RoyaltyDistributorEpochOutOfOrder); d.Expected != 1 || d.Got != 0 {
		t.Fatalf("EpochOutOfOrder args %+v", d)
	}
	// More than M signatures is fine (all must be valid).
	tr1 := randomTree(t, 1, 3, 4, 1000)
	r1 := EpochRootOf(tr1)
	if _, err := f.dist.PostRoot(f.ctx, r1, f.sign(f.rootDigest(r1), 0, 1, 2, 3, 4, 5, 6)); err != nil {
		t.Fatal(err)
	}
}

func TestReplayAcrossContractsAndChains(t *testing.T) {
	f := newFixture(t)
	tr := randomTree(t, 0, 4, 5, 1000)
	r := EpochRootOf(tr)
	sigs := f.sign(f.rootDigest(r), 0, 1, 2, 3, 4)

	// Same chain, same signers, another distributor: refused.
	other := newFixtureOn(t, f)
	_, err := other.PostRootRaw(f.ctx, r, sigs)
	wantRevert(t, err, "UnknownSigner", "SignaturesNotSorted")

	// Another chain where the distributor sits at the very same address
	// (same deployer, same nonces): only the chain id differs, and that
	// alone makes the signatures useless.
	g := newFixture(t, func(c *fixtureConfig) { c.chainID = 8453 })
	if g.dist.Address() != f.dist.Address() {
		t.Fatalf("setup: addresses differ (%s vs %s)", g.dist.Address(), f.dist.Address())
	}
	_, err = g.dist.PostRootRaw(g.ctx, r, sigs)
	wantRevert(t, err, "UnknownSigner", "SignaturesNotSorted")
	if n := g.nextEpoch(); n != 0 {
		t.Fatalf("cross-chain replay moved next epoch to %d", n)
	}
	// And on the chain they were made for, they work.
	if _, err := f.dist.PostRootRaw(f.ctx, r, sigs); err != nil {
		t.Fatal(err)
	}
}

// newFixtureOn deploys a second distributor with the same signers, on f's chain.
func newFixtureOn(t *testing.T, f *fixture) *Distributor {
	t.Helper()
	addrs := make([]common.Address, len(f.signers))
	for i, s := range f.signers {
		addrs[i] = s.Address()
	}
	d, _, err := DeployDistributor(f.ctx, f.chain.Client(), f.deployer, DeployConfig{Token: f.token.Address(), Signers: addrs, Threshold: 5, Guardian: f.deployer.From, Limits: defaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	f.must(f.token.Approve(f.ctx, d.Address(), tokens(1000)))
	f.must(d.Fund(f.ctx, tokens(1000)))
	return d
}

func TestRateLimitOverTime(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) {
		c.limits = Limits{BucketCapacity: tokens(1000), RefillPerSecond: tokens(1), LargeRootThreshold: max96, LargeRootDelay: 0}
		c.fund = tokens(100_000)
	})
	post := func(epoch uint64, total *big.Int) error {
		r := EpochRoot{Epoch: epoch, Root: common.Hash{byte(epoch + 1)}, Total: total, LeafCount: 1}
		return f.post(r)
	}
	if err := post(0, tokens(1000)); err != nil { // drains the bucket
		t.Fatal(err)
	}
	lvl, _ := f.dist.BucketLevel(f.ctx)
	if lvl.Cmp(tokens(10)) > 0 {
		t.Fatalf("bucket level %s right after draining, want ~0", lvl)
	}
	re := wantRevert(t, post(1, tokens(100)), "RateLimited")
	if d := re.Detail.(*bindings.RoyaltyDistributorRateLimited); d.Allowance.Cmp(tokens(100)) >= 0 {
		t.Fatalf("RateLimited allowance %s", d.Allowance)
	}
	if err := f.chain.AdvanceTime(200 * time.Second); err != nil {
		t.Fatal(err)
	}
	lvl, _ = f.dist.BucketLevel(f.ctx)
	if lvl.Cmp(tokens(200)) < 0 || lvl.Cmp(tokens(220)) > 0 {
		t.Fatalf("bucket after 200 s is %s, want ~200 tokens", lvl)
	}
	if err := post(1, tokens(150)); err != nil {
		t.Fatal(err)
	}
	wantRevert(t, post(2, tokens(150)), "RateLimited")
	// Refill is capped at capacity however long the pause.
	if err := f.chain.AdvanceTime(100 * time.Hour); err != nil {
		t.Fatal(err)
	}
	lvl, _ = f.dist.BucketLevel(f.ctx)
	if lvl.Cmp(tokens(1000)) != 0 {
		t.Fatalf("bucket after a long pause is %s, want capacity 1000 tokens", lvl)
	}
	wantRevert(t, post(2, tokens(1001)), "RateLimited")
	if err := post(2, tokens(1000)); err != nil {
		t.Fatal(err)
	}
}

func TestLargeRootDelayAndVeto(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) {
		c.limits = Limits{BucketCapacity: tokens(1_000_000), RefillPerSecond: tokens(1000), LargeRootThreshold: tokens(1000), LargeRootDelay: 3600}
	})
	tr := randomTree(t, 0, 6, 6, 1000)
	r := EpochRootOf(tr)
	r.Total = tokens(5000) // over the threshold: must wait
	// (the tree's leaves sum to less; the contract trusts signers on that)
	if err := f.post(r); err != nil {
		t.Fatal(err)
	}
	if root, _ := f.dist.RootOf(f.ctx, 0); root != (common.Hash{}) {
		t.Fatal("large root claimable before its delay")
	}
	if p, _ := f.dist.PendingRootOf(f.ctx, 0); p != r.Root {
		t.Fatalf("pending root %s, want %s", p, r.Root)
	}
	_, err := f.dist.Claim(f.ctx, claimOf(t, tr, 0))
	wantRevert(t, err, "EpochNotClaimable")
	_, err = f.dist.Release(f.ctx, 0)
	wantRevert(t, err, "DelayNotElapsed")
	r1 := EpochRoot{Epoch: 1, Root: common.Hash{1}, Total: big.NewInt(1), LeafCount: 1}
	wantRevert(t, f.post(r1), "EpochOutOfOrder")
	wantRevert(t, f.post(r), "EpochPending")

	// Veto needs N-M+1 = 3 signers.
	vd, err := f.dist.Domain().VetoDigest(r)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.dist.Veto(f.ctx, 0, f.sign(vd, 5, 6))
	wantRevert(t, err, "NotEnoughSignatures")
	// A signature over the EpochRoot digest is not a veto.
	_, err = f.dist.Veto(f.ctx, 0, f.sign(f.rootDigest(r), 4, 5, 6))
	wantRevert(t, err, "UnknownSigner", "SignaturesNotSorted")
	avail, _ := f.dist.Available(f.ctx)
	if _, err := f.dist.Veto(f.ctx, 0, f.sign(vd, 4, 5, 6)); err != nil {
		t.Fatal(err)
	}
	avail2, _ := f.dist.Available(f.ctx)
	if new(big.Int).Sub(avail2, avail).Cmp(r.Total) != 0 {
		t.Fatalf("veto restored %s, want %s", new(big.Int).Sub(avail2, avail), r.Total)
	}
	// The vetoed root cannot come back with the same signatures.
	wantRevert(t, f.post(r), "RootWasVetoed")
	_, err = f.dist.Veto(f.ctx, 0, f.sign(vd, 4, 5, 6))
	wantRevert(t, err, "NotPending")

	// A corrected root for the same epoch goes through the delay again.
	good := EpochRootOf(tr)
	good.Total = tokens(2000)
	if err := f.post(good); err != nil {
		t.Fatal(err)
	}
	info, _ := f.dist.EpochInfo(f.ctx, 0)
	if info.Status != StatusPending || !info.Vetoed {
		t.Fatalf("epoch info after re-post %+v", info)
	}
	if err := f.chain.AdvanceTime(3601 * time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := f.dist.Release(f.ctx, 0); err != nil {
		t.Fatal(err)
	}
	if n := f.nextEpoch(); n != 1 {
		t.Fatalf("next epoch %d after release", n)
	}
	c := claimOf(t, tr, 2)
	if _, err := f.dist.Claim(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	_, err = f.dist.Release(f.ctx, 0)
	wantRevert(t, err, "NotPending")
	// Small roots skip the delay.
	if err := f.post(r1); err != nil {
		t.Fatal(err)
	}
	if root, _ := f.dist.RootOf(f.ctx, 1); root != r1.Root {
		t.Fatal("small root not claimable at once")
	}
}

func TestClaimMany(t *testing.T) {
	f := newFixture(t)
	payee := f.outsider.Address()
	var cs []Claim
	want := new(big.Int)
	for e := uint64(0); e < 3; e++ {
		tr := randomTree(t, e, 300, int64(e), 1_000_000_000)
		// put the payee in each tree by rebuilding with it
		tr2, err := addPayee(tr, payee, big.NewInt(int64(1000*(e+1))))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.post(EpochRootOf(tr2)); err != nil {
			t.Fatal(err)
		}
		i, _ := tr2.Find(payee)
		cs = append(cs, claimOf(t, tr2, i))
		want.Add(want, big.NewInt(int64(1000*(e+1))))
	}
	_, err := f.dist.ClaimMany(f.ctx, payee, nil)
	wantRevert(t, err, "NothingToClaim")
	// One bad item spoils the batch and nothing is paid.
	bad := append([]Claim{}, cs...)
	bad[2].Amount = big.NewInt(1)
	_, err = f.dist.ClaimMany(f.ctx, payee, bad)
	wantRevert(t, err, "InvalidProof")
	if f.balance(payee).Sign() != 0 {
		t.Fatal("failed claimMany paid something")
	}
	if _, err := f.dist.ClaimMany(f.ctx, payee, cs); err != nil {
		t.Fatal(err)
	}
	if got := f.balance(payee); got.Cmp(want) != 0 {
		t.Fatalf("payee got %s, want %s", got, want)
	}
	_, err = f.dist.ClaimMany(f.ctx, payee, cs[1:2])
	wantRevert(t, err, "AlreadyClaimed")
	_, err = f.dist.Claim(f.ctx, cs[0])
	wantRevert(t, err, "AlreadyClaimed")
	// The same leaf twice in one batch.
	tr := randomTree(t, 3, 5, 9, 1000)
	if err := f.post(EpochRootOf(tr)); err != nil {
		t.Fatal(err)
	}
	c := claimOf(t, tr, 1)
	_, err = f.dist.ClaimMany(f.ctx, c.Account, []Claim{c, c})
	wantRevert(t, err, "AlreadyClaimed")
	// Client-side: mixed accounts are refused before sending.
	if _, err := f.dist.ClaimMany(f.ctx, payee, []Claim{c}); err == nil {
		t.Fatal("ClaimMany accepted a claim for another account")
	}
}

func TestPauseAndUnpause(t *testing.T) {
	f := newFixture(t)
	tr := randomTree(t, 0, 4, 7, 1000)
	if err := f.post(EpochRootOf(tr)); err != nil {
		t.Fatal(err)
	}
	stranger := bind.NewKeyedTransactor(testKey("payee", 1), f.chain.ChainID())
	_, err := f.dist.As(stranger).Pause(f.ctx)
	wantRevert(t, err, "NotGuardian")
	if _, err := f.dist.Pause(f.ctx); err != nil {
		t.Fatal(err)
	}
	_, err = f.dist.Claim(f.ctx, claimOf(t, tr, 0))
	wantRevert(t, err, "ContractPaused")
	r1 := EpochRoot{Epoch: 1, Root: common.Hash{7}, Total: big.NewInt(5), LeafCount: 1}
	wantRevert(t, f.post(r1), "ContractPaused")

	nonce, _ := f.dist.Nonce(f.ctx)
	ud, _ := f.dist.Domain().UnpauseDigest(nonce)
	_, err = f.dist.Unpause(f.ctx, f.sign(ud, 0, 1, 2, 3))
	wantRevert(t, err, "NotEnoughSignatures")
	sigs := f.sign(ud, 0, 1, 2, 3, 4)
	if _, err := f.dist.Unpause(f.ctx, sigs); err != nil {
		t.Fatal(err)
	}
	_, err = f.dist.Unpause(f.ctx, sigs)
	wantRevert(t, err, "NotPaused")
	if _, err := f.dist.Claim(f.ctx, claimOf(t, tr, 0)); err != nil {
		t.Fatal(err)
	}
	// Pause again: yesterday's unpause signatures are spent (nonce moved).
	if _, err := f.dist.Pause(f.ctx); err != nil {
		t.Fatal(err)
	}
	_, err = f.dist.Unpause(f.ctx, sigs)
	wantRevert(t, err, "UnknownSigner", "SignaturesNotSorted")
	if p, _ := f.dist.Paused(f.ctx); !p {
		t.Fatal("replayed unpause lifted the pause")
	}
}

func TestRotateSigners(t *testing.T) {
	f := newFixture(t)
	newKeys := []Signer{NewKeySigner(testKey("new", 0)), NewKeySigner(testKey("new", 1)), NewKeySigner(testKey("new", 2)), NewKeySigner(testKey("new", 3))}
	newAddrs := make([]common.Address, len(newKeys))
	for i, k := range newKeys {
		newAddrs[i] = k.Address()
	}
	newGuardian := f.outsider.Address()
	rot := Rotation{Signers: SortAddresses(newAddrs), Threshold: 3, Guardian: newGuardian, Nonce: 0}
	rd, err := f.dist.Domain().RotationDigest(rot)
	if err != nil {
		t.Fatal(err)
	}
	// Too low a threshold for the new set.
	low := rot
	low.Threshold = 2
	ld, _ := f.dist.Domain().RotationDigest(low)
	_, err = f.dist.RotateSigners(f.ctx, low, f.sign(ld, 0, 1, 2, 3, 4))
	wantRevert(t, err, "ThresholdTooLow")
	// The new keys cannot authorise their own appointment.
	newSigs, _ := SignAll(rd, newKeys...)
	_, err = f.dist.RotateSigners(f.ctx, rot, newSigs)
	wantRevert(t, err, "UnknownSigner", "SignaturesNotSorted", "NotEnoughSignatures")

	sigs := f.sign(rd, 1, 2, 3, 4, 6)
	if _, err := f.dist.RotateSigners(f.ctx, rot, sigs); err != nil {
		t.Fatal(err)
	}
	got, _ := f.dist.Signers(f.ctx)
	if len(got) != 4 {
		t.Fatalf("signers after rotation: %v", got)
	}
	for i := range got {
		if got[i] != rot.Signers[i] {
			t.Fatalf("signer %d is %s, want %s", i, got[i], rot.Signers[i])
		}
	}
	if th, _ := f.dist.Threshold(f.ctx); th != 3 {
		t.Fatalf("threshold %d, want 3", th)
	}
	if g, _ := f.dist.Guardian(f.ctx); g != newGuardian {
		t.Fatalf("guardian %s", g)
	}
	// Replaying the rotation fails: the nonce moved.
	_, err = f.dist.RotateSigners(f.ctx, rot, sigs)
	wantRevert(t, err, "UnknownSigner", "SignaturesNotSorted", "NotEnoughSignatures")

	// Old signers are out; new ones post.
	tr := randomTree(t, 0, 3, 8, 1000)
	r := EpochRootOf(tr)
	wantRevert(t, f.post(r), "UnknownSigner", "SignaturesNotSorted", "NotEnoughSignatures")
	ns, _ := SignAll(f.rootDigest(r), newKeys[0], newKeys[1], newKeys[3])
	if _, err := f.dist.PostRoot(f.ctx, r, ns); err != nil {
		t.Fatal(err)
	}
	// The old guardian can no longer pause.
	_, err = f.dist.Pause(f.ctx)
	wantRevert(t, err, "NotGuardian")
}

func TestSweepExpiredEpoch(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) {
		l := defaultLimits()
		l.ClaimWindow = 86400
		c.limits = l
	})
	tr := randomTree(t, 0, 300, 10, 1_000_000) // 3 bitmap words
	r := EpochRootOf(tr)
	if err := f.post(r); err != nil {
		t.Fatal(err)
	}
	claimed := new(big.Int)
	for _, i := range []int{0, 5, 130, 299} {
		c := claimOf(t, tr, i)
		if _, err := f.dist.Claim(f.ctx, c); err != nil {
			t.Fatal(err)
		}
		claimed.Add(claimed, c.Amount)
	}
	_, _, err := f.dist.Sweep(f.ctx, 0, 10)
	wantRevert(t, err, "NotExpired")
	if err := f.chain.AdvanceTime(86401 * time.Second); err != nil {
		t.Fatal(err)
	}
	_, _, err = f.dist.Sweep(f.ctx, 0, 0)
	wantRevert(t, err, "ZeroPageSize")
	treasury := f.deployer.From
	before := f.balance(treasury)
	done, _, err := f.dist.Sweep(f.ctx, 0, 1)
	if err != nil || done {
		t.Fatalf("first page: done=%v err=%v", done, err)
	}
	// Claims are closed from the first page on.
	_, err = f.dist.Claim(f.ctx, claimOf(t, tr, 7))
	wantRevert(t, err, "EpochNotClaimable")
	done, _, err = f.dist.Sweep(f.ctx, 0, 1)
	if err != nil || done {
		t.Fatalf("second page: done=%v err=%v", done, err)
	}
	done, _, err = f.dist.Sweep(f.ctx, 0, 5)
	if err != nil || !done {
		t.Fatalf("last page: done=%v err=%v", done, err)
	}
	got := new(big.Int).Sub(f.balance(treasury), before)
	want := new(big.Int).Sub(r.Total, claimed)
	if got.Cmp(want) != 0 {
		t.Fatalf("treasury got %s, want total %s - claimed %s = %s", got, r.Total, claimed, want)
	}
	_, _, err = f.dist.Sweep(f.ctx, 0, 5)
	wantRevert(t, err, "NotSweepable")
	info, _ := f.dist.EpochInfo(f.ctx, 0)
	if info.Status != StatusSwept {
		t.Fatalf("status %d after sweep", info.Status)
	}
}

func TestSweepDisabledWithoutTreasury(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) {
		c.treasury = false
		l := defaultLimits()
		l.ClaimWindow = 10
		c.limits = l
	})
	if err := f.post(EpochRootOf(randomTree(t, 0, 2, 11, 100))); err != nil {
		t.Fatal(err)
	}
	if err := f.chain.AdvanceTime(time.Minute); err != nil {
		t.Fatal(err)
	}
	_, _, err := f.dist.Sweep(f.ctx, 0, 1)
	wantRevert(t, err, "SweepDisabled")
}

func TestFundErrors(t *testing.T) {
	f := newFixture(t, func(c *fixtureConfig) { c.fund = big.NewInt(0) })
	_, err := f.dist.Fund(f.ctx, big.NewInt(0))
	wantRevert(t, err, "ZeroAmount")
	// No allowance: the token's own custom error comes back decoded.
	_, err = f.dist.Fund(f.ctx, tokens(1))
	wantRevert(t, err, "ERC20InsufficientAllowance")
	if a, _ := f.dist.Available(f.ctx); a.Sign() != 0 {
		t.Fatalf("available %s after failed funding", a)
	}
	// Tokens sent with a plain transfer do not back roots.
	f.must(f.token.Transfer(f.ctx, f.dist.Address(), tokens(50)))
	wantRevert(t, f.post(EpochRoot{Epoch: 0, Root: common.Hash{1}, Total: tokens(1), LeafCount: 1}), "Insolvent")
}

func TestTestToken(t *testing.T) {
	f := newFixture(t)
	if d, err := f.token.Decimals(f.ctx); err != nil || d != 18 {
		t.Fatalf("decimals %d, %v", d, err)
	}
	stranger := bind.NewKeyedTransactor(testKey("payee", 2), f.chain.ChainID())
	_, err := f.token.As(stranger).Mint(f.ctx, stranger.From, tokens(1))
	wantRevert(t, err, "NotMinter")
	if _, err := f.token.Mint(f.ctx, stranger.From, tokens(3)); err != nil {
		t.Fatal(err)
	}
	if b := f.balance(stranger.From); b.Cmp(tokens(3)) != 0 {
		t.Fatalf("minted balance %s", b)
	}
}
