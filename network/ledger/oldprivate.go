package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble"
)

// ErrInvalidPrivateData: CommitOldPrivateData was given a malformed write.
var ErrInvalidPrivateData = errors.New("ledger: invalid private data")

// CommitOldPrivateData stores private data of blocks already committed
// (reconciliation of data that did not arrive with its block), in one
// atomic, fsynced batch serialised with Commit.
//
// Each write is checked against hashed state, which every peer holds and
// which is the only authority on what the private data was:
//   - a value write is stored only if the hash at (Namespace, Collection,
//     SHA-256(Key)) still has exactly w.Version and SHA-256(w.Value);
//   - a delete (IsDelete) is stored only if there is no live hash;
//   - a write whose ExpiresAtBlock (0 = never) is at or below Height() has
//     expired and is skipped, and so is a write older than the private value
//     this peer already holds.
//
// Writes that fail these checks were overwritten, deleted, purged or
// expired since: they are skipped, not errors. A stored write becomes the
// current private value (GetPrivateData), joins its block's private write
// set (PrivateWritesByBlock) and is scheduled for block-to-live expiry at
// ExpiresAtBlock exactly as if it had been committed with its block.
// Storing the same write twice changes nothing.
//
// A malformed write (empty namespace, collection or key; a write without a
// value; a delete with one; a purge, which is applied by key hash when its
// block commits; a version at or above Height(); an expiry not after its
// block) is rejected with ErrInvalidPrivateData, and nothing is stored.
func (l *Ledger) CommitOldPrivateData(writes []PrivateWrite) error {
	start := time.Now()
	l.commitMu.Lock()
	defer l.commitMu.Unlock()
	l.mu.RLock()
	closed, height := l.closed, l.tip.height
	l.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	for i := range writes {
		if err := checkOldPrivate(i, &writes[i], height); err != nil {
			return err
		}
	}
	wb := l.db.NewBatch()
	defer wb.Close()
	cb := newCommitBuilder(l.db, wb, height)
	defer func() {
		if cb.points != nil {
			_ = cb.points.Close()
		}
	}()
	stored := 0
	for i := range writes {
		ok, err := cb.storeOld(&writes[i], height)
		if err != nil {
			return err
		}
		if ok {
			stored++
		}
	}
	if stored == 0 {
		return nil
	}
	if err := cb.finishKeyHashIndex(); err != nil {
		return err
	}
	cb.flush()
	if err := wb.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("ledger: write reconciled private data: %w", err)
	}
	l.logger.Debug("old private data committed", "writes", len(writes), "stored", stored, "took", time.Since(start))
	return nil
}

func checkOldPrivate(i int, w *PrivateWrite, height uint64) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: write %d (%s/%s at %d:%d): %s", ErrInvalidPrivateData, i,
			w.Namespace, w.Collection, w.Version.BlockNum, w.Version.TxNum, fmt.Sprintf(format, args...))
	}
	switch {
	case w.Namespace == "" || w.Collection == "" || w.Key == "":
		return bad("empty namespace, collection or key")
	case w.IsPurge:
		return bad("a purge cannot be reconciled: it is applied by key hash when its block commits")
	case w.IsDelete && len(w.Value) != 0:
		return bad("a delete carries a value")
	case !w.IsDelete && len(w.Value) == 0:
		return bad("a write without a value (a delete must set IsDelete)")
	case w.Version.BlockNum >= height:
		return bad("block %d is not committed (height %d)", w.Version.BlockNum, height)
	case w.ExpiresAtBlock != 0 && w.ExpiresAtBlock <= w.Version.BlockNum:
		return bad("expires at block %d, not after its own block", w.ExpiresAtBlock)
	}
	return nil
}

// storeOld adds one reconciled write to the batch if hashed state still
// vouches for it; it reports whether it did.
func (c *commitBuilder) storeOld(w *PrivateWrite, height uint64) (bool, error) {
	if w.ExpiresAtBlock != 0 && w.ExpiresAtBlock <= height {
		return false, nil
	}
	kh := sha256.Sum256([]byte(w.Key))
	hv, err := c.lookup(hashedKey(w.Namespace, w.Collection, kh[:]))
	if err != nil {
		return false, err
	}
	if w.IsDelete {
		if hv != nil {
			return false, nil
		}
	} else {
		vh := sha256.Sum256(w.Value)
		if hv == nil || hv.Version != w.Version || !bytes.Equal(hv.Value, vh[:]) {
			return false, nil
		}
	}
	cur, err := c.lookup(privateKey(w.Namespace, w.Collection, w.Key))
	if err != nil {
		return false, err
	}
	if cur != nil && w.Version.Less(cur.Version) {
		return false, nil
	}
	return true, c.applyPrivate(w)
}
