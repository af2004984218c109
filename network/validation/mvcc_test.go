package validation

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/saharanet/saharanet/network/rangequery"
	"google.golang.org/protobuf/proto"
)

const (
	MVCC    = peer.TxValidationCode_MVCC_READ_CONFLICT
	PHANTOM = peer.TxValidationCode_PHANTOM_READ_CONFLICT
)

func readTx(t testing.TB, n nsb) []byte {
	n.ns = "asset"
	return txb{endorsers: both(), rws: rws(t, n)}.build(t)
}

func TestMVCCReads(t *testing.T) {
	h := newHarness(t)
	h.state.put("asset", "k", []byte("v"), 3, 1, nil)
	cases := []struct {
		name string
		read *kvrwset.KVRead
		want peer.TxValidationCode
	}{
		{"current version", r("k", 3, 1), VALID},
		{"stale block", r("k", 2, 1), MVCC},
		{"stale tx", r("k", 3, 0), MVCC},
		{"read as absent but exists", r("k"), MVCC},
		{"absent and absent", r("nokey"), VALID},
		{"read with version but absent", r("nokey", 3, 1), MVCC},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectCodes(t, h.codes(readTx(t, nsb{reads: []*kvrwset.KVRead{c.read}})), c.want)
		})
	}
}

func TestMVCCInBlockDependencies(t *testing.T) {
	h := newHarness(t)
	h.state.put("asset", "k", []byte("v"), 3, 1, nil)
	update := readTx(t, nsb{reads: []*kvrwset.KVRead{r("k", 3, 1)}, writes: []*kvrwset.KVWrite{w("k", "v2")}})
	update2 := readTx(t, nsb{reads: []*kvrwset.KVRead{r("k", 3, 1)}, writes: []*kvrwset.KVWrite{w("k", "v3")}})
	// The second reader of k conflicts with the first writer: a classic
	// double spend inside one block.
	res := h.validate(block(5, update, update2), nil)
	expectCodes(t, res.Flags, VALID, MVCC)
	if len(res.Batch.Public) != 1 || string(res.Batch.Public[0].Value) != "v2" {
		t.Fatalf("batch: %+v", res.Batch.Public)
	}
	// An invalid earlier writer does not conflict.
	badWriter := txb{endorsers: ids(net.peer1), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k", "x")}})}.build(t)
	expectCodes(t, h.codes(badWriter, update2), EPF, VALID)
	// A delete earlier in the block conflicts too.
	del := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("k", "")}})
	expectCodes(t, h.codes(del, update), VALID, MVCC)
}

func TestHashedReads(t *testing.T) {
	h := newHarness(t)
	h.state.putHashed("asset", "shared", "s", []byte("v"), 4, 2, nil)
	kh := sha256.Sum256([]byte("s"))
	hashedRead := func(ver *kvrwset.Version) []byte {
		hs := &kvrwset.HashedRWSet{HashedReads: []*kvrwset.KVReadHash{{KeyHash: kh[:], Version: ver}}}
		return readTx(t, nsb{colls: []*rwset.CollectionHashedReadWriteSet{{CollectionName: "shared", HashedRwset: mustMarshal(t, hs)}}})
	}
	expectCodes(t, h.codes(hashedRead(&kvrwset.Version{BlockNum: 4, TxNum: 2})), VALID)
	expectCodes(t, h.codes(hashedRead(&kvrwset.Version{BlockNum: 4, TxNum: 1})), MVCC)
	expectCodes(t, h.codes(hashedRead(nil)), MVCC)
	// Written earlier in the block.
	hc, _ := pvtColl(t, "shared", [][2]string{{"s", "new"}})
	writer := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}})}.build(t)
	expectCodes(t, h.codes(writer, hashedRead(&kvrwset.Version{BlockNum: 4, TxNum: 2})), VALID, MVCC)
}

func rawRange(start, end string, exhausted bool, reads ...*kvrwset.KVRead) *kvrwset.RangeQueryInfo {
	return &kvrwset.RangeQueryInfo{StartKey: start, EndKey: end, ItrExhausted: exhausted,
		ReadsInfo: &kvrwset.RangeQueryInfo_RawReads{RawReads: &kvrwset.QueryReads{KvReads: reads}}}
}

func TestPhantomRawReads(t *testing.T) {
	h := newHarness(t)
	for i := 1; i <= 3; i++ {
		h.state.put("asset", fmt.Sprintf("a%d", i), []byte("v"), 2, uint64(i), nil)
	}
	full := rawRange("a1", "a9", true, r("a1", 2, 1), r("a2", 2, 2), r("a3", 2, 3))
	rangeTx := func(rq *kvrwset.RangeQueryInfo) []byte {
		return readTx(t, nsb{ranges: []*kvrwset.RangeQueryInfo{rq}})
	}
	expectCodes(t, h.codes(rangeTx(full)), VALID)
	expectCodes(t, h.codes(rangeTx(rawRange("a1", "a9", true, r("a1", 2, 1), r("a3", 2, 3)))), PHANTOM)
	expectCodes(t, h.codes(rangeTx(rawRange("a1", "a9", true, r("a1", 2, 1), r("a2", 2, 9), r("a3", 2, 3)))), PHANTOM)
	// The iterator stopped at a2: a2 is included, a3 is outside the range.
	partial := rawRange("a1", "a2", false, r("a1", 2, 1), r("a2", 2, 2))
	expectCodes(t, h.codes(rangeTx(partial)), VALID)

	// An earlier tx of the block inserts into the range, or deletes from it.
	insert := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("a25", "v")}})
	expectCodes(t, h.codes(insert, rangeTx(full)), VALID, PHANTOM)
	expectCodes(t, h.codes(insert, rangeTx(partial)), VALID, VALID)
	remove := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("a3", "")}})
	expectCodes(t, h.codes(remove, rangeTx(full)), VALID, PHANTOM)
	outside := readTx(t, nsb{writes: []*kvrwset.KVWrite{w("b1", "v")}})
	expectCodes(t, h.codes(outside, rangeTx(full)), VALID, VALID)

	// A committed key appears.
	h.state.put("asset", "a4", []byte("v"), 3, 0, nil)
	expectCodes(t, h.codes(rangeTx(full)), PHANTOM)
}

func TestPhantomMerkle(t *testing.T) {
	h := newHarness(t)
	s := rangequery.NewSummarizer(rangequery.MaxDegree)
	for i := 0; i < 120; i++ {
		k := fmt.Sprintf("m%03d", i)
		h.state.put("asset", k, []byte("v"), 2, uint64(i), nil)
		if err := s.Add(r(k, 2, uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	_, sum, err := s.Done()
	if err != nil {
		t.Fatal(err)
	}
	rq := &kvrwset.RangeQueryInfo{StartKey: "m", EndKey: "n", ItrExhausted: true,
		ReadsInfo: &kvrwset.RangeQueryInfo_ReadsMerkleHashes{ReadsMerkleHashes: sum}}
	tx := readTx(t, nsb{ranges: []*kvrwset.RangeQueryInfo{rq}})
	expectCodes(t, h.codes(tx), VALID)
	h.state.put("asset", "m050", []byte("v2"), 4, 0, nil)
	expectCodes(t, h.codes(tx), PHANTOM)
	bad := proto.Clone(rq).(*kvrwset.RangeQueryInfo)
	bad.GetReadsMerkleHashes().MaxDegree = 1
	expectCodes(t, h.codes(readTx(t, nsb{ranges: []*kvrwset.RangeQueryInfo{bad}})), PHANTOM)
}
