package ledger

import (
	"github.com/cockroachdb/pebble"
)

// tracked is a Pebble resource handed out to a caller (an iterator or a
// snapshot). Close releases whatever callers left open, so a caller that
// reads after Close gets ErrClosed instead of touching a closed Pebble.
//
// Every use of a tracked resource holds l.mu shared, and Close releases them
// holding l.mu exclusively, so the two never overlap.
type tracked interface{ release() }

func (l *Ledger) track(t tracked) {
	l.regMu.Lock()
	l.open[t] = struct{}{}
	l.regMu.Unlock()
}

func (l *Ledger) untrack(t tracked) {
	l.regMu.Lock()
	delete(l.open, t)
	l.regMu.Unlock()
}

// releaseAll is called by Close with l.mu held exclusively: iterators
// first, then the snapshots they may read from.
func (l *Ledger) releaseAll() {
	l.regMu.Lock()
	var iters, snaps []tracked
	for t := range l.open {
		if _, ok := t.(*Snapshot); ok {
			snaps = append(snaps, t)
		} else {
			iters = append(iters, t)
		}
	}
	l.regMu.Unlock()
	for _, t := range append(iters, snaps...) {
		t.release()
	}
}

// pebbleIter is a tracked Pebble iterator.
type pebbleIter struct {
	l  *Ledger
	it *pebble.Iterator
}

// newIter opens a tracked iterator; the caller holds l.mu shared.
func (l *Ledger) newIter(r reader, o *pebble.IterOptions) (*pebbleIter, error) {
	it, err := r.NewIter(o)
	if err != nil {
		return nil, err
	}
	p := &pebbleIter{l: l, it: it}
	l.track(p)
	return p, nil
}

// do runs f on the iterator unless it or the ledger was closed.
func (p *pebbleIter) do(f func(it *pebble.Iterator) error) error {
	p.l.mu.RLock()
	defer p.l.mu.RUnlock()
	if p.it == nil {
		return ErrClosed
	}
	return f(p.it)
}

func (p *pebbleIter) release() {
	if p.it != nil {
		_ = p.it.Close()
		p.it = nil
		p.l.untrack(p)
	}
}

// Close releases the iterator; it is safe after the ledger closed.
func (p *pebbleIter) Close() {
	p.l.mu.RLock()
	defer p.l.mu.RUnlock()
	p.release()
}
