package ledger

import (
	"fmt"

	"github.com/cockroachdb/pebble"
)

// PrivateWritesByBlock returns the private writes this peer stored for a
// block, in transaction order, without those purged or expired since. Deliver-with-private-data and reconciliation read it.
// ExpiresAtBlock is not reported (0).
func (l *Ledger) PrivateWritesByBlock(n uint64) (out []PrivateWrite, err error) {
	err = l.read(func(r reader) error {
		prefix := pvtByBlockPrefix(n)
		it, err := r.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
		if err != nil {
			return fmt.Errorf("ledger: scan private writes of block %d: %w", n, err)
		}
		defer it.Close()
		for ok := it.First(); ok; ok = it.Next() {
			k := it.Key()
			if len(k) < 17 {
				return fmt.Errorf("%w: private index key %x", errCorrupt, k)
			}
			h := readHeight(k[1:17])
			ns, rest, ok1 := readString(k[17:])
			coll, rest, ok2 := readString(rest)
			key, rest, ok3 := readString(rest)
			if !ok1 || !ok2 || !ok3 || len(rest) != 0 {
				return fmt.Errorf("%w: private index key %x", errCorrupt, k)
			}
			raw, err := getCopy(r, pvtVersionKey(ns, coll, key, h))
			if err != nil {
				return fmt.Errorf("ledger: private version %s/%s/%q at %d:%d: %w", ns, coll, key, h.BlockNum, h.TxNum, err)
			}
			if len(raw) < 1 {
				return fmt.Errorf("%w: private version of %d bytes", errCorrupt, len(raw))
			}
			w := PrivateWrite{Namespace: ns, Collection: coll, Key: key, Version: h, IsDelete: raw[0] == 1}
			if !w.IsDelete {
				w.Value = raw[1:]
			}
			out = append(out, w)
		}
		return it.Error()
	})
	return out, err
}
