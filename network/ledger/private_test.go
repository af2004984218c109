package ledger

import (
	"crypto/sha256"
	"reflect"
	"testing"
)

func pvt(key, val string, h Height, expires uint64) PrivateWrite {
	return PrivateWrite{Namespace: "cc", Collection: "coll", Key: key, Value: []byte(val), Version: h, ExpiresAtBlock: expires}
}

func hashedOf(key, val string, h Height, expires uint64) HashedWrite {
	kh, vh := sha256.Sum256([]byte(key)), sha256.Sum256([]byte(val))
	return HashedWrite{Namespace: "cc", Collection: "coll", KeyHash: kh[:], ValueHash: vh[:], Version: h, ExpiresAtBlock: expires}
}

func pvtValue(t *testing.T, l *Ledger, key string) string {
	t.Helper()
	v, err := l.GetPrivateData("cc", "coll", key)
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		return "<nil>"
	}
	return string(v.Value)
}

func hashedPresent(t *testing.T, l *Ledger, key string) bool {
	t.Helper()
	kh := sha256.Sum256([]byte(key))
	v, err := l.GetHashedState("cc", "coll", kh[:])
	if err != nil {
		t.Fatal(err)
	}
	return v != nil
}

// Fabric: with block_to_live=BTL, data committed at block N is purged when
// block N+BTL+1 commits; the validator passes that block as ExpiresAtBlock.
func TestPrivateDataExpiresAtBlock(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	// Block 1 writes a (BTL 2 -> expires at 4), b (expires at 4, but
	// rewritten at block 3 with expiry 6), and c (no expiry).
	commitNext(t, l, 3, &UpdateBatch{
		Private: []PrivateWrite{pvt("a", "a1", Height{1, 0}, 4), pvt("b", "b1", Height{1, 1}, 4), pvt("c", "c1", Height{1, 2}, 0)},
		Hashed:  []HashedWrite{hashedOf("a", "a1", Height{1, 0}, 4), hashedOf("b", "b1", Height{1, 1}, 4), hashedOf("c", "c1", Height{1, 2}, 0)},
	})
	commitNext(t, l, 1, nil)          // block 2
	commitNext(t, l, 1, &UpdateBatch{ // block 3
		Private: []PrivateWrite{pvt("b", "b3", Height{3, 0}, 6)},
		Hashed:  []HashedWrite{hashedOf("b", "b3", Height{3, 0}, 6)},
	})
	if pvtValue(t, l, "a") != "a1" || !hashedPresent(t, l, "a") {
		t.Fatal("a expired before its block")
	}
	commitNext(t, l, 1, nil) // block 4: a expires; b's old version expires but b3 stays
	if got := pvtValue(t, l, "a"); got != "<nil>" || hashedPresent(t, l, "a") {
		t.Fatalf("a after block 4 = %s (hashed present %v), want gone", got, hashedPresent(t, l, "a"))
	}
	if got := pvtValue(t, l, "b"); got != "b3" || !hashedPresent(t, l, "b") {
		t.Fatalf("b after block 4 = %s, want b3 (rewritten, not expired)", got)
	}
	if got := pvtValue(t, l, "c"); got != "c1" {
		t.Fatalf("c = %s, want c1 (no BTL)", got)
	}
	// The stored block-1 private write set lost a and old b, kept c.
	ws, err := l.PrivateWritesByBlock(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].Key != "c" || string(ws[0].Value) != "c1" {
		t.Fatalf("block 1 private writes after expiry = %+v", ws)
	}
	commitNext(t, l, 1, nil) // block 5
	if pvtValue(t, l, "b") != "b3" {
		t.Fatal("b3 expired early")
	}
	commitNext(t, l, 1, nil) // block 6
	if got := pvtValue(t, l, "b"); got != "<nil>" || hashedPresent(t, l, "b") {
		t.Fatalf("b after block 6 = %s, want gone", got)
	}
	if ws, _ := l.PrivateWritesByBlock(3); len(ws) != 0 {
		t.Fatalf("block 3 private writes after expiry = %+v", ws)
	}
}

func TestPurgeRemovesOlderVersions(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 1, &UpdateBatch{Private: []PrivateWrite{pvt("k", "v1", Height{1, 0}, 0), pvt("other", "o", Height{1, 0}, 0)}})
	commitNext(t, l, 1, &UpdateBatch{Private: []PrivateWrite{pvt("k", "v2", Height{2, 0}, 0)}})
	commitNext(t, l, 2, &UpdateBatch{Private: []PrivateWrite{pvt("k", "v3", Height{3, 0}, 0)}})
	for b, want := range map[uint64]string{1: "v1", 2: "v2", 3: "v3"} {
		ws, _ := l.PrivateWritesByBlock(b)
		found := false
		for _, w := range ws {
			found = found || (w.Key == "k" && string(w.Value) == want)
		}
		if !found {
			t.Fatalf("block %d private writes %+v lack k=%s before purge", b, ws, want)
		}
	}
	// Block 4: tx 0 writes v4, tx 1 purges the key (v4 and all older versions go).
	purge := PrivateWrite{Namespace: "cc", Collection: "coll", Key: "k", IsDelete: true, IsPurge: true, Version: Height{4, 1}}
	kh := sha256.Sum256([]byte("k"))
	commitNext(t, l, 2, &UpdateBatch{
		Private: []PrivateWrite{pvt("k", "v4", Height{4, 0}, 0), purge},
		Hashed: []HashedWrite{hashedOf("k", "v4", Height{4, 0}, 0),
			{Namespace: "cc", Collection: "coll", KeyHash: kh[:], IsDelete: true, IsPurge: true, Version: Height{4, 1}}},
	})
	if got := pvtValue(t, l, "k"); got != "<nil>" {
		t.Fatalf("k after purge = %s", got)
	}
	if hashedPresent(t, l, "k") {
		t.Fatal("hashed k survived purge")
	}
	for b := uint64(1); b <= 4; b++ {
		ws, err := l.PrivateWritesByBlock(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if w.Key == "k" {
				t.Fatalf("block %d still holds a version of k: %+v", b, w)
			}
		}
	}
	if ws, _ := l.PrivateWritesByBlock(1); len(ws) != 1 || ws[0].Key != "other" {
		t.Fatalf("purge touched another key: %+v", ws)
	}
	// A write after the purge is a fresh key.
	commitNext(t, l, 1, &UpdateBatch{Private: []PrivateWrite{pvt("k", "v5", Height{5, 0}, 0)}})
	ws, _ := l.PrivateWritesByBlock(5)
	want := []PrivateWrite{{Namespace: "cc", Collection: "coll", Key: "k", Value: []byte("v5"), Version: Height{5, 0}}}
	if !reflect.DeepEqual(ws, want) || pvtValue(t, l, "k") != "v5" {
		t.Fatalf("after rewrite: %+v", ws)
	}
}

func TestPrivateDeleteAndRange(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 1, &UpdateBatch{Private: []PrivateWrite{pvt("a", "1", Height{1, 0}, 0), pvt("b", "2", Height{1, 0}, 0), pvt("c", "3", Height{1, 0}, 0)}})
	commitNext(t, l, 1, &UpdateBatch{Private: []PrivateWrite{{Namespace: "cc", Collection: "coll", Key: "b", IsDelete: true, Version: Height{2, 0}}}})
	it, err := l.GetPrivateDataRange("cc", "coll", "", "")
	if got := collectRange(t, it, err); !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Fatalf("private range = %q", got)
	}
	it, err = l.GetPrivateDataRange("cc", "coll", "b", "")
	if got := collectRange(t, it, err); !reflect.DeepEqual(got, []string{"c"}) {
		t.Fatalf("private range from b = %q", got)
	}
	// A delete is kept in the block's private write set (a plain delete is
	// not a purge).
	ws, _ := l.PrivateWritesByBlock(2)
	if len(ws) != 1 || !ws[0].IsDelete || ws[0].Value != nil {
		t.Fatalf("block 2 private writes = %+v", ws)
	}
	if ws, _ := l.PrivateWritesByBlock(1); len(ws) != 3 {
		t.Fatalf("delete removed older versions: %+v", ws)
	}
}
