package privdata

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/gossip"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/validation"
)

// DefaultPullTimeout bounds how long Gather waits for private data pulled
// from other peers before the block commits without it.
const DefaultPullTimeout = 3 * time.Second

// Puller fetches private write sets from another peer; *Client implements
// it.
type Puller interface {
	Pull(ctx context.Context, endpoint, channel string, digests []*gossip.PvtDataDigest) ([]*gossip.PvtDataElement, error)
}

// OldPrivateDataCommitter stores private data of blocks that are already
// committed (reconciliation). It is the ledger method this package needs;
// see the package report for its precise contract.
type OldPrivateDataCommitter interface {
	// Height is the number of committed blocks.
	Height() uint64
	// CommitOldPrivateData stores, in one atomic batch, each write whose
	// (Namespace, Collection, SHA-256(Key)) hashed state still has exactly
	// Version and SHA-256(Value) (delete: no hashed value) and whose
	// ExpiresAtBlock (0 = never) is above Height(); other writes are
	// skipped, not errors. ExpiresAtBlock schedules the BTL purge as for
	// writes committed with their block.
	CommitOldPrivateData(writes []ledger.PrivateWrite) error
}

// CoordinatorConfig is what a Coordinator works with, for one channel.
type CoordinatorConfig struct {
	Channel string
	// LocalMSP is this peer's org: it stores collections that org is a
	// member of.
	LocalMSP    string
	Collections CollectionSource
	Info        func() ChannelInfo
	Transient   *TransientStore
	Missing     *MissingIndex
	// Puller and Peers fetch data the transient store lacks; nil Puller
	// disables pulling.
	Puller      Puller
	Peers       PeerSource
	PullTimeout time.Duration // default 3s
	Logger      *slog.Logger
}

// Coordinator is the commit-side private data flow of one channel
// (fabric-wire.md §4.1 step 6, §6.4): before validation it gathers each
// transaction's private data from the transient store or from member peers
// and keeps only what matches the block's pvt_rwset_hash; after commit it
// purges the transient store and records what is still missing; its
// reconciliation pass pulls missing data later and stores it in the ledger.
type Coordinator struct {
	cfg CoordinatorConfig
	log *slog.Logger
}

// NewCoordinator checks cfg and returns a Coordinator.
func NewCoordinator(cfg CoordinatorConfig) (*Coordinator, error) {
	switch {
	case cfg.Channel == "" || cfg.LocalMSP == "":
		return nil, errors.New("privdata: coordinator needs a channel and the local MSP ID")
	case cfg.Collections == nil || cfg.Info == nil:
		return nil, errors.New("privdata: coordinator needs a collection source and channel info")
	case cfg.Transient == nil || cfg.Missing == nil:
		return nil, errors.New("privdata: coordinator needs a transient store and a missing-data index")
	case cfg.Puller != nil && cfg.Peers == nil:
		return nil, errors.New("privdata: coordinator puller without a peer source")
	}
	if cfg.PullTimeout <= 0 {
		cfg.PullTimeout = DefaultPullTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Coordinator{cfg: cfg, log: log.With("channel", cfg.Channel)}, nil
}

// collHash is one collection of one transaction that carries private writes.
type collHash struct {
	tx         uint64
	txid       string
	ns, coll   string
	hash       []byte
	collection *Collection
}

func (h collHash) key() pvtKey { return pvtKey{h.tx, h.ns, h.coll} }

type pvtKey struct {
	tx       uint64
	ns, coll string
}

// blockCollections lists the private-data collections of every endorser
// transaction of block. A transaction that does not parse is skipped:
// validation marks it invalid.
func blockCollections(block *common.Block) []collHash {
	var out []collHash
	for i, raw := range block.GetData().GetData() {
		env, err := protoutil.UnmarshalEnvelope(raw)
		if err != nil {
			continue
		}
		ue, err := protoutil.UnpackEnvelope(env)
		if err != nil || ue.ChannelHeader.GetType() != int32(common.HeaderType_ENDORSER_TRANSACTION) {
			continue
		}
		tx, err := protoutil.UnmarshalTransaction(ue.Payload.GetData())
		if err != nil || len(tx.GetActions()) != 1 {
			continue
		}
		cpl, err := protoutil.UnmarshalChaincodeActionPayload(tx.GetActions()[0].GetPayload())
		if err != nil {
			continue
		}
		prp, err := protoutil.UnmarshalProposalResponsePayload(cpl.GetAction().GetProposalResponsePayload())
		if err != nil {
			continue
		}
		ca, err := protoutil.UnmarshalChaincodeAction(prp.GetExtension())
		if err != nil {
			continue
		}
		rws, err := protoutil.UnmarshalTxReadWriteSet(ca.GetResults())
		if err != nil {
			continue
		}
		for _, ns := range rws.GetNsRwset() {
			for _, ch := range ns.GetCollectionHashedRwset() {
				if len(ch.GetPvtRwsetHash()) == 0 {
					continue
				}
				out = append(out, collHash{tx: uint64(i), txid: ue.ChannelHeader.GetTxId(), ns: ns.GetNamespace(),
					coll: ch.GetCollectionName(), hash: ch.GetPvtRwsetHash()})
			}
		}
	}
	return out
}

// needed keeps the collections this peer's org stores.
func (c *Coordinator) needed(all []collHash) []collHash {
	var out []collHash
	for _, h := range all {
		coll, err := Lookup(c.cfg.Collections, h.ns, h.coll)
		if err != nil || !coll.IsMemberOrg(c.cfg.LocalMSP) {
			continue // unknown collections fail validation; non-members keep hashes only
		}
		h.collection = coll
		out = append(out, h)
	}
	return out
}

func matching(candidates [][]byte, hash []byte) []byte {
	for _, raw := range candidates {
		if sum := sha256.Sum256(raw); bytes.Equal(sum[:], hash) {
			return raw
		}
	}
	return nil
}

// Gather returns the private data of block that this peer is entitled to,
// by transaction index, for validation (ValidateBlock / CommitBlock). Data
// comes from the transient store, else from member peers within the pull
// timeout; only write sets whose SHA-256 equals the block's pvt_rwset_hash
// are returned, so a tampered write set never reaches validation. What is
// absent is reported by validation as MissingPvt and recorded by Committed.
func (c *Coordinator) Gather(ctx context.Context, block *common.Block) (map[uint64]*rwset.TxPvtReadWriteSet, error) {
	need := c.needed(blockCollections(block))
	found := map[pvtKey][]byte{}
	var lacking []collHash
	for _, h := range need {
		cands, err := c.cfg.Transient.CollectionRWSets(h.txid, h.ns, h.coll)
		if err != nil {
			return nil, fmt.Errorf("privdata: block %d: %w", block.GetHeader().GetNumber(), err)
		}
		if raw := matching(cands, h.hash); raw != nil {
			found[h.key()] = raw
			continue
		}
		if len(cands) > 0 {
			c.log.Warn("transient private data does not match the block's hash", "block", block.GetHeader().GetNumber(),
				"txid", h.txid, "namespace", h.ns, "collection", h.coll)
		}
		lacking = append(lacking, h)
	}
	if len(lacking) > 0 && c.cfg.Puller != nil {
		pctx, cancel := context.WithTimeout(ctx, c.cfg.PullTimeout)
		for k, raw := range c.pull(pctx, block.GetHeader().GetNumber(), lacking) {
			found[k] = raw
		}
		cancel()
	}
	out := map[uint64]*rwset.TxPvtReadWriteSet{}
	for _, h := range need {
		raw, ok := found[h.key()]
		if !ok {
			continue
		}
		tx := out[h.tx]
		if tx == nil {
			tx = &rwset.TxPvtReadWriteSet{DataModel: rwset.TxReadWriteSet_KV}
			out[h.tx] = tx
		}
		var ns *rwset.NsPvtReadWriteSet
		for _, n := range tx.NsPvtRwset {
			if n.Namespace == h.ns {
				ns = n
			}
		}
		if ns == nil {
			ns = &rwset.NsPvtReadWriteSet{Namespace: h.ns}
			tx.NsPvtRwset = append(tx.NsPvtRwset, ns)
		}
		ns.CollectionPvtRwset = append(ns.CollectionPvtRwset, &rwset.CollectionPvtReadWriteSet{CollectionName: h.coll, Rwset: raw})
	}
	if n := len(need) - len(found); n > 0 {
		c.log.Info("private data missing at commit", "block", block.GetHeader().GetNumber(), "collections", n)
	}
	return out, nil
}

// pull asks member peers, one after another, for the wanted collections of
// a block and keeps the first payload matching each hash.
func (c *Coordinator) pull(ctx context.Context, block uint64, want []collHash) map[pvtKey][]byte {
	got := map[pvtKey][]byte{}
	peers := resolvePeers(c.cfg.Peers.Peers(c.cfg.Channel), c.cfg.Info())
	for _, p := range peers {
		if ctx.Err() != nil || len(got) == len(want) {
			break
		}
		var digests []*gossip.PvtDataDigest
		byDigest := map[pvtKey]collHash{}
		for _, h := range want {
			if _, ok := got[h.key()]; ok || !p.eligible(h.collection) {
				continue
			}
			digests = append(digests, &gossip.PvtDataDigest{TxId: h.txid, Namespace: h.ns, Collection: h.coll,
				BlockSeq: block, SeqInBlock: h.tx})
			byDigest[h.key()] = h
		}
		if len(digests) == 0 {
			continue
		}
		elems, err := c.cfg.Puller.Pull(ctx, p.Endpoint, c.cfg.Channel, digests)
		if err != nil {
			c.log.Warn("private data pull failed", "peer", p.Endpoint, "block", block, "err", err)
			continue
		}
		for _, e := range elems {
			d := e.GetDigest()
			k := pvtKey{d.GetSeqInBlock(), d.GetNamespace(), d.GetCollection()}
			h, ok := byDigest[k]
			if !ok || d.GetBlockSeq() != block {
				continue // not asked for
			}
			if raw := matching(e.GetPayload(), h.hash); raw != nil {
				got[k] = raw
			} else if len(e.GetPayload()) > 0 {
				c.log.Warn("pulled private data does not match the block's hash", "peer", p.Endpoint, "block", block,
					"txid", h.txid, "namespace", h.ns, "collection", h.coll)
			}
		}
	}
	return got
}

// Committed finishes a block after the ledger committed it: transient
// entries of its transactions (txids, as validation parsed them) are purged,
// with those past the retention limit, and the collections validation
// reported missing are recorded for reconciliation.
func (c *Coordinator) Committed(block *common.Block, txids []string, missing []validation.MissingPvtData) error {
	num := block.GetHeader().GetNumber()
	if len(missing) > 0 {
		hashes := map[pvtKey]collHash{}
		for _, h := range blockCollections(block) {
			hashes[h.key()] = h
		}
		var entries []MissingEntry
		for _, m := range missing {
			h, ok := hashes[pvtKey{m.TxNum, m.Namespace, m.Collection}]
			if !ok {
				continue
			}
			entries = append(entries, MissingEntry{Block: num, Tx: m.TxNum, TxID: h.txid, Namespace: m.Namespace, Collection: m.Collection, Hash: h.hash})
		}
		if err := c.cfg.Missing.Add(entries...); err != nil {
			return err
		}
		c.log.Info("recorded missing private data for reconciliation", "block", num, "collections", len(entries))
	}
	if err := c.cfg.Transient.PurgeByTxIDs(txids); err != nil {
		return err
	}
	_, err := c.cfg.Transient.PurgeExpired(num + 1)
	return err
}

// Reconcile makes one pass over up to limit missing entries (limit <= 0:
// 100): pulls them from member peers, verifies them against the recorded
// hash and stores them through l. Entries stored, or no longer storable
// (expired under block-to-live, collection gone, org no longer a member),
// leave the index. It returns how many entries were stored.
func (c *Coordinator) Reconcile(ctx context.Context, l OldPrivateDataCommitter, limit int) (int, error) {
	if limit <= 0 {
		limit = 100
	}
	entries, err := c.cfg.Missing.List(limit)
	if err != nil || len(entries) == 0 {
		return 0, err
	}
	height := l.Height()
	var drop []MissingEntry
	byBlock := map[uint64][]collHash{}
	entryOf := map[uint64]map[pvtKey]MissingEntry{}
	var blocks []uint64
	for _, e := range entries {
		coll, err := Lookup(c.cfg.Collections, e.Namespace, e.Collection)
		if err != nil || !coll.IsMemberOrg(c.cfg.LocalMSP) || expired(e.Block, coll.BlockToLive, height) {
			drop = append(drop, e)
			continue
		}
		if _, ok := byBlock[e.Block]; !ok {
			blocks = append(blocks, e.Block)
			entryOf[e.Block] = map[pvtKey]MissingEntry{}
		}
		h := collHash{tx: e.Tx, txid: e.TxID, ns: e.Namespace, coll: e.Collection, hash: e.Hash, collection: coll}
		byBlock[e.Block] = append(byBlock[e.Block], h)
		entryOf[e.Block][h.key()] = e
	}
	stored := 0
	for _, b := range blocks {
		if c.cfg.Puller == nil || ctx.Err() != nil {
			break
		}
		pctx, cancel := context.WithTimeout(ctx, c.cfg.PullTimeout)
		got := c.pull(pctx, b, byBlock[b])
		cancel()
		var writes []ledger.PrivateWrite
		var done []MissingEntry
		for _, h := range byBlock[b] {
			raw, ok := got[h.key()]
			if !ok {
				continue
			}
			ws, err := privateWrites(raw, b, h)
			if err != nil {
				c.log.Warn("reconciled private data does not decode", "block", b, "txid", h.txid, "err", err)
				continue
			}
			writes = append(writes, ws...)
			done = append(done, entryOf[b][h.key()])
		}
		if len(done) == 0 {
			continue
		}
		if err := l.CommitOldPrivateData(writes); err != nil {
			return stored, fmt.Errorf("privdata: reconcile block %d: %w", b, err)
		}
		drop = append(drop, done...)
		stored += len(done)
	}
	if err := c.cfg.Missing.Remove(drop...); err != nil {
		return stored, err
	}
	if stored > 0 {
		c.log.Info("reconciled missing private data", "collections", stored)
	}
	return stored, nil
}

// expired reports whether data committed at block under btl is purged at
// ledger height h: it is purged when block+btl+1 commits.
func expired(block, btl, h uint64) bool {
	return btl > 0 && block+btl+1 < h
}

func privateWrites(raw []byte, block uint64, h collHash) ([]ledger.PrivateWrite, error) {
	kv := &kvrwset.KVRWSet{}
	if err := proto.Unmarshal(raw, kv); err != nil {
		return nil, err
	}
	var exp uint64
	if btl := h.collection.BlockToLive; btl > 0 {
		exp = block + btl + 1
	}
	var out []ledger.PrivateWrite
	for _, w := range kv.GetWrites() {
		pw := ledger.PrivateWrite{Namespace: h.ns, Collection: h.coll, Key: w.GetKey(),
			IsDelete: w.GetIsDelete() || len(w.GetValue()) == 0, Version: ledger.Height{BlockNum: block, TxNum: h.tx}}
		if !pw.IsDelete {
			pw.Value, pw.ExpiresAtBlock = w.GetValue(), exp
		}
		out = append(out, pw)
	}
	return out, nil
}

// RunReconciler calls Reconcile every interval until ctx ends.
func (c *Coordinator) RunReconciler(ctx context.Context, l OldPrivateDataCommitter, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := c.Reconcile(ctx, l, 0); err != nil && ctx.Err() == nil {
				c.log.Warn("private data reconciliation failed", "err", err)
			}
		}
	}
}
