package privdata

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/cockroachdb/pebble"
)

// MissingEntry names private data this peer is entitled to but did not get
// when its block committed: one collection of one transaction, with the
// pvt_rwset_hash the data must match.
type MissingEntry struct {
	Block      uint64
	Tx         uint64
	TxID       string
	Namespace  string
	Collection string
	Hash       []byte
}

// MissingIndex is a small Pebble database of MissingEntry, ordered by block
// and transaction, that reconciliation works through.
//
//	'm' be64(block) be64(tx) ns 0x00 coll -> txid 0x00 hash
type MissingIndex struct {
	db *pebble.DB

	mu     sync.RWMutex
	closed bool
}

// OpenMissingIndex opens (or creates) the index in dir.
func OpenMissingIndex(dir string, log *slog.Logger) (*MissingIndex, error) {
	if log == nil {
		log = slog.Default()
	}
	db, err := pebble.Open(dir, &pebble.Options{Logger: pebbleLogger{log}})
	if err != nil {
		return nil, fmt.Errorf("privdata: open missing-data index %s: %w", dir, err)
	}
	return &MissingIndex{db: db}, nil
}

// Close closes the database.
func (m *MissingIndex) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	return m.db.Close()
}

func missingKey(e MissingEntry) ([]byte, error) {
	if e.Namespace == "" || e.Collection == "" || strings.IndexByte(e.Namespace, 0) >= 0 || strings.IndexByte(e.Collection, 0) >= 0 {
		return nil, fmt.Errorf("privdata: invalid missing entry %q/%q", e.Namespace, e.Collection)
	}
	k := binary.BigEndian.AppendUint64([]byte{'m'}, e.Block)
	k = binary.BigEndian.AppendUint64(k, e.Tx)
	k = append(k, e.Namespace...)
	k = append(k, 0)
	return append(k, e.Collection...), nil
}

// Add records entries (an existing entry is overwritten).
func (m *MissingIndex) Add(entries ...MissingEntry) error {
	return m.write(entries, func(b *pebble.Batch, k []byte, e MissingEntry) {
		v := append(append([]byte(e.TxID), 0), e.Hash...)
		_ = b.Set(k, v, nil)
	})
}

// Remove deletes entries.
func (m *MissingIndex) Remove(entries ...MissingEntry) error {
	return m.write(entries, func(b *pebble.Batch, k []byte, _ MissingEntry) { _ = b.Delete(k, nil) })
}

func (m *MissingIndex) write(entries []MissingEntry, f func(*pebble.Batch, []byte, MissingEntry)) error {
	if len(entries) == 0 {
		return nil
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return ErrStoreClosed
	}
	b := m.db.NewBatch()
	defer b.Close()
	for _, e := range entries {
		k, err := missingKey(e)
		if err != nil {
			return err
		}
		f(b, k, e)
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("privdata: missing-data index: %w", err)
	}
	return nil
}

// List returns up to limit entries (limit <= 0: all), oldest block first.
func (m *MissingIndex) List(limit int) ([]MissingEntry, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, ErrStoreClosed
	}
	it, err := m.db.NewIter(&pebble.IterOptions{LowerBound: []byte{'m'}, UpperBound: []byte{'n'}})
	if err != nil {
		return nil, fmt.Errorf("privdata: missing-data index: %w", err)
	}
	defer it.Close()
	var out []MissingEntry
	for ok := it.First(); ok && (limit <= 0 || len(out) < limit); ok = it.Next() {
		k, v := it.Key(), it.Value()
		if len(k) < 17 {
			continue
		}
		rest := k[17:]
		i := bytes.IndexByte(rest, 0)
		j := bytes.IndexByte(v, 0)
		if i < 0 || j < 0 {
			return nil, fmt.Errorf("privdata: missing-data index: corrupt entry %x", k)
		}
		out = append(out, MissingEntry{Block: binary.BigEndian.Uint64(k[1:9]), Tx: binary.BigEndian.Uint64(k[9:17]),
			Namespace: string(rest[:i]), Collection: string(rest[i+1:]),
			TxID: string(v[:j]), Hash: append([]byte(nil), v[j+1:]...)})
	}
	return out, it.Error()
}
