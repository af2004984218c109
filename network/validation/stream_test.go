package validation

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

// streamBlocks is a chain whose blocks depend on each other's state: reads
// of versions written by the previous block, a replayed txid, a key-level
// policy set in one block and enforced in the next, and a config block.
func streamBlocks(t *testing.T) []*common.Block {
	genesis, err := protoutil.GenesisBlock(testChannel, &common.Config{ChannelGroup: &common.ConfigGroup{}})
	if err != nil {
		t.Fatal(err)
	}
	env, _ := policy.FromString("OR('Org2MSP.peer')")
	vp := mustMarshal(t, env)
	put := func(key string) []byte { return writeK(t, key).build(t) }
	b1tx, _ := endorsedTx(t, net.user1, both(), mustMarshal(t, rws(t, nsb{ns: "asset",
		writes: []*kvrwset.KVWrite{w("k1", "v1")},
		meta:   []*kvrwset.KVMetadataWrite{{Key: "k1", Entries: []*kvrwset.KVMetadataEntry{{Name: validationParameterKey, Value: vp}}}}})))
	b1 := [][]byte{b1tx, put("a")}
	cfgEnv, err := protoutil.CreateSignedEnvelope(common.HeaderType_CONFIG, testChannel, net.user1,
		&common.ConfigEnvelope{Config: &common.Config{Sequence: 1, ChannelGroup: &common.ConfigGroup{}}})
	if err != nil {
		t.Fatal(err)
	}
	b2 := [][]byte{mustMarshal(t, cfgEnv)}
	b3 := [][]byte{
		readTx(t, nsb{reads: []*kvrwset.KVRead{r("k1", 1, 0)}}), // valid only after block 1
		b1tx, // replay: duplicate
		txb{endorsers: ids(net.peer1), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k1", "x")}})}.build(t), // SBE says Org2
		txb{endorsers: ids(net.peer2), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k1", "y")}})}.build(t), // SBE satisfied
	}
	b4 := [][]byte{readTx(t, nsb{reads: []*kvrwset.KVRead{r("k1", 3, 3)}, writes: []*kvrwset.KVWrite{w("z", "1")}})}
	blocks := []*common.Block{genesis}
	for _, data := range [][][]byte{b1, b2, b3, b4} {
		prev := blocks[len(blocks)-1]
		blocks = append(blocks, protoutil.NewBlock(prev.Header.Number+1, protoutil.BlockHeaderHash(prev.Header), data))
	}
	return blocks
}

func TestCommitStreamMatchesCommit(t *testing.T) {
	ctx := context.Background()
	blocks := streamBlocks(t)
	want := [][]peer.TxValidationCode{
		{VALID},
		{VALID, VALID},
		{VALID},
		{VALID, peer.TxValidationCode_DUPLICATE_TXID, EPF, VALID},
		{VALID},
	}
	h := newHarness(t)

	// One block at a time.
	l1 := openLedger(t)
	c1 := NewCommitter(l1, Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols}, WithLogger(quiet))
	for i, b := range blocks {
		res, err := c1.Commit(ctx, proto.Clone(b).(*common.Block), nil)
		if err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
		expectCodes(t, res.Flags, want[i]...)
	}

	// Pipelined, with one block delivered twice.
	l2 := openLedger(t)
	rec := &configRecorder{}
	c2 := NewCommitter(l2, Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols, Config: rec}, WithLogger(quiet))
	in := make(chan BlockAndPvt, len(blocks)+1)
	for i, b := range blocks {
		in <- BlockAndPvt{Block: proto.Clone(b).(*common.Block)}
		if i == 3 {
			in <- BlockAndPvt{Block: proto.Clone(b).(*common.Block)}
		}
	}
	close(in)
	var got []*Result
	if err := c2.CommitStream(ctx, in, func(r *Result) { got = append(got, r) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(blocks)+1 {
		t.Fatalf("%d results", len(got))
	}
	for i, res := range append(got[:4:4], got[5:]...) {
		expectCodes(t, res.Flags, want[i]...)
	}
	if !got[4].AlreadyCommitted {
		t.Fatal("re-delivered block not recognised")
	}
	if len(rec.blocks) != 2 {
		t.Fatalf("config handler calls %v", rec.blocks)
	}
	f1, err1 := l1.StateFingerprint()
	f2, err2 := l2.StateFingerprint()
	if err1 != nil || err2 != nil || !bytes.Equal(f1, f2) {
		t.Fatalf("ledgers differ: %x %v / %x %v", f1, err1, f2, err2)
	}
}

func TestCommitStreamStopsOnError(t *testing.T) {
	blocks := streamBlocks(t)
	h := newHarness(t)
	l := openLedger(t)
	c := NewCommitter(l, Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols}, WithLogger(quiet))
	in := make(chan BlockAndPvt, 3)
	in <- BlockAndPvt{Block: blocks[0]}
	in <- BlockAndPvt{Block: blocks[2]} // gap: block 1 is missing
	in <- BlockAndPvt{Block: blocks[1]}
	close(in)
	n := 0
	err := c.CommitStream(context.Background(), in, func(*Result) { n++ })
	if !errors.Is(err, ledger.ErrWrongBlockNumber) || n != 1 || l.Height() != 1 {
		t.Fatalf("err %v, %d results, height %d", err, n, l.Height())
	}

	// Cancelling the context stops a stream waiting for blocks.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.CommitStream(ctx, make(chan BlockAndPvt), nil); err == nil {
		t.Fatal("cancelled stream returned nil")
	}
}
