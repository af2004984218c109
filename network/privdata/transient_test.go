package privdata

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
)

func pvtData(endorsedAt uint64, coll string, rw []byte) *transientstore.TxPvtReadWriteSetWithConfigInfo {
	return &transientstore.TxPvtReadWriteSetWithConfigInfo{EndorsedAt: endorsedAt, PvtRwset: &rwset.TxPvtReadWriteSet{
		NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: "cc", CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{{CollectionName: coll, Rwset: rw}}}}}}
}

func openTransient(t *testing.T, dir string, opts ...TransientOption) *TransientStore {
	t.Helper()
	s, err := OpenTransientStore(dir, append([]TransientOption{WithTransientLogger(quietLogger())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestTransientStorePersistGetDedup(t *testing.T) {
	dir := t.TempDir()
	s := openTransient(t, dir)
	if err := s.Persist("tx1", pvtData(3, "a", []byte("one"))); err != nil {
		t.Fatal(err)
	}
	// The same bytes again (a second push) are stored once; different
	// bytes (another endorsement) are kept beside them.
	if err := s.Persist("tx1", pvtData(3, "a", []byte("one"))); err != nil {
		t.Fatal(err)
	}
	if err := s.Persist("tx1", pvtData(4, "a", []byte("two"))); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("tx1")
	if err != nil || len(got) != 2 {
		t.Fatalf("Get: %d entries, %v", len(got), err)
	}
	c, err := s.CollectionRWSets("tx1", "cc", "a")
	if err != nil || len(c) != 2 {
		t.Fatalf("CollectionRWSets: %q %v", c, err)
	}
	if c, _ := s.CollectionRWSets("tx1", "cc", "b"); len(c) != 0 {
		t.Errorf("other collection: %q", c)
	}
	if c, _ := s.CollectionRWSets("tx10", "cc", "a"); len(c) != 0 {
		t.Errorf("prefix txid leaked entries: %q", c)
	}
	// Survives a restart.
	s.Close()
	s2 := openTransient(t, dir)
	if got, _ := s2.Get("tx1"); len(got) != 2 {
		t.Fatalf("after reopen: %d entries", len(got))
	}
}

func TestTransientStoreRejectsBadInput(t *testing.T) {
	s := openTransient(t, t.TempDir())
	if err := s.Persist("", pvtData(1, "a", []byte("x"))); err == nil {
		t.Error("empty txid accepted")
	}
	if err := s.Persist("t\x00x", pvtData(1, "a", []byte("x"))); err == nil {
		t.Error("txid with NUL accepted")
	}
	if err := s.Persist("tx", &transientstore.TxPvtReadWriteSetWithConfigInfo{}); err == nil {
		t.Error("empty private write set accepted")
	}
	s.Close()
	if err := s.Persist("tx", pvtData(1, "a", []byte("x"))); !errors.Is(err, ErrStoreClosed) {
		t.Errorf("after close: %v", err)
	}
}

func TestTransientStorePurge(t *testing.T) {
	s := openTransient(t, t.TempDir(), WithMaxBlockRetention(10))
	for i, id := range []string{"a", "b", "c", "d"} {
		if err := s.Persist(id, pvtData(uint64(i*10), "a", []byte(id))); err != nil { // heights 0, 10, 20, 30
			t.Fatal(err)
		}
	}
	// Commit of a block holding b purges b only.
	if err := s.PurgeByTxIDs([]string{"b", "unknown"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get("b"); len(got) != 0 {
		t.Fatal("b survived PurgeByTxIDs")
	}
	if got, _ := s.Get("a"); len(got) != 1 {
		t.Fatal("a was purged with b")
	}
	// At height 25 with retention 10, entries endorsed below 15 go: a.
	n, err := s.PurgeExpired(25)
	if err != nil || n != 1 {
		t.Fatalf("PurgeExpired(25) = %d, %v; want 1", n, err)
	}
	if got, _ := s.Get("a"); len(got) != 0 {
		t.Fatal("a survived retention")
	}
	for _, id := range []string{"c", "d"} {
		if got, _ := s.Get(id); len(got) != 1 {
			t.Fatalf("%s purged too early", id)
		}
	}
	// The index entries of purged transactions are gone too: a purge far
	// ahead removes exactly the two remaining entries.
	if n, _ := s.PurgeBelowHeight(1000); n != 2 {
		t.Fatalf("PurgeBelowHeight(1000) removed %d, want 2", n)
	}
}

// TestTransientStoreNeverHoldsDataAfterPurge searches the database files
// for a private value after purge and compaction: it must be gone from disk.
func TestTransientStoreNeverHoldsDataAfterPurge(t *testing.T) {
	dir := t.TempDir()
	s := openTransient(t, dir)
	secret := []byte("license-terms-SECRET-8d1f")
	if err := s.Persist("tx", pvtData(1, "a", secret)); err != nil {
		t.Fatal(err)
	}
	if err := s.PurgeByTxIDs([]string{"tx"}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Compact([]byte{0}, []byte{0xff}, true); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The WAL of the closed database may still hold the write; Pebble
	// recycles it, so only sstables are checked.
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || filepath.Ext(p) != ".sst" {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(b, secret) {
			t.Errorf("%s still holds the private value", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMissingIndex(t *testing.T) {
	dir := t.TempDir()
	m, err := OpenMissingIndex(dir, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	es := []MissingEntry{
		{Block: 7, Tx: 1, TxID: "t71", Namespace: "cc", Collection: "b", Hash: []byte{1}},
		{Block: 2, Tx: 0, TxID: "t20", Namespace: "cc", Collection: "a", Hash: []byte{2, 0, 3}},
		{Block: 7, Tx: 0, TxID: "t70", Namespace: "cc", Collection: "a", Hash: []byte{4}},
	}
	if err := m.Add(es...); err != nil {
		t.Fatal(err)
	}
	if err := m.Add(MissingEntry{Block: 1, Namespace: "cc"}); err == nil {
		t.Error("entry without collection accepted")
	}
	m.Close()
	m, err = OpenMissingIndex(dir, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	got, err := m.List(0)
	if err != nil || len(got) != 3 {
		t.Fatalf("List: %v %v", got, err)
	}
	if got[0].Block != 2 || got[1].TxID != "t70" || got[2].Collection != "b" || !bytes.Equal(got[0].Hash, []byte{2, 0, 3}) {
		t.Fatalf("order or content wrong: %+v", got)
	}
	if two, _ := m.List(2); len(two) != 2 {
		t.Errorf("limit ignored: %d", len(two))
	}
	if err := m.Remove(got[0]); err != nil {
		t.Fatal(err)
	}
	if left, _ := m.List(0); len(left) != 2 || left[0].Block != 7 {
		t.Fatalf("after Remove: %+v", left)
	}
}
