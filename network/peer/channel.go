package peer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
	"github.com/saharanet/saharanet/network/validation"
)

// ErrChannelClosed is returned by waits on a channel whose node closed.
var ErrChannelClosed = errors.New("peer: channel closed")

// Channel is one joined channel on this peer.
type Channel struct {
	id       string
	node     *Node
	logger   *slog.Logger
	ledger   *ledger.Ledger
	bundle   atomic.Pointer[channelconfig.Bundle]
	policies *lifecycle.PolicySource

	commitMu  sync.Mutex // serialises CommitBlock; guards pending
	committer *validation.Committer
	pending   *channelconfig.Bundle
	pd        *channelPrivateData

	waitMu  sync.Mutex
	waiters map[string][]chan ledger.TxLocation

	// processed is the height up to which commits are fully applied
	// (config, definition cache, waiters), which trails the ledger height
	// briefly during each commit.
	processed atomic.Uint64
	pullerOK  atomic.Bool // the commit path reached an orderer since start
	cancel    context.CancelFunc
	done      chan struct{}
	closed    chan struct{}
}

// openChannel opens (creating with genesis) the ledger of channel id and
// starts its commit path. The caller holds n.mu or is in New.
func (n *Node) openChannel(id string, genesis *common.Block) (*Channel, error) {
	dir := filepath.Join(n.ledgersDir(), id)
	if genesis != nil {
		if _, err := os.Stat(dir); err == nil {
			return nil, fmt.Errorf("ledger directory %s already exists", dir)
		}
	}
	l, err := ledger.Open(dir, n.ledgerOpts...)
	if err != nil {
		return nil, err
	}
	c := &Channel{id: id, node: n, logger: n.logger.With("channel", id), ledger: l,
		waiters: map[string][]chan ledger.TxLocation{}, closed: make(chan struct{}), done: make(chan struct{})}
	var b *channelconfig.Bundle
	if genesis != nil {
		b, err = channelconfig.NewBundleFromBlock(genesis)
	} else {
		b, err = c.loadBundle()
	}
	if err != nil {
		l.Close()
		return nil, err
	}
	c.bundle.Store(b)
	c.policies = lifecycle.NewPolicySource(l, c.Bundle, n.cfg.MSPID)
	c.committer = validation.NewCommitter(l, validation.Deps{
		ChannelID:    id,
		Deserializer: bundleDeserializer{c},
		Policies:     c.policies,
		Config:       configHandler{c},
		// A peer's own endorsements need no second signature check.
		OwnEndorsements: n.own,
	}, validation.WithLogger(c.logger))
	if c.pd, err = c.openPrivateData(); err != nil {
		l.Close()
		return nil, fmt.Errorf("private data stores: %w", err)
	}
	if genesis != nil {
		if _, err := c.commit(context.Background(), genesis, nil, false); err != nil {
			c.pd.close()
			l.Close()
			return nil, fmt.Errorf("commit genesis block: %w", err)
		}
	}
	c.processed.Store(l.Height())
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.pd.startReconciler(ctx, c, n.reconcileInterval)
	if n.noPull {
		close(c.done)
		c.pullerOK.Store(true)
	} else {
		go func() {
			defer close(c.done)
			c.pull(ctx)
		}()
	}
	n.metrics.height(id, l.Height())
	return c, nil
}

// loadBundle rebuilds the channel config from the last config block.
func (c *Channel) loadBundle() (*channelconfig.Bundle, error) {
	h := c.ledger.Height()
	if h == 0 {
		return nil, errors.New("ledger is empty: the join did not complete; remove the directory and join again")
	}
	tip, err := c.ledger.BlockByNumber(h - 1)
	if err != nil {
		return nil, err
	}
	idx, err := protoutil.LastConfigIndex(tip)
	if err != nil {
		return nil, fmt.Errorf("last config index of block %d: %w", h-1, err)
	}
	cb, err := c.ledger.BlockByNumber(idx)
	if err != nil {
		return nil, fmt.Errorf("config block %d: %w", idx, err)
	}
	return channelconfig.NewBundleFromBlock(cb)
}

// ID is the channel name.
func (c *Channel) ID() string { return c.id }

// Ledger is the channel's ledger.
func (c *Channel) Ledger() *ledger.Ledger { return c.ledger }

// Bundle is the current channel config.
func (c *Channel) Bundle() *channelconfig.Bundle { return c.bundle.Load() }

// Policies is the channel's validation.PolicySource over _lifecycle
// definitions, channel policies and implicit collections.
func (c *Channel) Policies() *lifecycle.PolicySource { return c.policies }

// Definition returns the committed definition of a chaincode, or an error
// wrapping lifecycle.ErrNotDefined.
func (c *Channel) Definition(name string) (*lifecycle.Definition, error) {
	return c.policies.Definition(name)
}

// CollectionAccess returns the private data permissions of a proposal
// creator on this channel, for simulation.WithCollectionAccess: explicit
// collections of committed definitions and every org's implicit collection
// in every namespace, including _lifecycle (approvals need it).
func (c *Channel) CollectionAccess(creator msp.Identity) simulation.CollectionAccess {
	return c.policies.CollectionAccess(creator)
}

// WaitForTx blocks until transaction txid is committed on this channel (in
// any block, with any validation code) and returns where. It subscribes
// before it looks the transaction up, so a commit in between is not missed.
func (c *Channel) WaitForTx(ctx context.Context, txid string) (*ledger.TxLocation, error) {
	ch := make(chan ledger.TxLocation, 1)
	c.waitMu.Lock()
	c.waiters[txid] = append(c.waiters[txid], ch)
	c.waitMu.Unlock()
	defer c.removeWaiter(txid, ch)
	loc, err := c.ledger.TxByID(txid)
	if err == nil && loc.BlockNum < c.processed.Load() {
		return loc, nil
	}
	// Committed but not yet applied (definitions, config): the waiter
	// registered above is notified once it is.
	if err != nil && !errors.Is(err, ledger.ErrNotFound) {
		return nil, fmt.Errorf("peer: look up tx %s: %w", txid, err)
	}
	select {
	case l := <-ch:
		return &l, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.closed:
		return nil, ErrChannelClosed
	}
}

func (c *Channel) removeWaiter(txid string, ch chan ledger.TxLocation) {
	c.waitMu.Lock()
	defer c.waitMu.Unlock()
	ws := c.waiters[txid]
	for i, w := range ws {
		if w == ch {
			ws = append(ws[:i], ws[i+1:]...)
			break
		}
	}
	if len(ws) == 0 {
		delete(c.waiters, txid)
	} else {
		c.waiters[txid] = ws
	}
}

// CommitBlock verifies a block from the orderer (§4.9: number, channel,
// data hash, canonical envelopes, orderer signatures satisfying
// /Channel/Orderer/BlockValidation), validates and commits it, applies a
// config change and wakes waiters. A block already committed is checked
// against the stored one and not re-applied.
func (c *Channel) CommitBlock(ctx context.Context, block *common.Block, pvt map[uint64]*rwset.TxPvtReadWriteSet) (*validation.Result, error) {
	return c.commit(ctx, block, pvt, true)
}

func (c *Channel) commit(ctx context.Context, block *common.Block, pvt map[uint64]*rwset.TxPvtReadWriteSet, verify bool) (*validation.Result, error) {
	c.commitMu.Lock()
	defer c.commitMu.Unlock()
	num := block.GetHeader().GetNumber()
	h := c.ledger.Height()
	if verify && num >= h {
		if num > h {
			return nil, fmt.Errorf("peer: block %d is ahead of ledger height %d", num, h)
		}
		bv, err := c.Bundle().Policy("/Channel/Orderer/BlockValidation")
		if err != nil {
			return nil, fmt.Errorf("peer: block %d: %w", num, err)
		}
		if err := protoutil.VerifyBlock(block, c.id, h, bv); err != nil {
			return nil, fmt.Errorf("peer: block %d failed verification: %w", num, err)
		}
	}
	if pvt == nil && num == h && num > 0 {
		// Private data from the transient store or member peers, checked
		// against the block's hashes before validation sees it.
		pvt = c.gatherPrivateData(ctx, block)
	}
	c.pending = nil
	res, err := c.committer.Commit(ctx, block, pvt)
	if err != nil {
		c.pending = nil
		return nil, err
	}
	if res.AlreadyCommitted {
		return res, nil
	}
	c.privateDataCommitted(block, res)
	if c.pending != nil {
		c.bundle.Store(c.pending)
		c.pending = nil
		c.logger.Info("channel config updated", "block", num)
	}
	if lifecycleChanged(res.Batch, lifecycle.ImplicitCollection(c.node.cfg.MSPID)) {
		c.policies.Invalidate()
	}
	c.notify(num, res)
	c.processed.Store(num + 1)
	c.node.metrics.committed(c.id, num+1, res)
	return res, nil
}

// lifecycleChanged reports whether a block changed what the channel's
// definitions resolve to: a committed definition (public _lifecycle state)
// or an approval of this peer's own org (its implicit collection of
// _lifecycle), which picks the package this peer runs.
func lifecycleChanged(b *ledger.UpdateBatch, ownColl string) bool {
	if b == nil {
		return false
	}
	for _, w := range b.Public {
		if w.Namespace == lifecycle.Namespace {
			return true
		}
	}
	for _, w := range b.Hashed {
		if w.Namespace == lifecycle.Namespace && w.Collection == ownColl {
			return true
		}
	}
	return false
}

func (c *Channel) notify(num uint64, res *validation.Result) {
	c.waitMu.Lock()
	defer c.waitMu.Unlock()
	if len(c.waiters) == 0 {
		return
	}
	for i, t := range res.Txs {
		ws, ok := c.waiters[t.TxID]
		if !ok || t.TxID == "" {
			continue
		}
		// The first occurrence of a txid is the one the ledger indexes;
		// later duplicates in the block must not overwrite it.
		delete(c.waiters, t.TxID)
		loc := ledger.TxLocation{BlockNum: num, TxNum: uint64(i), Code: res.Flags[i]}
		for _, w := range ws {
			w <- loc
		}
	}
}

func (c *Channel) ready() error {
	if !c.pullerOK.Load() {
		return errors.New("no orderer reached yet")
	}
	return nil
}

func (c *Channel) close() error {
	c.cancel()
	<-c.done
	close(c.closed)
	// Commits in flight hold commitMu; wait for them before closing storage.
	c.commitMu.Lock()
	defer c.commitMu.Unlock()
	return errors.Join(c.pd.close(), c.ledger.Close())
}

// bundleDeserializer follows config changes: validation always sees the
// current channel MSPs.
type bundleDeserializer struct{ c *Channel }

func (d bundleDeserializer) DeserializeIdentity(b []byte) (msp.Identity, error) {
	return d.c.Bundle().MSPManager.DeserializeIdentity(b)
}

// configHandler stages the config of a valid CONFIG transaction; commit
// installs it once the block is stored.
type configHandler struct{ c *Channel }

func (h configHandler) HandleConfigTx(_ context.Context, blockNum uint64, _ int, _ *common.Envelope, cfg *common.ConfigEnvelope) error {
	if blockNum == 0 {
		return nil // the genesis config is the bundle the channel opened with
	}
	b, err := channelconfig.NewBundle(h.c.id, cfg.GetConfig())
	if err != nil {
		return fmt.Errorf("config of block %d: %w", blockNum, err)
	}
	h.c.pending = b
	return nil
}
