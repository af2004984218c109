package validation

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

var _ Ledger = (*ledger.Ledger)(nil)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type configRecorder struct {
	blocks []uint64
	fail   error
}

func (c *configRecorder) HandleConfigTx(_ context.Context, blockNum uint64, _ int, _ *common.Envelope, cfg *common.ConfigEnvelope) error {
	if cfg.GetConfig() == nil {
		return errors.New("no config")
	}
	c.blocks = append(c.blocks, blockNum)
	return c.fail
}

// endorsedTx runs the client/endorser flow of protoutil (proposal, two
// endorsements, envelope signed by the client), as the gateway does.
func endorsedTx(t testing.TB, creator msp.SigningIdentity, endorsers []msp.SigningIdentity, results []byte) ([]byte, string) {
	t.Helper()
	sp, txid, err := protoutil.CreateSignedProposal(creator, testChannel, "asset", [][]byte{[]byte("put")}, map[string][]byte{"secret": []byte("transient")})
	if err != nil {
		t.Fatal(err)
	}
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		t.Fatal(err)
	}
	var resps []*peer.ProposalResponse
	for _, e := range endorsers {
		pr, err := protoutil.CreateProposalResponse(up, results, &peer.ChaincodeEvent{EventName: "put"}, &peer.Response{Status: 200},
			&peer.ChaincodeID{Name: "asset", Version: "1.0"}, e)
		if err != nil {
			t.Fatal(err)
		}
		resps = append(resps, pr)
	}
	env, err := protoutil.CreateEnvelope(up, resps...)
	if err != nil {
		t.Fatal(err)
	}
	if err := protoutil.SignEnvelope(env, creator); err != nil {
		t.Fatal(err)
	}
	return mustMarshal(t, env), txid
}

func openLedger(t testing.TB) *ledger.Ledger {
	t.Helper()
	l, err := ledger.Open(t.TempDir(), ledger.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func TestCommitterWithLedger(t *testing.T) {
	ctx := context.Background()
	l := openLedger(t)
	h := newHarness(t)
	cfg := &configRecorder{}
	c := NewCommitter(l, Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols, Config: cfg}, WithLogger(quiet))

	genesis, err := protoutil.GenesisBlock(testChannel, &common.Config{ChannelGroup: &common.ConfigGroup{}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Commit(ctx, genesis, nil)
	if err != nil {
		t.Fatalf("genesis: %v", err)
	}
	expectCodes(t, res.Flags, VALID)
	if len(cfg.blocks) != 1 || cfg.blocks[0] != 0 {
		t.Fatalf("config handler calls: %v", cfg.blocks)
	}

	put := mustMarshal(t, rws(t, nsb{ns: "asset", reads: []*kvrwset.KVRead{r("k1")}, writes: []*kvrwset.KVWrite{w("k1", "v1")}}))
	txA, idA := endorsedTx(t, net.user1, both(), put)
	txB, idB := endorsedTx(t, net.user2, both(), put) // same read: loses to A
	txC, _ := endorsedTx(t, net.user1, ids(net.peer1), put)
	b1 := protoutil.NewBlock(1, protoutil.BlockHeaderHash(genesis.Header), [][]byte{txA, txB, txC})
	pristine := proto.Clone(b1).(*common.Block)
	res, err = c.Commit(ctx, b1, nil)
	if err != nil {
		t.Fatal(err)
	}
	expectCodes(t, res.Flags, VALID, MVCC, EPF)
	if got := b1.Metadata.Metadata[common.BlockMetadataIndex_TRANSACTIONS_FILTER]; string(got) != string([]byte{0, 11, 10}) {
		t.Fatalf("TRANSACTIONS_FILTER %v", got)
	}
	vv, err := l.GetState("asset", "k1")
	if err != nil || vv == nil || string(vv.Value) != "v1" || vv.Version != (ledger.Height{BlockNum: 1, TxNum: 0}) {
		t.Fatalf("state k1: %+v, %v", vv, err)
	}
	if ok, _ := l.TxIDExists(idA); !ok {
		t.Fatal("txid of the valid tx not indexed")
	}
	if res.Txs[0].TxID != idA || res.Txs[1].TxID != idB || res.Txs[0].Event.GetEventName() != "put" {
		t.Fatalf("tx infos: %+v", res.Txs)
	}

	// Crash recovery: the same block delivered again is a no-op.
	again, err := c.Commit(ctx, proto.Clone(pristine).(*common.Block), nil)
	if err != nil {
		t.Fatalf("re-commit: %v", err)
	}
	if !again.AlreadyCommitted {
		t.Fatal("re-commit not reported as already committed")
	}
	expectCodes(t, again.Flags, VALID, MVCC, EPF)
	if l.Height() != 2 {
		t.Fatalf("height %d", l.Height())
	}
	// A different block with a committed number is refused.
	forged := protoutil.NewBlock(1, protoutil.BlockHeaderHash(genesis.Header), [][]byte{txB})
	if _, err := c.Commit(ctx, forged, nil); err == nil {
		t.Fatal("forged block 1 accepted")
	}

	// Replaying a committed transaction in a later block.
	b2 := protoutil.NewBlock(2, protoutil.BlockHeaderHash(b1.Header), [][]byte{txA})
	res, err = c.Commit(ctx, b2, nil)
	if err != nil {
		t.Fatal(err)
	}
	expectCodes(t, res.Flags, peer.TxValidationCode_DUPLICATE_TXID)
	flags, err := FlagsFromBlock(b2)
	if err != nil || len(flags) != 1 || flags[0] != peer.TxValidationCode_DUPLICATE_TXID {
		t.Fatalf("FlagsFromBlock: %v %v", flags, err)
	}

	// A block-level failure commits nothing.
	cfg.fail = errors.New("config rejected")
	cfgTx, err := protoutil.CreateSignedEnvelope(common.HeaderType_CONFIG, testChannel, net.user1, &common.ConfigEnvelope{Config: &common.Config{Sequence: 1, ChannelGroup: &common.ConfigGroup{}}})
	if err != nil {
		t.Fatal(err)
	}
	b3 := protoutil.NewBlock(3, protoutil.BlockHeaderHash(b2.Header), [][]byte{mustMarshal(t, cfgTx)})
	if _, err := c.Commit(ctx, b3, nil); err == nil {
		t.Fatal("rejected config committed")
	}
	if l.Height() != 3 {
		t.Fatalf("height after failed commit: %d", l.Height())
	}
	cfg.fail = nil
	res, err = c.Commit(ctx, b3, nil)
	if err != nil {
		t.Fatal(err)
	}
	expectCodes(t, res.Flags, VALID)
}

// TestCommitterRestart: a peer that stops after committing a block and is
// sent that block again on restart neither fails nor applies it twice.
func TestCommitterRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	h := newHarness(t)
	deps := Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols}
	genesis, err := protoutil.GenesisBlock(testChannel, &common.Config{ChannelGroup: &common.ConfigGroup{}})
	if err != nil {
		t.Fatal(err)
	}
	put := mustMarshal(t, rws(t, nsb{ns: "asset", reads: []*kvrwset.KVRead{r("k1")}, writes: []*kvrwset.KVWrite{w("k1", "v1")}}))
	tx, _ := endorsedTx(t, net.user1, both(), put)
	b1 := protoutil.NewBlock(1, protoutil.BlockHeaderHash(genesis.Header), [][]byte{tx})
	pristine := proto.Clone(b1).(*common.Block)

	l, err := ledger.Open(dir, ledger.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCommitter(l, deps, WithLogger(quiet))
	for _, b := range []*common.Block{genesis, b1} {
		if _, err := c.Commit(ctx, b, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	l, err = ledger.Open(dir, ledger.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c = NewCommitter(l, deps, WithLogger(quiet))
	res, err := c.Commit(ctx, pristine, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Validated afresh, the tx would now be a duplicate and an MVCC
	// conflict; the stored outcome is returned instead.
	if !res.AlreadyCommitted {
		t.Fatal("not recognised as committed")
	}
	expectCodes(t, res.Flags, VALID)
	vv, err := l.GetState("asset", "k1")
	if err != nil || vv == nil || vv.Version != (ledger.Height{BlockNum: 1}) {
		t.Fatalf("k1 %+v %v", vv, err)
	}
	// A block beyond the next one is refused before any work.
	far := protoutil.NewBlock(5, []byte("x"), [][]byte{tx})
	if _, err := c.Commit(ctx, far, nil); !errors.Is(err, ledger.ErrWrongBlockNumber) {
		t.Fatalf("gap: %v", err)
	}
}
