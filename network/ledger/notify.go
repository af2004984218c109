package ledger

// Subscribe returns a channel that receives the new height after commits,
// and a function that ends the subscription (and closes the channel).
// Notifications never block Commit: the channel holds one value, and a slow
// reader finds only the newest height (notifications coalesce). The channel
// is closed when the ledger closes.
func (l *Ledger) Subscribe() (<-chan uint64, func()) {
	ch := make(chan uint64, 1)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		close(ch)
		return ch, func() {}
	}
	id := l.nextSub
	l.nextSub++
	l.subs[id] = ch
	return ch, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if c, ok := l.subs[id]; ok {
			delete(l.subs, id)
			close(c)
		}
	}
}

// notify replaces an unread height with the newer one. The caller holds l.mu
// exclusively, so it is the only sender.
func notify(ch chan uint64, h uint64) {
	select {
	case ch <- h:
		return
	default:
	}
	select {
	case <-ch:
	default:
	}
	select {
	case ch <- h:
	default:
	}
}
