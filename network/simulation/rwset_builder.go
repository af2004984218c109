package simulation

import (
	"crypto/sha256"
	"fmt"
	"sort"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"
)

// rwsetBuilder accumulates reads and writes keyed by namespace, collection and
// key so that the last operation on a key wins, and emits them sorted.
type rwsetBuilder struct {
	pub map[string]*nsBuilder    // namespace → public part (incl. hashed collections)
	pvt map[string]*nsPvtBuilder // namespace → private writes
}

type rangeKey struct {
	start, end string
	exhausted  bool
}

type nsBuilder struct {
	reads          map[string]*kvrwset.KVRead
	writes         map[string]*kvrwset.KVWrite
	metadataWrites map[string]*kvrwset.KVMetadataWrite
	rangeKeys      []rangeKey
	ranges         map[rangeKey]*kvrwset.RangeQueryInfo
	colls          map[string]*collHashedBuilder
}

type collHashedBuilder struct {
	reads          map[string]*kvrwset.KVReadHash
	writes         map[string]*kvrwset.KVWriteHash
	metadataWrites map[string]*kvrwset.KVMetadataWriteHash
	pvtHash        []byte
}

type nsPvtBuilder struct {
	colls map[string]*collPvtBuilder
}

type collPvtBuilder struct {
	writes         map[string]*kvrwset.KVWrite
	metadataWrites map[string]*kvrwset.KVMetadataWrite
}

func newRWSetBuilder() *rwsetBuilder {
	return &rwsetBuilder{pub: map[string]*nsBuilder{}, pvt: map[string]*nsPvtBuilder{}}
}

func (b *rwsetBuilder) ns(ns string) *nsBuilder {
	n, ok := b.pub[ns]
	if !ok {
		n = &nsBuilder{
			reads:          map[string]*kvrwset.KVRead{},
			writes:         map[string]*kvrwset.KVWrite{},
			metadataWrites: map[string]*kvrwset.KVMetadataWrite{},
			ranges:         map[rangeKey]*kvrwset.RangeQueryInfo{},
			colls:          map[string]*collHashedBuilder{},
		}
		b.pub[ns] = n
	}
	return n
}

func (b *rwsetBuilder) hashedColl(ns, coll string) *collHashedBuilder {
	n := b.ns(ns)
	c, ok := n.colls[coll]
	if !ok {
		c = &collHashedBuilder{
			reads:          map[string]*kvrwset.KVReadHash{},
			writes:         map[string]*kvrwset.KVWriteHash{},
			metadataWrites: map[string]*kvrwset.KVMetadataWriteHash{},
		}
		n.colls[coll] = c
	}
	return c
}

func (b *rwsetBuilder) pvtColl(ns, coll string) *collPvtBuilder {
	n, ok := b.pvt[ns]
	if !ok {
		n = &nsPvtBuilder{colls: map[string]*collPvtBuilder{}}
		b.pvt[ns] = n
	}
	c, ok := n.colls[coll]
	if !ok {
		c = &collPvtBuilder{writes: map[string]*kvrwset.KVWrite{}, metadataWrites: map[string]*kvrwset.KVMetadataWrite{}}
		n.colls[coll] = c
	}
	return c
}

func (b *rwsetBuilder) addRead(ns, key string, v *kvrwset.Version) {
	b.ns(ns).reads[key] = &kvrwset.KVRead{Key: key, Version: v}
}

func (b *rwsetBuilder) addWrite(ns, key string, value []byte) {
	b.ns(ns).writes[key] = newKVWrite(key, value)
}

func (b *rwsetBuilder) addMetadataWrite(ns, key string, md map[string][]byte) {
	b.ns(ns).metadataWrites[key] = &kvrwset.KVMetadataWrite{Key: key, Entries: metadataEntries(md)}
}

// addRange keeps insertion order and drops an identical (start, end,
// exhausted) query recorded before.
func (b *rwsetBuilder) addRange(ns string, rqi *kvrwset.RangeQueryInfo) {
	n := b.ns(ns)
	k := rangeKey{rqi.GetStartKey(), rqi.GetEndKey(), rqi.GetItrExhausted()}
	if _, ok := n.ranges[k]; ok {
		return
	}
	n.ranges[k] = rqi
	n.rangeKeys = append(n.rangeKeys, k)
}

func (b *rwsetBuilder) addHashedRead(ns, coll, key string, v *kvrwset.Version) {
	b.hashedColl(ns, coll).reads[key] = &kvrwset.KVReadHash{KeyHash: hashString(key), Version: v}
}

func (b *rwsetBuilder) addPvtWrite(ns, coll, key string, value []byte, purge bool) {
	w := newKVWrite(key, value)
	h := &kvrwset.KVWriteHash{KeyHash: hashString(key), IsDelete: w.IsDelete, IsPurge: purge}
	if !w.IsDelete {
		h.ValueHash = hashBytes(value)
	}
	b.pvtColl(ns, coll).writes[key] = w
	b.hashedColl(ns, coll).writes[key] = h
}

// addPvtMetadataWrite puts the entries in clear into the hashed set, so that
// key-level policies stay visible to non-members, and a placeholder with no
// entries into the private set (fabric-wire.md §3.3).
func (b *rwsetBuilder) addPvtMetadataWrite(ns, coll, key string, md map[string][]byte) {
	b.pvtColl(ns, coll).metadataWrites[key] = &kvrwset.KVMetadataWrite{Key: key}
	b.hashedColl(ns, coll).metadataWrites[key] = &kvrwset.KVMetadataWriteHash{KeyHash: hashString(key), Entries: metadataEntries(md)}
}

// build returns the private set first because the public set carries its
// per-collection hashes.
func (b *rwsetBuilder) build() (*rwset.TxReadWriteSet, *rwset.TxPvtReadWriteSet, error) {
	var pvt *rwset.TxPvtReadWriteSet
	if len(b.pvt) > 0 {
		pvt = &rwset.TxPvtReadWriteSet{DataModel: rwset.TxReadWriteSet_KV}
		for _, ns := range sortedKeys(b.pvt) {
			nsSet := &rwset.NsPvtReadWriteSet{Namespace: ns}
			for _, coll := range sortedKeys(b.pvt[ns].colls) {
				c := b.pvt[ns].colls[coll]
				raw, err := proto.Marshal(&kvrwset.KVRWSet{
					Writes:         sortedValues(c.writes),
					MetadataWrites: sortedValues(c.metadataWrites),
				})
				if err != nil {
					return nil, nil, fmt.Errorf("marshal private rwset of %s/%s: %w", ns, coll, err)
				}
				nsSet.CollectionPvtRwset = append(nsSet.CollectionPvtRwset, &rwset.CollectionPvtReadWriteSet{CollectionName: coll, Rwset: raw})
				b.hashedColl(ns, coll).pvtHash = hashBytes(raw)
			}
			pvt.NsPvtRwset = append(pvt.NsPvtRwset, nsSet)
		}
	}

	pub := &rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV}
	for _, ns := range sortedKeys(b.pub) {
		n := b.pub[ns]
		kv := &kvrwset.KVRWSet{
			Reads:          sortedValues(n.reads),
			Writes:         sortedValues(n.writes),
			MetadataWrites: sortedValues(n.metadataWrites),
		}
		for _, k := range n.rangeKeys {
			kv.RangeQueriesInfo = append(kv.RangeQueriesInfo, n.ranges[k])
		}
		raw, err := proto.Marshal(kv)
		if err != nil {
			return nil, nil, fmt.Errorf("marshal rwset of %s: %w", ns, err)
		}
		nsSet := &rwset.NsReadWriteSet{Namespace: ns, Rwset: raw}
		for _, coll := range sortedKeys(n.colls) {
			c := n.colls[coll]
			hraw, err := proto.Marshal(&kvrwset.HashedRWSet{
				HashedReads:    sortedValues(c.reads),
				HashedWrites:   sortedValues(c.writes),
				MetadataWrites: sortedValues(c.metadataWrites),
			})
			if err != nil {
				return nil, nil, fmt.Errorf("marshal hashed rwset of %s/%s: %w", ns, coll, err)
			}
			nsSet.CollectionHashedRwset = append(nsSet.CollectionHashedRwset, &rwset.CollectionHashedReadWriteSet{
				CollectionName: coll,
				HashedRwset:    hraw,
				PvtRwsetHash:   c.pvtHash,
			})
		}
		pub.NsRwset = append(pub.NsRwset, nsSet)
	}
	return pub, pvt, nil
}

// newKVWrite treats an empty value as a delete, as Fabric does.
func newKVWrite(key string, value []byte) *kvrwset.KVWrite {
	return &kvrwset.KVWrite{Key: key, IsDelete: len(value) == 0, Value: value}
}

func metadataEntries(md map[string][]byte) []*kvrwset.KVMetadataEntry {
	var out []*kvrwset.KVMetadataEntry
	for _, name := range sortedKeys(md) {
		out = append(out, &kvrwset.KVMetadataEntry{Name: name, Value: md[name]})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedValues[V any](m map[string]V) []V {
	if len(m) == 0 {
		return nil
	}
	out := make([]V, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func hashString(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func hashBytes(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}
