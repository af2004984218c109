package ledger

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

func TestGenesisAndChain(t *testing.T) {
	l := newLedger(t)
	if l.Height() != 0 || l.LastBlockHash() != nil {
		t.Fatalf("fresh ledger height %d hash %x", l.Height(), l.LastBlockHash())
	}
	g := commitNext(t, l, 1, nil)
	b1 := commitNext(t, l, 3, nil)
	if l.Height() != 2 {
		t.Fatalf("height %d, want 2", l.Height())
	}
	if !bytes.Equal(l.LastBlockHash(), protoutil.BlockHeaderHash(b1.Header)) {
		t.Fatal("last hash is not block 1's header hash")
	}
	got, err := l.BlockByNumber(0)
	if err != nil || !proto.Equal(got, g) {
		t.Fatalf("BlockByNumber(0) = %v, %v", got, err)
	}
	got, err = l.BlockByHash(protoutil.BlockHeaderHash(b1.Header))
	if err != nil || !proto.Equal(got, b1) {
		t.Fatalf("BlockByHash(b1) = %v, %v", got, err)
	}
	raw, err := l.BlockBytesByNumber(1)
	if err != nil {
		t.Fatal(err)
	}
	var dec common.Block
	if err := proto.Unmarshal(raw, &dec); err != nil || !proto.Equal(&dec, b1) {
		t.Fatalf("BlockBytesByNumber(1) does not decode to block 1: %v", err)
	}
	if _, err := l.BlockByNumber(2); !errors.Is(err, ErrNotFound) {
		t.Fatalf("BlockByNumber(2) err = %v, want ErrNotFound", err)
	}
	if _, err := l.BlockByHash(make([]byte, 32)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("BlockByHash(zero) err = %v, want ErrNotFound", err)
	}
}

func TestCommitRejectsGap(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	b := makeBlock(2, l.LastBlockHash(), validTxs(2, 1))
	if err := l.Commit(b, nil); !errors.Is(err, ErrWrongBlockNumber) {
		t.Fatalf("gap: err = %v, want ErrWrongBlockNumber", err)
	}
	if l.Height() != 1 {
		t.Fatalf("height changed to %d", l.Height())
	}
	if _, err := l.BlockByNumber(2); !errors.Is(err, ErrNotFound) {
		t.Fatal("rejected block was stored")
	}
	// A fresh ledger must start at 0.
	l2 := newLedger(t)
	if err := l2.Commit(makeBlock(1, nil, validTxs(1, 1)), nil); !errors.Is(err, ErrWrongBlockNumber) {
		t.Fatalf("first block 1: err = %v", err)
	}
}

func TestCommitRejectsBrokenPreviousHash(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	bad := append([]byte{}, l.LastBlockHash()...)
	bad[0] ^= 1
	b := makeBlock(1, bad, validTxs(1, 1))
	if err := l.Commit(b, &UpdateBatch{Public: []Write{put("cc", "k", "v", Height{1, 0})}}); !errors.Is(err, ErrPreviousHash) {
		t.Fatalf("err = %v, want ErrPreviousHash", err)
	}
	if l.Height() != 1 || mustState(t, l, "cc", "k") != nil {
		t.Fatal("rejected block changed the ledger")
	}
	// Genesis must have an empty previous hash.
	l2 := newLedger(t)
	if err := l2.Commit(makeBlock(0, []byte{1}, validTxs(0, 1)), nil); !errors.Is(err, ErrPreviousHash) {
		t.Fatalf("genesis with previous hash: err = %v", err)
	}
}

func TestCommitRejectsMalformedBlock(t *testing.T) {
	l := newLedger(t)
	cases := map[string]func(b *common.Block){
		"no header":     func(b *common.Block) { b.Header = nil },
		"bad data hash": func(b *common.Block) { b.Header.DataHash = make([]byte, 32) },
		"no filter":     func(b *common.Block) { b.Metadata = nil },
		"short filter":  func(b *common.Block) { b.Metadata.Metadata[2] = b.Metadata.Metadata[2][:1] },
		"tampered data": func(b *common.Block) { b.Data.Data[0] = []byte("x") },
		"metadata too short": func(b *common.Block) {
			b.Metadata.Metadata = b.Metadata.Metadata[:2]
		},
	}
	for name, mutate := range cases {
		b := next(l, validTxs(0, 2))
		mutate(b)
		err := l.Commit(b, nil)
		if !errors.Is(err, ErrInvalidBlock) {
			t.Errorf("%s: err = %v, want ErrInvalidBlock", name, err)
		}
	}
	if l.Height() != 0 {
		t.Fatalf("height %d after rejected blocks", l.Height())
	}
}

func TestCommitIdempotentRecommit(t *testing.T) {
	l := newLedger(t)
	g := commitNext(t, l, 1, nil)
	b1 := commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "k", "v1", Height{1, 0})}})
	commitNext(t, l, 1, &UpdateBatch{Public: []Write{put("cc", "k", "v2", Height{2, 0})}})
	before, _ := l.StateFingerprint()
	// Re-delivery after a restart: same blocks, even with a different batch, change nothing.
	if err := l.Commit(g, nil); err != nil {
		t.Fatalf("re-commit genesis: %v", err)
	}
	if err := l.Commit(b1, &UpdateBatch{Public: []Write{put("cc", "k", "other", Height{1, 0})}}); err != nil {
		t.Fatalf("re-commit block 1: %v", err)
	}
	after, _ := l.StateFingerprint()
	if !bytes.Equal(before, after) || l.Height() != 3 {
		t.Fatal("idempotent re-commit changed state or height")
	}
	if v := mustState(t, l, "cc", "k"); string(v.Value) != "v2" {
		t.Fatalf("k = %q, want v2", v.Value)
	}
}

func TestCommitRejectsDifferentBlockAtCommittedHeight(t *testing.T) {
	l := newLedger(t)
	g := commitNext(t, l, 1, nil)
	commitNext(t, l, 2, nil)
	other := makeBlock(1, protoutil.BlockHeaderHash(g.Header), validTxs(1, 3)) // same number, other data
	if err := l.Commit(other, nil); !errors.Is(err, ErrBlockMismatch) {
		t.Fatalf("err = %v, want ErrBlockMismatch", err)
	}
	if stored, _ := l.BlockByNumber(1); len(stored.Data.Data) != 2 {
		t.Fatal("stored block 1 was replaced")
	}
}

func TestCommitRejectsBadBatchAndWritesNothing(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	txs := validTxs(1, 3)
	txs[2].code = peer.TxValidationCode_MVCC_READ_CONFLICT
	okWrite := put("cc", "good", "v", Height{1, 0})
	keyHash := bytes.Repeat([]byte{7}, 32)
	cases := map[string]*UpdateBatch{
		"wrong block in version": {Public: []Write{okWrite, put("cc", "k", "v", Height{0, 0})}},
		"tx out of range":        {Public: []Write{okWrite, put("cc", "k", "v", Height{1, 3})}},
		"write from invalid tx":  {Public: []Write{okWrite, put("cc", "k", "v", Height{1, 2})}},
		"empty namespace":        {Public: []Write{okWrite, put("", "k", "v", Height{1, 0})}},
		"empty key":              {Public: []Write{okWrite, put("cc", "", "v", Height{1, 0})}},
		"short key hash":         {Public: []Write{okWrite}, Hashed: []HashedWrite{{Namespace: "cc", Collection: "c", KeyHash: []byte{1}, Version: Height{1, 0}}}},
		"expiry in the past":     {Public: []Write{okWrite}, Private: []PrivateWrite{{Namespace: "cc", Collection: "c", Key: "k", Value: []byte("v"), Version: Height{1, 0}, ExpiresAtBlock: 1}}},
		"hashed expiry past":     {Public: []Write{okWrite}, Hashed: []HashedWrite{{Namespace: "cc", Collection: "c", KeyHash: keyHash, ValueHash: keyHash, Version: Height{1, 0}, ExpiresAtBlock: 1}}},
		"private without coll":   {Public: []Write{okWrite}, Private: []PrivateWrite{{Namespace: "cc", Key: "k", Value: []byte("v"), Version: Height{1, 0}}}},
		"history without write":  {Public: []Write{okWrite}, History: []HistoryEntry{{Namespace: "cc", Key: "nope", Version: Height{1, 0}}}},
	}
	for name, batch := range cases {
		if err := l.Commit(makeBlock(1, l.LastBlockHash(), txs), batch); !errors.Is(err, ErrInvalidBatch) {
			t.Errorf("%s: err = %v, want ErrInvalidBatch", name, err)
		}
	}
	if l.Height() != 1 || mustState(t, l, "cc", "good") != nil {
		t.Fatal("a rejected batch changed the ledger")
	}
	if ok, _ := l.TxIDExists("b1-t0"); ok {
		t.Fatal("a rejected block's txid was indexed")
	}
	// The same block with a valid batch then commits.
	if err := l.Commit(makeBlock(1, l.LastBlockHash(), txs), &UpdateBatch{Public: []Write{okWrite}}); err != nil {
		t.Fatal(err)
	}
}

func TestTxIndex(t *testing.T) {
	l := newLedger(t)
	commitNext(t, l, 1, nil)
	txs := validTxs(1, 4)
	txs[1].code = peer.TxValidationCode_MVCC_READ_CONFLICT
	txs[2].txid = "b1-t0" // in-block duplicate
	txs[2].code = peer.TxValidationCode_DUPLICATE_TXID
	txs[3].txid = "retry"
	txs[3].code = peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE
	if err := l.Commit(next(l, txs), nil); err != nil {
		t.Fatal(err)
	}
	// A later block has the retried tx VALID, and a replay of b1-t0 marked duplicate.
	txs2 := validTxs(2, 2)
	txs2[0].txid = "retry"
	txs2[1].txid = "b1-t0"
	txs2[1].code = peer.TxValidationCode_DUPLICATE_TXID
	if err := l.Commit(next(l, txs2), nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]TxLocation{
		"b0-t0": {0, 0, peer.TxValidationCode_VALID},
		"b1-t0": {1, 0, peer.TxValidationCode_VALID},
		"b1-t1": {1, 1, peer.TxValidationCode_MVCC_READ_CONFLICT},
		"retry": {2, 0, peer.TxValidationCode_VALID},
	}
	for id, w := range want {
		got, err := l.TxByID(id)
		if err != nil || *got != w {
			t.Errorf("TxByID(%s) = %+v, %v; want %+v", id, got, err, w)
		}
		if ok, err := l.TxIDExists(id); !ok || err != nil {
			t.Errorf("TxIDExists(%s) = %v, %v", id, ok, err)
		}
	}
	if _, err := l.TxByID("missing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("TxByID(missing) err = %v", err)
	}
	if ok, err := l.TxIDExists("missing"); ok || err != nil {
		t.Fatalf("TxIDExists(missing) = %v, %v", ok, err)
	}
	got, err := l.TxIDsExist([]string{"b1-t1", "missing", "", "retry", "b1-t", "b1-t10"})
	if err != nil || !reflect.DeepEqual(got, []bool{true, false, false, true, false, false}) {
		t.Fatalf("TxIDsExist = %v, %v", got, err)
	}
}

func TestReopenRecoversTip(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	commitNext(t, l, 1, nil)
	commitNext(t, l, 2, &UpdateBatch{Public: []Write{put("cc", "k", "v", Height{1, 1})}})
	fp, _ := l.StateFingerprint()
	hash := l.LastBlockHash()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.GetState("cc", "k"); !errors.Is(err, ErrClosed) {
		t.Fatalf("read after close: %v", err)
	}
	if err := l.Commit(makeBlock(2, hash, validTxs(2, 1)), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("commit after close: %v", err)
	}
	l = openTest(t, dir)
	defer l.Close()
	if l.Height() != 2 || !bytes.Equal(l.LastBlockHash(), hash) {
		t.Fatalf("reopened at height %d hash %x", l.Height(), l.LastBlockHash())
	}
	fp2, _ := l.StateFingerprint()
	if !bytes.Equal(fp, fp2) {
		t.Fatal("fingerprint changed across reopen")
	}
	commitNext(t, l, 1, nil)
}

func TestOpenRefusesForeignPebbleDB(t *testing.T) {
	dir := t.TempDir()
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Set([]byte("foreign"), []byte("x"), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if l, err := Open(dir, WithLogger(quietLogger)); err == nil {
		_ = l.Close()
		t.Fatal("opened a foreign Pebble database as a ledger")
	}
}
