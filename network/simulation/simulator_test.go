package simulation

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/rangequery"
)

func mustMarshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sum(b []byte) []byte { h := sha256.Sum256(b); return h[:] }

func ver(b, tx uint64) *kvrwset.Version { return &kvrwset.Version{BlockNum: b, TxNum: tx} }

func results(t *testing.T, s *TxSimulator) *Results {
	t.Helper()
	res, err := s.Results()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.PublicBytes, mustMarshal(t, res.Public)) {
		t.Fatal("PublicBytes differ from the marshalled Public set")
	}
	return res
}

func assertProto(t *testing.T, what string, got, want proto.Message) {
	t.Helper()
	if !proto.Equal(got, want) {
		t.Fatalf("%s:\n got %v\nwant %v", what, got, want)
	}
}

func TestPublicRWSetExact(t *testing.T) {
	st := NewInmemState()
	st.Put("a", "k1", []byte("v1"), nil, ledger.Height{BlockNum: 1})
	st.Put("b", "k3", []byte("v3"), nil, ledger.Height{BlockNum: 2, TxNum: 1})
	s := New(st, "tx1")

	mustNoErr(t, s.SetState("a", "z", []byte("zz")))
	if v, _ := s.GetState("b", "k3"); string(v) != "v3" {
		t.Fatalf("GetState b/k3 = %q", v)
	}
	mustNoErr(t, s.SetState("a", "k1", []byte("x")))
	mustNoErr(t, s.SetState("a", "k1", []byte("y")))
	// No read-your-writes: the committed value comes back.
	if v, _ := s.GetState("a", "k1"); string(v) != "v1" {
		t.Fatalf("GetState a/k1 after write = %q, want committed v1", v)
	}
	if v, err := s.GetState("a", "missing"); v != nil || err != nil {
		t.Fatalf("GetState missing = %q, %v", v, err)
	}
	mustNoErr(t, s.DeleteState("a", "d"))
	mustNoErr(t, s.SetState("a", "e", []byte{}))
	mustNoErr(t, s.SetStateMetadata("a", "k1", map[string][]byte{"b": []byte("2"), "a": []byte("1")}))
	mustNoErr(t, s.DeleteStateMetadata("a", "z"))

	want := &rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV, NsRwset: []*rwset.NsReadWriteSet{
		{Namespace: "a", Rwset: mustMarshal(t, &kvrwset.KVRWSet{
			Reads: []*kvrwset.KVRead{{Key: "k1", Version: ver(1, 0)}, {Key: "missing"}},
			Writes: []*kvrwset.KVWrite{
				{Key: "d", IsDelete: true},
				{Key: "e", IsDelete: true, Value: []byte{}},
				{Key: "k1", Value: []byte("y")},
				{Key: "z", Value: []byte("zz")},
			},
			MetadataWrites: []*kvrwset.KVMetadataWrite{
				{Key: "k1", Entries: []*kvrwset.KVMetadataEntry{{Name: "a", Value: []byte("1")}, {Name: "b", Value: []byte("2")}}},
				{Key: "z"},
			},
		})},
		{Namespace: "b", Rwset: mustMarshal(t, &kvrwset.KVRWSet{Reads: []*kvrwset.KVRead{{Key: "k3", Version: ver(2, 1)}}})},
	}}
	res := results(t, s)
	assertProto(t, "public rwset", res.Public, want)
	if !bytes.Equal(res.PublicBytes, mustMarshal(t, want)) {
		t.Fatal("public bytes differ from the expected encoding")
	}
	if res.Private != nil || res.PrivateBytes != nil {
		t.Fatalf("unexpected private set %v", res.Private)
	}
	if _, err := s.GetState("a", "k1"); !errors.Is(err, ErrDone) {
		t.Fatalf("GetState after Results: %v, want ErrDone", err)
	}
	if _, err := s.Results(); !errors.Is(err, ErrDone) {
		t.Fatalf("second Results: %v, want ErrDone", err)
	}
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriteRejectsBadKeys(t *testing.T) {
	s := New(NewInmemState(), "tx")
	if err := s.SetState("a", "", []byte("v")); err == nil {
		t.Fatal("empty key accepted")
	}
	if err := s.SetState("a", "\xff\xfe", []byte("v")); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Fatalf("invalid UTF-8 key: %v", err)
	}
	res := results(t, s)
	assertProto(t, "rwset", res.Public, &rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV})
}

func fill(st *InmemState, ns string, n int) {
	for i := 0; i < n; i++ {
		st.Put(ns, fmt.Sprintf("k%04d", i), []byte{byte(i)}, nil, ledger.Height{BlockNum: uint64(i), TxNum: 1})
	}
}

func read(i int) *kvrwset.KVRead {
	return &kvrwset.KVRead{Key: fmt.Sprintf("k%04d", i), Version: ver(uint64(i), 1)}
}

func drain(t *testing.T, it *RangeIterator, n int) []string {
	t.Helper()
	var keys []string
	for i := 0; n < 0 || i < n; i++ {
		kv, err := it.Next()
		mustNoErr(t, err)
		if kv == nil {
			break
		}
		keys = append(keys, kv.Key)
	}
	return keys
}

func TestRangeQueryRawReads(t *testing.T) {
	st := NewInmemState()
	fill(st, "a", 5)
	s := New(st, "tx")

	it, err := s.GetStateRange("a", "k0001", "k0004")
	mustNoErr(t, err)
	if got := drain(t, it, 2); strings.Join(got, ",") != "k0001,k0002" {
		t.Fatalf("partial scan got %v", got)
	}
	full, err := s.GetStateRange("a", "k0000", "")
	mustNoErr(t, err)
	if got := drain(t, full, -1); len(got) != 5 {
		t.Fatalf("full scan got %v", got)
	}
	dup, err := s.GetStateRange("a", "k0000", "")
	mustNoErr(t, err)
	drain(t, dup, -1)
	unread, err := s.GetStateRange("a", "x", "y")
	mustNoErr(t, err)
	_ = unread

	want := mustMarshal(t, &kvrwset.KVRWSet{RangeQueriesInfo: []*kvrwset.RangeQueryInfo{
		{StartKey: "k0001", EndKey: "k0002", ReadsInfo: &kvrwset.RangeQueryInfo_RawReads{RawReads: &kvrwset.QueryReads{KvReads: []*kvrwset.KVRead{read(1), read(2)}}}},
		{StartKey: "k0000", EndKey: "", ItrExhausted: true, ReadsInfo: &kvrwset.RangeQueryInfo_RawReads{RawReads: &kvrwset.QueryReads{KvReads: []*kvrwset.KVRead{read(0), read(1), read(2), read(3), read(4)}}}},
		{StartKey: "x"},
	}})
	res := results(t, s)
	if len(res.Public.NsRwset) != 1 || !bytes.Equal(res.Public.NsRwset[0].Rwset, want) {
		got := &kvrwset.KVRWSet{}
		_ = proto.Unmarshal(res.Public.NsRwset[0].Rwset, got)
		t.Fatalf("range infos:\n got %v", got)
	}
}

// merkleRef is an independent, straightforward statement of Fabric's summary
// for reads that all fit under two levels.
func merkleRef(t *testing.T, reads []*kvrwset.KVRead) (uint32, [][]byte) {
	var leaves [][]byte
	for i := 0; i < len(reads); i += rangequery.MaxDegree + 1 {
		end := min(i+rangequery.MaxDegree+1, len(reads))
		leaves = append(leaves, sum(mustMarshal(t, &kvrwset.QueryReads{KvReads: reads[i:end]})))
	}
	if len(leaves) <= rangequery.MaxDegree {
		return 1, leaves
	}
	top := [][]byte{sum(bytes.Join(leaves[:rangequery.MaxDegree+1], nil))}
	if rest := leaves[rangequery.MaxDegree+1:]; len(rest) == 1 {
		top = append(top, rest[0])
	} else if len(rest) > 1 {
		top = append(top, sum(bytes.Join(rest, nil)))
	}
	return 2, top
}

func TestRangeQueryMerkleSummary(t *testing.T) {
	for _, n := range []int{50, 51, 120, 2601, 2700} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			st := NewInmemState()
			fill(st, "a", n)
			s := New(st, "tx")
			it, err := s.GetStateRange("a", "", "")
			mustNoErr(t, err)
			drain(t, it, -1)
			res := results(t, s)
			kv := &kvrwset.KVRWSet{}
			mustNoErr(t, proto.Unmarshal(res.Public.NsRwset[0].Rwset, kv))
			rqi := kv.RangeQueriesInfo[0]
			var reads []*kvrwset.KVRead
			for i := 0; i < n; i++ {
				reads = append(reads, read(i))
			}
			if n <= rangequery.MaxDegree {
				assertProto(t, "raw reads", rqi.GetRawReads(), &kvrwset.QueryReads{KvReads: reads})
				return
			}
			level, hashes := merkleRef(t, reads)
			assertProto(t, "merkle summary", rqi.GetReadsMerkleHashes(), &kvrwset.QueryReadsMerkleSummary{MaxDegree: rangequery.MaxDegree, MaxLevel: level, MaxLevelHashes: hashes})
			if rqi.GetRawReads() != nil {
				t.Fatal("both raw reads and summary set")
			}
		})
	}
}

func TestPaginationBookmarkAndReadOnly(t *testing.T) {
	st := NewInmemState()
	fill(st, "a", 10)
	s := New(st, "tx")
	it, err := s.GetStateRangeWithPagination("a", "k0002", "k0009", 4)
	mustNoErr(t, err)
	if got := drain(t, it, -1); strings.Join(got, ",") != "k0002,k0003,k0004,k0005" {
		t.Fatalf("page = %v", got)
	}
	bm, err := it.Bookmark()
	mustNoErr(t, err)
	if bm != "k0006" {
		t.Fatalf("bookmark = %q, want k0006", bm)
	}
	if bm2, _ := it.Bookmark(); bm2 != bm {
		t.Fatalf("bookmark not stable: %q then %q", bm, bm2)
	}
	last, err := s.GetStateRangeWithPagination("a", "k0008", "k0009", 4)
	mustNoErr(t, err)
	drain(t, last, -1)
	if bm, _ := last.Bookmark(); bm != "" {
		t.Fatalf("bookmark at end = %q", bm)
	}
	if err := s.SetState("a", "k", []byte("v")); !errors.Is(err, ErrReadOnlyQuery) {
		t.Fatalf("write after paginated query: %v", err)
	}
	res := results(t, s)
	kv := &kvrwset.KVRWSet{}
	mustNoErr(t, proto.Unmarshal(res.Public.NsRwset[0].Rwset, kv))
	first := kv.RangeQueriesInfo[0]
	if first.StartKey != "k0002" || first.EndKey != "k0009" || !first.ItrExhausted || len(first.GetRawReads().GetKvReads()) != 4 {
		t.Fatalf("paginated range info = %v", first)
	}
	if len(kv.Writes) != 0 {
		t.Fatal("rejected write was recorded")
	}

	s2 := New(st, "tx2")
	mustNoErr(t, s2.SetState("a", "k", []byte("v")))
	if _, err := s2.GetStateRangeWithPagination("a", "", "", 3); !errors.Is(err, ErrReadOnlyQuery) {
		t.Fatalf("paginated query after write: %v", err)
	}
	if _, err := s2.GetStateRangeWithPagination("a", "", "", 0); err == nil {
		t.Fatal("page size 0 accepted")
	}
}

var colls = StaticCollections{"cc": {
	"c1":     NewPermission(true, true, true),
	"c2":     NewPermission(true, false, false),
	"secret": NewPermission(false, true, true),
	"open":   NewPermission(false, false, false),
}}

func TestPrivateRWSetExact(t *testing.T) {
	st := NewInmemState()
	st.PutPrivate("cc", "c1", "have", []byte("hv"), ledger.Height{BlockNum: 3, TxNum: 2})
	s := New(st, "tx", WithCollectionAccess(colls))

	v, err := s.GetPrivateData("cc", "c1", "have")
	mustNoErr(t, err)
	if string(v) != "hv" {
		t.Fatalf("GetPrivateData = %q", v)
	}
	mustNoErr(t, s.SetPrivateData("cc", "c1", "k", []byte("old")))
	mustNoErr(t, s.SetPrivateData("cc", "c1", "k", []byte("val")))
	mustNoErr(t, s.DeletePrivateData("cc", "c1", "gone"))
	mustNoErr(t, s.SetPrivateDataMetadata("cc", "c1", "k", map[string][]byte{"VALIDATION_PARAMETER": []byte("ep")}))
	mustNoErr(t, s.PurgePrivateData("cc", "c2", "p"))
	h, err := s.GetPrivateDataHash("cc", "secret", "x")
	mustNoErr(t, err)
	if h != nil {
		t.Fatalf("hash of absent key = %x", h)
	}

	c1Pvt := mustMarshal(t, &kvrwset.KVRWSet{
		Writes:         []*kvrwset.KVWrite{{Key: "gone", IsDelete: true}, {Key: "k", Value: []byte("val")}},
		MetadataWrites: []*kvrwset.KVMetadataWrite{{Key: "k"}},
	})
	c2Pvt := mustMarshal(t, &kvrwset.KVRWSet{Writes: []*kvrwset.KVWrite{{Key: "p", IsDelete: true}}})
	wantPvt := &rwset.TxPvtReadWriteSet{DataModel: rwset.TxReadWriteSet_KV, NsPvtRwset: []*rwset.NsPvtReadWriteSet{{
		Namespace: "cc",
		CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{
			{CollectionName: "c1", Rwset: c1Pvt},
			{CollectionName: "c2", Rwset: c2Pvt},
		},
	}}}
	hk := func(k string) []byte { return sum([]byte(k)) }
	wantPub := &rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV, NsRwset: []*rwset.NsReadWriteSet{{
		Namespace: "cc",
		Rwset:     mustMarshal(t, &kvrwset.KVRWSet{}),
		CollectionHashedRwset: []*rwset.CollectionHashedReadWriteSet{
			{CollectionName: "c1", PvtRwsetHash: sum(c1Pvt), HashedRwset: mustMarshal(t, &kvrwset.HashedRWSet{
				HashedReads: []*kvrwset.KVReadHash{{KeyHash: hk("have"), Version: ver(3, 2)}},
				HashedWrites: []*kvrwset.KVWriteHash{
					{KeyHash: hk("gone"), IsDelete: true},
					{KeyHash: hk("k"), ValueHash: sum([]byte("val"))},
				},
				MetadataWrites: []*kvrwset.KVMetadataWriteHash{{KeyHash: hk("k"), Entries: []*kvrwset.KVMetadataEntry{{Name: "VALIDATION_PARAMETER", Value: []byte("ep")}}}},
			})},
			{CollectionName: "c2", PvtRwsetHash: sum(c2Pvt), HashedRwset: mustMarshal(t, &kvrwset.HashedRWSet{
				HashedWrites: []*kvrwset.KVWriteHash{{KeyHash: hk("p"), IsDelete: true, IsPurge: true}},
			})},
			{CollectionName: "secret", HashedRwset: mustMarshal(t, &kvrwset.HashedRWSet{
				HashedReads: []*kvrwset.KVReadHash{{KeyHash: hk("x")}},
			})},
		},
	}}}
	res := results(t, s)
	assertProto(t, "private rwset", res.Private, wantPvt)
	assertProto(t, "public rwset", res.Public, wantPub)
	if !bytes.Equal(res.PrivateBytes, mustMarshal(t, wantPvt)) {
		t.Fatal("private bytes differ")
	}
}

func TestCollectionAccessRules(t *testing.T) {
	st := NewInmemState()
	st.PutPrivate("cc", "secret", "k", []byte("v"), ledger.Height{BlockNum: 1})
	s := New(st, "tx", WithCollectionAccess(colls))

	if _, err := s.GetPrivateData("cc", "nope", "k"); !errors.Is(err, ErrUnknownCollection) {
		t.Fatalf("unknown collection: %v", err)
	}
	if _, err := s.GetPrivateData("cc", "secret", "k"); !errors.Is(err, ErrAccessDenied) || !strings.Contains(err.Error(), "read access") {
		t.Fatalf("member-only read by non-member: %v", err)
	}
	if err := s.SetPrivateData("cc", "secret", "k", []byte("x")); !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("member-only write by non-member: %v", err)
	}
	if _, err := s.GetPrivateDataMetadata("cc", "secret", "k"); !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("metadata read by non-member: %v", err)
	}
	// The hash needs no read permission.
	h, err := s.GetPrivateDataHash("cc", "secret", "k")
	mustNoErr(t, err)
	if !bytes.Equal(h, sum([]byte("v"))) {
		t.Fatalf("hash = %x", h)
	}
	mustNoErr(t, s.SetPrivateData("cc", "open", "k", []byte("x")))
	if _, err := New(st, "tx2").GetPrivateData("cc", "c1", "k"); !errors.Is(err, ErrUnknownCollection) {
		t.Fatalf("default access: %v", err)
	}
	res := results(t, s)
	if len(res.Private.NsPvtRwset[0].CollectionPvtRwset) != 1 || res.Private.NsPvtRwset[0].CollectionPvtRwset[0].CollectionName != "open" {
		t.Fatalf("denied writes leaked into the private set: %v", res.Private)
	}
}

func TestGetPrivateDataNeedsMatchingVersion(t *testing.T) {
	st := NewInmemState()
	st.PutHashedOnly("cc", "c1", "k", []byte("v"), ledger.Height{BlockNum: 4})
	s := New(st, "tx", WithCollectionAccess(colls))
	if _, err := s.GetPrivateData("cc", "c1", "k"); err == nil || !strings.Contains(err.Error(), "matching public hash version is not available") {
		t.Fatalf("non-member peer read: %v", err)
	}
	v, err := s.GetPrivateData("cc", "c1", "absent")
	if v != nil || err != nil {
		t.Fatalf("absent private key = %q, %v", v, err)
	}
}

func TestPrivateRangeIsReadOnly(t *testing.T) {
	st := NewInmemState()
	st.PutPrivate("cc", "c1", "a", []byte("1"), ledger.Height{BlockNum: 1})
	st.PutPrivate("cc", "c1", "b", []byte("2"), ledger.Height{BlockNum: 1})
	s := New(st, "tx", WithCollectionAccess(colls))
	it, err := s.GetPrivateDataRange("cc", "c1", "", "")
	mustNoErr(t, err)
	n := 0
	for kv, _ := it.Next(); kv != nil; kv, _ = it.Next() {
		n++
	}
	if n != 2 {
		t.Fatalf("private range returned %d keys", n)
	}
	if err := s.SetState("cc", "k", []byte("v")); !errors.Is(err, ErrReadOnlyQuery) {
		t.Fatalf("write after private query: %v", err)
	}
	s2 := New(st, "tx2", WithCollectionAccess(colls))
	mustNoErr(t, s2.SetState("cc", "k", []byte("v")))
	if _, err := s2.GetPrivateDataRange("cc", "c1", "", ""); !errors.Is(err, ErrReadOnlyQuery) {
		t.Fatalf("private query after write: %v", err)
	}
}

func TestInmemApplyMetadataRules(t *testing.T) {
	st := NewInmemState()
	st.Put("a", "k", []byte("v"), map[string][]byte{"VALIDATION_PARAMETER": []byte("p")}, ledger.Height{BlockNum: 1})
	s := New(st, "tx")
	mustNoErr(t, s.SetState("a", "k", []byte("v2")))    // keeps metadata
	mustNoErr(t, s.SetStateMetadata("a", "ghost", nil)) // dropped: key absent
	mustNoErr(t, s.SetState("a", "n", []byte("new")))
	mustNoErr(t, st.Apply(results(t, s), ledger.Height{BlockNum: 2}))
	vv, _ := st.GetState("a", "k")
	if string(vv.Value) != "v2" || string(vv.Metadata["VALIDATION_PARAMETER"]) != "p" || vv.Version.BlockNum != 2 {
		t.Fatalf("k after value-only write = %+v", vv)
	}
	if g, _ := st.GetState("a", "ghost"); g != nil {
		t.Fatal("metadata-only write created a key")
	}
	s = New(st, "tx2")
	mustNoErr(t, s.SetStateMetadata("a", "n", map[string][]byte{"x": []byte("y")}))
	mustNoErr(t, s.DeleteState("a", "k"))
	mustNoErr(t, st.Apply(results(t, s), ledger.Height{BlockNum: 3}))
	if vv, _ := st.GetState("a", "k"); vv != nil {
		t.Fatalf("deleted key still present: %+v", vv)
	}
	if vv, _ := st.GetState("a", "n"); string(vv.Metadata["x"]) != "y" || string(vv.Value) != "new" {
		t.Fatalf("n after metadata write = %+v", vv)
	}
}
