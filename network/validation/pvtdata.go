package validation

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
)

// txPvtData indexes the private data received for one transaction by
// namespace and collection; values are the marshalled private KVRWSets.
type txPvtData map[[2]string][]byte

func indexPvtData(p *rwset.TxPvtReadWriteSet) txPvtData {
	if p == nil {
		return nil
	}
	out := make(txPvtData)
	for _, ns := range p.GetNsPvtRwset() {
		for _, c := range ns.GetCollectionPvtRwset() {
			out[[2]string{ns.GetNamespace(), c.GetCollectionName()}] = c.GetRwset()
		}
	}
	return out
}

// applyPrivate stores a collection's private writes when this peer is a
// member and the data it received matches the hash in the block (§3.3,
// §6.4). Anything else is recorded as missing; the transaction stays valid.
func (bc *blockCtx) applyPrivate(t *tx, ns string, c *collRWSet, coll *Collection, expires uint64, ver ledger.Height, o *overlay, b *ledger.UpdateBatch, pvt *txPvtData, hashed *ops, purged map[string]bool) error {
	if !coll.Member {
		return nil // non-members keep hashes only
	}
	missing := func(mismatch bool) {
		bc.res.MissingPvt = append(bc.res.MissingPvt, MissingPvtData{TxNum: uint64(t.idx), Namespace: ns, Collection: c.name, Mismatch: mismatch})
	}
	var raw []byte
	ok := false
	if pvt != nil {
		raw, ok = (*pvt)[[2]string{ns, c.name}]
	}
	if !ok {
		missing(false)
		return nil
	}
	if sum := sha256.Sum256(raw); !bytes.Equal(sum[:], c.pvtHash) {
		missing(true)
		return nil
	}
	kv := &kvrwset.KVRWSet{}
	if err := proto.Unmarshal(raw, kv); err != nil || !consistentWithHashes(kv, hashed) {
		missing(true)
		return nil
	}
	written := make(map[string]bool, len(kv.Writes))
	for _, w := range kv.Writes {
		kh := sha256.Sum256([]byte(w.GetKey()))
		del := w.GetIsDelete() || len(w.GetValue()) == 0
		pw := ledger.PrivateWrite{Namespace: ns, Collection: c.name, Key: w.GetKey(), IsDelete: del,
			IsPurge: purged[string(kh[:])], Version: ver}
		if !del {
			pw.Value, pw.ExpiresAtBlock = w.GetValue(), expires
		}
		written[w.GetKey()] = true
		o.pvt[keyID{ns: ns, coll: c.name, key: w.GetKey()}] = &pending{value: pw.Value, deleted: del, ver: ver}
		b.Private = append(b.Private, pw)
	}
	// A metadata-only update moves the hashed version, so the private value
	// is restated at the new version to stay readable (§6.3).
	for _, mw := range kv.MetadataWrites {
		k := mw.GetKey()
		if written[k] {
			continue
		}
		id := keyID{ns: ns, coll: c.name, key: k}
		var value []byte
		if prev := o.pvt[id]; prev != nil {
			if prev.deleted {
				continue
			}
			value = prev.value
		} else {
			vv, err := bc.d.State.GetPrivateData(ns, c.name, k)
			if err != nil {
				return fmt.Errorf("tx %d: reading private %s/%s/%q: %w", t.idx, ns, c.name, k, err)
			}
			if vv == nil {
				continue
			}
			value = vv.Value
		}
		o.pvt[id] = &pending{value: value, ver: ver}
		b.Private = append(b.Private, ledger.PrivateWrite{Namespace: ns, Collection: c.name, Key: k, Value: value, Version: ver, ExpiresAtBlock: expires})
	}
	return nil
}

// consistentWithHashes checks that every private write matches a hashed
// write of the block: same key hash and value hash. The pvt_rwset_hash
// already binds the data to the endorsement; this also catches an endorser
// that hashed one thing and disseminated another.
func consistentWithHashes(kv *kvrwset.KVRWSet, hashed *ops) bool {
	for _, w := range kv.Writes {
		if w.GetKey() == "" {
			return false
		}
		kh := sha256.Sum256([]byte(w.GetKey()))
		op := hashed.byKey[string(kh[:])]
		if op == nil || !op.valueSet {
			return false
		}
		del := w.GetIsDelete() || len(w.GetValue()) == 0
		if del != op.del {
			return false
		}
		if !del {
			vh := sha256.Sum256(w.GetValue())
			if !bytes.Equal(vh[:], op.value) {
				return false
			}
		}
	}
	for _, mw := range kv.MetadataWrites {
		if mw.GetKey() == "" {
			return false
		}
		kh := sha256.Sum256([]byte(mw.GetKey()))
		if op := hashed.byKey[string(kh[:])]; op == nil || !op.metaSet {
			return false
		}
	}
	return true
}
