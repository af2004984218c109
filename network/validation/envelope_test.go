package validation

import (
	"context"
	"errors"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

func testCtx(testing.TB) context.Context { return context.Background() }

func writeK(t testing.TB, key string) *txb {
	return &txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w(key, "v")}})}
}

func TestEnvelopeChecks(t *testing.T) {
	h := newHarness(t)
	const (
		VALID = peer.TxValidationCode_VALID
	)
	withPayload := func(p []byte) []byte {
		return mustMarshal(t, &common.Envelope{Payload: p, Signature: []byte{1}})
	}
	cases := []struct {
		name string
		tx   func() []byte
		want peer.TxValidationCode
	}{
		{"valid", func() []byte { return writeK(t, "a").build(t) }, VALID},
		{"nil envelope", func() []byte { return nil }, peer.TxValidationCode_NIL_ENVELOPE},
		{"envelope garbage", func() []byte { return []byte{0xff, 0xff, 0xff} }, peer.TxValidationCode_INVALID_OTHER_REASON},
		{"payload garbage", func() []byte { return withPayload([]byte{0x0a, 0xff}) }, peer.TxValidationCode_BAD_PAYLOAD},
		{"no header", func() []byte { return withPayload(mustMarshal(t, &common.Payload{Data: []byte("x")})) }, peer.TxValidationCode_BAD_COMMON_HEADER},
		{"epoch", func() []byte { b := writeK(t, "a"); b.epoch = 1; return b.build(t) }, peer.TxValidationCode_BAD_COMMON_HEADER},
		{"empty nonce", func() []byte { b := writeK(t, "a"); b.emptyNonce = true; return b.build(t) }, peer.TxValidationCode_BAD_COMMON_HEADER},
		{"header type", func() []byte { b := writeK(t, "a"); b.typ = common.HeaderType_ORDERER_TRANSACTION; return b.build(t) }, peer.TxValidationCode_BAD_COMMON_HEADER},
		{"corrupt creator signature", func() []byte { b := writeK(t, "a"); b.corruptSig = true; return b.build(t) }, peer.TxValidationCode_BAD_CREATOR_SIGNATURE},
		{"signed by someone else", func() []byte { b := writeK(t, "a"); b.envSigner = net.user2; return b.build(t) }, peer.TxValidationCode_BAD_CREATOR_SIGNATURE},
		{"creator of unknown MSP", func() []byte {
			b := writeK(t, "a")
			b.creator = net.outsider
			return b.build(t)
		}, peer.TxValidationCode_BAD_CREATOR_SIGNATURE},
		{"txid not bound to nonce and creator", func() []byte {
			b := writeK(t, "a")
			b.txid = "00000000000000000000000000000000000000000000000000000000deadbeef"
			return b.build(t)
		}, peer.TxValidationCode_BAD_PROPOSAL_TXID},
		{"two actions", func() []byte { b := writeK(t, "a"); b.actions = 2; return b.build(t) }, peer.TxValidationCode_INVALID_ENDORSER_TRANSACTION},
		{"no actions", func() []byte { b := writeK(t, "a"); b.actions = -1; return b.build(t) }, peer.TxValidationCode_INVALID_ENDORSER_TRANSACTION},
		{"proposal hash", func() []byte { b := writeK(t, "a"); b.badPropHash = true; return b.build(t) }, peer.TxValidationCode_INVALID_ENDORSER_TRANSACTION},
		{"config update", func() []byte { b := writeK(t, "a"); b.typ = common.HeaderType_CONFIG_UPDATE; return b.build(t) }, peer.TxValidationCode_UNSUPPORTED_TX_PAYLOAD},
		{"other channel", func() []byte { b := writeK(t, "a"); b.channel = "elsewhere"; return b.build(t) }, peer.TxValidationCode_TARGET_CHAIN_NOT_FOUND},
		{"header extension garbage", func() []byte { b := writeK(t, "a"); b.rawExtension = []byte{0x0a, 0xff}; return b.build(t) }, peer.TxValidationCode_BAD_HEADER_EXTENSION},
		{"chaincode action garbage", func() []byte { b := writeK(t, "a"); b.rawAction = []byte{0x0a, 0xff}; return b.build(t) }, peer.TxValidationCode_BAD_RESPONSE_PAYLOAD},
		{"rwset garbage", func() []byte { b := writeK(t, "a"); b.rawResults = []byte{0x12, 0xff}; return b.build(t) }, peer.TxValidationCode_BAD_RWSET},
		{"nested kv rwset garbage", func() []byte {
			b := writeK(t, "a")
			rs := rws(t, nsb{ns: "asset"})
			rs.NsRwset[0].Rwset = []byte{0x0a, 0xff}
			b.rws = rs
			return b.build(t)
		}, peer.TxValidationCode_BAD_RWSET},
		{"nil chaincode id in header", func() []byte { b := writeK(t, "a"); b.rawExtension = []byte{}; return b.build(t) }, peer.TxValidationCode_INVALID_OTHER_REASON},
		{"empty chaincode name", func() []byte { b := writeK(t, "a"); b.hdrCC = &peer.ChaincodeID{}; return b.build(t) }, peer.TxValidationCode_INVALID_CHAINCODE},
		{"action names other chaincode", func() []byte {
			b := writeK(t, "a")
			b.actionCC = &peer.ChaincodeID{Name: "other", Version: "2"}
			return b.build(t)
		}, peer.TxValidationCode_INVALID_CHAINCODE},
		{"empty chaincode version", func() []byte { b := writeK(t, "a"); b.actionCC = &peer.ChaincodeID{Name: "asset"}; return b.build(t) }, peer.TxValidationCode_INVALID_CHAINCODE},
		{"event of other chaincode", func() []byte {
			b := writeK(t, "a")
			b.event = &peer.ChaincodeEvent{ChaincodeId: "other", EventName: "e"}
			return b.build(t)
		}, peer.TxValidationCode_INVALID_OTHER_REASON},
		{"duplicate namespace", func() []byte {
			b := writeK(t, "a")
			b.rws = rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("a", "1")}}, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("b", "1")}})
			return b.build(t)
		}, peer.TxValidationCode_ILLEGAL_WRITESET},
		{"undefined chaincode", func() []byte { b := writeK(t, "a"); b.cc = "nope"; b.rws = nil; return b.build(t) }, peer.TxValidationCode_INVALID_CHAINCODE},
		{"write to undefined namespace", func() []byte {
			b := writeK(t, "a")
			b.rws = rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("a", "1")}}, nsb{ns: "ghost", writes: []*kvrwset.KVWrite{w("b", "1")}})
			return b.build(t)
		}, peer.TxValidationCode_INVALID_CHAINCODE},
		{"empty key", func() []byte { return writeK(t, "").build(t) }, peer.TxValidationCode_INVALID_WRITESET},
		{"non-UTF-8 key", func() []byte {
			// protobuf refuses to decode invalid UTF-8 in a string field
			b := writeK(t, "a")
			rs := rws(t, nsb{ns: "asset"})
			rs.NsRwset[0].Rwset = []byte{0x1a, 0x07, 0x0a, 0x02, 0xff, 0xfe, 0x1a, 0x01, 'v'}
			b.rws = rs
			return b.build(t)
		}, peer.TxValidationCode_BAD_RWSET},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := h.validate(block(5, c.tx()), nil)
			expectCodes(t, res.Flags, c.want)
			if c.want != VALID && (len(res.Batch.Public) != 0 || len(res.Batch.History) != 0) {
				t.Fatalf("invalid tx produced writes: %+v", res.Batch)
			}
			if c.want != VALID && res.Txs[0].Reason == "" {
				t.Fatal("no reason recorded for an invalid tx")
			}
		})
	}
}

func TestEventRecorded(t *testing.T) {
	h := newHarness(t)
	b := writeK(t, "a")
	b.event = &peer.ChaincodeEvent{ChaincodeId: "asset", EventName: "Created", Payload: []byte("p")}
	res := h.validate(block(5, b.build(t)), nil)
	expectCodes(t, res.Flags, peer.TxValidationCode_VALID)
	if ev := res.Txs[0].Event; ev == nil || ev.EventName != "Created" || string(ev.Payload) != "p" {
		t.Fatalf("event not recorded: %+v", res.Txs[0])
	}
	if res.Txs[0].Chaincode != "asset" || res.Txs[0].TxID == "" {
		t.Fatalf("tx info: %+v", res.Txs[0])
	}
}

func TestDuplicateTxIDs(t *testing.T) {
	h := newHarness(t)
	nonce := []byte("fixed-nonce-for-dup-test")
	a := writeK(t, "a")
	a.nonce = nonce
	b := writeK(t, "b")
	b.nonce = nonce // same creator and nonce: same txid
	txA, txB := a.build(t), b.build(t)

	expectCodes(t, h.codes(txA, txB), peer.TxValidationCode_VALID, peer.TxValidationCode_DUPLICATE_TXID)

	// An invalid first occurrence does not make the second a duplicate.
	bad := writeK(t, "a")
	bad.nonce = nonce
	bad.endorsers = bad.endorsers[:1]
	expectCodes(t, h.codes(bad.build(t), txB), peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE, peer.TxValidationCode_VALID)

	// Already in the ledger.
	res := h.validate(block(5, txA), nil)
	h.state.txids[res.Txs[0].TxID] = true
	expectCodes(t, h.codes(txA), peer.TxValidationCode_DUPLICATE_TXID)
}

func TestBlockLevelErrors(t *testing.T) {
	h := newHarness(t)
	tx := writeK(t, "a").build(t)
	b := block(5, tx)
	b.Header.DataHash = []byte("wrong")
	if _, err := ValidateBlock(context.Background(), b, nil, h.deps()); err == nil {
		t.Fatal("data hash mismatch accepted")
	}
	if _, err := ValidateBlock(context.Background(), &common.Block{}, nil, h.deps()); err == nil {
		t.Fatal("block without header accepted")
	}
	d := h.deps()
	d.Policies = nil
	if _, err := ValidateBlock(context.Background(), block(5, tx), nil, d); err == nil {
		t.Fatal("missing policy source accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ValidateBlock(ctx, block(5, tx), nil, h.deps()); err == nil {
		t.Fatal("cancelled context ignored")
	}
}

// TestCheckOrder pins Fabric's order where a tx has several faults: the
// channel and ledger-duplicate checks come before the dispatcher's parsing.
func TestCheckOrder(t *testing.T) {
	h := newHarness(t)
	badRWSet := func() *txb { b := writeK(t, "a"); b.rawResults = []byte{0x12, 0xff}; return b }

	b := badRWSet()
	b.channel = "elsewhere"
	expectCodes(t, h.codes(b.build(t)), peer.TxValidationCode_TARGET_CHAIN_NOT_FOUND)

	env := badRWSet().build(t)
	res := h.validate(block(5, env), nil)
	expectCodes(t, res.Flags, peer.TxValidationCode_BAD_RWSET)
	h.state.txids[res.Txs[0].TxID] = true
	expectCodes(t, h.codes(env), peer.TxValidationCode_DUPLICATE_TXID)

	// Signature problems come before everything but parsing.
	b = badRWSet()
	b.channel = "elsewhere"
	b.corruptSig = true
	expectCodes(t, h.codes(b.build(t)), peer.TxValidationCode_BAD_CREATOR_SIGNATURE)
}

func TestConfigTransactions(t *testing.T) {
	h := newHarness(t)
	rec := &configRecorder{}
	h.config = rec
	cfg := func(channel string, data []byte) []byte {
		b := writeK(t, "a")
		b.typ = common.HeaderType_CONFIG
		b.channel = channel
		env := b.envelope(t)
		// Replace the payload data with a config envelope and re-sign.
		p := &common.Payload{}
		if err := proto.Unmarshal(env.Payload, p); err != nil {
			t.Fatal(err)
		}
		p.Data = data
		env.Payload = mustMarshal(t, p)
		env.Signature, _ = net.user1.Sign(env.Payload)
		return mustMarshal(t, env)
	}
	good := mustMarshal(t, &common.ConfigEnvelope{Config: &common.Config{Sequence: 2, ChannelGroup: &common.ConfigGroup{}}})
	res := h.validate(block(5, cfg(testChannel, good), writeK(t, "a").build(t)), nil)
	expectCodes(t, res.Flags, VALID, VALID)
	if len(rec.blocks) != 1 || rec.blocks[0] != 5 {
		t.Fatalf("config handler calls: %v", rec.blocks)
	}
	if len(res.Batch.Public) != 1 {
		t.Fatalf("config tx must not write state: %+v", res.Batch.Public)
	}
	expectCodes(t, h.codes(cfg("elsewhere", good)), peer.TxValidationCode_TARGET_CHAIN_NOT_FOUND)
	// An unreadable config envelope halts the block, as in Fabric.
	if _, err := ValidateBlock(context.Background(), block(5, cfg(testChannel, []byte{0x0a, 0xff})), nil, h.deps()); err == nil {
		t.Fatal("unreadable config accepted")
	}
	rec.fail = errors.New("bad config")
	if _, err := ValidateBlock(context.Background(), block(5, cfg(testChannel, good)), nil, h.deps()); err == nil {
		t.Fatal("config handler error ignored")
	}
}

func TestGenesisBlock(t *testing.T) {
	h := newHarness(t)
	genesis, err := protoutil.GenesisBlock(testChannel, &common.Config{ChannelGroup: &common.ConfigGroup{}})
	if err != nil {
		t.Fatal(err)
	}
	res := h.validate(genesis, nil)
	expectCodes(t, res.Flags, VALID)
	if res.Txs[0].Type != common.HeaderType_CONFIG || len(res.Batch.Public) != 0 {
		t.Fatalf("genesis result %+v", res)
	}
	for name, b := range map[string]*common.Block{
		"endorser tx as genesis": block(0, writeK(t, "a").build(t)),
		"empty genesis":          block(0),
		"other channel":          mustGenesis(t, "otherchannel"),
	} {
		if _, err := ValidateBlock(context.Background(), b, nil, h.deps()); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func mustGenesis(t *testing.T, channel string) *common.Block {
	b, err := protoutil.GenesisBlock(channel, &common.Config{ChannelGroup: &common.ConfigGroup{}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
