package validation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/ledger"
)

// Ledger is what Committer needs of a channel ledger; *ledger.Ledger
// implements it.
type Ledger interface {
	ledger.StateReader
	TxIDChecker
	// Height is the number of committed blocks.
	Height() uint64
	// BlockByNumber returns a committed block.
	BlockByNumber(n uint64) (*common.Block, error)
	// Commit stores a block and its updates atomically; committing a block
	// that is already stored, unchanged, is a no-op.
	Commit(block *common.Block, batch *ledger.UpdateBatch) error
}

// Committer validates blocks and commits them to a ledger, one at a time.
type Committer struct {
	mu     sync.Mutex
	l      Ledger
	deps   Deps
	logger *slog.Logger
}

// CommitterOption configures a Committer.
type CommitterOption func(*Committer)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) CommitterOption { return func(c *Committer) { c.logger = l } }

// NewCommitter returns a Committer over l. deps supplies the channel's
// deserializer, policies and optional config handler; its State and TxIDs
// are replaced by l.
func NewCommitter(l Ledger, deps Deps, opts ...CommitterOption) *Committer {
	deps.State, deps.TxIDs = l, l
	c := &Committer{l: l, deps: deps, logger: slog.Default()}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Commit validates block against the ledger's committed state, writes the
// validation codes into block.Metadata[TRANSACTIONS_FILTER] (the block is
// modified in place, as the orderer leaves that entry to the peer) and
// commits the block with its updates in one atomic ledger batch.
//
// A block that is already committed (a peer restarted after a crash and is
// re-delivered blocks) is not validated again, since its own writes would
// now conflict with it: Commit checks that it is the stored block and
// returns the stored codes with AlreadyCommitted set.
func (c *Committer) Commit(ctx context.Context, block *common.Block, pvt map[uint64]*rwset.TxPvtReadWriteSet) (*Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.commit(ctx, block, pvt, nil)
}

// commit commits one block, using its prepared state-independent checks
// when the caller has them.
func (c *Committer) commit(ctx context.Context, block *common.Block, pvt map[uint64]*rwset.TxPvtReadWriteSet, p *preparedBlock) (*Result, error) {
	if block.GetHeader() == nil {
		return nil, errors.New("validation: commit: block has no header")
	}
	num := block.GetHeader().GetNumber()
	switch h := c.l.Height(); {
	case num < h:
		return c.recommit(block)
	case num > h:
		// Validating against state that lacks the blocks in between would
		// produce wrong codes; fail before doing the work.
		return nil, fmt.Errorf("validation: block %d cannot commit at height %d: %w", num, h, ledger.ErrWrongBlockNumber)
	}
	start := time.Now()
	if p == nil {
		var err error
		if p, err = prepareBlock(ctx, block, c.deps); err != nil {
			return nil, err
		}
	}
	res, err := p.finish(ctx, pvt)
	if err != nil {
		return nil, err
	}
	validated := time.Since(start)
	setFilter(block, res.FilterBytes())
	if err := c.l.Commit(block, res.Batch); err != nil {
		return nil, fmt.Errorf("validation: commit block %d: %w", num, err)
	}
	c.logger.Info("committed block", "block", num, "txs", len(res.Flags), "valid", res.ValidCount(),
		"missing_pvt", len(res.MissingPvt), "validate", validated, "total", time.Since(start))
	for i, t := range res.Txs {
		if t.Code != peer.TxValidationCode_VALID {
			c.logger.Debug("invalid transaction", "block", num, "tx", i, "txid", t.TxID, "code", t.Code, "reason", t.Reason)
		}
	}
	return res, nil
}

// BlockAndPvt is a block with the private data received for it, by
// transaction index.
type BlockAndPvt struct {
	Block *common.Block
	Pvt   map[uint64]*rwset.TxPvtReadWriteSet
}

// CommitStream commits the blocks it receives, in order, until in is closed
// (it then returns nil) or ctx ends or a commit fails (it returns the
// error). Each result goes to done before the next block commits. While a
// block commits, the next one is parsed and its signatures verified: that
// work needs only the channel's MSPs, so it stops at a config block, whose
// successor waits until the config block is committed.
func (c *Committer) CommitStream(ctx context.Context, in <-chan BlockAndPvt, done func(*Result)) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type staged struct {
		item BlockAndPvt
		p    *preparedBlock
		err  error
	}
	stagedCh := make(chan staged, 1)
	committed := make(chan struct{}) // signalled after a config block commits
	go func() {
		defer close(stagedCh)
		for {
			var item BlockAndPvt
			var ok bool
			select {
			case <-ctx.Done():
				return
			case item, ok = <-in:
				if !ok {
					return
				}
			}
			s := staged{item: item}
			if item.Block.GetHeader().GetNumber() >= c.l.Height() {
				s.p, s.err = prepareBlock(ctx, item.Block, c.deps)
			}
			select {
			case stagedCh <- s:
			case <-ctx.Done():
				return
			}
			if s.err != nil {
				return
			}
			if s.p != nil && s.p.hasConfig {
				select {
				case <-committed:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	for s := range stagedCh {
		if s.err != nil {
			return s.err
		}
		res, err := c.commit(ctx, s.item.Block, s.item.Pvt, s.p)
		if err != nil {
			return err
		}
		if s.p != nil && s.p.hasConfig {
			select {
			case committed <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if done != nil {
			done(res)
		}
	}
	return ctx.Err()
}

func (c *Committer) recommit(block *common.Block) (*Result, error) {
	num := block.GetHeader().GetNumber()
	stored, err := c.l.BlockByNumber(num)
	if err != nil {
		return nil, fmt.Errorf("validation: re-commit of block %d: %w", num, err)
	}
	filter := stored.GetMetadata().GetMetadata()
	var flags []byte
	if len(filter) > int(common.BlockMetadataIndex_TRANSACTIONS_FILTER) {
		flags = filter[common.BlockMetadataIndex_TRANSACTIONS_FILTER]
	}
	// The ledger compares the block with the stored one and rejects a
	// different block with the same number.
	setFilter(block, flags)
	if err := c.l.Commit(block, nil); err != nil {
		return nil, fmt.Errorf("validation: re-commit of block %d: %w", num, err)
	}
	res := &Result{BlockNum: num, Batch: &ledger.UpdateBatch{}, AlreadyCommitted: true,
		Flags: make([]peer.TxValidationCode, len(flags))}
	for i, f := range flags {
		res.Flags[i] = peer.TxValidationCode(f)
	}
	c.logger.Info("block already committed", "block", num)
	return res, nil
}

// setFilter stores the validation codes, growing the metadata array to
// Fabric's five entries if the orderer sent fewer.
func setFilter(block *common.Block, flags []byte) {
	if block.Metadata == nil {
		block.Metadata = &common.BlockMetadata{}
	}
	for len(block.Metadata.Metadata) < len(common.BlockMetadataIndex_name) {
		block.Metadata.Metadata = append(block.Metadata.Metadata, nil)
	}
	block.Metadata.Metadata[common.BlockMetadataIndex_TRANSACTIONS_FILTER] = flags
}

// FlagsFromBlock reads the validation codes a committed block carries.
func FlagsFromBlock(block *common.Block) ([]peer.TxValidationCode, error) {
	md := block.GetMetadata().GetMetadata()
	if len(md) <= int(common.BlockMetadataIndex_TRANSACTIONS_FILTER) {
		return nil, errors.New("validation: block has no TRANSACTIONS_FILTER")
	}
	raw := md[common.BlockMetadataIndex_TRANSACTIONS_FILTER]
	if len(raw) != len(block.GetData().GetData()) {
		return nil, fmt.Errorf("validation: TRANSACTIONS_FILTER has %d codes for %d transactions", len(raw), len(block.GetData().GetData()))
	}
	out := make([]peer.TxValidationCode, len(raw))
	for i, f := range raw {
		out[i] = peer.TxValidationCode(f)
	}
	return out, nil
}
