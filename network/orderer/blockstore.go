package orderer

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
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
	// previous hash must chain.
	Append(b *common.Block) error
	// HasTx reports whether a transaction id is in a stored block.
	HasTx(txid string) (bool, error)
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

// pebbleStore keeps block bytes by number and a txid index in Pebble.
type pebbleStore struct {
	db       *pebble.DB
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
)

func blockKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, prefixBlock...), n)
}

// OpenBlockStore opens (or creates) a Pebble block store in dir.
func OpenBlockStore(dir string) (BlockStore, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: quietLogger{}})
	if err != nil {
		return nil, fmt.Errorf("open block store %s: %w", dir, err)
	}
	s := &pebbleStore{db: db}
	it, err := db.NewIter(&pebble.IterOptions{LowerBound: prefixBlock, UpperBound: []byte{'b' + 1}})
	if err != nil {
		db.Close()
		return nil, err
	}
	if it.Last() {
		b := &common.Block{}
		if err := proto.Unmarshal(it.Value(), b); err != nil {
			it.Close()
			db.Close()
			return nil, fmt.Errorf("block store %s: last block corrupt: %w", dir, err)
		}
		s.height = b.GetHeader().GetNumber() + 1
		s.lastHash = protoutil.BlockHeaderHash(b.Header)
	}
	it.Close()
	return s, nil
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

func (s *pebbleStore) Append(b *common.Block) error {
	if err := checkNext(b, s.Height(), s.LastHeaderHash()); err != nil {
		return err
	}
	raw, err := proto.Marshal(b)
	if err != nil {
		return err
	}
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	if s.isClosed() {
		return ErrStoreClosed
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	_ = batch.Set(blockKey(b.Header.Number), raw, nil)
	num := binary.BigEndian.AppendUint64(nil, b.Header.Number)
	for _, txid := range blockTxIDs(b) {
		_ = batch.Set(append(append([]byte{}, prefixTx...), txid...), num, nil)
	}
	if err := batch.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("store block %d: %w", b.Header.Number, err)
	}
	s.mu.Lock()
	s.height = b.Header.Number + 1
	s.lastHash = protoutil.BlockHeaderHash(b.Header)
	s.mu.Unlock()
	s.notify.fire()
	return nil
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
	_, closer, err := s.db.Get(append(append([]byte{}, prefixTx...), txid...))
	if errors.Is(err, pebble.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	closer.Close()
	return true, nil
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
	return s.db.Close()
}

// checkNext verifies that b is the block to append after a chain of the given height.
func checkNext(b *common.Block, height uint64, lastHash []byte) error {
	if b.GetHeader() == nil || b.GetData() == nil {
		return errors.New("block has no header or data")
	}
	if b.Header.Number != height {
		return fmt.Errorf("block number %d, want %d", b.Header.Number, height)
	}
	if !bytes.Equal(b.Header.DataHash, protoutil.BlockDataHash(b.Data)) {
		return fmt.Errorf("block %d: data hash mismatch", b.Header.Number)
	}
	if height > 0 && !bytes.Equal(b.Header.PreviousHash, lastHash) {
		return fmt.Errorf("block %d: previous hash does not chain", b.Header.Number)
	}
	return nil
}

// blockTxIDs lists the non-empty transaction ids of a block's envelopes.
func blockTxIDs(b *common.Block) []string {
	var out []string
	for _, raw := range b.GetData().GetData() {
		if id := envelopeTxID(raw); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// envelopeTxID returns the channel header's tx_id of a marshalled envelope, or "".
func envelopeTxID(raw []byte) string {
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
