package ledger

import (
	"testing"
	"time"
)

func TestHistoryNewestFirst(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	w := func(ns, key, val string, h Height, del bool) (Write, HistoryEntry) {
		wr := Write{Namespace: ns, Key: key, Value: []byte(val), IsDelete: del, Version: h}
		return wr, HistoryEntry{Namespace: ns, Key: key, Version: h, IsDelete: del}
	}
	b := &UpdateBatch{}
	add := func(wr Write, he HistoryEntry) {
		b.Public = append(b.Public, wr)
		b.History = append(b.History, he)
	}
	add(w("cc", "k", "v1", Height{1, 0}, false))
	add(w("cc", "k", "v2", Height{1, 2}, false))
	add(w("cc", "k\x00", "other", Height{1, 1}, false)) // a key with k as prefix
	add(w("cc2", "k", "otherns", Height{1, 1}, false))
	commitNext(t, l, 3, b)
	b = &UpdateBatch{}
	add(w("cc", "k", "", Height{2, 0}, true))
	commitNext(t, l, 1, b)
	b = &UpdateBatch{}
	add(w("cc", "k", "v3", Height{3, 0}, false))
	commitNext(t, l, 1, b)
	// A write without a history entry (history off for it) is not listed.
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "k", "v4", Height{4, 0})}})

	it, err := l.GetHistoryForKey("cc", "k")
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	want := []struct {
		txid, value string
		del         bool
		h           Height
	}{
		{"b3-t0", "v3", false, Height{3, 0}},
		{"b2-t0", "", true, Height{2, 0}},
		{"b1-t2", "v2", false, Height{1, 2}},
		{"b1-t0", "v1", false, Height{1, 0}},
	}
	for i, e := range want {
		m, err := it.Next()
		if err != nil || m == nil {
			t.Fatalf("entry %d: %+v, %v", i, m, err)
		}
		wantTS := time.Unix(1700000000+int64(e.h.BlockNum), int64(e.h.TxNum)).UTC()
		if m.TxID != e.txid || string(m.Value) != e.value || m.IsDelete != e.del || m.Version != e.h || !m.Timestamp.Equal(wantTS) {
			t.Fatalf("entry %d = %+v, want %+v at %v", i, m, e, wantTS)
		}
		if e.del && m.Value != nil {
			t.Fatalf("delete entry carries value %q", m.Value)
		}
	}
	if m, err := it.Next(); m != nil || err != nil {
		t.Fatalf("extra entry %+v, %v", m, err)
	}
	it2, _ := l.GetHistoryForKey("cc", "absent")
	defer it2.Close()
	if m, err := it2.Next(); m != nil || err != nil {
		t.Fatalf("absent key history = %+v, %v", m, err)
	}
}
