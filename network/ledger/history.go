package ledger

import (
	"fmt"

	"github.com/cockroachdb/pebble"
)

// HistoryIterator walks a key's history, newest first.
type HistoryIterator interface {
	// Next returns the next (older) modification, or nil at the end.
	Next() (*KeyModification, error)
	Close()
}

// GetHistoryForKey returns every committed modification of a public key,
// newest first. Close the iterator before closing the ledger.
func (l *Ledger) GetHistoryForKey(ns, key string) (HistoryIterator, error) {
	var hi *historyIter
	err := l.read(func(r reader) error {
		prefix := historyPrefix(ns, key)
		it, err := l.newIter(r, &pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
		if err != nil {
			return fmt.Errorf("ledger: open history iterator: %w", err)
		}
		hi = &historyIter{p: it, prefixLen: len(prefix)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hi, nil
}

type historyIter struct {
	p         *pebbleIter
	prefixLen int
	started   bool
}

func (h *historyIter) Next() (m *KeyModification, err error) {
	err = h.p.do(func(it *pebble.Iterator) error {
		var ok bool
		if !h.started {
			ok, h.started = it.First(), true
		} else {
			ok = it.Next()
		}
		if !ok {
			if err := it.Error(); err != nil {
				return fmt.Errorf("ledger: history scan: %w", err)
			}
			return nil
		}
		k := it.Key()
		if len(k) != h.prefixLen+historySuffixBytes {
			return fmt.Errorf("%w: history key %x", errCorrupt, k)
		}
		inv := readHeight(k[h.prefixLen:])
		var err error
		m, err = decodeHistory(it.Value(), Height{BlockNum: ^inv.BlockNum, TxNum: ^inv.TxNum})
		return err
	})
	return m, err
}

func (h *historyIter) Close() { h.p.Close() }
