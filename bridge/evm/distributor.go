package evm

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/saharanet/saharanet/bridge/bindings"
)

// Limits are the distributor's fixed economic limits (see the contract).
type Limits = bindings.RoyaltyDistributorLimits

// EpochInfo is what the contract keeps per epoch.
type EpochInfo = bindings.RoyaltyDistributorEpochInfo

// Epoch statuses as EpochInfo.Status reports them.
const (
	StatusNone uint8 = iota
	StatusPending
	StatusLive
	StatusSweeping
	StatusSwept
)

// DeployConfig is everything a RoyaltyDistributor is created with.
type DeployConfig struct {
	Token     common.Address
	Signers   []common.Address // any order; deployed sorted ascending
	Threshold uint8            // at least MinThreshold(len(Signers))
	Guardian  common.Address   // may pause alone
	Treasury  common.Address   // receives swept epochs; zero disables sweeping
	Limits    Limits
	// FirstEpoch is the first epoch postRoot accepts: 0 for a new network,
	// later for a distributor that takes over (at most 2^32-1).
	FirstEpoch uint64
}

// Distributor drives one RoyaltyDistributor contract. Transactions take
// their nonce from the chain's pending state, so one sending key must not be
// used from several goroutines at once (the relayer has one raft leader).
type Distributor struct {
	s      txSender
	abi    *bindings.RoyaltyDistributor
	domain Domain
}

// DeployDistributor deploys a RoyaltyDistributor and returns its driver.
// Invalid configurations are refused by the constructor and come back as a
// *RevertError (for example ThresholdTooLow).
func DeployDistributor(ctx context.Context, b Backend, from *bind.TransactOpts, cfg DeployConfig, opts ...Option) (*Distributor, *types.Receipt, error) {
	l := cfg.Limits
	for name, v := range map[string]*big.Int{"bucket capacity": l.BucketCapacity, "refill per second": l.RefillPerSecond, "large root threshold": l.LargeRootThreshold} {
		if v == nil || v.Sign() < 0 || v.BitLen() > 96 {
			return nil, nil, fmt.Errorf("deploy distributor: %s must fit uint96, got %v", name, v)
		}
	}
	a := bindings.NewRoyaltyDistributor()
	ctor := a.PackConstructor(cfg.Token, SortAddresses(cfg.Signers), cfg.Threshold, cfg.Guardian, cfg.Treasury, cfg.Limits, cfg.FirstEpoch)
	addr, rcpt, err := deploy(ctx, b, from, "deploy distributor", bindings.RoyaltyDistributorMetaData.Bin, ctor, buildOptions(opts).poll)
	if err != nil {
		return nil, rcpt, err
	}
	d, err := NewDistributor(ctx, b, from, addr, opts...)
	return d, rcpt, err
}

// NewDistributor binds an existing distributor. from may be nil for a
// read-only driver.
func NewDistributor(ctx context.Context, b Backend, from *bind.TransactOpts, addr common.Address, opts ...Option) (*Distributor, error) {
	id, err := b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("distributor %s: chain id: %w", addr, err)
	}
	o := buildOptions(opts)
	a := bindings.NewRoyaltyDistributor()
	return &Distributor{
		s:      txSender{backend: b, from: from, address: addr, contract: a.Instance(b, addr), log: o.log, poll: o.poll},
		abi:    a,
		domain: Domain{ChainID: id, Contract: addr},
	}, nil
}

// Address of the contract.
func (d *Distributor) Address() common.Address { return d.s.address }

// Domain is the EIP-712 domain signatures for this contract must use.
func (d *Distributor) Domain() Domain { return d.domain }

// As returns a copy of the driver that sends transactions as from (a payee
// claiming, the guardian pausing).
func (d *Distributor) As(from *bind.TransactOpts) *Distributor {
	c := *d
	c.s.from = from
	return &c
}

// Fund moves amount tokens from the sender into the distributor; the sender
// must have approved the distributor on the token first.
func (d *Distributor) Fund(ctx context.Context, amount *big.Int) (*types.Receipt, error) {
	return d.s.transact(ctx, "fund", d.abi.PackFund(amount))
}

// PostRoot posts a signed epoch root. sigs may come in any order; they are
// put in the ascending signer order the contract requires.
func (d *Distributor) PostRoot(ctx context.Context, r EpochRoot, sigs []Signature) (*types.Receipt, error) {
	digest, err := d.domain.EpochRootDigest(r)
	if err != nil {
		return nil, fmt.Errorf("post root for epoch %d: %w", r.Epoch, err)
	}
	ordered, _, err := OrderSignatures(digest, sigs)
	if err != nil {
		return nil, fmt.Errorf("post root for epoch %d: %w", r.Epoch, err)
	}
	return d.PostRootRaw(ctx, r, ordered)
}

// PostRootRaw posts sigs exactly as given, for callers (and tests) that
// manage signature order themselves.
func (d *Distributor) PostRootRaw(ctx context.Context, r EpochRoot, sigs []Signature) (*types.Receipt, error) {
	if r.Total == nil {
		return nil, errors.New("post root: nil total")
	}
	return d.s.transact(ctx, fmt.Sprintf("post root for epoch %d", r.Epoch),
		d.abi.PackPostRoot(r.Epoch, r.Root, r.Total, r.LeafCount, sigs))
}

// Release makes a delayed (large) root claimable once its veto window passed.
func (d *Distributor) Release(ctx context.Context, epoch uint64) (*types.Receipt, error) {
	return d.s.transact(ctx, fmt.Sprintf("release epoch %d", epoch), d.abi.PackRelease(epoch))
}

// Veto cancels a pending root; sigs are over VetoDigest of that root.
func (d *Distributor) Veto(ctx context.Context, epoch uint64, sigs []Signature) (*types.Receipt, error) {
	return d.s.transact(ctx, fmt.Sprintf("veto epoch %d", epoch), d.abi.PackVeto(epoch, sigs))
}

// Claim pays one leaf to its account.
func (d *Distributor) Claim(ctx context.Context, c Claim) (*types.Receipt, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	return d.s.transact(ctx, fmt.Sprintf("claim epoch %d leaf %d", c.Epoch, c.Index),
		d.abi.PackClaim(c.Epoch, new(big.Int).SetUint64(c.Index), c.Account, c.Amount, hashes(c.Proof)))
}

// ClaimMany pays several leaves of one account with one token transfer.
func (d *Distributor) ClaimMany(ctx context.Context, account common.Address, cs []Claim) (*types.Receipt, error) {
	items := make([]bindings.RoyaltyDistributorClaimItem, len(cs))
	for i, c := range cs {
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("claim %d: %w", i, err)
		}
		if c.Account != account {
			return nil, fmt.Errorf("claim %d: account %s, want %s", i, c.Account, account)
		}
		items[i] = bindings.RoyaltyDistributorClaimItem{Epoch: c.Epoch, Index: new(big.Int).SetUint64(c.Index), Amount: c.Amount, Proof: hashes(c.Proof)}
	}
	return d.s.transact(ctx, fmt.Sprintf("claim %d leaves for %s", len(cs), account), d.abi.PackClaimMany(account, items))
}

// Sweep counts up to maxWords bitmap words of an expired epoch and, when the
// count is complete, sends the unclaimed rest to the treasury. done reports
// whether the sweep finished.
func (d *Distributor) Sweep(ctx context.Context, epoch uint64, maxWords uint64) (done bool, rcpt *types.Receipt, err error) {
	rcpt, err = d.s.transact(ctx, fmt.Sprintf("sweep epoch %d", epoch), d.abi.PackSweep(epoch, new(big.Int).SetUint64(maxWords)))
	if err != nil {
		return false, rcpt, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := d.abi.UnpackSweptEvent(l); err == nil && ev.Epoch == epoch {
			return true, rcpt, nil
		}
	}
	return false, rcpt, nil
}

// RotateSigners replaces the signer set, threshold and guardian. r.Nonce must
// be the contract's current nonce; sigs are over RotationDigest(r) (which
// sorts the set, as this does before sending) and are ordered here.
func (d *Distributor) RotateSigners(ctx context.Context, r Rotation, sigs []Signature) (*types.Receipt, error) {
	r.Signers = SortAddresses(r.Signers)
	digest, err := d.domain.RotationDigest(r)
	if err != nil {
		return nil, err
	}
	ordered, _, err := OrderSignatures(digest, sigs)
	if err != nil {
		return nil, fmt.Errorf("rotate signers: %w", err)
	}
	return d.s.transact(ctx, "rotate signers", d.abi.PackRotateSigners(r.Signers, r.Threshold, r.Guardian, ordered))
}

// Pause stops posting, releasing, claiming and sweeping; the sender must be the guardian.
func (d *Distributor) Pause(ctx context.Context) (*types.Receipt, error) {
	return d.s.transact(ctx, "pause", d.abi.PackPause())
}

// Unpause lifts a pause; sigs are over UnpauseDigest(current nonce).
func (d *Distributor) Unpause(ctx context.Context, sigs []Signature) (*types.Receipt, error) {
	return d.s.transact(ctx, "unpause", d.abi.PackUnpause(sigs))
}

// NextEpoch is the only epoch postRoot accepts now.
func (d *Distributor) NextEpoch(ctx context.Context) (uint64, error) {
	return call(ctx, &d.s, "nextEpoch", d.abi.PackNextEpoch(), d.abi.UnpackNextEpoch)
}

// RootOf is the claimable root of an epoch (zero while pending or after a sweep).
func (d *Distributor) RootOf(ctx context.Context, epoch uint64) (common.Hash, error) {
	h, err := call(ctx, &d.s, "rootOf", d.abi.PackRootOf(epoch), d.abi.UnpackRootOf)
	return common.Hash(h), err
}

// PendingRootOf is the root of an epoch waiting out its veto delay.
func (d *Distributor) PendingRootOf(ctx context.Context, epoch uint64) (common.Hash, error) {
	h, err := call(ctx, &d.s, "pendingRootOf", d.abi.PackPendingRootOf(epoch), d.abi.UnpackPendingRootOf)
	return common.Hash(h), err
}

// EpochInfo returns the per-epoch record.
func (d *Distributor) EpochInfo(ctx context.Context, epoch uint64) (EpochInfo, error) {
	return call(ctx, &d.s, "epochInfo", d.abi.PackEpochInfo(epoch), d.abi.UnpackEpochInfo)
}

// IsClaimed reports whether leaf index of epoch has been paid.
func (d *Distributor) IsClaimed(ctx context.Context, epoch, index uint64) (bool, error) {
	return call(ctx, &d.s, "isClaimed", d.abi.PackIsClaimed(epoch, new(big.Int).SetUint64(index)), d.abi.UnpackIsClaimed)
}

// Signers is the current signer set, ascending.
func (d *Distributor) Signers(ctx context.Context) ([]common.Address, error) {
	return call(ctx, &d.s, "signers", d.abi.PackSigners(), d.abi.UnpackSigners)
}

// Threshold is the current signature threshold.
func (d *Distributor) Threshold(ctx context.Context) (uint8, error) {
	return call(ctx, &d.s, "threshold", d.abi.PackThreshold(), d.abi.UnpackThreshold)
}

// Paused reports whether the guardian paused the contract.
func (d *Distributor) Paused(ctx context.Context) (bool, error) {
	return call(ctx, &d.s, "paused", d.abi.PackPaused(), d.abi.UnpackPaused)
}

// Nonce is the governance nonce the next rotation or unpause must sign.
func (d *Distributor) Nonce(ctx context.Context) (uint64, error) {
	return call(ctx, &d.s, "nonce", d.abi.PackNonce(), d.abi.UnpackNonce)
}

// Guardian is the address that may pause.
func (d *Distributor) Guardian(ctx context.Context) (common.Address, error) {
	return call(ctx, &d.s, "guardian", d.abi.PackGuardian(), d.abi.UnpackGuardian)
}

// Available is the funded amount not yet promised to any epoch.
func (d *Distributor) Available(ctx context.Context) (*big.Int, error) {
	return call(ctx, &d.s, "available", d.abi.PackAvailable(), d.abi.UnpackAvailable)
}

// BucketLevel is the largest total the rate limit lets through right now.
func (d *Distributor) BucketLevel(ctx context.Context) (*big.Int, error) {
	return call(ctx, &d.s, "bucketLevel", d.abi.PackBucketLevel(), d.abi.UnpackBucketLevel)
}

// ContractEpochRootDigest asks the contract for the digest it verifies; the
// bridge uses it as a self-check against Domain.EpochRootDigest at startup.
func (d *Distributor) ContractEpochRootDigest(ctx context.Context, r EpochRoot) (common.Hash, error) {
	h, err := call(ctx, &d.s, "hashEpochRoot", d.abi.PackHashEpochRoot(r.Epoch, r.Root, r.Total, r.LeafCount), d.abi.UnpackHashEpochRoot)
	return common.Hash(h), err
}

func hashes(p []common.Hash) [][32]byte {
	out := make([][32]byte, len(p))
	for i, h := range p {
		out[i] = h
	}
	return out
}

// CheckQuorum verifies sigs over digest against the contract's current
// signer set and threshold without sending anything, and returns them in the
// order the contract wants. The relayer runs it before paying for a
// transaction that would revert.
func (d *Distributor) CheckQuorum(ctx context.Context, digest common.Hash, sigs []Signature) ([]Signature, error) {
	set, err := d.Signers(ctx)
	if err != nil {
		return nil, err
	}
	th, err := d.Threshold(ctx)
	if err != nil {
		return nil, err
	}
	ordered, who, err := OrderSignatures(digest, sigs)
	if err != nil {
		return nil, err
	}
	members := make(map[common.Address]bool, len(set))
	for _, a := range set {
		members[a] = true
	}
	for _, w := range who {
		if !members[w] {
			return nil, fmt.Errorf("quorum: %s is not a current signer", w)
		}
	}
	if len(ordered) < int(th) {
		return nil, fmt.Errorf("quorum: %d valid signatures, threshold is %d", len(ordered), th)
	}
	return ordered, nil
}
