package validation

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/rangequery"
)

// checkReads is the MVCC and phantom check of §4.6 for one transaction,
// against committed state plus the overlay of earlier valid transactions.
// Errors are storage failures and fail the block.
func (bc *blockCtx) checkReads(t *tx, o *overlay) error {
	for _, n := range t.rws {
		for _, r := range n.kv.Reads {
			ok, err := bc.readCurrent(o, n.ns, r)
			if err != nil {
				return err
			}
			if !ok {
				t.fail(peer.TxValidationCode_MVCC_READ_CONFLICT, "read of %s/%q is stale", n.ns, r.GetKey())
				return nil
			}
		}
		for _, rq := range n.kv.RangeQueriesInfo {
			ok, err := bc.rangeCurrent(o, n.ns, rq)
			if err != nil {
				return err
			}
			if !ok {
				t.fail(peer.TxValidationCode_PHANTOM_READ_CONFLICT, "range [%q, %q] of %s changed", rq.GetStartKey(), rq.GetEndKey(), n.ns)
				return nil
			}
		}
		for _, c := range n.colls {
			for _, r := range c.hashed.HashedReads {
				k := keyID{ns: n.ns, coll: c.name, key: string(r.GetKeyHash())}
				if _, updated := o.hashed[k]; updated {
					t.fail(peer.TxValidationCode_MVCC_READ_CONFLICT, "hashed read of %s/%s/%x was updated earlier in the block", n.ns, c.name, r.GetKeyHash())
					return nil
				}
				vv, err := bc.d.State.GetHashedState(n.ns, c.name, r.GetKeyHash())
				if err != nil {
					return fmt.Errorf("tx %d: reading hashed state %s/%s/%x: %w", t.idx, n.ns, c.name, r.GetKeyHash(), err)
				}
				if !sameVersion(vv, r.GetVersion()) {
					t.fail(peer.TxValidationCode_MVCC_READ_CONFLICT, "hashed read of %s/%s/%x is stale", n.ns, c.name, r.GetKeyHash())
					return nil
				}
			}
		}
	}
	return nil
}

func (bc *blockCtx) readCurrent(o *overlay, ns string, r *kvrwset.KVRead) (bool, error) {
	if _, updated := o.pub[keyID{ns: ns, key: r.GetKey()}]; updated {
		return false, nil
	}
	vv, err := bc.d.State.GetState(ns, r.GetKey())
	if err != nil {
		return false, fmt.Errorf("reading state %s/%q: %w", ns, r.GetKey(), err)
	}
	return sameVersion(vv, r.GetVersion()), nil
}

// sameVersion compares a committed value's version with a read version; a
// nil read version means the key was absent.
func sameVersion(vv *ledger.VersionedValue, v *kvrwset.Version) bool {
	if vv == nil || v == nil {
		return vv == nil && v == nil
	}
	return vv.Version.BlockNum == v.BlockNum && vv.Version.TxNum == v.TxNum
}

// rangeCurrent re-runs a recorded range query and compares its results.
func (bc *blockCtx) rangeCurrent(o *overlay, ns string, rq *kvrwset.RangeQueryInfo) (bool, error) {
	it, err := bc.newMergedRange(o, ns, rq.GetStartKey(), rq.GetEndKey(), !rq.GetItrExhausted())
	if err != nil {
		return false, err
	}
	defer it.close()
	if m := rq.GetReadsMerkleHashes(); m != nil {
		return matchMerkle(it, m)
	}
	for _, want := range rq.GetRawReads().GetKvReads() {
		got, err := it.next()
		if err != nil {
			return false, err
		}
		if got == nil || got.key != want.GetKey() || !sameHeight(got.ver, want.GetVersion()) {
			return false, nil
		}
	}
	extra, err := it.next()
	if err != nil {
		return false, err
	}
	return extra == nil, nil
}

func sameHeight(h ledger.Height, v *kvrwset.Version) bool {
	return v != nil && h.BlockNum == v.BlockNum && h.TxNum == v.TxNum
}

func matchMerkle(it *mergedRange, want *kvrwset.QueryReadsMerkleSummary) (bool, error) {
	if want.GetMaxDegree() < 2 {
		return false, nil
	}
	s := rangequery.NewSummarizer(want.GetMaxDegree())
	for {
		kv, err := it.next()
		if err != nil {
			return false, err
		}
		if kv == nil {
			break
		}
		if err := s.Add(&kvrwset.KVRead{Key: kv.key, Version: &kvrwset.Version{BlockNum: kv.ver.BlockNum, TxNum: kv.ver.TxNum}}); err != nil {
			return false, nil // a committed key the endorser could not have returned either
		}
		if s.Level() > want.GetMaxLevel() {
			return false, nil // already more results than the endorser saw
		}
	}
	_, got, err := s.Done()
	return err == nil && got != nil && rangequery.Equal(got, want), nil
}

// mergedRange iterates committed state merged with the overlay: overlay
// entries shadow committed ones, and deleted keys are skipped.
type mergedRange struct {
	o      *overlay
	ns     string
	db     ledger.KVIterator
	dbNext *ledger.KV
	dbDone bool
	upd    []string
	updIdx int
}

type rangeKV struct {
	key string
	ver ledger.Height
}

func (bc *blockCtx) newMergedRange(o *overlay, ns, start, end string, inclusive bool) (*mergedRange, error) {
	dbEnd := end
	if inclusive && end != "" {
		dbEnd = end + "\x00" // the smallest key greater than end
	}
	it, err := bc.d.State.GetStateRange(ns, start, dbEnd)
	if err != nil {
		return nil, fmt.Errorf("range scan %s [%q, %q): %w", ns, start, dbEnd, err)
	}
	return &mergedRange{o: o, ns: ns, db: it, upd: o.keysInRange(ns, start, end, inclusive)}, nil
}

func (m *mergedRange) close() { m.db.Close() }

func (m *mergedRange) peekDB() (*ledger.KV, error) {
	if m.dbNext == nil && !m.dbDone {
		kv, err := m.db.Next()
		if err != nil {
			return nil, fmt.Errorf("range scan %s: %w", m.ns, err)
		}
		if kv == nil {
			m.dbDone = true
		}
		m.dbNext = kv
	}
	return m.dbNext, nil
}

func (m *mergedRange) next() (*rangeKV, error) {
	for {
		dbkv, err := m.peekDB()
		if err != nil {
			return nil, err
		}
		var uk string
		haveU := m.updIdx < len(m.upd)
		if haveU {
			uk = m.upd[m.updIdx]
		}
		switch {
		case dbkv == nil && !haveU:
			return nil, nil
		case haveU && (dbkv == nil || uk <= dbkv.Key):
			if dbkv != nil && uk == dbkv.Key {
				m.dbNext = nil // shadowed
			}
			m.updIdx++
			p := m.o.pub[keyID{ns: m.ns, key: uk}]
			if p.deleted {
				continue
			}
			return &rangeKV{key: uk, ver: p.ver}, nil
		default:
			m.dbNext = nil
			return &rangeKV{key: dbkv.Key, ver: dbkv.Version}, nil
		}
	}
}
