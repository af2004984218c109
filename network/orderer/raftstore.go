package orderer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/hashicorp/raft"
	raftboltdb "github.com/hashicorp/raft-boltdb/v2"
	"go.etcd.io/bbolt"
)

// raftStorage is a channel's raft log and stable store.
type raftStorage interface {
	raft.LogStore
	raft.StableStore
	Close() error
}

// openRaftStorage opens the raft log and stable store in a channel's
// directory: a RaftStore in raft-log/, or, for a channel created before
// RaftStore existed, the raft-boltdb file raft.db it already has. The
// latter is not migrated: its log would have to be copied under a running
// node's feet, and it empties itself as raft compacts anyway; a channel
// joined afresh gets a RaftStore.
func openRaftStorage(dir string, log *slog.Logger) (raftStorage, error) {
	boltPath := filepath.Join(dir, "raft.db")
	_, err := os.Stat(boltPath)
	switch {
	case err == nil:
		log.Info("using the existing raft-boltdb log store", "path", boltPath)
		// NoFreelistSync: bolt rebuilds its free list on open instead of
		// writing it on every commit (as etcd does).
		opts := &bbolt.Options{Timeout: 5 * time.Second, NoFreelistSync: true, FreelistType: bbolt.FreelistMapType}
		b, err := raftboltdb.New(raftboltdb.Options{Path: boltPath, BoltOptions: opts})
		if err != nil {
			return nil, fmt.Errorf("raft log store %s: %w", boltPath, err)
		}
		return b, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("raft log store: %w", err)
	}
	s, err := OpenRaftStore(filepath.Join(dir, "raft-log"))
	if err != nil {
		return nil, fmt.Errorf("raft log store: %w", err)
	}
	return s, nil
}

// errStableKeyNotFound is what StableStore.Get and GetUint64 return for a key
// never set. hashicorp/raft recognises a missing key by this exact message
// (as raft-boltdb's ErrKeyNotFound), not by identity, so it must not change.
var errStableKeyNotFound = errors.New("not found")

// Key prefixes. Log keys sort by index because it is big-endian.
const (
	raftLogPrefix    = 'l'
	raftStablePrefix = 's'
)

// raftLogVersion is the first byte of every encoded log entry, so the format
// can change without misreading entries already on disk.
const raftLogVersion = 1

// RaftStore is a raft.LogStore and raft.StableStore in one Pebble database.
// Each StoreLogs is one batch committed with fsync: raft acknowledges an
// entry to the leader only after the store returns, so it must be durable
// by then. The first and last indexes are cached (raft asks for them often)
// and reloaded from the database after every deletion.
type RaftStore struct {
	db *pebble.DB
	// mu serialises writes so that the cached bounds follow the order of
	// the commits.
	mu          sync.Mutex
	first, last atomic.Uint64
}

var (
	_ raft.LogStore    = (*RaftStore)(nil)
	_ raft.StableStore = (*RaftStore)(nil)
)

// OpenRaftStore opens (creating if needed) a RaftStore in directory dir.
func OpenRaftStore(dir string) (*RaftStore, error) {
	db, err := pebble.Open(dir, &pebble.Options{
		Logger: quietLogger{},
		// Entries are whole blocks: a larger memtable lets raft compact
		// old entries away before many of them are flushed and rewritten.
		MemTableSize: 32 << 20,
		// Entries are signed blocks whose bulk (signatures, random nonces)
		// hardly compresses, and they are deleted soon after: compressing
		// them on every flush would cost CPU for little disk.
		Levels: []pebble.LevelOptions{{Compression: pebble.NoCompression}},
	})
	if err != nil {
		return nil, fmt.Errorf("open raft store %s: %w", dir, err)
	}
	s := &RaftStore{db: db}
	if err := s.loadBounds(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open raft store %s: %w", dir, err)
	}
	return s, nil
}

// Close closes the database.
func (s *RaftStore) Close() error {
	return s.db.Close()
}

func raftLogKey(index uint64) []byte {
	k := make([]byte, 9)
	k[0] = raftLogPrefix
	binary.BigEndian.PutUint64(k[1:], index)
	return k
}

// loadBounds reads the first and last log indexes from the database.
func (s *RaftStore) loadBounds() error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{raftLogPrefix}, UpperBound: []byte{raftLogPrefix + 1}})
	if err != nil {
		return err
	}
	var first, last uint64
	if it.First() {
		if first, err = parseRaftLogKey(it.Key()); err != nil {
			it.Close()
			return err
		}
		it.Last()
		if last, err = parseRaftLogKey(it.Key()); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Close(); err != nil {
		return fmt.Errorf("read log bounds: %w", err)
	}
	s.first.Store(first)
	s.last.Store(last)
	return nil
}

func parseRaftLogKey(k []byte) (uint64, error) {
	if len(k) != 9 || k[0] != raftLogPrefix {
		return 0, fmt.Errorf("malformed raft log key %x", k)
	}
	return binary.BigEndian.Uint64(k[1:]), nil
}

// FirstIndex returns the first index written, 0 for no entries.
func (s *RaftStore) FirstIndex() (uint64, error) { return s.first.Load(), nil }

// LastIndex returns the last index written, 0 for no entries.
func (s *RaftStore) LastIndex() (uint64, error) { return s.last.Load(), nil }

// GetLog reads the entry at index into log, or returns raft.ErrLogNotFound.
func (s *RaftStore) GetLog(index uint64, log *raft.Log) error {
	v, closer, err := s.db.Get(raftLogKey(index))
	if errors.Is(err, pebble.ErrNotFound) {
		return raft.ErrLogNotFound
	}
	if err != nil {
		return fmt.Errorf("read raft log %d: %w", index, err)
	}
	defer closer.Close()
	if err := decodeRaftLog(v, log); err != nil {
		return fmt.Errorf("raft log %d: %w", index, err)
	}
	if log.Index != index {
		return fmt.Errorf("raft log %d: stored entry has index %d", index, log.Index)
	}
	return nil
}

// StoreLog stores one entry.
func (s *RaftStore) StoreLog(log *raft.Log) error {
	return s.StoreLogs([]*raft.Log{log})
}

// StoreLogs stores entries in one synced batch.
func (s *RaftStore) StoreLogs(logs []*raft.Log) error {
	if len(logs) == 0 {
		return nil
	}
	b := s.db.NewBatch()
	defer b.Close()
	lo, hi := uint64(math.MaxUint64), uint64(0)
	var buf []byte
	for _, l := range logs {
		buf = appendRaftLog(buf[:0], l)
		if err := b.Set(raftLogKey(l.Index), buf, nil); err != nil {
			return fmt.Errorf("store raft log %d: %w", l.Index, err)
		}
		lo, hi = min(lo, l.Index), max(hi, l.Index)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("store raft logs %d-%d: %w", lo, hi, err)
	}
	if f := s.first.Load(); f == 0 || lo < f {
		s.first.Store(lo)
	}
	if hi > s.last.Load() {
		s.last.Store(hi)
	}
	return nil
}

// DeleteRange deletes the entries from min to max, inclusive.
func (s *RaftStore) DeleteRange(min, max uint64) error {
	if min > max {
		return nil
	}
	end := []byte{raftLogPrefix + 1}
	if max < math.MaxUint64 {
		end = raftLogKey(max + 1)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.db.DeleteRange(raftLogKey(min), end, pebble.Sync); err != nil {
		return fmt.Errorf("delete raft logs %d-%d: %w", min, max, err)
	}
	// Either end may have moved, or the log may be empty now: ask the
	// database rather than reason about the cases.
	return s.loadBounds()
}

func raftStableKey(k []byte) []byte {
	return append([]byte{raftStablePrefix}, k...)
}

// Set stores val under key, synced.
func (s *RaftStore) Set(key, val []byte) error {
	if err := s.db.Set(raftStableKey(key), val, pebble.Sync); err != nil {
		return fmt.Errorf("raft stable store: set %q: %w", key, err)
	}
	return nil
}

// Get returns a copy of the value under key, or an error whose message is
// "not found" if there is none (what raft expects, as from raft-boltdb).
func (s *RaftStore) Get(key []byte) ([]byte, error) {
	v, closer, err := s.db.Get(raftStableKey(key))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, errStableKeyNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("raft stable store: get %q: %w", key, err)
	}
	defer closer.Close()
	return bytes.Clone(v), nil
}

// SetUint64 stores val under key, big-endian.
func (s *RaftStore) SetUint64(key []byte, val uint64) error {
	return s.Set(key, binary.BigEndian.AppendUint64(nil, val))
}

// GetUint64 returns the value stored by SetUint64, or an error whose message
// is "not found".
func (s *RaftStore) GetUint64(key []byte) (uint64, error) {
	v, err := s.Get(key)
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("raft stable store: %q holds %d bytes, not a uint64", key, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// appendRaftLog appends the encoding of l to buf: version byte, uvarint
// index and term, type byte, uvarint-length-prefixed data and extensions,
// then AppendedAt as a flag byte (0 for the zero time) followed by varint
// Unix seconds and uvarint nanoseconds.
func appendRaftLog(buf []byte, l *raft.Log) []byte {
	buf = append(buf, raftLogVersion)
	buf = binary.AppendUvarint(buf, l.Index)
	buf = binary.AppendUvarint(buf, l.Term)
	buf = append(buf, byte(l.Type))
	buf = binary.AppendUvarint(buf, uint64(len(l.Data)))
	buf = append(buf, l.Data...)
	buf = binary.AppendUvarint(buf, uint64(len(l.Extensions)))
	buf = append(buf, l.Extensions...)
	if l.AppendedAt.IsZero() {
		return append(buf, 0)
	}
	buf = append(buf, 1)
	buf = binary.AppendVarint(buf, l.AppendedAt.Unix())
	return binary.AppendUvarint(buf, uint64(l.AppendedAt.Nanosecond()))
}

var errRaftLogCorrupt = errors.New("corrupt raft log encoding")

// decodeRaftLog decodes appendRaftLog's encoding into l. Data and Extensions
// are copied (one allocation), so l does not alias v.
func decodeRaftLog(v []byte, l *raft.Log) error {
	if len(v) == 0 {
		return errRaftLogCorrupt
	}
	if v[0] != raftLogVersion {
		return fmt.Errorf("unknown raft log encoding version %d", v[0])
	}
	r := v[1:]
	uvarint := func() (uint64, bool) {
		x, n := binary.Uvarint(r)
		if n <= 0 {
			return 0, false
		}
		r = r[n:]
		return x, true
	}
	var ok bool
	if l.Index, ok = uvarint(); !ok {
		return errRaftLogCorrupt
	}
	if l.Term, ok = uvarint(); !ok {
		return errRaftLogCorrupt
	}
	if len(r) == 0 {
		return errRaftLogCorrupt
	}
	l.Type = raft.LogType(r[0])
	r = r[1:]
	dn, ok := uvarint()
	if !ok || dn > uint64(len(r)) {
		return errRaftLogCorrupt
	}
	data := r[:dn]
	r = r[dn:]
	en, ok := uvarint()
	if !ok || en > uint64(len(r)) {
		return errRaftLogCorrupt
	}
	ext := r[:en]
	r = r[en:]
	// One allocation for both; nil stays nil so decoding is exact.
	var both []byte
	if dn+en > 0 {
		both = make([]byte, dn+en)
		copy(both, data)
		copy(both[dn:], ext)
	}
	l.Data, l.Extensions = nil, nil
	if dn > 0 {
		l.Data = both[:dn:dn]
	}
	if en > 0 {
		l.Extensions = both[dn:]
	}
	if len(r) == 0 {
		return errRaftLogCorrupt
	}
	flag := r[0]
	r = r[1:]
	switch flag {
	case 0:
		l.AppendedAt = time.Time{}
	case 1:
		sec, n := binary.Varint(r)
		if n <= 0 {
			return errRaftLogCorrupt
		}
		r = r[n:]
		nsec, ok := uvarint()
		if !ok || nsec >= 1e9 {
			return errRaftLogCorrupt
		}
		l.AppendedAt = time.Unix(sec, int64(nsec))
	default:
		return errRaftLogCorrupt
	}
	if len(r) != 0 {
		return errRaftLogCorrupt
	}
	return nil
}
