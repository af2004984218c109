package ledger

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
)

// BlockByNumber returns a committed block, or ErrNotFound.
func (l *Ledger) BlockByNumber(n uint64) (b *common.Block, err error) {
	err = l.read(func(r reader) error { b, err = readBlock(r, n); return err })
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("block %d: %w", n, ErrNotFound)
	}
	return b, err
}

// BlockBytesByNumber returns the stored bytes of a block (a marshalled
// common.Block), for servers that pass blocks on without decoding them.
func (l *Ledger) BlockBytesByNumber(n uint64) (raw []byte, err error) {
	err = l.read(func(r reader) error { raw, err = getCopy(r, blockKey(n)); return err })
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("block %d: %w", n, ErrNotFound)
	}
	return raw, err
}

// BlockByHash returns the block whose header hash is h, or ErrNotFound.
func (l *Ledger) BlockByHash(h []byte) (b *common.Block, err error) {
	err = l.read(func(r reader) error {
		raw, err := getCopy(r, blockHashKey(h))
		if err != nil {
			return err
		}
		if len(raw) != 8 {
			return fmt.Errorf("%w: block hash index entry of %d bytes", errCorrupt, len(raw))
		}
		b, err = readBlock(r, be64(raw))
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("block with hash %x: %w", h, ErrNotFound)
	}
	return b, err
}

// TxByID returns where a transaction id was committed and its validation
// code (the first VALID occurrence if any, else the first), or ErrNotFound.
func (l *Ledger) TxByID(txid string) (loc *TxLocation, err error) {
	if txid == "" {
		return nil, fmt.Errorf("tx \"\": %w", ErrNotFound)
	}
	err = l.read(func(r reader) error {
		raw, err := getCopy(r, txKey(txid))
		if err != nil {
			return err
		}
		loc, err = decodeTxLoc(raw)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("tx %s: %w", txid, ErrNotFound)
	}
	return loc, err
}

// TxIDExists reports whether any committed transaction, valid or not, had
// this id: the duplicate-txid check of validation.
func (l *Ledger) TxIDExists(txid string) (bool, error) {
	_, err := l.TxByID(txid)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNotFound):
		return false, nil
	default:
		return false, err
	}
}

// BlockIterator walks committed blocks in order, waiting for new ones.
type BlockIterator interface {
	// Next returns the next block, blocking until it is committed. It
	// returns ctx.Err() when ctx ends first and ErrClosed once the iterator
	// or the ledger is closed.
	Next(ctx context.Context) (*common.Block, error)
	Close()
}

// Blocks returns an iterator starting at block number start.
func (l *Ledger) Blocks(start uint64) BlockIterator {
	return &blockIter{l: l, next: start, done: make(chan struct{})}
}

type blockIter struct {
	l    *Ledger
	next uint64
	done chan struct{}
	once sync.Once
}

func (it *blockIter) Next(ctx context.Context) (*common.Block, error) {
	for {
		select {
		case <-it.done:
			return nil, ErrClosed
		default:
		}
		it.l.mu.RLock()
		closed, height, changed := it.l.closed, it.l.tip.height, it.l.changed
		it.l.mu.RUnlock()
		if closed {
			return nil, ErrClosed
		}
		if it.next < height {
			b, err := it.l.BlockByNumber(it.next)
			if err != nil {
				return nil, err
			}
			it.next++
			return b, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-it.done:
			return nil, ErrClosed
		}
	}
}

func (it *blockIter) Close() { it.once.Do(func() { close(it.done) }) }

// TxIDsExist is TxIDExists for many ids at once, for validating a whole
// block: one iterator answers misses from the bloom filters of every level
// (see commitBuilder.get), which a series of Gets would not.
func (l *Ledger) TxIDsExist(txids []string) ([]bool, error) {
	out := make([]bool, len(txids))
	err := l.read(func(r reader) error {
		it, err := r.NewIter(&pebble.IterOptions{UseL6Filters: true})
		if err != nil {
			return fmt.Errorf("ledger: open txid iterator: %w", err)
		}
		defer it.Close()
		for i, id := range txids {
			if id == "" {
				continue
			}
			k := txKey(id)
			out[i] = it.SeekPrefixGE(k) && bytes.Equal(it.Key(), k)
		}
		return it.Error()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
