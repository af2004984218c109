package validation

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"

	"github.com/saharanet/saharanet/network/ledger"
)

func TestBatchPublicWrites(t *testing.T) {
	h := newHarness(t)
	h.state.put("asset", "withmeta", []byte("old"), 1, 0, map[string][]byte{"tag": []byte("t")})
	h.state.put("asset", "m", []byte("keep"), 1, 1, nil)
	md := []*kvrwset.KVMetadataEntry{{Name: "tag", Value: []byte("new")}}
	tx0 := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("plain", "v"), w("withmeta", "v2")}})
	tx1 := readTx(t, nsb{meta: []*kvrwset.KVMetadataWrite{{Key: "m", Entries: md}, {Key: "absent", Entries: md}}})
	tx2 := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("plain", "")}})
	tx3 := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("plain", "again")}})
	tx4 := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("both", "v")}, meta: []*kvrwset.KVMetadataWrite{{Key: "both", Entries: md}}})
	res := h.validate(block(7, tx0, tx1, tx2, tx3, tx4), nil)
	expectCodes(t, res.Flags, VALID, VALID, VALID, VALID, VALID)

	v := func(tx uint64) ledger.Height { return ledger.Height{BlockNum: 7, TxNum: tx} }
	want := []ledger.Write{
		{Namespace: "asset", Key: "plain", Value: []byte("v"), Version: v(0)},
		// Value-only write: committed metadata is kept (MetadataSet false).
		{Namespace: "asset", Key: "withmeta", Value: []byte("v2"), Version: v(0)},
		// Metadata-only write: value restated at the new version; the
		// write to an absent key is dropped.
		{Namespace: "asset", Key: "m", Value: []byte("keep"), MetadataSet: true, Metadata: map[string][]byte{"tag": []byte("new")}, Version: v(1)},
		{Namespace: "asset", Key: "plain", IsDelete: true, Version: v(2)},
		// After an in-block delete, the committed metadata is gone: say so.
		{Namespace: "asset", Key: "plain", Value: []byte("again"), MetadataSet: true, Version: v(3)},
		{Namespace: "asset", Key: "both", Value: []byte("v"), MetadataSet: true, Metadata: map[string][]byte{"tag": []byte("new")}, Version: v(4)},
	}
	if len(res.Batch.Public) != len(want) {
		t.Fatalf("got %d writes: %+v", len(res.Batch.Public), res.Batch.Public)
	}
	for i, g := range res.Batch.Public {
		e := want[i]
		if g.Namespace != e.Namespace || g.Key != e.Key || !bytes.Equal(g.Value, e.Value) || g.IsDelete != e.IsDelete ||
			g.MetadataSet != e.MetadataSet || !sameMeta(g.Metadata, e.Metadata) || g.Version != e.Version {
			t.Fatalf("write %d: got %+v, want %+v", i, g, e)
		}
	}
	wantHist := []ledger.HistoryEntry{
		{Namespace: "asset", Key: "plain", Version: v(0)},
		{Namespace: "asset", Key: "withmeta", Version: v(0)},
		{Namespace: "asset", Key: "plain", Version: v(2), IsDelete: true},
		{Namespace: "asset", Key: "plain", Version: v(3)},
		{Namespace: "asset", Key: "both", Version: v(4)},
	}
	if len(res.Batch.History) != len(wantHist) {
		t.Fatalf("history: %+v", res.Batch.History)
	}
	for i := range wantHist {
		if res.Batch.History[i] != wantHist[i] {
			t.Fatalf("history %d: got %+v, want %+v", i, res.Batch.History[i], wantHist[i])
		}
	}
}

func sameMeta(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(b[k], v) {
			return false
		}
	}
	return true
}

func TestPrivateData(t *testing.T) {
	h := newHarness(t)
	hc, pc := pvtColl(t, "shared", [][2]string{{"secret", "value"}})
	tx := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}})}.build(t)
	pvtFor := func(c *rwset.CollectionPvtReadWriteSet) map[uint64]*rwset.TxPvtReadWriteSet {
		return map[uint64]*rwset.TxPvtReadWriteSet{0: {NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: "asset",
			CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{c}}}}}
	}
	kh := sha256.Sum256([]byte("secret"))

	t.Run("matching", func(t *testing.T) {
		res := h.validate(block(5, tx), pvtFor(pc))
		expectCodes(t, res.Flags, VALID)
		if len(res.MissingPvt) != 0 {
			t.Fatalf("missing: %+v", res.MissingPvt)
		}
		if len(res.Batch.Private) != 1 {
			t.Fatalf("private: %+v", res.Batch.Private)
		}
		p := res.Batch.Private[0]
		// BTL 3: committed at 5, purged when block 9 commits.
		if p.Key != "secret" || string(p.Value) != "value" || p.ExpiresAtBlock != 9 || p.Version != (ledger.Height{BlockNum: 5}) {
			t.Fatalf("private write: %+v", p)
		}
		hw := res.Batch.Hashed[0]
		if !bytes.Equal(hw.KeyHash, kh[:]) || hw.ExpiresAtBlock != 9 || hw.IsDelete {
			t.Fatalf("hashed write: %+v", hw)
		}
	})
	t.Run("mismatching", func(t *testing.T) {
		_, forged := pvtColl(t, "shared", [][2]string{{"secret", "forged"}})
		res := h.validate(block(5, tx), pvtFor(forged))
		expectCodes(t, res.Flags, VALID) // validity does not depend on private data
		if len(res.Batch.Private) != 0 || len(res.Batch.Hashed) != 1 {
			t.Fatalf("forged private data stored: %+v", res.Batch)
		}
		if len(res.MissingPvt) != 1 || !res.MissingPvt[0].Mismatch || res.MissingPvt[0].Collection != "shared" {
			t.Fatalf("missing: %+v", res.MissingPvt)
		}
	})
	t.Run("absent", func(t *testing.T) {
		res := h.validate(block(5, tx), nil)
		expectCodes(t, res.Flags, VALID)
		if len(res.Batch.Private) != 0 || len(res.MissingPvt) != 1 || res.MissingPvt[0].Mismatch {
			t.Fatalf("batch %+v missing %+v", res.Batch, res.MissingPvt)
		}
	})
	t.Run("hash matches but data disagrees with the hashed writes", func(t *testing.T) {
		// An endorser that commits to one private set and hashes another.
		other := &kvrwset.KVRWSet{Writes: []*kvrwset.KVWrite{w("secret", "different")}}
		ob := mustMarshal(t, other)
		oh := sha256.Sum256(ob)
		hc2 := &rwset.CollectionHashedReadWriteSet{CollectionName: "shared", HashedRwset: hc.HashedRwset, PvtRwsetHash: oh[:]}
		tx2 := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc2}})}.build(t)
		res := h.validate(block(5, tx2), pvtFor(&rwset.CollectionPvtReadWriteSet{CollectionName: "shared", Rwset: ob}))
		expectCodes(t, res.Flags, VALID)
		if len(res.Batch.Private) != 0 || len(res.MissingPvt) != 1 || !res.MissingPvt[0].Mismatch {
			t.Fatalf("batch %+v missing %+v", res.Batch, res.MissingPvt)
		}
	})
	t.Run("not a member", func(t *testing.T) {
		hc3, pc3 := pvtColl(t, "org2col", [][2]string{{"secret", "value"}})
		tx3 := txb{endorsers: ids(net.peer2), rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc3}})}.build(t)
		res := h.validate(block(5, tx3), pvtFor(pc3))
		expectCodes(t, res.Flags, VALID)
		if len(res.Batch.Private) != 0 || len(res.MissingPvt) != 0 || len(res.Batch.Hashed) != 1 {
			t.Fatalf("batch %+v missing %+v", res.Batch, res.MissingPvt)
		}
	})
	t.Run("invalid tx stores nothing", func(t *testing.T) {
		bad := txb{endorsers: ids(net.peer2), rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}})}.build(t)
		res := h.validate(block(5, bad), pvtFor(pc))
		expectCodes(t, res.Flags, EPF)
		if len(res.Batch.Private)+len(res.Batch.Hashed)+len(res.MissingPvt) != 0 {
			t.Fatalf("batch %+v missing %+v", res.Batch, res.MissingPvt)
		}
	})
}

func TestPrivatePurge(t *testing.T) {
	h := newHarness(t)
	kh := sha256.Sum256([]byte("secret"))
	hashed := &kvrwset.HashedRWSet{HashedWrites: []*kvrwset.KVWriteHash{{KeyHash: kh[:], IsDelete: true, IsPurge: true}}}
	priv := mustMarshal(t, &kvrwset.KVRWSet{Writes: []*kvrwset.KVWrite{{Key: "secret", IsDelete: true}}})
	ph := sha256.Sum256(priv)
	hc := &rwset.CollectionHashedReadWriteSet{CollectionName: "shared", HashedRwset: mustMarshal(t, hashed), PvtRwsetHash: ph[:]}
	tx := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}})}.build(t)
	pvt := map[uint64]*rwset.TxPvtReadWriteSet{0: {NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: "asset",
		CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{{CollectionName: "shared", Rwset: priv}}}}}}
	res := h.validate(block(5, tx), pvt)
	expectCodes(t, res.Flags, VALID)
	if len(res.Batch.Hashed) != 1 || !res.Batch.Hashed[0].IsPurge || !res.Batch.Hashed[0].IsDelete || res.Batch.Hashed[0].ExpiresAtBlock != 0 {
		t.Fatalf("hashed: %+v", res.Batch.Hashed)
	}
	if len(res.Batch.Private) != 1 || !res.Batch.Private[0].IsPurge || res.Batch.Private[0].Key != "secret" {
		t.Fatalf("private: %+v", res.Batch.Private)
	}
}
