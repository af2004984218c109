package ledger

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble"
)

// stateView implements the state reads over the live database or a
// snapshot; l tracks the iterators it hands out.
type stateView struct {
	r reader
	l *Ledger
}

func (s stateView) entry(key []byte) (*VersionedValue, error) {
	raw, err := getCopy(s.r, key)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v, err := decodeEntry(raw)
	if err != nil {
		return nil, fmt.Errorf("%w at key %x", err, key)
	}
	return v, nil
}

func (s stateView) getState(ns, key string) (*VersionedValue, error) {
	return s.entry(stateKey(ns, key))
}

func (s stateView) getHashed(ns, coll string, keyHash []byte) (*VersionedValue, error) {
	return s.entry(hashedKey(ns, coll, keyHash))
}

func (s stateView) getPrivate(ns, coll, key string) (*VersionedValue, error) {
	return s.entry(privateKey(ns, coll, key))
}

// scan iterates [prefix+start, prefix+end) with an empty end meaning the end
// of the prefix.
func (s stateView) scan(prefix []byte, start, end string) (KVIterator, error) {
	lower := append(append([]byte{}, prefix...), start...)
	upper := prefixEnd(prefix)
	if end != "" {
		upper = append(append([]byte{}, prefix...), end...)
	}
	if upper != nil && string(lower) >= string(upper) {
		return &kvIter{}, nil
	}
	it, err := s.l.newIter(s.r, &pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return nil, fmt.Errorf("ledger: open range iterator: %w", err)
	}
	return &kvIter{p: it, prefixLen: len(prefix)}, nil
}

type kvIter struct {
	p         *pebbleIter // nil for an empty range
	prefixLen int
	started   bool
}

func (k *kvIter) Next() (kv *KV, err error) {
	if k.p == nil {
		return nil, nil
	}
	err = k.p.do(func(it *pebble.Iterator) error {
		var ok bool
		if !k.started {
			ok, k.started = it.First(), true
		} else {
			ok = it.Next()
		}
		if !ok {
			if err := it.Error(); err != nil {
				return fmt.Errorf("ledger: range scan: %w", err)
			}
			return nil
		}
		v, err := decodeEntry(it.Value())
		if err != nil {
			return fmt.Errorf("%w at key %x", err, it.Key())
		}
		kv = &KV{Key: string(it.Key()[k.prefixLen:]), VersionedValue: *v}
		return nil
	})
	return kv, err
}

func (k *kvIter) Close() {
	if k.p != nil {
		k.p.Close()
	}
}

// GetState returns the committed value of a public key, nil when absent.
func (l *Ledger) GetState(ns, key string) (v *VersionedValue, err error) {
	err = l.read(func(r reader) error { v, err = stateView{r, l}.getState(ns, key); return err })
	return v, err
}

// GetStateRange iterates the keys k of ns with start <= k < end in byte
// order; an empty end means to the end of the namespace. Close the iterator
// before closing the ledger.
func (l *Ledger) GetStateRange(ns, start, end string) (it KVIterator, err error) {
	err = l.read(func(r reader) error { it, err = stateView{r, l}.scan(stateNSPrefix(ns), start, end); return err })
	return it, err
}

// GetHashedState reads hashed private state by key hash.
func (l *Ledger) GetHashedState(ns, coll string, keyHash []byte) (v *VersionedValue, err error) {
	err = l.read(func(r reader) error { v, err = stateView{r, l}.getHashed(ns, coll, keyHash); return err })
	return v, err
}

// GetPrivateData reads a private value this peer holds, nil when absent.
func (l *Ledger) GetPrivateData(ns, coll, key string) (v *VersionedValue, err error) {
	err = l.read(func(r reader) error { v, err = stateView{r, l}.getPrivate(ns, coll, key); return err })
	return v, err
}

// GetPrivateDataRange iterates private keys of a collection in [start, end).
func (l *Ledger) GetPrivateDataRange(ns, coll, start, end string) (it KVIterator, err error) {
	err = l.read(func(r reader) error {
		it, err = stateView{r, l}.scan(collPrefix(pfxPrivate, ns, coll), start, end)
		return err
	})
	return it, err
}

// GetStateMetadata returns a public key's metadata; nil when the key is
// absent or has none.
func (l *Ledger) GetStateMetadata(ns, key string) (map[string][]byte, error) {
	v, err := l.GetState(ns, key)
	if err != nil || v == nil {
		return nil, err
	}
	return v.Metadata, nil
}

// GetPrivateDataMetadataByHash returns the metadata of a collection key from
// hashed state, which every peer holds: key-level endorsement of private keys
// is checked from it (fabric-wire.md §3.3).
func (l *Ledger) GetPrivateDataMetadataByHash(ns, coll string, keyHash []byte) (map[string][]byte, error) {
	v, err := l.GetHashedState(ns, coll, keyHash)
	if err != nil || v == nil {
		return nil, err
	}
	return v.Metadata, nil
}

// GetPrivateDataMetadata is GetPrivateDataMetadataByHash of SHA-256(key).
func (l *Ledger) GetPrivateDataMetadata(ns, coll, key string) (map[string][]byte, error) {
	h := sha256.Sum256([]byte(key))
	return l.GetPrivateDataMetadataByHash(ns, coll, h[:])
}

// Snapshot is a consistent, read-only view of state at one height, for
// simulation. It implements StateReader. Close it when done; it pins old
// data in Pebble while open. After the ledger closes, its reads return
// ErrClosed.
type Snapshot struct {
	l    *Ledger
	snap *pebble.Snapshot
	tip  chainTip
}

var (
	_ StateReader = (*Ledger)(nil)
	_ StateReader = (*Snapshot)(nil)
)

// NewSnapshotReader opens a snapshot of the committed state. It does not
// wait for a commit in progress: the height is read from the snapshot
// itself, so state and height always agree.
func (l *Ledger) NewSnapshotReader() (*Snapshot, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return nil, ErrClosed
	}
	s := l.db.NewSnapshot()
	raw, err := getCopy(s, metaKey)
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("ledger: snapshot: read tip: %w", err)
	}
	tip, err := decodeTip(raw)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	snap := &Snapshot{l: l, snap: s, tip: tip}
	l.track(snap)
	return snap, nil
}

// view runs f against the snapshot unless it or the ledger was closed.
func (s *Snapshot) view(f func(v stateView) error) error {
	s.l.mu.RLock()
	defer s.l.mu.RUnlock()
	if s.snap == nil {
		return ErrClosed
	}
	return f(stateView{s.snap, s.l})
}

// Height is the ledger height the snapshot reflects.
func (s *Snapshot) Height() uint64 { return s.tip.height }

// LastBlockHash is the header hash of the last block the snapshot reflects.
func (s *Snapshot) LastBlockHash() []byte { return append([]byte(nil), s.tip.lastHash...) }

// GetState implements StateReader.
func (s *Snapshot) GetState(ns, key string) (v *VersionedValue, err error) {
	err = s.view(func(sv stateView) error { v, err = sv.getState(ns, key); return err })
	return v, err
}

// GetStateRange implements StateReader.
func (s *Snapshot) GetStateRange(ns, start, end string) (it KVIterator, err error) {
	err = s.view(func(sv stateView) error { it, err = sv.scan(stateNSPrefix(ns), start, end); return err })
	return it, err
}

// GetHashedState implements StateReader.
func (s *Snapshot) GetHashedState(ns, coll string, keyHash []byte) (v *VersionedValue, err error) {
	err = s.view(func(sv stateView) error { v, err = sv.getHashed(ns, coll, keyHash); return err })
	return v, err
}

// GetPrivateData implements StateReader.
func (s *Snapshot) GetPrivateData(ns, coll, key string) (v *VersionedValue, err error) {
	err = s.view(func(sv stateView) error { v, err = sv.getPrivate(ns, coll, key); return err })
	return v, err
}

// GetPrivateDataRange iterates private keys of a collection in [start, end).
func (s *Snapshot) GetPrivateDataRange(ns, coll, start, end string) (it KVIterator, err error) {
	err = s.view(func(sv stateView) error {
		it, err = sv.scan(collPrefix(pfxPrivate, ns, coll), start, end)
		return err
	})
	return it, err
}

func (s *Snapshot) release() {
	if s.snap != nil {
		_ = s.snap.Close()
		s.snap = nil
		s.l.untrack(s)
	}
}

// Close releases the snapshot. Iterators opened from it stay usable until
// they are closed. Closing twice, or after the ledger closed, is a no-op.
func (s *Snapshot) Close() error {
	s.l.mu.RLock()
	defer s.l.mu.RUnlock()
	s.release()
	return nil
}
