package validation

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
)

// blockCtx is the state of one ValidateBlock call.
type blockCtx struct {
	ctx  context.Context
	d    *Deps
	num  uint64
	ids  *identityCache
	defs onceCache[*ChaincodeDefinition]
	cols onceCache[*Collection]
	kl   onceCache[Policy]
	res  *Result
}

func (bc *blockCtx) definition(ns string) (*ChaincodeDefinition, error) {
	return bc.defs.get(ns, func() (*ChaincodeDefinition, error) {
		def, err := bc.d.Policies.ChaincodeDefinition(ns)
		if err == nil && def == nil {
			err = fmt.Errorf("%w: %q", ErrChaincodeUndefined, ns)
		}
		return def, err
	})
}

func (bc *blockCtx) collection(ns, coll string) (*Collection, error) {
	return bc.cols.get(ns+"\x00"+coll, func() (*Collection, error) {
		c, err := bc.d.Policies.Collection(ns, coll)
		if err == nil && c == nil {
			err = fmt.Errorf("%w: %s/%s", ErrUnknownCollection, ns, coll)
		}
		return c, err
	})
}

func (bc *blockCtx) keyLevelPolicy(vp []byte) (Policy, error) {
	return bc.kl.get(string(vp), func() (Policy, error) {
		p, err := bc.d.Policies.KeyLevelPolicy(vp)
		if err == nil && p == nil {
			err = errors.New("no policy")
		}
		return p, err
	})
}

// onceCache computes each key's value once, even under concurrent callers.
type onceCache[V any] struct {
	mu sync.Mutex
	m  map[string]*onceEntry[V]
}

type onceEntry[V any] struct {
	once sync.Once
	v    V
	err  error
}

func (c *onceCache[V]) get(k string, f func() (V, error)) (V, error) {
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]*onceEntry[V])
	}
	e := c.m[k]
	if e == nil {
		e = &onceEntry[V]{}
		c.m[k] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v, e.err = f() })
	return e.v, e.err
}

// ValidateBlock decides the validity code of every transaction of block and
// builds the state updates of the valid ones, at heights (block, tx index).
// pvt holds the private data received for the block, by transaction index.
// It returns an error only when the block as a whole must not be committed
// (malformed block, unreadable config, storage or policy-source failure);
// problems of single transactions become their codes in Result.Flags.
// ValidateBlock does not modify block or any of its inputs.
func ValidateBlock(ctx context.Context, block *common.Block, pvt map[uint64]*rwset.TxPvtReadWriteSet, d Deps) (*Result, error) {
	p, err := prepareBlock(ctx, block, d)
	if err != nil {
		return nil, err
	}
	return p.finish(ctx, pvt)
}

// preparedBlock is a block whose state-independent checks are done: parsing,
// creator validation and signature, endorsement signature verification.
// They depend only on the channel's MSPs, so they can run ahead of the
// commit of the previous block (Committer.CommitStream).
type preparedBlock struct {
	bc        *blockCtx
	block     *common.Block
	txs       []*tx
	hasConfig bool
}

func prepareBlock(ctx context.Context, block *common.Block, d Deps) (*preparedBlock, error) {
	if block == nil || block.Header == nil || block.Data == nil {
		return nil, errors.New("validation: block lacks header or data")
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	num := block.Header.Number
	if !bytes.Equal(block.Header.DataHash, protoutil.BlockDataHash(block.Data)) {
		return nil, fmt.Errorf("validation: block %d: data hash does not match its data", num)
	}
	bc := &blockCtx{ctx: ctx, d: &d, num: num, ids: newIdentityCache(d.Deserializer),
		res: &Result{BlockNum: num, Batch: &ledger.UpdateBatch{}}}
	data := block.Data.Data
	txs := make([]*tx, len(data))
	for i := range txs {
		txs[i] = &tx{idx: i, code: peer.TxValidationCode_NOT_VALIDATED}
	}
	if num == 0 {
		if err := bc.genesis(txs, data); err != nil {
			return nil, err
		}
	} else if err := bc.parallel(txs, func(t *tx) error { return bc.prepareTx(t, data[t.idx]) }); err != nil {
		return nil, err
	}
	p := &preparedBlock{bc: bc, block: block, txs: txs, hasConfig: num == 0}
	for _, t := range txs {
		if t.typ == common.HeaderType_CONFIG {
			p.hasConfig = true
		}
	}
	return p, nil
}

// finish runs the state-dependent checks against Deps.State as it is now
// and builds the result.
func (p *preparedBlock) finish(ctx context.Context, pvt map[uint64]*rwset.TxPvtReadWriteSet) (*Result, error) {
	bc := p.bc
	bc.ctx = ctx
	if bc.num != 0 {
		if err := bc.parallel(p.txs, bc.stateTx); err != nil {
			return nil, err
		}
	}
	if err := bc.sequential(p.txs, pvt); err != nil {
		return nil, err
	}
	return bc.res, nil
}

// parallel runs fn for every transaction on Deps.Workers goroutines; the
// first error cancels the rest.
func (bc *blockCtx) parallel(txs []*tx, fn func(t *tx) error) error {
	workers := bc.d.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(txs))
	ctx, cancel := context.WithCancel(bc.ctx)
	defer cancel()
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(txs) {
					return
				}
				if err := fn(txs[i]); err != nil {
					errOnce.Do(func() { firstErr = err; cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return fmt.Errorf("validation: block %d: %w", bc.num, firstErr)
	}
	if err := bc.ctx.Err(); err != nil {
		return fmt.Errorf("validation: block %d: %w", bc.num, err)
	}
	return nil
}

// prepareTx is the state-independent part of a transaction's validation:
// the envelope checks of §4.2, the dispatcher's parsing (§4.3) and the
// verification of every endorsement signature.
func (bc *blockCtx) prepareTx(t *tx, data []byte) error {
	t.code = peer.TxValidationCode_VALID
	if err := bc.parseEnvelope(t, data); err != nil || !t.valid() || t.typ != common.HeaderType_ENDORSER_TRANSACTION {
		return err
	}
	if !t.parseDispatch() {
		// Fabric checks for a committed duplicate txid before the
		// dispatcher parses, so this outcome waits for stateTx.
		t.dispatchCode, t.dispatchWhy = t.code, t.why
		t.code, t.why = peer.TxValidationCode_VALID, ""
		return nil
	}
	t.sigs = bc.signatureSet(t)
	t.sigs.verify()
	return nil
}

// stateTx is the part of a transaction's validation that reads committed
// state but not other transactions of the block: the ledger duplicate
// check, endorsement policies (with key-level policies from committed
// metadata) and the write-set checks.
func (bc *blockCtx) stateTx(t *tx) error {
	if !t.valid() || t.typ != common.HeaderType_ENDORSER_TRANSACTION {
		return nil
	}
	exists, err := bc.d.TxIDs.TxIDExists(t.txid)
	if err != nil {
		return fmt.Errorf("tx %d: looking up txid %s: %w", t.idx, t.txid, err)
	}
	if exists {
		t.fail(peer.TxValidationCode_DUPLICATE_TXID, "txid %s is already committed", t.txid)
		return nil
	}
	if t.dispatchCode != peer.TxValidationCode_VALID {
		t.fail(t.dispatchCode, "%s", t.dispatchWhy)
		return nil
	}
	if err := bc.checkEndorsements(t); err != nil || !t.valid() {
		return err
	}
	t.writesetErr = checkWriteset(t)
	return nil
}

// genesis accepts the config transaction of block 0 as Fabric does when a
// peer joins a channel: the block is the channel's trust root, so there is
// no MSP yet to check its creator against.
func (bc *blockCtx) genesis(txs []*tx, data [][]byte) error {
	if len(txs) != 1 {
		return fmt.Errorf("validation: genesis block has %d transactions, want one config transaction", len(txs))
	}
	for i, t := range txs {
		env := &common.Envelope{}
		payload := &common.Payload{}
		chdr := &common.ChannelHeader{}
		cfg := &common.ConfigEnvelope{}
		if err := proto.Unmarshal(data[i], env); err != nil {
			return fmt.Errorf("validation: genesis tx %d: %w", i, err)
		}
		if err := proto.Unmarshal(env.Payload, payload); err != nil || payload.Header == nil {
			return fmt.Errorf("validation: genesis tx %d: bad payload: %v", i, errOrNil(err, "no header"))
		}
		if err := proto.Unmarshal(payload.Header.ChannelHeader, chdr); err != nil {
			return fmt.Errorf("validation: genesis tx %d: channel header: %w", i, err)
		}
		if common.HeaderType(chdr.Type) != common.HeaderType_CONFIG {
			return fmt.Errorf("validation: genesis tx %d has type %v, want CONFIG", i, common.HeaderType(chdr.Type))
		}
		if bc.d.ChannelID != "" && chdr.ChannelId != bc.d.ChannelID {
			return fmt.Errorf("validation: genesis block is for channel %q, not %q", chdr.ChannelId, bc.d.ChannelID)
		}
		if err := proto.Unmarshal(payload.Data, cfg); err != nil || cfg.Config == nil {
			return fmt.Errorf("validation: genesis tx %d: config envelope: %v", i, errOrNil(err, "no config"))
		}
		t.env, t.chdr, t.typ, t.txid, t.config = env, chdr, common.HeaderType_CONFIG, chdr.TxId, cfg
		t.code = peer.TxValidationCode_VALID
	}
	return nil
}

// sequential resolves, in transaction order, everything that depends on
// earlier transactions of the block, then builds the update batch.
func (bc *blockCtx) sequential(txs []*tx, pvt map[uint64]*rwset.TxPvtReadWriteSet) error {
	res := bc.res
	res.Flags = make([]peer.TxValidationCode, len(txs))
	res.Txs = make([]TxInfo, len(txs))
	metaUpdated := make(map[keyID]bool) // keys whose metadata an endorsement-valid tx changed
	seenTxIDs := make(map[string]bool, len(txs))
	o := newOverlay()
	for _, t := range txs {
		if err := bc.ctx.Err(); err != nil {
			return fmt.Errorf("validation: block %d: %w", bc.num, err)
		}
		if t.code == peer.TxValidationCode_NOT_VALIDATED {
			return fmt.Errorf("validation: block %d: tx %d was not validated", bc.num, t.idx)
		}
		endorser := t.typ == common.HeaderType_ENDORSER_TRANSACTION
		// Key-level policies were read from committed state; an earlier
		// endorsement-valid tx that changed a key's metadata makes that
		// reading stale (Fabric's ValidationParameterUpdatedError).
		if t.valid() && endorser {
			for _, k := range t.checkedKeys {
				if metaUpdated[k] {
					t.fail(peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE, "validation parameter of %s was updated earlier in the block", describeKey(k.ns, k.coll, k.key))
					break
				}
			}
		}
		if t.valid() && endorser {
			for _, n := range t.rws {
				for _, w := range n.kv.MetadataWrites {
					metaUpdated[keyID{ns: n.ns, key: w.GetKey()}] = true
				}
				for _, c := range n.colls {
					for _, w := range c.hashed.MetadataWrites {
						metaUpdated[keyID{ns: n.ns, coll: c.name, key: string(w.GetKeyHash())}] = true
					}
				}
			}
		}
		// Fabric records txids of valid endorser transactions only.
		if t.valid() && endorser && t.txid != "" {
			if seenTxIDs[t.txid] {
				t.fail(peer.TxValidationCode_DUPLICATE_TXID, "txid %s appears earlier in the block", t.txid)
			} else {
				seenTxIDs[t.txid] = true
			}
		}
		if t.valid() && t.config != nil && bc.d.Config != nil {
			if err := bc.d.Config.HandleConfigTx(bc.ctx, bc.num, t.idx, t.env, t.config); err != nil {
				return fmt.Errorf("validation: block %d: config tx %d: %w", bc.num, t.idx, err)
			}
		}
		if t.valid() && t.writesetErr != "" {
			t.fail(peer.TxValidationCode_INVALID_WRITESET, "%s", t.writesetErr)
		}
		if t.valid() && endorser {
			if err := bc.checkReads(t, o); err != nil {
				return fmt.Errorf("validation: block %d: tx %d: %w", bc.num, t.idx, err)
			}
		}
		if t.valid() && endorser {
			p := indexPvtData(pvt[uint64(t.idx)])
			if err := bc.apply(t, o, res.Batch, &p); err != nil {
				return fmt.Errorf("validation: block %d: tx %d: %w", bc.num, t.idx, err)
			}
		}
		res.Flags[t.idx] = t.code
		info := TxInfo{TxID: t.txid, Type: t.typ, Code: t.code, Chaincode: t.ccName, Reason: t.why}
		if t.valid() {
			info.Event = t.event // an invalid transaction's event never happened
		}
		res.Txs[t.idx] = info
	}
	return nil
}
