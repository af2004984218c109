package privdata

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
	"google.golang.org/protobuf/proto"
)

// DefaultMaxBlockRetention is how many blocks an uncommitted transient entry
// is kept after the height it was endorsed at (Fabric's
// peer.gossip.pvtData.transientstoreMaxBlockRetention).
const DefaultMaxBlockRetention = 1000

// ErrStoreClosed is returned by every call after Close.
var ErrStoreClosed = errors.New("privdata: store is closed")

// Key layout. A transaction may have several entries (one per endorser that
// pushed it, or re-endorsements); identical bytes are stored once.
//
//	'd' txid 0x00 digest16        -> marshalled TxPvtReadWriteSetWithConfigInfo
//	'h' be64(endorsedAt) txid 0x00 digest16 -> nothing (purge-by-height index)
const (
	prefixData   = 'd'
	prefixHeight = 'h'
)

// TransientStore keeps the private write sets of endorsed transactions
// between endorsement and commit, in its own Pebble database (Fabric keeps
// it apart from the ledger so that it can be wiped without touching
// committed data). It never logs private values.
type TransientStore struct {
	db        *pebble.DB
	retention uint64
	log       *slog.Logger

	mu     sync.RWMutex
	closed bool
}

// TransientOption configures OpenTransientStore.
type TransientOption func(*TransientStore)

// WithMaxBlockRetention sets how many blocks past its endorsement height an
// entry survives if its transaction never commits (default 1000).
func WithMaxBlockRetention(n uint64) TransientOption {
	return func(s *TransientStore) { s.retention = n }
}

// WithTransientLogger sets the logger (default slog.Default()).
func WithTransientLogger(l *slog.Logger) TransientOption {
	return func(s *TransientStore) { s.log = l }
}

// OpenTransientStore opens (or creates) a transient store in dir, which must
// not be the ledger's directory.
func OpenTransientStore(dir string, opts ...TransientOption) (*TransientStore, error) {
	s := &TransientStore{retention: DefaultMaxBlockRetention, log: slog.Default()}
	for _, o := range opts {
		o(s)
	}
	db, err := pebble.Open(dir, &pebble.Options{Logger: pebbleLogger{s.log}})
	if err != nil {
		return nil, fmt.Errorf("privdata: open transient store %s: %w", dir, err)
	}
	s.db = db
	return s, nil
}

// Close closes the database.
func (s *TransientStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.db.Close()
}

func checkTxID(txid string) error {
	if txid == "" || strings.IndexByte(txid, 0) >= 0 {
		return fmt.Errorf("privdata: invalid transaction id %q", txid)
	}
	return nil
}

// Persist stores the private write set of transaction txid, endorsed at
// ledger height data.EndorsedAt. Storing the same bytes again is a no-op.
func (s *TransientStore) Persist(txid string, data *transientstore.TxPvtReadWriteSetWithConfigInfo) error {
	if err := checkTxID(txid); err != nil {
		return err
	}
	if len(data.GetPvtRwset().GetNsPvtRwset()) == 0 {
		return fmt.Errorf("privdata: transaction %s: empty private write set", txid)
	}
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(data)
	if err != nil {
		return fmt.Errorf("privdata: transaction %s: marshal private write set: %w", txid, err)
	}
	sum := sha256.Sum256(raw)
	dk := dataKey(txid, sum[:16])
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrStoreClosed
	}
	b := s.db.NewBatch()
	defer b.Close()
	_ = b.Set(dk, raw, nil)
	_ = b.Set(heightKey(data.GetEndorsedAt(), txid, sum[:16]), nil, nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("privdata: transaction %s: persist private write set: %w", txid, err)
	}
	s.log.Debug("transient store: persisted private write set", "txid", txid, "endorsedAt", data.GetEndorsedAt(), "bytes", len(raw))
	return nil
}

// Get returns every entry stored for txid (none: nil, nil).
func (s *TransientStore) Get(txid string) ([]*transientstore.TxPvtReadWriteSetWithConfigInfo, error) {
	if err := checkTxID(txid); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrStoreClosed
	}
	prefix := dataKey(txid, nil)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return nil, fmt.Errorf("privdata: transient store: %w", err)
	}
	defer it.Close()
	var out []*transientstore.TxPvtReadWriteSetWithConfigInfo
	for ok := it.First(); ok; ok = it.Next() {
		e := &transientstore.TxPvtReadWriteSetWithConfigInfo{}
		if err := proto.Unmarshal(it.Value(), e); err != nil {
			return nil, fmt.Errorf("privdata: transient store: corrupt entry of %s: %w", txid, err)
		}
		out = append(out, e)
	}
	return out, it.Error()
}

// CollectionRWSets returns the distinct marshalled private KVRWSets stored
// for one collection of a transaction: candidates the caller checks against
// the block's pvt_rwset_hash.
func (s *TransientStore) CollectionRWSets(txid, ns, coll string) ([][]byte, error) {
	entries, err := s.Get(txid)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, e := range entries {
		for _, n := range e.GetPvtRwset().GetNsPvtRwset() {
			if n.GetNamespace() != ns {
				continue
			}
			for _, c := range n.GetCollectionPvtRwset() {
				if c.GetCollectionName() == coll && !containsBytes(out, c.GetRwset()) {
					out = append(out, c.GetRwset())
				}
			}
		}
	}
	return out, nil
}

func containsBytes(list [][]byte, b []byte) bool {
	for _, x := range list {
		if bytes.Equal(x, b) {
			return true
		}
	}
	return false
}

// PurgeByTxIDs removes every entry of the given transactions (after their
// block commits).
func (s *TransientStore) PurgeByTxIDs(txids []string) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrStoreClosed
	}
	b := s.db.NewBatch()
	defer b.Close()
	for _, txid := range txids {
		if checkTxID(txid) != nil {
			continue
		}
		if err := s.deleteTx(b, txid); err != nil {
			return err
		}
	}
	if b.Empty() {
		return nil
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("privdata: transient store purge: %w", err)
	}
	return nil
}

func (s *TransientStore) deleteTx(b *pebble.Batch, txid string) error {
	prefix := dataKey(txid, nil)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return fmt.Errorf("privdata: transient store: %w", err)
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		e := &transientstore.TxPvtReadWriteSetWithConfigInfo{}
		if err := proto.Unmarshal(it.Value(), e); err == nil {
			_ = b.Delete(heightKey(e.GetEndorsedAt(), txid, it.Key()[len(prefix):]), nil)
		}
		_ = b.Delete(append([]byte(nil), it.Key()...), nil)
	}
	return it.Error()
}

// PurgeBelowHeight removes every entry endorsed at a height below h, however
// its transaction fared.
func (s *TransientStore) PurgeBelowHeight(h uint64) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return 0, ErrStoreClosed
	}
	lo := []byte{prefixHeight}
	hi := binary.BigEndian.AppendUint64([]byte{prefixHeight}, h)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
	if err != nil {
		return 0, fmt.Errorf("privdata: transient store: %w", err)
	}
	defer it.Close()
	b := s.db.NewBatch()
	defer b.Close()
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		k := it.Key()
		rest := k[9:]
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			continue
		}
		_ = b.Delete(dataKey(string(rest[:i]), rest[i+1:]), nil)
		_ = b.Delete(append([]byte(nil), k...), nil)
		n++
	}
	if err := it.Error(); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return 0, fmt.Errorf("privdata: transient store purge: %w", err)
	}
	return n, nil
}

// PurgeExpired applies the retention limit at ledger height: entries
// endorsed more than MaxBlockRetention blocks ago are removed.
func (s *TransientStore) PurgeExpired(height uint64) (int, error) {
	if height <= s.retention {
		return 0, nil
	}
	n, err := s.PurgeBelowHeight(height - s.retention)
	if n > 0 {
		s.log.Info("transient store: purged entries past retention", "count", n, "height", height)
	}
	return n, err
}

func dataKey(txid string, digest []byte) []byte {
	k := make([]byte, 0, 2+len(txid)+len(digest))
	k = append(k, prefixData)
	k = append(k, txid...)
	k = append(k, 0)
	return append(k, digest...)
}

func heightKey(h uint64, txid string, digest []byte) []byte {
	k := binary.BigEndian.AppendUint64([]byte{prefixHeight}, h)
	k = append(k, txid...)
	k = append(k, 0)
	return append(k, digest...)
}

func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

// pebbleLogger routes Pebble's own messages to slog at debug level.
type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...any) { p.l.Debug(fmt.Sprintf(format, args...)) }
func (p pebbleLogger) Errorf(format string, args ...any) {
	p.l.Error(fmt.Sprintf(format, args...), "component", "pebble")
}
func (p pebbleLogger) Fatalf(format string, args ...any) {
	p.l.Error(fmt.Sprintf(format, args...), "component", "pebble")
	panic(fmt.Sprintf(format, args...))
}
