package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

var (
	// ErrNotFound is returned for a block, transaction or key that is not stored.
	ErrNotFound = errors.New("ledger: not found")
	// ErrClosed is returned by every call after Close.
	ErrClosed = errors.New("ledger: closed")
)

// Ledger is the storage of one channel: blocks, their transaction index,
// public state, hashed private state, private data and key history, all in
// one Pebble database so that a block and everything it changes commit in
// one atomic, fsynced batch.
//
// Reads may run concurrently with each other and with Commit; commits are
// serialised.
type Ledger struct {
	db     *pebble.DB
	dir    string
	logger *slog.Logger

	commitMu sync.Mutex // serialises Commit

	// mu guards the fields below and the open/closed state of db: readers hold
	// it shared so Close cannot pull the database from under them.
	mu      sync.RWMutex
	closed  bool
	tip     chainTip
	changed chan struct{} // closed and replaced on every commit and on Close
	subs    map[int]chan uint64
	nextSub int

	regMu sync.Mutex           // guards open
	open  map[tracked]struct{} // iterators and snapshots handed out
}

// Open opens (or creates) the ledger stored in dir. Because every block is
// committed in one atomic batch, what Pebble recovers from its WAL is always
// a prefix of whole blocks; Open checks that the recorded tip and the stored
// last block agree.
func Open(dir string, opts ...Option) (*Ledger, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	po := cfg.pebbleOptions()
	db, err := pebble.Open(dir, po)
	po.Cache.Unref() // the DB holds its own reference
	if err != nil {
		return nil, fmt.Errorf("ledger: open pebble at %s: %w", dir, err)
	}
	l := &Ledger{db: db, dir: dir, logger: cfg.logger, changed: make(chan struct{}),
		subs: map[int]chan uint64{}, open: map[tracked]struct{}{}}
	if err := l.recover(); err != nil {
		_ = db.Close()
		return nil, err
	}
	l.logger.Info("ledger opened", "dir", dir, "height", l.tip.height)
	return l, nil
}

func (l *Ledger) recover() error {
	f, err := getCopy(l.db, formatKey)
	switch {
	case errors.Is(err, ErrNotFound):
		// Refuse to adopt a Pebble database that holds anything else.
		it, ierr := l.db.NewIter(nil)
		if ierr != nil {
			return fmt.Errorf("ledger: inspect %s: %w", l.dir, ierr)
		}
		nonEmpty := it.First()
		_ = it.Close()
		if nonEmpty {
			return fmt.Errorf("ledger: %s holds a Pebble database that is not a saharanet ledger", l.dir)
		}
		b := l.db.NewBatch()
		defer b.Close()
		_ = b.Set(formatKey, []byte(storageFormat), nil)
		_ = b.Set(metaKey, encodeTip(chainTip{}), nil)
		if err := b.Commit(pebble.Sync); err != nil {
			return fmt.Errorf("ledger: initialise %s: %w", l.dir, err)
		}
		return nil
	case err != nil:
		return err
	case string(f) == storageFormatV1:
		if err := l.migrateV1(); err != nil {
			return err
		}
	case string(f) != storageFormat:
		return fmt.Errorf("ledger: %s has storage format %q, want %q", l.dir, f, storageFormat)
	}
	raw, err := getCopy(l.db, metaKey)
	if err != nil {
		return fmt.Errorf("ledger: read chain tip: %w", err)
	}
	tip, err := decodeTip(raw)
	if err != nil {
		return err
	}
	if tip.height > 0 {
		blk, err := readBlock(l.db, tip.height-1)
		if err != nil {
			return fmt.Errorf("ledger: tip says height %d but block %d: %w", tip.height, tip.height-1, err)
		}
		if h := protoutil.BlockHeaderHash(blk.GetHeader()); !bytes.Equal(h, tip.lastHash) {
			return fmt.Errorf("ledger: tip hash %x does not match stored block %d hash %x", tip.lastHash, tip.height-1, h)
		}
	}
	if _, err := getCopy(l.db, blockKey(tip.height)); !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("ledger: block %d is stored beyond the tip (height %d)", tip.height, tip.height)
	}
	l.tip = tip
	return nil
}

// Close waits for in-flight reads and the commit in progress, wakes blocked
// block iterators and subscribers, releases range/history iterators and
// snapshots still open (their later use returns ErrClosed), and closes the
// database.
func (l *Ledger) Close() error {
	l.commitMu.Lock()
	defer l.commitMu.Unlock()
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	close(l.changed)
	for id, ch := range l.subs {
		close(ch)
		delete(l.subs, id)
	}
	l.releaseAll()
	l.mu.Unlock()
	if err := l.db.Close(); err != nil {
		return fmt.Errorf("ledger: close %s: %w", l.dir, err)
	}
	return nil
}

// Height is the number of committed blocks; the next block has this number.
func (l *Ledger) Height() uint64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.tip.height
}

// LastBlockHash is the header hash of the last committed block (nil when empty).
func (l *Ledger) LastBlockHash() []byte {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return append([]byte(nil), l.tip.lastHash...)
}

// read runs f against the open database, or returns ErrClosed.
func (l *Ledger) read(f func(r reader) error) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return ErrClosed
	}
	return f(l.db)
}

// reader is what both the live database and a snapshot offer.
type reader interface {
	Get(key []byte) ([]byte, io.Closer, error)
	NewIter(o *pebble.IterOptions) (*pebble.Iterator, error)
}

// getCopy returns a copy of the value, or ErrNotFound.
func getCopy(r reader, key []byte) ([]byte, error) {
	v, c, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: read: %w", err)
	}
	out := append([]byte{}, v...)
	_ = c.Close()
	return out, nil
}

func readBlock(r reader, n uint64) (*common.Block, error) {
	raw, err := getCopy(r, blockKey(n))
	if err != nil {
		return nil, err
	}
	b := &common.Block{}
	if err := proto.Unmarshal(raw, b); err != nil {
		return nil, fmt.Errorf("%w: block %d: %v", errCorrupt, n, err)
	}
	return b, nil
}

// migrateV1 builds the private key-hash index (format v2) from the stored
// private versions, in one batch with the new format marker, so an
// interrupted migration is simply redone.
func (l *Ledger) migrateV1() error {
	b := l.db.NewBatch()
	defer b.Close()
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: []byte{pfxPvtVersion}, UpperBound: []byte{pfxPvtVersion + 1}})
	if err != nil {
		return fmt.Errorf("ledger: migrate %s: %w", l.dir, err)
	}
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		ns, rest, ok1 := readString(it.Key()[1:])
		coll, rest, ok2 := readString(rest)
		key, rest, ok3 := readString(rest)
		if !ok1 || !ok2 || !ok3 || len(rest) != pvtVersionSuffixLen {
			_ = it.Close()
			return fmt.Errorf("ledger: migrate %s: %w: private version key %x", l.dir, errCorrupt, it.Key())
		}
		kh := sha256.Sum256([]byte(key))
		_ = b.Set(pvtKeyHashKey(ns, coll, kh[:]), []byte(key), nil)
		n++
	}
	if err := it.Close(); err != nil {
		return fmt.Errorf("ledger: migrate %s: %w", l.dir, err)
	}
	_ = b.Set(formatKey, []byte(storageFormat), nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("ledger: migrate %s: %w", l.dir, err)
	}
	l.logger.Info("ledger migrated", "dir", l.dir, "from", storageFormatV1, "to", storageFormat, "private_versions", n)
	return nil
}
