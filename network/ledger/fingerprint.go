package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/cockroachdb/pebble"
)

// StateFingerprint is SHA-256 over the ledger height, the last block hash,
// and every public and hashed state entry (key, value, version, metadata) in
// key order. Peers of a channel that committed the same blocks have the same
// fingerprint whatever private data they hold, so operators can compare
// state across peers and after crash recovery.
func (l *Ledger) StateFingerprint() ([]byte, error) {
	snap, err := l.NewSnapshotReader()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	tip := snap.tip
	h := sha256.New()
	var lenBuf [binary.MaxVarintLen64]byte
	writeLP := func(b []byte) {
		h.Write(lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(b)))])
		h.Write(b)
	}
	writeLP([]byte("saharanet-state-fingerprint-v1"))
	writeLP(appendU64(nil, tip.height))
	writeLP(tip.lastHash)
	// Scan in chunks: each chunk holds the ledger's read lock, so a long
	// fingerprint never stalls commits or Close for more than one chunk.
	for _, pfx := range []byte{pfxState, pfxHashed} {
		var it *pebbleIter
		if err := snap.view(func(sv stateView) error {
			var err error
			it, err = l.newIter(sv.r, &pebble.IterOptions{LowerBound: []byte{pfx}, UpperBound: []byte{pfx + 1}})
			return err
		}); err != nil {
			return nil, fmt.Errorf("ledger: fingerprint: %w", err)
		}
		started, more := false, true
		for more {
			err := it.do(func(pi *pebble.Iterator) error {
				for n := 0; n < 4096; n++ {
					if !started {
						more, started = pi.First(), true
					} else {
						more = pi.Next()
					}
					if !more {
						return pi.Error()
					}
					writeLP(pi.Key())
					writeLP(pi.Value())
				}
				return nil
			})
			if err != nil {
				it.Close()
				return nil, fmt.Errorf("ledger: fingerprint scan: %w", err)
			}
		}
		it.Close()
	}
	return h.Sum(nil), nil
}
