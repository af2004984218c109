package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"reflect"
	"testing"
)

// Composite keys are "\x00type\x00attr\x00"; range ends use U+10FFFF.
const maxRune = "\U0010FFFF"

func TestNamespaceIsolationTrickyKeys(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	h := Height{1, 0}
	// Pairs that would collide under a naive "ns ‖ sep ‖ key" layout.
	writes := []Write{
		put("a", "b\x00c", "1", h),
		put("a\x00b", "c", "2", h),
		put("ab", "c", "3", h),
		put("a", "bc", "4", h),
		put("a", "\x00asset\x00id1\x00", "5", h),
		put("a", maxRune, "6", h),
		put("a"+maxRune, "x", "7", h),
		put("a", "\xff\xff", "8", h),
		put("a\xff", "\xff", "9", h),
		put("\x00", "\x00", "10", h),
	}
	commitNext(t, l, 1, &UpdateBatch{Public: writes})
	for _, w := range writes {
		v := mustState(t, l, w.Namespace, w.Key)
		if v == nil || !bytes.Equal(v.Value, w.Value) || v.Version != h {
			t.Errorf("GetState(%q,%q) = %+v, want %q", w.Namespace, w.Key, v, w.Value)
		}
	}
	// Full scans of each namespace see only that namespace's keys.
	wantKeys := map[string][]string{
		"a":           {"\x00asset\x00id1\x00", "b\x00c", "bc", maxRune, "\xff\xff"},
		"a\x00b":      {"c"},
		"ab":          {"c"},
		"a" + maxRune: {"x"},
		"a\xff":       {"\xff"},
		"\x00":        {"\x00"},
		"":            nil,
		"a\x00":       nil,
	}
	for ns, want := range wantKeys {
		it, err := l.GetStateRange(ns, "", "")
		got := collectRange(t, it, err)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("range of ns %q = %q, want %q", ns, got, want)
		}
	}
	// Absent lookups that share bytes with present ones.
	for _, k := range [][2]string{{"a", "b"}, {"a\x00", "bc"}, {"a", "b\x00"}, {"ab", ""}} {
		if v := mustState(t, l, k[0], k[1]); v != nil {
			t.Errorf("GetState(%q,%q) = %+v, want nil", k[0], k[1], v)
		}
	}
	// Hashed and private state are separate from public state and from each other.
	kh := sha256.Sum256([]byte("k"))
	commitNext(t, l, 1, &UpdateBatch{
		Hashed:  []HashedWrite{{Namespace: "a", Collection: "c", KeyHash: kh[:], ValueHash: kh[:], Version: Height{2, 0}}},
		Private: []PrivateWrite{{Namespace: "a", Collection: "c", Key: "k", Value: []byte("p"), Version: Height{2, 0}}},
	})
	if v, _ := l.GetPrivateData("a", "c\x00", "k"); v != nil {
		t.Error("collection name boundary leaked")
	}
	if v, _ := l.GetPrivateData("a", "", "ck"); v != nil {
		t.Error("empty collection read a private key")
	}
	if v, _ := l.GetHashedState("a", "c", kh[:]); v == nil || !bytes.Equal(v.Value, kh[:]) {
		t.Errorf("hashed state = %+v", v)
	}
	if v, _ := l.GetPrivateData("a", "c", "k"); v == nil || string(v.Value) != "p" {
		t.Errorf("private data = %+v", v)
	}
	it, err := l.GetStateRange("a", "", "")
	if got := collectRange(t, it, err); len(got) != 5 {
		t.Errorf("public range of a after private writes = %q", got)
	}
}

func TestGetStateRangeBounds(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	h := Height{1, 0}
	keys := []string{"", "\x00k\x001\x00", "\x00k\x002\x00", "\x01", "a", "a\x00", "ab", "b", "b" + maxRune, "c"}
	var ws []Write
	for _, k := range keys[1:] {
		ws = append(ws, put("cc", k, "v", h))
	}
	ws = append(ws, put("cc2", "a", "other", h), put("c", "ca", "other", h))
	commitNext(t, l, 1, &UpdateBatch{Public: ws})
	cases := []struct {
		start, end string
		want       []string
	}{
		{"", "", keys[1:]},
		{"a", "b", []string{"a", "a\x00", "ab"}},           // end exclusive
		{"a\x00", "ab", []string{"a\x00"}},                 // start inclusive
		{"b", "", []string{"b", "b" + maxRune, "c"}},       // open end
		{"\x00k\x00", "\x00k\x00" + maxRune, keys[1:3]},    // partial composite key
		{"\x01", "a", []string{"\x01"}},                    // the shim's empty-start substitute
		{"b", "a", nil},                                    // inverted range is empty
		{"a", "a", nil},                                    // empty range
		{"d", "", nil},                                     // past the end
		{"c", "c\x00", []string{"c"}},                      // single key
		{"", "\x00k\x002\x00", []string{"\x00k\x001\x00"}}, // end exclusive of an exact key
	}
	for _, c := range cases {
		it, err := l.GetStateRange("cc", c.start, c.end)
		got := collectRange(t, it, err)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("range [%q,%q) = %q, want %q", c.start, c.end, got, c.want)
		}
	}
	// Values and versions come through the iterator.
	it, _ := l.GetStateRange("cc2", "", "")
	kv, err := it.Next()
	it.Close()
	if err != nil || kv == nil || string(kv.Value) != "other" || kv.Version != h {
		t.Fatalf("range entry = %+v, %v", kv, err)
	}
}

func TestDelete(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 2, &UpdateBatch{Public: []Write{
		{Namespace: "cc", Key: "k", Value: []byte("v"), MetadataSet: true, Metadata: map[string][]byte{"VALIDATION_PARAMETER": []byte("p")}, Version: Height{1, 0}},
		put("cc", "j", "v", Height{1, 1}),
	}})
	commitNext(t, l, 3, &UpdateBatch{Public: []Write{
		{Namespace: "cc", Key: "k", IsDelete: true, Version: Height{2, 0}},
		{Namespace: "cc", Key: "j", Value: []byte{}, Version: Height{2, 1}}, // empty value is a delete
		{Namespace: "cc", Key: "never", IsDelete: true, Version: Height{2, 2}},
	}})
	for _, k := range []string{"k", "j", "never"} {
		if v := mustState(t, l, "cc", k); v != nil {
			t.Errorf("%s = %+v after delete", k, v)
		}
	}
	if md, err := l.GetStateMetadata("cc", "k"); md != nil || err != nil {
		t.Errorf("metadata after delete = %v, %v", md, err)
	}
	it, err := l.GetStateRange("cc", "", "")
	if got := collectRange(t, it, err); got != nil {
		t.Errorf("range after deletes = %q", got)
	}
	// Re-creating a deleted key starts without the old metadata.
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "k", "again", Height{3, 0})}})
	if v := mustState(t, l, "cc", "k"); v == nil || string(v.Value) != "again" || v.Metadata != nil {
		t.Errorf("recreated k = %+v", v)
	}
}

func TestMetadataSemantics(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	vp := func(s string) map[string][]byte { return map[string][]byte{"VALIDATION_PARAMETER": []byte(s)} }
	commitNext(t, l, 3, &UpdateBatch{Public: []Write{
		{Namespace: "cc", Key: "k", Value: []byte("v1"), MetadataSet: true, Metadata: vp("p1"), Version: Height{1, 0}},
		// metadata-only write to an absent key is dropped
		{Namespace: "cc", Key: "ghost", MetadataSet: true, Metadata: vp("x"), Version: Height{1, 1}},
		put("cc", "m", "mv", Height{1, 2}),
		// metadata-only write to a key created earlier in the same block applies
		{Namespace: "cc", Key: "m", MetadataSet: true, Metadata: vp("pm"), Version: Height{1, 2}},
	}})
	if v := mustState(t, l, "cc", "ghost"); v != nil {
		t.Fatalf("metadata-only write created key: %+v", v)
	}
	if v := mustState(t, l, "cc", "m"); v == nil || string(v.Metadata["VALIDATION_PARAMETER"]) != "pm" || string(v.Value) != "mv" {
		t.Fatalf("m = %+v", v)
	}
	// value-only write keeps metadata
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "k", "v2", Height{2, 0})}})
	v := mustState(t, l, "cc", "k")
	if string(v.Value) != "v2" || !reflect.DeepEqual(v.Metadata, vp("p1")) || v.Version != (Height{2, 0}) {
		t.Fatalf("after value-only write: %+v", v)
	}
	// metadata-only write replaces the whole map, keeps value, bumps version
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{{Namespace: "cc", Key: "k", MetadataSet: true,
		Metadata: map[string][]byte{"other": []byte("o")}, Version: Height{3, 0}}}})
	v = mustState(t, l, "cc", "k")
	if string(v.Value) != "v2" || !reflect.DeepEqual(v.Metadata, map[string][]byte{"other": []byte("o")}) || v.Version != (Height{3, 0}) {
		t.Fatalf("after metadata replace: %+v", v)
	}
	// value + metadata in one write: both replaced
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{{Namespace: "cc", Key: "k", Value: []byte("v3"), MetadataSet: true, Metadata: vp("p3"), Version: Height{4, 0}}}})
	if md, _ := l.GetStateMetadata("cc", "k"); !reflect.DeepEqual(md, vp("p3")) {
		t.Fatalf("after value+metadata write: %v", md)
	}
	// nil metadata deletes it
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{{Namespace: "cc", Key: "k", MetadataSet: true, Metadata: nil, Version: Height{5, 0}}}})
	v = mustState(t, l, "cc", "k")
	if v.Metadata != nil || string(v.Value) != "v3" {
		t.Fatalf("after metadata delete: %+v", v)
	}
	// later entries for the same key win within a block
	commitNext(t, l, 2, &UpdateBatch{Public: []Write{put("cc", "k", "first", Height{6, 0}), put("cc", "k", "second", Height{6, 1})}})
	if v := mustState(t, l, "cc", "k"); string(v.Value) != "second" || v.Version != (Height{6, 1}) {
		t.Fatalf("last write did not win: %+v", v)
	}
}

func TestHashedStateAndPrivateMetadata(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	kh := sha256.Sum256([]byte("secret-key"))
	vh := sha256.Sum256([]byte("secret-value"))
	md := map[string][]byte{"VALIDATION_PARAMETER": []byte("pol")}
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{{Namespace: "cc", Collection: "coll", KeyHash: kh[:], ValueHash: vh[:],
		MetadataSet: true, Metadata: md, Version: Height{1, 0}}}})
	if v, _ := l.GetHashedState("cc", "coll", kh[:]); v == nil || !bytes.Equal(v.Value, vh[:]) || v.Version != (Height{1, 0}) {
		t.Fatalf("hashed = %+v", v)
	}
	got, err := l.GetPrivateDataMetadata("cc", "coll", "secret-key")
	if err != nil || !reflect.DeepEqual(got, md) {
		t.Fatalf("GetPrivateDataMetadata = %v, %v", got, err)
	}
	if got, _ := l.GetPrivateDataMetadata("cc", "other", "secret-key"); got != nil {
		t.Fatal("metadata leaked across collections")
	}
	// A value hash of SHA-256("") is a delete (Fabric's IsKVWriteHashDelete).
	empty := sha256.Sum256(nil)
	commitNext(t, l, 1, &UpdateBatch{Hashed: []HashedWrite{{Namespace: "cc", Collection: "coll", KeyHash: kh[:], ValueHash: empty[:], Version: Height{2, 0}}}})
	if v, _ := l.GetHashedState("cc", "coll", kh[:]); v != nil {
		t.Fatalf("hashed after empty-hash write = %+v", v)
	}
}

func TestSnapshotIsConsistent(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "a", "1", Height{1, 0})}})
	s, err := l.NewSnapshotReader()
	if err != nil {
		t.Fatal(err)
	}
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "a", "2", Height{2, 0}), put("cc", "b", "new", Height{2, 0})}})
	if s.Height() != 2 {
		t.Fatalf("snapshot height %d", s.Height())
	}
	if v := mustState(t, s, "cc", "a"); string(v.Value) != "1" {
		t.Fatalf("snapshot sees %q", v.Value)
	}
	it, err := s.GetStateRange("cc", "", "")
	if got := collectRange(t, it, err); !reflect.DeepEqual(got, []string{"a"}) {
		t.Fatalf("snapshot range = %q", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if v := mustState(t, l, "cc", "a"); string(v.Value) != "2" {
		t.Fatalf("live sees %q", v.Value)
	}
}

func TestStateFingerprint(t *testing.T) {
	build := func(last string) *Ledger {
		l := newLedger(t)
		commitNext(t, l, 1, nil)
		commitNext(t, l, 2, &UpdateBatch{
			Public:  []Write{put("cc", "a", "1", Height{1, 0}), put("cc", "b", last, Height{1, 1})},
			Private: []PrivateWrite{{Namespace: "cc", Collection: "c", Key: "k", Value: []byte(last), Version: Height{1, 0}}},
		})
		return l
	}
	a, b, c := build("x"), build("x"), build("y")
	fa, _ := a.StateFingerprint()
	fb, _ := b.StateFingerprint()
	fc, _ := c.StateFingerprint()
	if len(fa) != 32 || !bytes.Equal(fa, fb) {
		t.Fatal("identical ledgers have different fingerprints")
	}
	if bytes.Equal(fa, fc) {
		t.Fatal("different state has the same fingerprint")
	}
	// Private data is not part of the fingerprint (only members hold it).
	d := newLedger(t)
	commitNext(t, d, 1, nil)
	commitNext(t, d, 2, &UpdateBatch{Public: []Write{put("cc", "a", "1", Height{1, 0}), put("cc", "b", "x", Height{1, 1})}})
	if fd, _ := d.StateFingerprint(); !bytes.Equal(fa, fd) {
		t.Fatal("private data changed the fingerprint")
	}
	// Height is part of it.
	commitNext(t, d, 1, nil)
	if fd, _ := d.StateFingerprint(); bytes.Equal(fa, fd) {
		t.Fatal("an extra empty block did not change the fingerprint")
	}
}

func TestCloseReleasesOpenIteratorsAndSnapshots(t *testing.T) {
	l := openTest(t, t.TempDir())
	commitNext(t, l, 1, nil)
	commitNext(t, l, 1, &UpdateBatch{
		Public:  []Write{put("cc", "a", "1", Height{1, 0}), put("cc", "b", "2", Height{1, 0})},
		History: []HistoryEntry{{Namespace: "cc", Key: "a", Version: Height{1, 0}}},
	})
	rng, err := l.GetStateRange("cc", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if kv, err := rng.Next(); err != nil || kv.Key != "a" {
		t.Fatalf("first = %+v, %v", kv, err)
	}
	hist, _ := l.GetHistoryForKey("cc", "a")
	snap, _ := l.NewSnapshotReader()
	snapRng, _ := snap.GetStateRange("cc", "", "")
	done, _ := l.GetStateRange("cc", "", "")
	done.Close() // closed by the caller: must not be closed again
	if err := l.Close(); err != nil {
		t.Fatalf("Close with open iterators: %v", err)
	}
	if _, err := rng.Next(); !errors.Is(err, ErrClosed) {
		t.Fatalf("range Next after Close: %v", err)
	}
	if _, err := hist.Next(); !errors.Is(err, ErrClosed) {
		t.Fatalf("history Next after Close: %v", err)
	}
	if _, err := snapRng.Next(); !errors.Is(err, ErrClosed) {
		t.Fatalf("snapshot range Next after Close: %v", err)
	}
	if _, err := snap.GetState("cc", "a"); !errors.Is(err, ErrClosed) {
		t.Fatalf("snapshot read after Close: %v", err)
	}
	if _, err := l.NewSnapshotReader(); !errors.Is(err, ErrClosed) {
		t.Fatalf("NewSnapshotReader after Close: %v", err)
	}
	if _, err := l.StateFingerprint(); !errors.Is(err, ErrClosed) {
		t.Fatalf("StateFingerprint after Close: %v", err)
	}
	rng.Close()
	hist.Close()
	snapRng.Close()
	if err := snap.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSnapshotIteratorOutlivesSnapshotClose(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "a", "1", Height{1, 0}), put("cc", "b", "2", Height{1, 0})}})
	snap, _ := l.NewSnapshotReader()
	it, err := snap.GetStateRange("cc", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := snap.Close(); err != nil {
		t.Fatal(err)
	}
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "a0", "new", Height{2, 0})}})
	if got := collectRange(t, it, nil); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Fatalf("iterator of a closed snapshot = %q", got)
	}
	if _, err := snap.GetState("cc", "a"); !errors.Is(err, ErrClosed) {
		t.Fatalf("read from closed snapshot: %v", err)
	}
}
