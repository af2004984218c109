package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

var (
	// ErrWrongBlockNumber: the block is not the next one (a gap).
	ErrWrongBlockNumber = errors.New("ledger: block number is not the next height")
	// ErrPreviousHash: previous_hash does not equal the last block's header hash.
	ErrPreviousHash = errors.New("ledger: previous_hash does not chain to the last block")
	// ErrBlockMismatch: a block re-committed at a stored number differs from the stored one.
	ErrBlockMismatch = errors.New("ledger: block differs from the committed block with the same number")
	// ErrInvalidBlock: the block itself is malformed (header, data hash, filter).
	ErrInvalidBlock = errors.New("ledger: invalid block")
	// ErrInvalidBatch: the update batch does not fit the block.
	ErrInvalidBatch = errors.New("ledger: invalid update batch")
)

// Commit stores block and everything batch changes in one atomic, fsynced
// Pebble batch: the block, its hash and txid indexes, public state, hashed
// state, private data (with BTL expiry scheduling and purges) and history.
//
// The block must carry TRANSACTIONS_FILTER with one code per transaction,
// and every update must come from a VALID transaction of this block. A block
// whose number is below Height() is accepted as a no-op if its header hash is
// the stored one (a restarted peer re-delivering), and rejected otherwise.
// Any error leaves the ledger unchanged.
func (l *Ledger) Commit(block *common.Block, batch *UpdateBatch) error {
	start := time.Now()
	l.commitMu.Lock()
	defer l.commitMu.Unlock()
	l.mu.RLock()
	closed, tip := l.closed, l.tip
	l.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	if block.GetHeader() == nil {
		return fmt.Errorf("%w: no header", ErrInvalidBlock)
	}
	n := block.GetHeader().GetNumber()
	hash := protoutil.BlockHeaderHash(block.GetHeader())
	switch {
	case n < tip.height:
		stored, err := readBlock(l.db, n)
		if err != nil {
			return fmt.Errorf("ledger: re-commit of block %d: %w", n, err)
		}
		if !bytes.Equal(protoutil.BlockHeaderHash(stored.GetHeader()), hash) {
			return fmt.Errorf("%w: block %d", ErrBlockMismatch, n)
		}
		return nil
	case n > tip.height:
		return fmt.Errorf("%w: got block %d, ledger height is %d", ErrWrongBlockNumber, n, tip.height)
	}
	if !bytes.Equal(block.GetHeader().GetPreviousHash(), tip.lastHash) {
		return fmt.Errorf("%w: block %d has previous_hash %x, last block hash is %x",
			ErrPreviousHash, n, block.GetHeader().GetPreviousHash(), tip.lastHash)
	}
	if dh := protoutil.BlockDataHash(block.GetData()); !bytes.Equal(dh, block.GetHeader().GetDataHash()) {
		return fmt.Errorf("%w: block %d data_hash %x, data hashes to %x", ErrInvalidBlock, n, block.GetHeader().GetDataHash(), dh)
	}
	flags, err := txFilter(block)
	if err != nil {
		return err
	}
	if batch == nil {
		batch = &UpdateBatch{}
	}
	if err := validateBatch(n, flags, batch); err != nil {
		return err
	}
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(block)
	if err != nil {
		return fmt.Errorf("%w: marshal block %d: %v", ErrInvalidBlock, n, err)
	}

	wb := l.db.NewBatchWithSize(len(raw) + 2*batchBytes(batch) + 4096)
	defer wb.Close()
	cb := newCommitBuilder(l.db, wb, n)
	cb.flags, cb.txs = flags, parseTxHeaders(block.GetData().GetData())
	if err := cb.build(batch); err != nil {
		return err
	}
	newTip := chainTip{height: n + 1, lastHash: hash}
	set(wb, blockKey(n), raw)
	set(wb, blockHashKey(hash), appendU64(nil, n))
	set(wb, metaKey, encodeTip(newTip))
	size := wb.Len()
	if err := wb.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("ledger: write block %d: %w", n, err)
	}
	l.advance(newTip)
	l.logger.Debug("block committed", "block", n, "txs", len(flags), "batch_bytes", size, "took", time.Since(start))
	return nil
}

// set adds to a batch; pebble's Batch.Set only fails on a closed batch.
func set(wb *pebble.Batch, k, v []byte) { _ = wb.Set(k, v, nil) }
func del(wb *pebble.Batch, k []byte)    { _ = wb.Delete(k, nil) }

func batchBytes(b *UpdateBatch) int {
	n := 0
	for i := range b.Public {
		n += len(b.Public[i].Key) + len(b.Public[i].Value) + 32
	}
	for i := range b.Private {
		n += len(b.Private[i].Key) + len(b.Private[i].Value) + 32
	}
	return n + 96*len(b.Hashed)
}

func txFilter(block *common.Block) ([]byte, error) {
	md := block.GetMetadata().GetMetadata()
	if len(md) <= int(common.BlockMetadataIndex_TRANSACTIONS_FILTER) {
		return nil, fmt.Errorf("%w: block %d has no TRANSACTIONS_FILTER metadata", ErrInvalidBlock, block.GetHeader().GetNumber())
	}
	flags := md[common.BlockMetadataIndex_TRANSACTIONS_FILTER]
	if len(flags) != len(block.GetData().GetData()) {
		return nil, fmt.Errorf("%w: block %d has %d transactions but %d validation flags",
			ErrInvalidBlock, block.GetHeader().GetNumber(), len(block.GetData().GetData()), len(flags))
	}
	return flags, nil
}

// txHeader is what the ledger needs from each envelope: the id and timestamp.
type txHeader struct {
	txid string
	ts   time.Time
}

// parseTxHeaders reads the channel header of every envelope. An envelope that
// does not parse was marked invalid by validation; it is stored, but not
// indexed by txid.
func parseTxHeaders(data [][]byte) []txHeader {
	out := make([]txHeader, len(data))
	for i, d := range data {
		// Envelope.payload (1) -> Payload.header (1): read with protowire so
		// the transaction body is not copied just to reach its header.
		payload, ok := bytesField(d, 1)
		if !ok {
			continue
		}
		hdrBytes, ok := bytesField(payload, 1)
		if !ok {
			continue
		}
		hdr := &common.Header{}
		if proto.Unmarshal(hdrBytes, hdr) != nil {
			continue
		}
		ch := &common.ChannelHeader{}
		if proto.Unmarshal(hdr.GetChannelHeader(), ch) != nil {
			continue
		}
		out[i].txid = ch.GetTxId()
		if ch.GetTimestamp() != nil {
			out[i].ts = ch.GetTimestamp().AsTime()
		}
	}
	return out
}

// bytesField returns the last occurrence of length-delimited field num of a
// marshalled message (protobuf's last-one-wins rule), validating the framing.
func bytesField(msg []byte, num protowire.Number) ([]byte, bool) {
	var out []byte
	found := false
	for len(msg) > 0 {
		n, t, k := protowire.ConsumeTag(msg)
		if k < 0 {
			return nil, false
		}
		msg = msg[k:]
		if n == num && t == protowire.BytesType {
			v, k := protowire.ConsumeBytes(msg)
			if k < 0 {
				return nil, false
			}
			out, found = v, true
			msg = msg[k:]
			continue
		}
		k = protowire.ConsumeFieldValue(n, t, msg)
		if k < 0 {
			return nil, false
		}
		msg = msg[k:]
	}
	return out, found
}

func validateBatch(n uint64, flags []byte, b *UpdateBatch) error {
	check := func(what string, i int, h Height) error {
		if h.BlockNum != n {
			return fmt.Errorf("%w: %s[%d] has version %d:%d in block %d", ErrInvalidBatch, what, i, h.BlockNum, h.TxNum, n)
		}
		if h.TxNum >= uint64(len(flags)) {
			return fmt.Errorf("%w: %s[%d] names tx %d, block %d has %d", ErrInvalidBatch, what, i, h.TxNum, n, len(flags))
		}
		if flags[h.TxNum] != byte(peer.TxValidationCode_VALID) {
			return fmt.Errorf("%w: %s[%d] comes from tx %d which is %s, not VALID", ErrInvalidBatch, what, i, h.TxNum,
				peer.TxValidationCode(flags[h.TxNum]))
		}
		return nil
	}
	expiry := func(what string, i int, at uint64) error {
		if at != 0 && at <= n {
			return fmt.Errorf("%w: %s[%d] expires at block %d, not after block %d", ErrInvalidBatch, what, i, at, n)
		}
		return nil
	}
	for i, w := range b.Public {
		if w.Namespace == "" || w.Key == "" {
			return fmt.Errorf("%w: public[%d] has empty namespace or key", ErrInvalidBatch, i)
		}
		if err := check("public", i, w.Version); err != nil {
			return err
		}
	}
	for i, w := range b.Hashed {
		if w.Namespace == "" || w.Collection == "" || len(w.KeyHash) != 32 {
			return fmt.Errorf("%w: hashed[%d] needs namespace, collection and a 32-byte key hash", ErrInvalidBatch, i)
		}
		if len(w.ValueHash) != 0 && len(w.ValueHash) != 32 {
			return fmt.Errorf("%w: hashed[%d] value hash has %d bytes", ErrInvalidBatch, i, len(w.ValueHash))
		}
		if err := check("hashed", i, w.Version); err != nil {
			return err
		}
		if err := expiry("hashed", i, w.ExpiresAtBlock); err != nil {
			return err
		}
	}
	for i, w := range b.Private {
		if w.Namespace == "" || w.Collection == "" || w.Key == "" {
			return fmt.Errorf("%w: private[%d] has empty namespace, collection or key", ErrInvalidBatch, i)
		}
		if err := check("private", i, w.Version); err != nil {
			return err
		}
		if err := expiry("private", i, w.ExpiresAtBlock); err != nil {
			return err
		}
	}
	type nkv struct {
		ns, key string
		h       Height
	}
	written := make(map[nkv]bool, len(b.Public))
	for _, w := range b.Public {
		written[nkv{w.Namespace, w.Key, w.Version}] = true
	}
	for i, e := range b.History {
		if err := check("history", i, e.Version); err != nil {
			return err
		}
		if !written[nkv{e.Namespace, e.Key, e.Version}] {
			return fmt.Errorf("%w: history[%d] %s/%q at %d:%d has no matching public write",
				ErrInvalidBatch, i, e.Namespace, e.Key, e.Version.BlockNum, e.Version.TxNum)
		}
	}
	return nil
}

// advance publishes a new tip: wakes block iterators and notifies subscribers.
func (l *Ledger) advance(t chainTip) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tip = t
	close(l.changed)
	l.changed = make(chan struct{})
	for _, ch := range l.subs {
		notify(ch, t.height)
	}
}
