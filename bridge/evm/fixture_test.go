package evm

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/saharanet/saharanet/api/payout"
)

var (
	oneToken = big.NewInt(1_000_000_000_000_000_000)
	max96    = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 96), big.NewInt(1))
)

func tokens(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), oneToken) }

func testKey(label string, i int) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("saharanet evm test %s %d", label, i))))
	if err != nil {
		panic(err)
	}
	return k
}

// fixture is a chain with a funded token and a 5-of-7 distributor.
type fixture struct {
	t        testing.TB
	ctx      context.Context
	chain    *SimChain
	deployer *bind.TransactOpts // also guardian and treasury
	token    *Token
	dist     *Distributor
	signers  []Signer // sorted ascending by address
	outsider Signer
}

type fixtureConfig struct {
	chainID   int64
	signers   int
	threshold uint8
	limits    Limits
	treasury  bool
	fund      *big.Int
}

func defaultLimits() Limits {
	return Limits{BucketCapacity: tokens(1_000_000), RefillPerSecond: tokens(100), LargeRootThreshold: tokens(100_000), LargeRootDelay: 3600, ClaimWindow: 0}
}

func newFixture(t testing.TB, mods ...func(*fixtureConfig)) *fixture {
	t.Helper()
	cfg := fixtureConfig{chainID: 1337, signers: 7, threshold: 5, limits: defaultLimits(), treasury: true, fund: tokens(500_000)}
	for _, m := range mods {
		m(&cfg)
	}
	ctx := context.Background()
	dk := testKey("deployer", 0)
	chain := NewSimChain(big.NewInt(cfg.chainID), dk, testKey("payee", 1), testKey("payee", 2))
	t.Cleanup(func() { _ = chain.Close() })
	f := &fixture{t: t, ctx: ctx, chain: chain, deployer: bind.NewKeyedTransactor(dk, chain.ChainID()), outsider: NewKeySigner(testKey("outsider", 0))}
	me := f.deployer.From
	var err error
	f.token, _, err = DeployTestToken(ctx, chain.Client(), f.deployer, me, me, tokens(1_000_000_000))
	if err != nil {
		t.Fatal(err)
	}
	addrs := make([]common.Address, cfg.signers)
	byAddr := map[common.Address]Signer{}
	for i := range addrs {
		s := NewKeySigner(testKey("signer", i))
		addrs[i] = s.Address()
		byAddr[s.Address()] = s
	}
	for _, a := range SortAddresses(addrs) {
		f.signers = append(f.signers, byAddr[a])
	}
	treasury := common.Address{}
	if cfg.treasury {
		treasury = me
	}
	f.dist, _, err = DeployDistributor(ctx, chain.Client(), f.deployer, DeployConfig{
		Token: f.token.Address(), Signers: addrs, Threshold: cfg.threshold, Guardian: me, Treasury: treasury, Limits: cfg.limits,
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.fund.Sign() > 0 {
		f.must(f.token.Approve(ctx, f.dist.Address(), cfg.fund))
		f.must(f.dist.Fund(ctx, cfg.fund))
	}
	return f
}

func (f *fixture) must(_ any, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// sign has the given signers (indexes into f.signers) sign digest, in the
// contract's order.
func (f *fixture) sign(digest common.Hash, who ...int) []Signature {
	f.t.Helper()
	ss := make([]Signer, len(who))
	for i, w := range who {
		ss[i] = f.signers[w]
	}
	sigs, err := SignAll(digest, ss...)
	if err != nil {
		f.t.Fatal(err)
	}
	return sigs
}

func (f *fixture) rootDigest(r EpochRoot) common.Hash {
	f.t.Helper()
	d, err := f.dist.Domain().EpochRootDigest(r)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// post posts r signed by the first five signers.
func (f *fixture) post(r EpochRoot) error {
	_, err := f.dist.PostRoot(f.ctx, r, f.sign(f.rootDigest(r), 0, 1, 2, 3, 4))
	return err
}

func (f *fixture) balance(a common.Address) *big.Int {
	f.t.Helper()
	b, err := f.token.BalanceOf(f.ctx, a)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

func (f *fixture) nextEpoch() uint64 {
	f.t.Helper()
	n, err := f.dist.NextEpoch(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// wantRevert fails unless err is a decoded revert with one of the names.
func wantRevert(t *testing.T, err error, names ...string) *RevertError {
	t.Helper()
	if err == nil {
		t.Fatalf("want revert %v, got success", names)
	}
	var re *RevertError
	if !errors.As(err, &re) {
		t.Fatalf("want revert %v, got %v", names, err)
	}
	for _, n := range names {
		if re.Name == n {
			return re
		}
	}
	t.Fatalf("want revert %v, got %v", names, err)
	return nil
}

// randomTree builds a payout tree of n payees with amounts up to maxAmount
// from a deterministic source.
func randomTree(t *testing.T, epoch uint64, n int, seed int64, maxAmount int64) *payout.Tree {
	t.Helper()
	ps := make([]payout.Payout, n)
	for i := range ps {
		h := crypto.Keccak256([]byte(fmt.Sprintf("payee %d %d %d", seed, epoch, i)))
		copy(ps[i].Account[:], h[:20])
		amt := new(big.Int).SetBytes(h[20:28])
		ps[i].Amount = amt.Mod(amt, big.NewInt(maxAmount)).Add(amt, big.NewInt(1))
	}
	tr, err := payout.NewTree(epoch, ps)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func claimOf(t *testing.T, tr *payout.Tree, i int) Claim {
	t.Helper()
	c, err := ClaimFromTree(tr, i)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
