package simulation

import (
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
)

// InmemState is an in-memory ledger.StateReader (and PrivateRangeReader) with
// the commit rules of fabric-wire.md §3.2 for applying simulation results. It
// is meant for tests and tools, in the spirit of hashicorp/raft's InmemStore;
// peers use the Pebble ledger.
type InmemState struct {
	mu     sync.RWMutex
	pub    map[string]map[string]ledger.VersionedValue // ns → key
	hashed map[string]map[string]ledger.VersionedValue // ns\x00coll → hex(keyHash)
	pvt    map[string]map[string]ledger.VersionedValue // ns\x00coll → key
}

// NewInmemState returns an empty state.
func NewInmemState() *InmemState {
	return &InmemState{
		pub:    map[string]map[string]ledger.VersionedValue{},
		hashed: map[string]map[string]ledger.VersionedValue{},
		pvt:    map[string]map[string]ledger.VersionedValue{},
	}
}

func collKey(ns, coll string) string { return ns + "\x00" + coll }

func put(m map[string]map[string]ledger.VersionedValue, space, key string, vv ledger.VersionedValue) {
	if m[space] == nil {
		m[space] = map[string]ledger.VersionedValue{}
	}
	m[space][key] = vv
}

func get(m map[string]map[string]ledger.VersionedValue, space, key string) *ledger.VersionedValue {
	vv, ok := m[space][key]
	if !ok {
		return nil
	}
	cp := vv
	cp.Value = slices.Clone(vv.Value)
	cp.Metadata = maps.Clone(vv.Metadata)
	return &cp
}

// Put sets a public key directly (test setup).
func (m *InmemState) Put(ns, key string, value []byte, md map[string][]byte, h ledger.Height) {
	m.mu.Lock()
	defer m.mu.Unlock()
	put(m.pub, ns, key, ledger.VersionedValue{Value: slices.Clone(value), Metadata: maps.Clone(md), Version: h})
}

// PutPrivate sets a private key and its hash directly (test setup).
func (m *InmemState) PutPrivate(ns, coll, key string, value []byte, h ledger.Height) {
	m.mu.Lock()
	defer m.mu.Unlock()
	put(m.pvt, collKey(ns, coll), key, ledger.VersionedValue{Value: slices.Clone(value), Version: h})
	put(m.hashed, collKey(ns, coll), hex.EncodeToString(hashString(key)), ledger.VersionedValue{Value: hashBytes(value), Version: h})
}

// PutHashedOnly sets only the hash of a private key, as a non-member peer
// stores it (test setup).
func (m *InmemState) PutHashedOnly(ns, coll, key string, value []byte, h ledger.Height) {
	m.mu.Lock()
	defer m.mu.Unlock()
	put(m.hashed, collKey(ns, coll), hex.EncodeToString(hashString(key)), ledger.VersionedValue{Value: hashBytes(value), Version: h})
}

// GetState implements ledger.StateReader.
func (m *InmemState) GetState(ns, key string) (*ledger.VersionedValue, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return get(m.pub, ns, key), nil
}

// GetHashedState implements ledger.StateReader.
func (m *InmemState) GetHashedState(ns, coll string, keyHash []byte) (*ledger.VersionedValue, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return get(m.hashed, collKey(ns, coll), hex.EncodeToString(keyHash)), nil
}

// GetPrivateData implements ledger.StateReader.
func (m *InmemState) GetPrivateData(ns, coll, key string) (*ledger.VersionedValue, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return get(m.pvt, collKey(ns, coll), key), nil
}

// GetStateRange implements ledger.StateReader over a copy taken now.
func (m *InmemState) GetStateRange(ns, start, end string) (ledger.KVIterator, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return scan(m.pub[ns], start, end), nil
}

// GetPrivateDataRange implements PrivateRangeReader.
func (m *InmemState) GetPrivateDataRange(ns, coll, start, end string) (ledger.KVIterator, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return scan(m.pvt[collKey(ns, coll)], start, end), nil
}

func scan(space map[string]ledger.VersionedValue, start, end string) *sliceIter {
	var out []*ledger.KV
	for k, vv := range space {
		if k >= start && (end == "" || k < end) {
			out = append(out, &ledger.KV{Key: k, VersionedValue: vv})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return &sliceIter{kvs: out}
}

type sliceIter struct {
	kvs []*ledger.KV
	i   int
}

func (s *sliceIter) Next() (*ledger.KV, error) {
	if s.i >= len(s.kvs) {
		return nil, nil
	}
	s.i++
	return s.kvs[s.i-1], nil
}

func (s *sliceIter) Close() {}

// Apply commits a transaction's results at height h with Fabric's rules: a
// value-only write keeps metadata, a metadata write replaces it, a
// metadata-only write to an absent key is dropped, a delete removes both.
// Private writes are applied when res carries the private set.
func (m *InmemState) Apply(res *Results, h ledger.Height) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ns := range res.Public.GetNsRwset() {
		kv := &kvrwset.KVRWSet{}
		if err := proto.Unmarshal(ns.GetRwset(), kv); err != nil {
			return fmt.Errorf("apply %s: %w", ns.GetNamespace(), err)
		}
		mds := map[string][]*kvrwset.KVMetadataEntry{}
		for _, w := range kv.GetMetadataWrites() {
			mds[w.GetKey()] = w.GetEntries()
		}
		for _, w := range kv.GetWrites() {
			if w.GetIsDelete() {
				delete(m.pub[ns.GetNamespace()], w.GetKey())
				delete(mds, w.GetKey())
				continue
			}
			vv := ledger.VersionedValue{Value: w.GetValue(), Version: h}
			if old := get(m.pub, ns.GetNamespace(), w.GetKey()); old != nil {
				vv.Metadata = old.Metadata
			}
			put(m.pub, ns.GetNamespace(), w.GetKey(), vv)
		}
		for k, entries := range mds {
			old := get(m.pub, ns.GetNamespace(), k)
			if old == nil {
				continue
			}
			old.Metadata = entriesMap(entries)
			old.Version = h
			put(m.pub, ns.GetNamespace(), k, *old)
		}
		for _, c := range ns.GetCollectionHashedRwset() {
			hs := &kvrwset.HashedRWSet{}
			if err := proto.Unmarshal(c.GetHashedRwset(), hs); err != nil {
				return fmt.Errorf("apply %s/%s: %w", ns.GetNamespace(), c.GetCollectionName(), err)
			}
			space := collKey(ns.GetNamespace(), c.GetCollectionName())
			for _, w := range hs.GetHashedWrites() {
				hk := hex.EncodeToString(w.GetKeyHash())
				if w.GetIsDelete() {
					delete(m.hashed[space], hk)
					continue
				}
				put(m.hashed, space, hk, ledger.VersionedValue{Value: w.GetValueHash(), Version: h})
			}
			for _, w := range hs.GetMetadataWrites() {
				hk := hex.EncodeToString(w.GetKeyHash())
				if old, ok := m.hashed[space][hk]; ok {
					old.Metadata = entriesMap(w.GetEntries())
					old.Version = h
					m.hashed[space][hk] = old
				}
			}
		}
	}
	for _, ns := range res.Private.GetNsPvtRwset() {
		for _, c := range ns.GetCollectionPvtRwset() {
			kv := &kvrwset.KVRWSet{}
			if err := proto.Unmarshal(c.GetRwset(), kv); err != nil {
				return fmt.Errorf("apply private %s/%s: %w", ns.GetNamespace(), c.GetCollectionName(), err)
			}
			space := collKey(ns.GetNamespace(), c.GetCollectionName())
			for _, w := range kv.GetWrites() {
				if w.GetIsDelete() {
					delete(m.pvt[space], w.GetKey())
					continue
				}
				put(m.pvt, space, w.GetKey(), ledger.VersionedValue{Value: w.GetValue(), Version: h})
			}
			for _, w := range kv.GetMetadataWrites() {
				// The hashed set carries the entries; keep versions aligned.
				if old, ok := m.pvt[space][w.GetKey()]; ok {
					old.Version = h
					m.pvt[space][w.GetKey()] = old
				}
			}
		}
	}
	return nil
}

func entriesMap(entries []*kvrwset.KVMetadataEntry) map[string][]byte {
	if len(entries) == 0 {
		return nil
	}
	out := make(map[string][]byte, len(entries))
	for _, e := range entries {
		out[e.GetName()] = e.GetValue()
	}
	return out
}
