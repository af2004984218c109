package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// emptyHash is SHA-256 of the empty value: Fabric treats a hashed write with
// this value hash as a delete.
var emptyHash = sha256.Sum256(nil)

// commitBuilder turns one block's UpdateBatch into Pebble batch operations.
// State changes collect in an overlay first, because later writes of the
// block must see earlier ones (metadata kept by a value-only write,
// metadata-only writes to keys created in the same block, expiry of a key
// rewritten in this block); the overlay is flushed in key order at the end.
type commitBuilder struct {
	r     reader
	wb    *pebble.Batch
	block uint64
	flags []byte
	txs   []txHeader

	state       map[string]*VersionedValue // state/hashed/private db key -> entry; nil = deleted
	points      *pebble.Iterator           // reused for point lookups, see get
	pvtVersions map[string][]Height        // pvtVersionPrefix -> versions written in this block
	txIndex     map[string]TxLocation

	// The key-hash index is settled once per private key at the end (see
	// finishKeyHashIndex): a key keeps its entry while any version is stored.
	pvtIndex   map[string]string          // pvtKeyHashKey -> key, written or read in this batch
	pvtTouched map[string]pvtRef          // pvtVersionPrefix -> key whose versions changed
	pvtRemoved map[string]map[Height]bool // pvtVersionPrefix -> stored versions deleted in this batch
}

func newCommitBuilder(r reader, wb *pebble.Batch, block uint64) *commitBuilder {
	return &commitBuilder{
		r: r, wb: wb, block: block,
		state:       map[string]*VersionedValue{},
		pvtVersions: map[string][]Height{},
		txIndex:     map[string]TxLocation{},
		pvtIndex:    map[string]string{},
		pvtTouched:  map[string]pvtRef{},
		pvtRemoved:  map[string]map[Height]bool{},
	}
}

// pvtRef names one private key.
type pvtRef struct{ ns, coll, key string }

func (c *commitBuilder) build(b *UpdateBatch) error {
	defer func() {
		if c.points != nil {
			_ = c.points.Close()
		}
	}()
	values := make(map[string][]byte, len(b.Public)) // history key -> value
	var hashPurges []*HashedWrite
	for i := range b.Public {
		w := &b.Public[i]
		isDelete := w.IsDelete || (len(w.Value) == 0 && !w.MetadataSet)
		if err := c.apply(stateKey(w.Namespace, w.Key), w.Value, isDelete, w.MetadataSet, w.Metadata, w.Version); err != nil {
			return err
		}
		if !isDelete && len(w.Value) > 0 {
			values[string(historyKey(w.Namespace, w.Key, w.Version))] = w.Value
		}
	}
	for i := range b.Hashed {
		w := &b.Hashed[i]
		isDelete := w.IsDelete || w.IsPurge || (len(w.ValueHash) == 0 && !w.MetadataSet) ||
			bytes.Equal(w.ValueHash, emptyHash[:])
		if err := c.apply(hashedKey(w.Namespace, w.Collection, w.KeyHash), w.ValueHash, isDelete, w.MetadataSet, w.Metadata, w.Version); err != nil {
			return err
		}
		if !isDelete && len(w.ValueHash) > 0 && w.ExpiresAtBlock != 0 {
			set(c.wb, expiryKey(w.ExpiresAtBlock, expiryHashed, w.Version, w.Namespace, w.Collection, w.KeyHash), nil)
		}
		if w.IsPurge {
			hashPurges = append(hashPurges, w)
		}
	}
	// A purge names the key by hash, and this peer may not have received the
	// private write set of the purging transaction: the purge must still
	// remove the private value and every stored version. Private writes and
	// purges by hash apply in transaction order, so a purge removes a value
	// an earlier transaction of the block wrote, and a later write survives.
	for i, j := 0, 0; i < len(b.Private) || j < len(hashPurges); {
		if j < len(hashPurges) && (i == len(b.Private) || hashPurges[j].Version.Less(b.Private[i].Version)) {
			if err := c.purgeByHash(hashPurges[j].Namespace, hashPurges[j].Collection, hashPurges[j].KeyHash); err != nil {
				return err
			}
			j++
			continue
		}
		if err := c.applyPrivate(&b.Private[i]); err != nil {
			return err
		}
		i++
	}
	for _, e := range b.History {
		rec := &KeyModification{IsDelete: e.IsDelete, Version: e.Version}
		tx := c.txs[e.Version.TxNum]
		rec.TxID, rec.Timestamp = tx.txid, tx.ts
		k := historyKey(e.Namespace, e.Key, e.Version)
		if !e.IsDelete {
			rec.Value = values[string(k)]
		}
		set(c.wb, k, encodeHistory(rec))
	}
	if err := c.expire(); err != nil {
		return err
	}
	if err := c.indexTxs(); err != nil {
		return err
	}
	if err := c.finishKeyHashIndex(); err != nil {
		return err
	}
	c.flush()
	return nil
}

// get is a point read for commit. Most commit lookups miss (new txids, keys
// of blind writes), and Pebble's Get never consults the bloom filters of the
// bottom level, where most data lives, so each miss would read and decode a
// data block. One iterator with UseL6Filters answers a miss from the filter.
func (c *commitBuilder) get(key []byte) ([]byte, error) {
	if c.points == nil {
		it, err := c.r.NewIter(&pebble.IterOptions{UseL6Filters: true})
		if err != nil {
			return nil, fmt.Errorf("ledger: open point iterator: %w", err)
		}
		c.points = it
	}
	if !c.points.SeekPrefixGE(key) || !bytes.Equal(c.points.Key(), key) {
		if err := c.points.Error(); err != nil {
			return nil, fmt.Errorf("ledger: read: %w", err)
		}
		return nil, ErrNotFound
	}
	v, err := c.points.ValueAndErr()
	if err != nil {
		return nil, fmt.Errorf("ledger: read: %w", err)
	}
	return append([]byte{}, v...), nil
}

// lookup reads an entry through the overlay.
func (c *commitBuilder) lookup(key []byte) (*VersionedValue, error) {
	if v, ok := c.state[string(key)]; ok {
		return v, nil
	}
	raw, err := c.get(key)
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

// apply implements the write rules of fabric-wire.md §3.2 for one key: a
// delete removes value and metadata; a value write keeps the committed
// metadata unless the tx also wrote metadata, which then replaces the whole
// map (nil/empty = delete it); a metadata-only write to an absent key is
// dropped.
func (c *commitBuilder) apply(key, value []byte, isDelete, metaSet bool, meta map[string][]byte, ver Height) error {
	if isDelete {
		c.state[string(key)] = nil
		return nil
	}
	cur, err := c.lookup(key)
	if err != nil {
		return err
	}
	next := &VersionedValue{Version: ver}
	switch {
	case len(value) > 0:
		next.Value = append([]byte{}, value...)
		if !metaSet && cur != nil {
			next.Metadata = cur.Metadata
		}
	case cur == nil: // metadata-only write to an absent key
		return nil
	default:
		next.Value = cur.Value
	}
	if metaSet {
		next.Metadata = copyMeta(meta)
	}
	c.state[string(key)] = next
	return nil
}

func copyMeta(m map[string][]byte) map[string][]byte {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = append([]byte{}, v...)
	}
	return out
}

func (c *commitBuilder) applyPrivate(w *PrivateWrite) error {
	cur := privateKey(w.Namespace, w.Collection, w.Key)
	if w.IsPurge {
		c.state[string(cur)] = nil
		return c.purgeVersions(w.Namespace, w.Collection, w.Key)
	}
	isDelete := w.IsDelete || len(w.Value) == 0
	if isDelete {
		c.state[string(cur)] = nil
	} else {
		c.state[string(cur)] = &VersionedValue{Value: append([]byte{}, w.Value...), Version: w.Version}
	}
	// Keep every version, so the block's private write set can be served
	// later and a purge has older versions to remove.
	set(c.wb, pvtVersionKey(w.Namespace, w.Collection, w.Key, w.Version), encodePvtVersion(w.Value, isDelete))
	set(c.wb, pvtByBlockKey(w.Namespace, w.Collection, w.Key, w.Version), nil)
	p := c.touch(w.Namespace, w.Collection, w.Key)
	c.pvtVersions[p] = append(c.pvtVersions[p], w.Version)
	kh := sha256.Sum256([]byte(w.Key))
	c.pvtIndex[string(pvtKeyHashKey(w.Namespace, w.Collection, kh[:]))] = w.Key
	if !isDelete && w.ExpiresAtBlock != 0 {
		set(c.wb, expiryKey(w.ExpiresAtBlock, expiryPrivate, w.Version, w.Namespace, w.Collection, []byte(w.Key)), nil)
	}
	return nil
}

// purgeVersions removes every stored version of a private key, committed or
// written earlier in this block, from both version indexes.
func (c *commitBuilder) purgeVersions(ns, coll, key string) error {
	prefix := pvtVersionPrefix(ns, coll, key)
	it, err := c.r.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return fmt.Errorf("ledger: scan private versions: %w", err)
	}
	var hs []Height
	for ok := it.First(); ok; ok = it.Next() {
		k := it.Key()
		if len(k) != len(prefix)+pvtVersionSuffixLen {
			_ = it.Close()
			return fmt.Errorf("%w: private version key %x", errCorrupt, k)
		}
		hs = append(hs, readHeight(k[len(prefix):]))
	}
	if err := it.Close(); err != nil {
		return fmt.Errorf("ledger: scan private versions: %w", err)
	}
	for _, h := range hs {
		c.removed(ns, coll, key, h)
	}
	for _, h := range c.pvtVersions[string(prefix)] {
		del(c.wb, pvtVersionKey(ns, coll, key, h))
		del(c.wb, pvtByBlockKey(ns, coll, key, h))
	}
	delete(c.pvtVersions, string(prefix))
	return nil
}

// purgeByHash applies a purge of hashed state to the private store: the
// private value and every stored version of the key go, if this peer holds
// any. Without an index entry it holds none.
func (c *commitBuilder) purgeByHash(ns, coll string, keyHash []byte) error {
	key, ok, err := c.keyOf(ns, coll, keyHash)
	if err != nil || !ok {
		return err
	}
	c.state[string(privateKey(ns, coll, key))] = nil
	return c.purgeVersions(ns, coll, key)
}

// keyOf finds the private key with this hash through the key-hash index.
func (c *commitBuilder) keyOf(ns, coll string, keyHash []byte) (string, bool, error) {
	ik := pvtKeyHashKey(ns, coll, keyHash)
	if k, ok := c.pvtIndex[string(ik)]; ok {
		return k, true, nil
	}
	raw, err := c.get(ik)
	if errors.Is(err, ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if kh := sha256.Sum256(raw); !bytes.Equal(kh[:], keyHash) {
		return "", false, fmt.Errorf("%w: key-hash index entry %x names a key with another hash", errCorrupt, ik)
	}
	c.pvtIndex[string(ik)] = string(raw)
	return string(raw), true, nil
}

// touch records that a private key's stored versions change in this batch
// and returns its version prefix.
func (c *commitBuilder) touch(ns, coll, key string) string {
	p := string(pvtVersionPrefix(ns, coll, key))
	c.pvtTouched[p] = pvtRef{ns, coll, key}
	return p
}

// removed deletes one stored version of a private key.
func (c *commitBuilder) removed(ns, coll, key string, h Height) {
	p := c.touch(ns, coll, key)
	if c.pvtRemoved[p] == nil {
		c.pvtRemoved[p] = map[Height]bool{}
	}
	c.pvtRemoved[p][h] = true
	del(c.wb, pvtVersionKey(ns, coll, key, h))
	del(c.wb, pvtByBlockKey(ns, coll, key, h))
}

// finishKeyHashIndex settles the key-hash index for every private key whose
// versions changed: the entry exists while any version of the key is
// stored, so that a purge by hash can still find them, and goes with the
// last one, so that no trace of a purged or expired key stays behind.
func (c *commitBuilder) finishKeyHashIndex() error {
	prefixes := make([]string, 0, len(c.pvtTouched))
	for p := range c.pvtTouched {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	for _, p := range prefixes {
		ref := c.pvtTouched[p]
		live := len(c.pvtVersions[p]) > 0
		if !live {
			var err error
			if live, err = c.hasStoredVersion([]byte(p), c.pvtRemoved[p]); err != nil {
				return err
			}
		}
		kh := sha256.Sum256([]byte(ref.key))
		ik := pvtKeyHashKey(ref.ns, ref.coll, kh[:])
		if live {
			set(c.wb, ik, []byte(ref.key))
		} else {
			del(c.wb, ik)
		}
	}
	return nil
}

// hasStoredVersion reports whether the database holds a version under
// prefix other than those this batch deletes.
func (c *commitBuilder) hasStoredVersion(prefix []byte, deleted map[Height]bool) (bool, error) {
	it, err := c.r.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return false, fmt.Errorf("ledger: scan private versions: %w", err)
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		k := it.Key()
		if len(k) != len(prefix)+pvtVersionSuffixLen {
			return false, fmt.Errorf("%w: private version key %x", errCorrupt, k)
		}
		if !deleted[readHeight(k[len(prefix):])] {
			return true, nil
		}
	}
	return false, it.Error()
}

// expire applies block-to-live: every private value and hash scheduled to
// expire at this block is removed, from current state only if it is still
// the current version (a later write must survive), and from the private
// version store always.
func (c *commitBuilder) expire() error {
	prefix := expiryPrefix(c.block)
	it, err := c.r.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return fmt.Errorf("ledger: scan expiries: %w", err)
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		k := append([]byte{}, it.Key()...)
		if len(k) < expiryHeadBytes {
			return fmt.Errorf("%w: expiry key %x", errCorrupt, k)
		}
		kind := k[9]
		h := readHeight(k[10:26])
		ns, rest, ok1 := readString(k[26:])
		coll, rest, ok2 := readString(rest)
		if !ok1 || !ok2 {
			return fmt.Errorf("%w: expiry key %x", errCorrupt, k)
		}
		var cur []byte
		switch kind {
		case expiryPrivate:
			key := string(rest)
			cur = privateKey(ns, coll, key)
			c.removed(ns, coll, key, h)
		case expiryHashed:
			cur = hashedKey(ns, coll, rest)
			if err := c.expirePrivateByHash(ns, coll, rest, h); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w: expiry kind %q", errCorrupt, kind)
		}
		v, err := c.lookup(cur)
		if err != nil {
			return err
		}
		if v != nil && v.Version == h {
			c.state[string(cur)] = nil
		}
		del(c.wb, k)
	}
	return it.Error()
}

// expirePrivateByHash applies the expiry of the hash written at h to the
// private store, which may hold the value without an expiry of its own (it
// arrived by reconciliation, or its expiry differs): the version h goes,
// and so does the current value if it is that version or an older one the
// expired hash had already superseded (its own write set never arrived). A
// later rewrite survives.
func (c *commitBuilder) expirePrivateByHash(ns, coll string, keyHash []byte, h Height) error {
	key, ok, err := c.keyOf(ns, coll, keyHash)
	if err != nil || !ok {
		return err
	}
	c.removed(ns, coll, key, h)
	pk := privateKey(ns, coll, key)
	v, err := c.lookup(pk)
	if err != nil {
		return err
	}
	if v != nil && !h.Less(v.Version) {
		c.state[string(pk)] = nil
	}
	return nil
}

// indexTxs maps each txid to where it was committed. If a txid occurs more
// than once (a replay marked DUPLICATE_TXID, or a resubmission after an
// invalid attempt), the first VALID occurrence wins, else the first one: the
// status a client waits for must not be shadowed by a rejected replay.
func (c *commitBuilder) indexTxs() error {
	for i, tx := range c.txs {
		if tx.txid == "" {
			continue
		}
		loc := TxLocation{BlockNum: c.block, TxNum: uint64(i), Code: peer.TxValidationCode(c.flags[i])}
		prev, seen := c.txIndex[tx.txid]
		if !seen {
			raw, err := c.get(txKey(tx.txid))
			switch {
			case err == nil:
				p, derr := decodeTxLoc(raw)
				if derr != nil {
					return derr
				}
				prev, seen = *p, true
			case !errors.Is(err, ErrNotFound):
				return err
			}
		}
		if seen && (prev.Code == peer.TxValidationCode_VALID || loc.Code != peer.TxValidationCode_VALID) {
			continue
		}
		c.txIndex[tx.txid] = loc
		set(c.wb, txKey(tx.txid), encodeTxLoc(loc))
	}
	return nil
}

// flush writes the state overlay in key order.
func (c *commitBuilder) flush() {
	keys := make([]string, 0, len(c.state))
	for k := range c.state {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := c.state[k]; v == nil {
			del(c.wb, []byte(k))
		} else {
			set(c.wb, []byte(k), encodeEntry(v))
		}
	}
}

func readHeight(b []byte) Height {
	return Height{BlockNum: be64(b), TxNum: be64(b[8:])}
}

func be64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
}
