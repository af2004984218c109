package validation

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"unicode/utf8"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"

	"github.com/saharanet/saharanet/network/ledger"
)

var emptyValueHash = sha256.Sum256(nil)

// isHashedDelete mirrors Fabric's IsKVWriteHashDelete (§3.3).
func isHashedDelete(w *kvrwset.KVWriteHash) bool {
	return w.GetIsDelete() || len(w.GetValueHash()) == 0 || bytes.Equal(w.GetValueHash(), emptyValueHash[:])
}

// checkWriteset rejects keys no honest endorser produces (the shim refuses
// empty and non-UTF-8 keys), so they can never reach state (INVALID_WRITESET).
func checkWriteset(t *tx) string {
	for _, n := range t.rws {
		for _, w := range n.kv.Writes {
			if err := checkKey(w.GetKey()); err != "" {
				return fmt.Sprintf("write to %s: %s", n.ns, err)
			}
		}
		for _, w := range n.kv.MetadataWrites {
			if err := checkKey(w.GetKey()); err != "" {
				return fmt.Sprintf("metadata write to %s: %s", n.ns, err)
			}
		}
		for _, c := range n.colls {
			for _, w := range c.hashed.HashedWrites {
				if len(w.GetKeyHash()) != sha256.Size {
					return fmt.Sprintf("hashed write to %s/%s: key hash of %d bytes", n.ns, c.name, len(w.GetKeyHash()))
				}
				if vh := len(w.GetValueHash()); vh != 0 && vh != sha256.Size {
					return fmt.Sprintf("hashed write to %s/%s: value hash of %d bytes", n.ns, c.name, vh)
				}
			}
			for _, w := range c.hashed.MetadataWrites {
				if len(w.GetKeyHash()) != sha256.Size {
					return fmt.Sprintf("hashed metadata write to %s/%s: key hash of %d bytes", n.ns, c.name, len(w.GetKeyHash()))
				}
			}
		}
	}
	return ""
}

func checkKey(k string) string {
	switch {
	case k == "":
		return "empty key"
	case !utf8.ValidString(k):
		return fmt.Sprintf("key %q is not valid UTF-8", k)
	}
	return ""
}

// keyOp accumulates one transaction's changes to one key, as Fabric's
// tx_ops does: a delete wins over everything, a value-only write keeps the
// key's metadata, a metadata-only write keeps the key's value.
type keyOp struct {
	key      string
	value    []byte
	del      bool
	valueSet bool
	metaSet  bool
	meta     map[string][]byte
}

func metadataMap(entries []*kvrwset.KVMetadataEntry) map[string][]byte {
	if len(entries) == 0 {
		return nil // "delete the metadata" (§3.2)
	}
	m := make(map[string][]byte, len(entries))
	for _, e := range entries {
		m[e.GetName()] = e.GetValue()
	}
	return m
}

// ops orders a namespace's (or collection's) writes by first appearance.
type ops struct {
	order []*keyOp
	byKey map[string]*keyOp
}

func (o *ops) get(k string) *keyOp {
	if o.byKey == nil {
		o.byKey = make(map[string]*keyOp)
	}
	op := o.byKey[k]
	if op == nil {
		op = &keyOp{key: k}
		o.byKey[k] = op
		o.order = append(o.order, op)
	}
	return op
}

func (o *ops) write(k string, value []byte, del bool) {
	op := o.get(k)
	op.valueSet = true
	op.del = del
	op.value = value
}

func (o *ops) metadata(k string, entries []*kvrwset.KVMetadataEntry) {
	op := o.get(k)
	op.metaSet = true
	op.meta = metadataMap(entries)
}

// apply adds a valid transaction's writes to the batch and the overlay.
func (bc *blockCtx) apply(t *tx, o *overlay, b *ledger.UpdateBatch, pvt *txPvtData) error {
	ver := ledger.Height{BlockNum: bc.num, TxNum: uint64(t.idx)}
	for _, n := range t.rws {
		var pub ops
		for _, w := range n.kv.Writes {
			// An empty value is a delete (§3.2).
			pub.write(w.GetKey(), w.GetValue(), w.GetIsDelete() || len(w.GetValue()) == 0)
		}
		for _, w := range n.kv.MetadataWrites {
			pub.metadata(w.GetKey(), w.GetEntries())
		}
		for _, op := range pub.order {
			if err := bc.applyPublic(n.ns, op, ver, o, b); err != nil {
				return err
			}
		}
		for _, c := range n.colls {
			if err := bc.applyCollection(t, n.ns, c, ver, o, b, pvt); err != nil {
				return err
			}
		}
	}
	return nil
}

func (bc *blockCtx) applyPublic(ns string, op *keyOp, ver ledger.Height, o *overlay, b *ledger.UpdateBatch) error {
	k := keyID{ns: ns, key: op.key}
	prev := o.pub[k]
	switch {
	case op.del:
		o.putPub(ns, op.key, &pending{deleted: true, metaKnown: true, ver: ver})
		b.Public = append(b.Public, ledger.Write{Namespace: ns, Key: op.key, IsDelete: true, Version: ver})
		b.History = append(b.History, ledger.HistoryEntry{Namespace: ns, Key: op.key, Version: ver, IsDelete: true})
	case op.valueSet:
		w := ledger.Write{Namespace: ns, Key: op.key, Value: op.value, Version: ver}
		p := &pending{value: op.value, ver: ver}
		switch {
		case op.metaSet:
			w.MetadataSet, w.Metadata = true, op.meta
			p.metaKnown, p.meta = true, op.meta
		case prev != nil && prev.metaKnown:
			// Metadata set earlier in this block is not committed yet, so
			// "keep the committed metadata" would lose it: restate it.
			w.MetadataSet, w.Metadata = true, prev.meta
			p.metaKnown, p.meta = true, prev.meta
		}
		o.putPub(ns, op.key, p)
		b.Public = append(b.Public, w)
		b.History = append(b.History, ledger.HistoryEntry{Namespace: ns, Key: op.key, Version: ver})
	default: // metadata only: needs the current value; dropped if the key is absent
		var value []byte
		if prev != nil {
			if prev.deleted {
				return nil
			}
			value = prev.value
		} else {
			vv, err := bc.d.State.GetState(ns, op.key)
			if err != nil {
				return fmt.Errorf("reading %s/%q for a metadata update: %w", ns, op.key, err)
			}
			if vv == nil {
				return nil
			}
			value = vv.Value
		}
		o.putPub(ns, op.key, &pending{value: value, metaKnown: true, meta: op.meta, ver: ver})
		b.Public = append(b.Public, ledger.Write{Namespace: ns, Key: op.key, Value: value, MetadataSet: true, Metadata: op.meta, Version: ver})
	}
	return nil
}

func (bc *blockCtx) applyCollection(t *tx, ns string, c *collRWSet, ver ledger.Height, o *overlay, b *ledger.UpdateBatch, pvt *txPvtData) error {
	var hashed ops
	purged := make(map[string]bool)
	for _, w := range c.hashed.HashedWrites {
		del := isHashedDelete(w)
		var vh []byte
		if !del {
			vh = w.GetValueHash()
		}
		hashed.write(string(w.GetKeyHash()), vh, del)
		if w.GetIsPurge() {
			purged[string(w.GetKeyHash())] = true
		}
	}
	for _, w := range c.hashed.MetadataWrites {
		hashed.metadata(string(w.GetKeyHash()), w.GetEntries())
	}
	if len(hashed.order) == 0 {
		return nil
	}
	coll, err := bc.collection(ns, c.name)
	if err != nil {
		return fmt.Errorf("collection %s/%s: %w", ns, c.name, err)
	}
	// Hash and private value expire together, on every peer (§6.4).
	var expires uint64
	if coll.BlockToLive > 0 {
		expires = bc.num + coll.BlockToLive + 1
	}
	for _, op := range hashed.order {
		k := keyID{ns: ns, coll: c.name, key: op.key}
		prev := o.hashed[k]
		hw := ledger.HashedWrite{Namespace: ns, Collection: c.name, KeyHash: []byte(op.key), Version: ver, ExpiresAtBlock: expires}
		p := &pending{ver: ver}
		switch {
		case op.del:
			hw.IsDelete, hw.IsPurge, hw.ExpiresAtBlock = true, purged[op.key], 0
			p.deleted, p.metaKnown = true, true
		case op.valueSet:
			hw.ValueHash, p.value = op.value, op.value
			if op.metaSet {
				hw.MetadataSet, hw.Metadata, p.metaKnown, p.meta = true, op.meta, true, op.meta
			} else if prev != nil && prev.metaKnown {
				hw.MetadataSet, hw.Metadata, p.metaKnown, p.meta = true, prev.meta, true, prev.meta
			}
		default:
			var vh []byte
			if prev != nil {
				if prev.deleted {
					continue
				}
				vh = prev.value
			} else {
				vv, err := bc.d.State.GetHashedState(ns, c.name, []byte(op.key))
				if err != nil {
					return fmt.Errorf("reading hashed %s/%s/%x for a metadata update: %w", ns, c.name, op.key, err)
				}
				if vv == nil {
					continue
				}
				vh = vv.Value
			}
			hw.ValueHash, hw.MetadataSet, hw.Metadata = vh, true, op.meta
			p.value, p.metaKnown, p.meta = vh, true, op.meta
		}
		o.hashed[k] = p
		b.Hashed = append(b.Hashed, hw)
	}
	return bc.applyPrivate(t, ns, c, coll, expires, ver, o, b, pvt, &hashed, purged)
}
