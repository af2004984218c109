package orderer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/bloom"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// ErrBlockNotFound is returned for a block number at or above the height.
var ErrBlockNotFound = errors.New("block not found")

// BlockStore is the orderer's per-channel chain of blocks. The orderer keeps
// its own small store rather than the peer ledger: it needs blocks and a txid
// index only, no state, history or private data.
type BlockStore interface {
	// Height is the number of blocks stored.
	Height() uint64
	// Block returns block n, or ErrBlockNotFound.
	Block(n uint64) (*common.Block, error)
	// LastHeaderHash is the header hash of block Height()-1 (nil when empty).
	LastHeaderHash() []byte
	// Append stores the next block; its number must equal Height() and its
	// previous hash must chain. It need not be durable before Sync: the
	// orderer's raft log already holds every block durably, and a node that
	// crashes re-applies the entries after its last snapshot.
	Append(b *common.Block) error
	// Sync makes every appended block durable (the FSM calls it before
	// reporting a height in a raft snapshot, after which raft may compact
	// the log entries that carried those blocks).
	Sync() error
	// HasTx reports whether a transaction id is in a stored block, in
	// any envelope.
	HasTx(txid string) (bool, error)
	// HasEnvelopes reports, for each envelope envs[i] with channel header
	// tx id txids[i], whether a stored block holds the same tx id with the
	// same envelope bytes (compared by SHA-256): an exact retry. A different
	// envelope reusing a stored tx id is not reported. "" is never stored.
	// It is one sorted pass over the index, much cheaper per envelope than
	// separate lookups, and hashes only envelopes whose tx id is stored.
	HasEnvelopes(txids []string, envs [][]byte) ([]bool, error)
	// Wait returns when Height() > n or ctx ends.
	Wait(ctx context.Context, n uint64) error
	Close() error
}

// notifier lets readers wait for a new height without polling.
type notifier struct {
	mu sync.Mutex
	ch chan struct{}
}

func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

func (n *notifier) fire() {
	n.mu.Lock()
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
	n.mu.Unlock()
}

// pebbleStore keeps blocks by number in one Pebble database and the tx id
// index in another. Apart, block keys are sequential, so Pebble moves
// flushed block tables down its levels without rewriting them; mixed with
// random tx id keys, every compaction rewrote the block bytes overlapping
// the index. The index is written first and records the height it covers,
// and OpenBlockStore re-indexes any blocks beyond that, so the two never
// disagree for long: a crash can leave the index ahead (the blocks it names
// are replayed from the raft log) or, after an OS crash, behind (fixed on
// open).
type pebbleStore struct {
	db       *pebble.DB // 'b' + number → block
	idx      *pebble.DB // 't' + tx id → SHA-256 of each envelope with that id; 'h' → height indexed; 'v' → format
	mu       sync.RWMutex
	height   uint64
	lastHash []byte
	notify   notifier
	closed   bool
	// dbMu is held shared by every database access and exclusively by
	// Close: Pebble panics on use after close, and Deliver streams may read
	// while the channel shuts down.
	dbMu sync.RWMutex
}

// ErrStoreClosed is returned by Wait once the store is closed.
var ErrStoreClosed = errors.New("block store closed")

var (
	prefixBlock = []byte{'b'}
	prefixTx    = []byte{'t'}
	keyIndexed  = []byte{'h'}
	keyFormat   = []byte{'v'}
)

// indexFormat is the tx id index's layout, recorded under keyFormat. 1 (no
// key) mapped a tx id to its block number; 2 maps it to the concatenated
// SHA-256 hashes of the envelopes carrying it, one 32-byte hash in all but
// the rare case of a reused tx id, written as Pebble merge operands
// (concatenation) so indexing never reads. An index in another format is
// dropped and rebuilt from the blocks on open.
const indexFormat = 2

// EnvelopeHash identifies an envelope's exact bytes in the tx id index:
// the orderer treats an envelope as a retry of a stored or in-flight one
// only if tx id and bytes both match.
func EnvelopeHash(env []byte) [sha256.Size]byte { return sha256.Sum256(env) }

func blockKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, prefixBlock...), n)
}

// OpenBlockStore opens (or creates) a block store: blocks in dir, the tx id
// index in dir + "-txids".
func OpenBlockStore(dir string) (BlockStore, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: quietLogger{}})
	if err != nil {
		return nil, fmt.Errorf("open block store %s: %w", dir, err)
	}
	// Bloom filters (one level entry applies to all levels): the leader looks
	// up every tx id it orders (HasTxs), almost always absent, and without a
	// filter each miss reads index and data blocks of every level. The
	// filters are keyed by Split's prefix, which the default comparer lacks:
	// every key is its own prefix here.
	cmp := *pebble.DefaultComparer
	cmp.Split = func(key []byte) int { return len(key) }
	// The default merger concatenates: each indexed envelope adds its hash
	// to its tx id's value.
	idx, err := pebble.Open(dir+"-txids", &pebble.Options{Logger: quietLogger{}, Comparer: &cmp,
		Merger: pebble.DefaultMerger, Levels: []pebble.LevelOptions{{FilterPolicy: bloom.FilterPolicy(10)}}})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open tx id index of %s: %w", dir, err)
	}
	s := &pebbleStore{db: db, idx: idx}
	fail := func(err error) (BlockStore, error) {
		idx.Close()
		db.Close()
		return nil, fmt.Errorf("block store %s: %w", dir, err)
	}
	it, err := db.NewIter(&pebble.IterOptions{LowerBound: prefixBlock, UpperBound: []byte{'b' + 1}})
	if err != nil {
		return fail(err)
	}
	if it.Last() {
		b := &common.Block{}
		if err := proto.Unmarshal(it.Value(), b); err != nil {
			it.Close()
			return fail(fmt.Errorf("last block corrupt: %w", err))
		}
		s.height = b.GetHeader().GetNumber() + 1
		s.lastHash = protoutil.BlockHeaderHash(b.Header)
	}
	if err := it.Close(); err != nil {
		return fail(err)
	}
	if err := s.migrateIndex(); err != nil {
		return fail(err)
	}
	if err := s.catchUpIndex(); err != nil {
		return fail(err)
	}
	return s, nil
}

// migrateIndex drops an index written in another format (or none: a new
// or pre-format store), so that catchUpIndex rebuilds it from block 0.
func (s *pebbleStore) migrateIndex() error {
	v, closer, err := s.idx.Get(keyFormat)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
	case err != nil:
		return err
	default:
		ok := len(v) == 8 && binary.BigEndian.Uint64(v) == indexFormat
		closer.Close()
		if ok {
			return nil
		}
	}
	batch := s.idx.NewBatch()
	defer batch.Close()
	_ = batch.DeleteRange(prefixTx, []byte{prefixTx[0] + 1}, nil)
	_ = batch.Delete(keyIndexed, nil)
	_ = batch.Set(keyFormat, binary.BigEndian.AppendUint64(nil, indexFormat), nil)
	if err := batch.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("reset tx id index to format %d: %w", indexFormat, err)
	}
	return nil
}

// catchUpIndex indexes the stored blocks the index does not cover yet (a
// store from before the index was separate, or an index that lost its tail
// in an OS crash).
func (s *pebbleStore) catchUpIndex() error {
	from := uint64(0)
	v, closer, err := s.idx.Get(keyIndexed)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
	case err != nil:
		return err
	default:
		if len(v) == 8 {
			from = binary.BigEndian.Uint64(v)
		}
		closer.Close()
	}
	for n := from; n < s.height; n++ {
		b, err := s.Block(n)
		if err != nil {
			return err
		}
		if err := s.index(b, pebble.NoSync); err != nil {
			return err
		}
	}
	if from < s.height {
		return s.idx.LogData(nil, pebble.Sync)
	}
	return nil
}

// index records b's tx ids with their envelopes' hashes, and that the
// index covers b. A block indexed twice (replayed after a crash left the
// index ahead of the blocks) repeats its hashes, which lookups tolerate.
func (s *pebbleStore) index(b *common.Block, opt *pebble.WriteOptions) error {
	batch := s.idx.NewBatch()
	defer batch.Close()
	key := make([]byte, 0, 80)
	for _, raw := range b.GetData().GetData() {
		id := envelopeTxID(raw)
		if id == "" {
			continue
		}
		key = append(append(key[:0], prefixTx...), id...)
		h := EnvelopeHash(raw)
		_ = batch.Merge(key, h[:], nil) // Merge copies key and value
	}
	_ = batch.Set(keyIndexed, binary.BigEndian.AppendUint64(nil, b.Header.Number+1), nil)
	if err := batch.Commit(opt); err != nil {
		return fmt.Errorf("index block %d: %w", b.Header.Number, err)
	}
	return nil
}

func (s *pebbleStore) Height() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.height
}

func (s *pebbleStore) LastHeaderHash() []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.lastHash
}

func (s *pebbleStore) Block(n uint64) (*common.Block, error) {
	if n >= s.Height() {
		return nil, fmt.Errorf("block %d: %w", n, ErrBlockNotFound)
	}
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	if s.isClosed() {
		return nil, ErrStoreClosed
	}
	v, closer, err := s.db.Get(blockKey(n))
	if err != nil {
		return nil, fmt.Errorf("block %d: %w", n, err)
	}
	defer closer.Close()
	b := &common.Block{}
	if err := proto.Unmarshal(v, b); err != nil {
		return nil, fmt.Errorf("block %d corrupt: %w", n, err)
	}
	return b, nil
}

// verifiedAppender is a store that can append a block whose data hash the
// caller has just verified (the FSM, through SignBlock) without hashing the
// data again, given the block's encoding without metadata (the raft entry),
// to which it appends the metadata instead of marshalling the whole block
// again: at hundreds of envelopes per block each pass over the data counts.
type verifiedAppender interface {
	appendVerified(b *common.Block, headerAndData []byte) error
}

func (s *pebbleStore) Append(b *common.Block) error {
	if err := checkNext(b, s.Height(), s.LastHeaderHash()); err != nil {
		return err
	}
	raw, err := proto.Marshal(b)
	if err != nil {
		return err
	}
	return s.append(b, raw)
}

func (s *pebbleStore) appendVerified(b *common.Block, headerAndData []byte) error {
	if err := checkLink(b, s.Height(), s.LastHeaderHash()); err != nil {
		return err
	}
	// Fields concatenate in the protobuf wire format: header and data as the
	// leader encoded them, then field 3, metadata.
	meta, err := proto.Marshal(b.Metadata)
	if err != nil {
		return err
	}
	metaField := protowire.AppendBytes(protowire.AppendTag(nil, 3, protowire.BytesType), meta)
	return s.append(b, headerAndData, metaField)
}

// append stores b, whose encoding is the concatenation of parts, written
// straight into the Pebble batch.
func (s *pebbleStore) append(b *common.Block, parts ...[]byte) error {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	if s.isClosed() {
		return ErrStoreClosed
	}
	// No fsync here: the raft log store has already synced the entry carrying this
	// block on a quorum, so one fsync per block per node suffices; the FSM
	// calls Sync before a snapshot lets raft forget the entry. The index
	// goes first so that it is never behind the blocks after a process crash.
	if err := s.index(b, pebble.NoSync); err != nil {
		return err
	}
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	key := blockKey(b.Header.Number)
	batch := s.db.NewBatch()
	defer batch.Close()
	op := batch.SetDeferred(len(key), size)
	copy(op.Key, key)
	n := 0
	for _, p := range parts {
		n += copy(op.Value[n:], p)
	}
	if err := op.Finish(); err != nil {
		return err
	}
	if err := batch.Commit(pebble.NoSync); err != nil {
		return fmt.Errorf("store block %d: %w", b.Header.Number, err)
	}
	s.mu.Lock()
	s.height = b.Header.Number + 1
	s.lastHash = protoutil.BlockHeaderHash(b.Header)
	s.mu.Unlock()
	s.notify.fire()
	return nil
}

func (s *pebbleStore) Sync() error {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	if s.isClosed() {
		return ErrStoreClosed
	}
	// An empty synced record syncs a WAL, and with it every earlier batch.
	if err := s.idx.LogData(nil, pebble.Sync); err != nil {
		return err
	}
	return s.db.LogData(nil, pebble.Sync)
}

func (s *pebbleStore) HasTx(txid string) (bool, error) {
	if txid == "" {
		return false, nil
	}
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	if s.isClosed() {
		return false, ErrStoreClosed
	}
	_, closer, err := s.idx.Get(append(append([]byte{}, prefixTx...), txid...))
	if errors.Is(err, pebble.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	closer.Close()
	return true, nil
}

func (s *pebbleStore) HasEnvelopes(txids []string, envs [][]byte) ([]bool, error) {
	if len(txids) != len(envs) {
		return nil, fmt.Errorf("HasEnvelopes: %d tx ids for %d envelopes", len(txids), len(envs))
	}
	out := make([]bool, len(txids))
	order := make([]int, 0, len(txids))
	for i, id := range txids {
		if id != "" {
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		return out, nil
	}
	// Ascending seeks on one iterator let Pebble move forward from its last
	// position instead of starting each lookup from the top of every level.
	sort.Slice(order, func(a, b int) bool { return txids[order[a]] < txids[order[b]] })
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	if s.isClosed() {
		return nil, ErrStoreClosed
	}
	it, err := s.idx.NewIter(&pebble.IterOptions{LowerBound: prefixTx, UpperBound: []byte{prefixTx[0] + 1}})
	if err != nil {
		return nil, err
	}
	key := append([]byte{}, prefixTx...)
	for _, i := range order {
		key = append(key[:len(prefixTx)], txids[i]...)
		// SeekPrefixGE consults the tables' bloom filters.
		if !it.SeekPrefixGE(key) || !bytes.Equal(it.Key(), key) {
			continue
		}
		hashes := it.Value()
		if len(hashes)%sha256.Size != 0 {
			it.Close()
			return nil, fmt.Errorf("tx id index entry of %q is %d bytes, not a list of SHA-256 hashes", txids[i], len(hashes))
		}
		h := EnvelopeHash(envs[i])
		for ; len(hashes) > 0 && !out[i]; hashes = hashes[sha256.Size:] {
			out[i] = bytes.Equal(hashes[:sha256.Size], h[:])
		}
	}
	if err := it.Close(); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *pebbleStore) Wait(ctx context.Context, n uint64) error {
	for {
		ch := s.notify.wait()
		s.mu.RLock()
		h, closed := s.height, s.closed
		s.mu.RUnlock()
		if h > n {
			return nil
		}
		if closed {
			return ErrStoreClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (s *pebbleStore) isClosed() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.closed
}

func (s *pebbleStore) Close() error {
	s.dbMu.Lock()
	defer s.dbMu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.notify.fire()
	return errors.Join(s.idx.Close(), s.db.Close())
}

// ErrNotNextBlock is returned by Append for a block that does not extend the
// chain: wrong number, previous hash or data hash, or no header or data.
var ErrNotNextBlock = errors.New("block does not extend the chain")

// checkNext verifies that b is the block to append after a chain of the given height.
func checkNext(b *common.Block, height uint64, lastHash []byte) error {
	if err := checkLink(b, height, lastHash); err != nil {
		return err
	}
	if !bytes.Equal(b.Header.DataHash, protoutil.BlockDataHash(b.Data)) {
		return fmt.Errorf("%w: block %d: data hash mismatch", ErrNotNextBlock, b.Header.Number)
	}
	return nil
}

// checkLink is checkNext without the data hash.
func checkLink(b *common.Block, height uint64, lastHash []byte) error {
	if b.GetHeader() == nil || b.GetData() == nil {
		return fmt.Errorf("%w: block has no header or data", ErrNotNextBlock)
	}
	if b.Header.Number != height {
		return fmt.Errorf("%w: block number %d, want %d", ErrNotNextBlock, b.Header.Number, height)
	}
	if height > 0 && !bytes.Equal(b.Header.PreviousHash, lastHash) {
		return fmt.Errorf("%w: block %d: previous hash does not chain", ErrNotNextBlock, b.Header.Number)
	}
	return nil
}

// envelopeTxID returns the channel header's tx_id of a marshalled envelope,
// or "" when the envelope, payload or channel header does not parse. It
// walks the wire format of the three outer messages instead of unmarshalling
// them (which would copy the whole payload) and only unmarshals the small
// channel header. The answer equals a full unmarshal's (envelopeTxIDSlow;
// FuzzEnvelopeTxID compares them): bytes fields keep their last occurrence,
// and a repeated Payload.header, which proto would merge, takes the slow path.
func envelopeTxID(raw []byte) string {
	payload, _, ok := lastBytesField(raw, 1) // Envelope.payload
	if !ok {
		return ""
	}
	header, n, ok := lastBytesField(payload, 1) // Payload.header
	if !ok || n == 0 {
		return ""
	}
	if n > 1 {
		return envelopeTxIDSlow(raw)
	}
	chdr, _, ok := lastBytesField(header, 1) // Header.channel_header
	if !ok {
		return ""
	}
	ch := &common.ChannelHeader{}
	if proto.Unmarshal(chdr, ch) != nil {
		return ""
	}
	return ch.TxId
}

// lastBytesField checks that msg is valid wire format and returns the last
// length-delimited occurrence of field num and how many there were. A
// known field with another wire type is an unknown field to proto, so it is
// skipped here too.
func lastBytesField(msg []byte, num protowire.Number) (val []byte, count int, ok bool) {
	for len(msg) > 0 {
		n, typ, tagLen := protowire.ConsumeTag(msg)
		if tagLen < 0 {
			return nil, 0, false
		}
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(msg[tagLen:])
			if l < 0 {
				return nil, 0, false
			}
			val, count = v, count+1
			msg = msg[tagLen+l:]
			continue
		}
		l := protowire.ConsumeFieldValue(n, typ, msg[tagLen:])
		if l < 0 {
			return nil, 0, false
		}
		msg = msg[tagLen+l:]
	}
	return val, count, true
}

// envelopeTxIDSlow is envelopeTxID by full unmarshalling.
func envelopeTxIDSlow(raw []byte) string {
	env := &common.Envelope{}
	if proto.Unmarshal(raw, env) != nil {
		return ""
	}
	pl := &common.Payload{}
	if proto.Unmarshal(env.Payload, pl) != nil || pl.Header == nil {
		return ""
	}
	ch := &common.ChannelHeader{}
	if proto.Unmarshal(pl.Header.ChannelHeader, ch) != nil {
		return ""
	}
	return ch.TxId
}

// quietLogger drops Pebble's informational messages (WAL replay etc.) and
// keeps errors.
type quietLogger struct{}

func (quietLogger) Infof(string, ...interface{}) {}
func (quietLogger) Errorf(format string, args ...interface{}) {
	slog.Error(fmt.Sprintf("pebble: "+format, args...))
}
func (quietLogger) Fatalf(format string, args ...interface{}) {
	panic(fmt.Sprintf("pebble: "+format, args...))
}
