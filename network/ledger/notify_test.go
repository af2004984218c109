package ledger

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBlocksIteratorWaitsForCommit(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	it := l.Blocks(0)
	defer it.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := it.Next(ctx)
	if err != nil || b.Header.Number != 0 {
		t.Fatalf("first Next = %v, %v", b, err)
	}
	got := make(chan uint64, 1)
	errc := make(chan error, 1)
	go func() {
		b, err := it.Next(ctx)
		if err != nil {
			errc <- err
			return
		}
		got <- b.Header.Number
	}()
	select {
	case n := <-got:
		t.Fatalf("Next returned block %d before it was committed", n)
	case err := <-errc:
		t.Fatalf("Next failed early: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	commitNext(t, l, 1, nil)
	select {
	case n := <-got:
		if n != 1 {
			t.Fatalf("woke with block %d, want 1", n)
		}
	case err := <-errc:
		t.Fatal(err)
	case <-time.After(5 * time.Second):
		t.Fatal("Next did not wake on commit")
	}
	// Context end unblocks with ctx's error.
	short, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := it.Next(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next with expiring ctx: %v", err)
	}
	// Close unblocks a waiting Next.
	go func() {
		_, err := it.Next(ctx)
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	it.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("Next after Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not wake Next")
	}
}

func TestBlocksIteratorWakesOnLedgerClose(t *testing.T) {
	l := openTest(t, t.TempDir())
	commitNext(t, l, 1, nil)
	it := l.Blocks(1)
	errc := make(chan error, 1)
	go func() {
		_, err := it.Next(context.Background())
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("Next after ledger Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ledger Close did not wake Next")
	}
}

func TestSubscribeCoalesces(t *testing.T) {
	l := newLedger(t)
	ch, cancel := l.Subscribe()
	slow, cancelSlow := l.Subscribe()
	defer cancelSlow()
	commitNext(t, l, 1, nil)
	if h := <-ch; h != 1 {
		t.Fatalf("got height %d, want 1", h)
	}
	// Commits never block on a subscriber that does not read; it then sees
	// only the newest height.
	for i := 0; i < 5; i++ {
		commitNext(t, l, 1, nil)
	}
	if h := <-slow; h != 6 {
		t.Fatalf("slow subscriber got %d, want coalesced 6", h)
	}
	select {
	case h := <-slow:
		t.Fatalf("unexpected extra notification %d", h)
	default:
	}
	cancel()
	if _, ok := <-ch; ok {
		// drain the coalesced value, then it must be closed
		if _, ok := <-ch; ok {
			t.Fatal("channel open after cancel")
		}
	}
	commitNext(t, l, 1, nil) // must not panic on the cancelled subscription
}
