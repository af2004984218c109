package ledger

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Readers, snapshots, iterators and subscribers run while blocks commit; a
// snapshot's height always matches the state it shows.
func TestConcurrentReadsDuringCommits(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	const blocks = 40
	marker := func(n uint64) *UpdateBatch {
		h := Height{n, 0}
		return &UpdateBatch{Public: []Write{
			{Namespace: "meta", Key: "last", Value: []byte(strconv.FormatUint(n, 10)), Version: h},
			put("data", "k"+strconv.FormatUint(n, 10), "v", h),
		}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	fail := func(s string) {
		select {
		case errs <- s:
		default:
		}
	}
	stop := make(chan struct{})
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				s, err := l.NewSnapshotReader()
				if err != nil {
					fail(err.Error())
					return
				}
				h := s.Height()
				v, err := s.GetState("meta", "last")
				if err != nil {
					fail(err.Error())
				}
				if h > 1 && (v == nil || string(v.Value) != strconv.FormatUint(h-1, 10)) {
					fail("snapshot at height " + strconv.FormatUint(h, 10) + " shows marker " + string(v.Value))
				}
				it, err := s.GetStateRange("data", "", "")
				if err == nil {
					n := 0
					for kv, _ := it.Next(); kv != nil; kv, _ = it.Next() {
						n++
					}
					it.Close()
					if h > 0 && uint64(n) != h-1 {
						fail("snapshot at height " + strconv.FormatUint(h, 10) + " has " + strconv.Itoa(n) + " data keys")
					}
				}
				_ = s.Close()
			}
		}()
	}
	wg.Add(1)
	go func() { // a block follower
		defer wg.Done()
		it := l.Blocks(0)
		defer it.Close()
		for want := uint64(0); want <= blocks; want++ {
			b, err := it.Next(ctx)
			if err != nil {
				fail("follower: " + err.Error())
				return
			}
			if b.Header.Number != want {
				fail("follower got block " + strconv.FormatUint(b.Header.Number, 10))
				return
			}
		}
	}()
	sub, unsub := l.Subscribe()
	defer unsub()
	last := uint64(0)
	for n := uint64(1); n <= blocks; n++ {
		commitNext(t, l, 1, marker(n))
		select {
		case h := <-sub:
			if h <= last {
				t.Fatalf("subscriber heights not increasing: %d after %d", h, last)
			}
			last = h
		default:
		}
	}
	close(stop)
	wg.Wait()
	select {
	case e := <-errs:
		t.Fatal(e)
	default:
	}
}
