package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cockroachdb/pebble"
)

// indexed reports whether the key-hash index holds an entry for key.
func indexed(t *testing.T, l *Ledger, key string) bool {
	t.Helper()
	kh := sha256.Sum256([]byte(key))
	v, err := getCopy(l.db, pvtKeyHashKey("cc", "coll", kh[:]))
	if errors.Is(err, ErrNotFound) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	if string(v) != key {
		t.Fatalf("index entry for %q names %q", key, v)
	}
	return true
}

// blockKeys lists "key=value" (or "key:deleted") of a block's private writes.
func blockKeys(t *testing.T, l *Ledger, n uint64) []string {
	t.Helper()
	ws, err := l.PrivateWritesByBlock(n)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, w := range ws {
		if w.IsDelete {
			out = append(out, w.Key+":deleted")
		} else {
			out = append(out, w.Key+"="+string(w.Value))
		}
	}
	return out
}

func pvtDelete(key string, h Height) PrivateWrite {
	return PrivateWrite{Namespace: "cc", Collection: "coll", Key: key, IsDelete: true, Version: h}
}

func hashedDelete(key string, h Height, purge bool) HashedWrite {
	kh := sha256.Sum256([]byte(key))
	return HashedWrite{Namespace: "cc", Collection: "coll", KeyHash: kh[:], IsDelete: true, IsPurge: purge, Version: h}
}

func commitOld(t *testing.T, l *Ledger, ws ...PrivateWrite) {
	t.Helper()
	if err := l.CommitOldPrivateData(ws); err != nil {
		t.Fatalf("CommitOldPrivateData: %v", err)
	}
}

func TestCommitOldPrivateDataStoresWhatHashedStateVouchesFor(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	// Block 1 committed with hashes only: this peer missed the private data.
	commitNext(t, l, 3, &UpdateBatch{Hashed: []HashedWrite{
		hashedOf("a", "a1", Height{1, 0}, 0), hashedOf("b", "b1", Height{1, 1}, 5), hashedOf("c", "c1", Height{1, 2}, 0)}})
	commitOld(t, l,
		pvt("a", "a1", Height{1, 0}, 0),
		pvt("b", "b1", Height{1, 1}, 5),
		pvt("c", "forged", Height{1, 2}, 0), // hash does not match
		pvt("a", "a1", Height{1, 1}, 0),     // version does not match
	)
	if got := []string{pvtValue(t, l, "a"), pvtValue(t, l, "b"), pvtValue(t, l, "c")}; !reflect.DeepEqual(got, []string{"a1", "b1", "<nil>"}) {
		t.Fatalf("private values a, b, c = %q", got)
	}
	if got := blockKeys(t, l, 1); !reflect.DeepEqual(got, []string{"a=a1", "b=b1"}) {
		t.Fatalf("block 1 private writes = %q", got)
	}
	if !indexed(t, l, "a") || indexed(t, l, "c") {
		t.Fatal("key-hash index does not follow what was stored")
	}
	// Storing the same data again changes nothing.
	before := dumpHash(t, l)
	commitOld(t, l, pvt("a", "a1", Height{1, 0}, 0), pvt("b", "b1", Height{1, 1}, 5))
	if !bytes.Equal(before, dumpHash(t, l)) {
		t.Fatal("a repeated reconciliation changed stored records")
	}
	// b was scheduled for expiry at block 5 as if committed with block 1.
	for l.Height() < 5 {
		commitNext(t, l, 1, nil)
	}
	if pvtValue(t, l, "b") != "b1" {
		t.Fatal("b expired before block 5")
	}
	commitNext(t, l, 1, nil) // block 5
	if got := pvtValue(t, l, "b"); got != "<nil>" || hashedPresent(t, l, "b") || indexed(t, l, "b") {
		t.Fatalf("b after block 5 = %s, hashed %v, indexed %v; want all gone", got, hashedPresent(t, l, "b"), indexed(t, l, "b"))
	}
	if got := blockKeys(t, l, 1); !reflect.DeepEqual(got, []string{"a=a1"}) {
		t.Fatalf("block 1 private writes after expiry = %q", got)
	}
}

func TestCommitOldPrivateDataSkipsOverwrittenAndExpired(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 3, &UpdateBatch{Hashed: []HashedWrite{ // block 1
		hashedOf("k", "k1", Height{1, 0}, 0), hashedOf("e", "e1", Height{1, 1}, 3), hashedOf("f", "f1", Height{1, 2}, 6)}})
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{hashedOf("k", "k2", Height{2, 0}, 0)}}) // block 2
	// Height 3: e expires when block 3 commits, so it is not stored any more
	// although its hash is still there; f expires at 6 and is stored; k1
	// was overwritten by k2.
	if !hashedPresent(t, l, "e") {
		t.Fatal("setup: e's hash already gone")
	}
	commitOld(t, l, pvt("k", "k1", Height{1, 0}, 0), pvt("e", "e1", Height{1, 1}, 3), pvt("f", "f1", Height{1, 2}, 6))
	if got := []string{pvtValue(t, l, "k"), pvtValue(t, l, "e"), pvtValue(t, l, "f")}; !reflect.DeepEqual(got, []string{"<nil>", "<nil>", "f1"}) {
		t.Fatalf("k, e, f = %q", got)
	}
	if got := blockKeys(t, l, 1); !reflect.DeepEqual(got, []string{"f=f1"}) || indexed(t, l, "k") || indexed(t, l, "e") {
		t.Fatalf("block 1 private writes = %q", got)
	}
	commitOld(t, l, pvt("k", "k2", Height{2, 0}, 0))
	if pvtValue(t, l, "k") != "k2" {
		t.Fatal("current version k2 not stored")
	}

	// Deletes: stored only when no hash is live, and never over a newer value.
	commitNext(t, l, 1, &UpdateBatch{ // block 3: d3 arrives with its block
		Private: []PrivateWrite{pvt("d", "d3", Height{3, 0}, 0)}, Hashed: []HashedWrite{hashedOf("d", "d3", Height{3, 0}, 0)}})
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{hashedDelete("d", Height{4, 0}, false)}}) // block 4: delete missed
	if pvtValue(t, l, "d") != "d3" {
		t.Fatal("setup: stale d3 not present")
	}
	commitOld(t, l, pvtDelete("d", Height{1, 0}), pvtDelete("f", Height{1, 2}))
	if pvtValue(t, l, "d") != "d3" || pvtValue(t, l, "f") != "f1" {
		t.Fatal("a delete older than the private value, or one with a live hash, was applied")
	}
	commitOld(t, l, pvtDelete("d", Height{4, 0}))
	if got := pvtValue(t, l, "d"); got != "<nil>" {
		t.Fatalf("d after reconciling its delete = %s", got)
	}
	if got := blockKeys(t, l, 4); !reflect.DeepEqual(got, []string{"d:deleted"}) {
		t.Fatalf("block 4 private writes = %q", got)
	}
}

func TestCommitOldPrivateDataRejectsMalformed(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{hashedOf("a", "a1", Height{1, 0}, 0)}})
	good := pvt("a", "a1", Height{1, 0}, 0)
	bad := map[string]PrivateWrite{
		"empty namespace":  {Collection: "coll", Key: "a", Value: []byte("a1"), Version: Height{1, 0}},
		"empty collection": {Namespace: "cc", Key: "a", Value: []byte("a1"), Version: Height{1, 0}},
		"empty key":        {Namespace: "cc", Collection: "coll", Value: []byte("a1"), Version: Height{1, 0}},
		"nil value":        {Namespace: "cc", Collection: "coll", Key: "a", Version: Height{1, 0}},
		"empty value":      {Namespace: "cc", Collection: "coll", Key: "a", Value: []byte{}, Version: Height{1, 0}},
		"delete w/ value":  {Namespace: "cc", Collection: "coll", Key: "a", Value: []byte("x"), IsDelete: true, Version: Height{1, 0}},
		"purge":            {Namespace: "cc", Collection: "coll", Key: "a", IsDelete: true, IsPurge: true, Version: Height{1, 0}},
		"future block":     pvt("a", "a1", Height{2, 0}, 0),
		"expiry too early": pvt("a", "a1", Height{1, 0}, 1),
	}
	before := dumpHash(t, l)
	for name, w := range bad {
		err := l.CommitOldPrivateData([]PrivateWrite{good, w})
		if !errors.Is(err, ErrInvalidPrivateData) {
			t.Errorf("%s: err = %v, want ErrInvalidPrivateData", name, err)
		}
	}
	if !bytes.Equal(before, dumpHash(t, l)) || pvtValue(t, l, "a") != "<nil>" {
		t.Fatal("a rejected call stored something")
	}
	commitOld(t, l, good)
	if pvtValue(t, l, "a") != "a1" {
		t.Fatal("good write not stored on its own")
	}
	_ = l.Close()
	if err := l.CommitOldPrivateData([]PrivateWrite{good}); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

// secretsOnDisk compacts the database, closes the ledger and reports which
// of the secrets occur in its sstables.
func secretsOnDisk(t *testing.T, l *Ledger, dir string, secrets ...string) map[string]bool {
	t.Helper()
	if err := l.db.Compact([]byte{0}, []byte{0xff}, true); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	ssts := 0
	// The WAL of the closed database may still hold the writes; Pebble
	// recycles it, so only sstables are checked.
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || filepath.Ext(p) != ".sst" {
			return err
		}
		ssts++
		b, err := os.ReadFile(p)
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				found[s] = true
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if ssts == 0 {
		t.Fatal("no sstables after compaction")
	}
	return found
}

// A purge whose private write set never reached this peer still removes the
// private value and every version of it, found through the key-hash index.
func TestPurgeByHashRemovesEveryVersion(t *testing.T) {
	dir := t.TempDir()
	// Snappy could split a value into literals and back-references, which
	// would blind the byte search below: store everything uncompressed.
	l := openTest(t, dir, WithPebbleOptions(func(o *pebble.Options) {
		for i := range o.Levels {
			o.Levels[i].Compression = pebble.NoCompression
		}
	}))
	defer l.Close()
	commitNext(t, l, 1, nil)
	const v1, v2, v3, keep = "SECRET-v1-9f2c", "SECRET-v2-41aa", "SECRET-v3-77d0", "KEEP-other-5e1b"
	commitNext(t, l, 1, &UpdateBatch{ // block 1
		Private: []PrivateWrite{pvt("k", v1, Height{1, 0}, 0), pvt("other", keep, Height{1, 0}, 0)},
		Hashed:  []HashedWrite{hashedOf("k", v1, Height{1, 0}, 0), hashedOf("other", keep, Height{1, 0}, 0)}})
	commitNext(t, l, 1, &UpdateBatch{ // block 2, with a BTL expiry still pending at the purge
		Private: []PrivateWrite{pvt("k", v2, Height{2, 0}, 9)}, Hashed: []HashedWrite{hashedOf("k", v2, Height{2, 0}, 9)}})
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{hashedOf("k", v3, Height{3, 0}, 0)}})   // block 3: missed
	commitOld(t, l, pvt("k", v3, Height{3, 0}, 0))                                                 // ... then reconciled
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{hashedOf("k", "v4", Height{4, 0}, 0)}}) // block 4: missed
	if pvtValue(t, l, "k") != v3 || !reflect.DeepEqual(blockKeys(t, l, 2), []string{"k=" + v2}) {
		t.Fatal("setup: versions of k not stored")
	}
	// Block 5 purges k; its private write set did not arrive.
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{hashedDelete("k", Height{5, 0}, true)}})
	if got := pvtValue(t, l, "k"); got != "<nil>" || hashedPresent(t, l, "k") || indexed(t, l, "k") {
		t.Fatalf("after purge by hash: k = %s, hashed %v, indexed %v", got, hashedPresent(t, l, "k"), indexed(t, l, "k"))
	}
	for b := uint64(1); b <= 5; b++ {
		for _, kv := range blockKeys(t, l, b) {
			if kv != "other="+keep {
				t.Fatalf("block %d still serves %s", b, kv)
			}
		}
	}
	if pvtValue(t, l, "other") != keep || !indexed(t, l, "other") {
		t.Fatal("the purge touched another key")
	}
	// The pending expiry of v2 finds nothing and changes nothing else.
	for l.Height() < 10 {
		commitNext(t, l, 1, nil)
	}
	if pvtValue(t, l, "other") != keep || pvtValue(t, l, "k") != "<nil>" {
		t.Fatal("state changed by the stale expiry of a purged version")
	}
	found := secretsOnDisk(t, l, dir, v1, v2, v3, keep)
	if !found[keep] {
		t.Fatal("the search did not find a value that must be on disk: the check is blind")
	}
	for _, s := range []string{v1, v2, v3} {
		if found[s] {
			t.Errorf("purged value %s is still in an sstable", s)
		}
	}
}

// Purges by hash and private writes apply in transaction order.
func TestPurgeByHashOrderInBlock(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	// Block 1: tx 0 writes k and j, tx 1 purges k (hash only).
	commitNext(t, l, 2, &UpdateBatch{
		Private: []PrivateWrite{pvt("k", "k1", Height{1, 0}, 0), pvt("j", "j1", Height{1, 0}, 0)},
		Hashed:  []HashedWrite{hashedOf("k", "k1", Height{1, 0}, 0), hashedOf("j", "j1", Height{1, 0}, 0), hashedDelete("k", Height{1, 1}, true)}})
	if pvtValue(t, l, "k") != "<nil>" || indexed(t, l, "k") || !reflect.DeepEqual(blockKeys(t, l, 1), []string{"j=j1"}) {
		t.Fatalf("k written and purged in one block survived: %q", blockKeys(t, l, 1))
	}
	// Block 2: tx 0 purges j (hash only), tx 1 writes it again.
	commitNext(t, l, 2, &UpdateBatch{
		Private: []PrivateWrite{pvt("j", "j2", Height{2, 1}, 0)},
		Hashed:  []HashedWrite{hashedDelete("j", Height{2, 0}, true), hashedOf("j", "j2", Height{2, 1}, 0)}})
	if pvtValue(t, l, "j") != "j2" || !indexed(t, l, "j") {
		t.Fatal("a write after a purge in the same block was lost")
	}
	if got, got2 := blockKeys(t, l, 1), blockKeys(t, l, 2); len(got) != 0 || !reflect.DeepEqual(got2, []string{"j=j2"}) {
		t.Fatalf("block 1 / 2 private writes = %q / %q", got, got2)
	}
}

// Expiry of a hash removes the private value even when the value carries no
// expiry of its own, or is an older value the expired hash had replaced.
func TestHashedExpiryRemovesPrivateValue(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 3, &UpdateBatch{ // block 1
		Private: []PrivateWrite{pvt("a", "a1", Height{1, 0}, 0), pvt("s", "s1", Height{1, 1}, 0), pvt("r", "r1", Height{1, 2}, 0)},
		Hashed:  []HashedWrite{hashedOf("a", "a1", Height{1, 0}, 3), hashedOf("s", "s1", Height{1, 1}, 0), hashedOf("r", "r1", Height{1, 2}, 3)}})
	commitNext(t, l, 2, &UpdateBatch{ // block 2: s2 missed; r rewritten without expiry
		Private: []PrivateWrite{pvt("r", "r2", Height{2, 1}, 0)},
		Hashed:  []HashedWrite{hashedOf("s", "s2", Height{2, 0}, 4), hashedOf("r", "r2", Height{2, 1}, 0)}})
	commitNext(t, l, 1, nil) // block 3: a's and r1's hashes expire
	if got := pvtValue(t, l, "a"); got != "<nil>" || indexed(t, l, "a") {
		t.Fatalf("a after its hash expired = %s (indexed %v)", got, indexed(t, l, "a"))
	}
	if pvtValue(t, l, "r") != "r2" || !indexed(t, l, "r") {
		t.Fatal("r's rewrite did not survive the expiry of its older hash")
	}
	if got := blockKeys(t, l, 1); !reflect.DeepEqual(got, []string{"s=s1"}) {
		t.Fatalf("block 1 private writes after expiry = %q", got)
	}
	commitNext(t, l, 1, nil) // block 4: s2's hash expires; the stale s1 goes with it
	if got := pvtValue(t, l, "s"); got != "<nil>" || hashedPresent(t, l, "s") {
		t.Fatalf("s after its hash expired = %s", got)
	}
	// Block 1's write set still holds s1, which had no block-to-live.
	if got := blockKeys(t, l, 1); !reflect.DeepEqual(got, []string{"s=s1"}) || !indexed(t, l, "s") {
		t.Fatalf("block 1 private writes = %q", got)
	}
}

// A v1 ledger (no key-hash index) is migrated by Open.
func TestOpenMigratesV1(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 1, &UpdateBatch{Private: []PrivateWrite{pvt("k", "k1", Height{1, 0}, 0)}, Hashed: []HashedWrite{hashedOf("k", "k1", Height{1, 0}, 0)}})
	kh := sha256.Sum256([]byte("k"))
	b := l.db.NewBatch()
	_ = b.Delete(pvtKeyHashKey("cc", "coll", kh[:]), nil)
	_ = b.Set(formatKey, []byte(storageFormatV1), nil)
	if err := b.Commit(pebble.Sync); err != nil {
		t.Fatal(err)
	}
	_ = l.Close()
	l = openTest(t, dir)
	defer l.Close()
	if f, _ := getCopy(l.db, formatKey); string(f) != storageFormat || !indexed(t, l, "k") {
		t.Fatalf("after reopening a v1 ledger: format %q, indexed %v", f, indexed(t, l, "k"))
	}
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{hashedDelete("k", Height{2, 0}, true)}})
	if pvtValue(t, l, "k") != "<nil>" || len(blockKeys(t, l, 1)) != 0 {
		t.Fatal("purge by hash missed data committed before the migration")
	}
}

// The crash test's chain, without crashes: after every block, private data
// follows hashed state, and every reconciled write that hashed state still
// vouches for is readable.
func TestReconcileChainInvariant(t *testing.T) {
	l := newLedger(t)
	const seed = 42
	reconciled := 0
	for l.Height() < 90 {
		n := l.Height()
		var want []PrivateWrite
		if n%3 == 0 && n > 0 {
			for _, w := range genOld(seed, n) {
				kh, vh := sha256.Sum256([]byte(w.Key)), sha256.Sum256(w.Value)
				hv, err := l.GetHashedState(w.Namespace, w.Collection, kh[:])
				if err != nil {
					t.Fatal(err)
				}
				if hv != nil && hv.Version == w.Version && bytes.Equal(hv.Value, vh[:]) && (w.ExpiresAtBlock == 0 || w.ExpiresAtBlock > n) {
					want = append(want, w)
				}
			}
		}
		if err := stepChain(l, seed); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			// Block n may have rewritten, deleted or purged the key since.
			kh := sha256.Sum256([]byte(w.Key))
			if hv, _ := l.GetHashedState(w.Namespace, w.Collection, kh[:]); hv == nil || hv.Version != w.Version {
				continue
			}
			v, err := l.GetPrivateData(w.Namespace, w.Collection, w.Key)
			if err != nil || v == nil || v.Version != w.Version || !bytes.Equal(v.Value, w.Value) {
				t.Fatalf("before block %d: reconciled %s at %v not readable: %+v, %v", n, w.Key, w.Version, v, err)
			}
			reconciled++
		}
		checkPrivateFollowsHashes(t, l)
	}
	if reconciled == 0 {
		t.Fatal("the chain never reconciled anything: the test is blind")
	}
	t.Logf("%d reconciled writes checked", reconciled)
}
