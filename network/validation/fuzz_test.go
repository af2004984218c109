package validation

import (
	"context"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
)

// FuzzValidateBlock validates blocks of two fuzzed envelopes. Whatever the
// bytes, ValidateBlock must not panic or fail the block, and a transaction
// it flags VALID must carry a creator signature that verifies over its
// payload, a txid bound to its nonce and creator, and at least one
// endorsement by a channel member over prp ‖ endorser (every policy in the
// harness needs one); the batch must hold writes of VALID transactions only.
func FuzzValidateBlock(f *testing.F) {
	h := newHarness(f)
	h.state.put("asset", "k", []byte("v"), 1, 0, nil)
	hc, _ := pvtColl(f, "org2col", [][2]string{{"s", "v"}})
	seeds := [][]byte{
		writeK(f, "a").build(f),
		txb{endorsers: both(), rws: rws(f, nsb{ns: "asset", reads: []*kvrwset.KVRead{r("k", 1, 0)}, writes: []*kvrwset.KVWrite{w("k", "v2")}})}.build(f),
		txb{endorsers: ids(net.peer2), rws: rws(f, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}})}.build(f),
		txb{endorsers: both(), rws: rws(f, nsb{ns: "asset", ranges: []*kvrwset.RangeQueryInfo{rawRange("a", "z", true, r("k", 1, 0))}})}.build(f),
		txb{endorsers: ids(net.peer1), rws: rws(f, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("x", "y")}})}.build(f),
		txb{cc: "other", endorsers: ids(net.peer2), event: &peer.ChaincodeEvent{ChaincodeId: "other"}, rws: rws(f, nsb{ns: "other", meta: []*kvrwset.KVMetadataWrite{{Key: "k"}}})}.build(f),
	}
	for i, s := range seeds {
		f.Add(s, seeds[(i+1)%len(seeds)])
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		blk := protoutil.NewBlock(9, []byte("prev"), [][]byte{a, b})
		res, err := ValidateBlock(context.Background(), blk, nil, h.deps())
		if err != nil {
			// Only config envelopes may fail a block; check that is why.
			for _, d := range [][]byte{a, b} {
				if isConfig(d) {
					return
				}
			}
			t.Fatalf("block-level error for endorser data: %v", err)
		}
		for i, code := range res.Flags {
			if code == peer.TxValidationCode_VALID && !oracleValid(t, blk.Data.Data[i]) {
				t.Fatalf("tx %d flagged VALID but its signatures do not hold", i)
			}
		}
		for _, w := range res.Batch.Public {
			if res.Flags[w.Version.TxNum] != peer.TxValidationCode_VALID {
				t.Fatalf("write from tx %d which is %v", w.Version.TxNum, res.Flags[w.Version.TxNum])
			}
		}
		for _, w := range res.Batch.Hashed {
			if res.Flags[w.Version.TxNum] != peer.TxValidationCode_VALID {
				t.Fatalf("hashed write from tx %d which is %v", w.Version.TxNum, res.Flags[w.Version.TxNum])
			}
		}
	})
}

func isConfig(d []byte) bool {
	env := &common.Envelope{}
	p := &common.Payload{}
	ch := &common.ChannelHeader{}
	return proto.Unmarshal(d, env) == nil && proto.Unmarshal(env.Payload, p) == nil &&
		proto.Unmarshal(p.GetHeader().GetChannelHeader(), ch) == nil && ch.Type == int32(common.HeaderType_CONFIG)
}

// oracleValid re-derives, independently of the validator, the facts a VALID
// endorser transaction must satisfy.
func oracleValid(t *testing.T, d []byte) bool {
	env := &common.Envelope{}
	p := &common.Payload{}
	ch := &common.ChannelHeader{}
	sh := &common.SignatureHeader{}
	if proto.Unmarshal(d, env) != nil || proto.Unmarshal(env.Payload, p) != nil ||
		proto.Unmarshal(p.GetHeader().GetChannelHeader(), ch) != nil || proto.Unmarshal(p.GetHeader().GetSignatureHeader(), sh) != nil {
		return false
	}
	creator, err := net.mgr.DeserializeIdentity(sh.Creator)
	if err != nil || creator.Validate() != nil || creator.Verify(env.Payload, env.Signature) != nil {
		return false
	}
	if ch.Type == int32(common.HeaderType_CONFIG) {
		return true
	}
	if ch.Type != int32(common.HeaderType_ENDORSER_TRANSACTION) || protoutil.ComputeTxID(sh.Nonce, sh.Creator) != ch.TxId {
		return false
	}
	tr := &peer.Transaction{}
	if proto.Unmarshal(p.Data, tr) != nil || len(tr.Actions) != 1 {
		return false
	}
	cap := &peer.ChaincodeActionPayload{}
	if proto.Unmarshal(tr.Actions[0].Payload, cap) != nil || cap.Action == nil {
		return false
	}
	prp := cap.Action.ProposalResponsePayload
	for _, e := range cap.Action.Endorsements {
		id, err := net.mgr.DeserializeIdentity(e.Endorser)
		if err != nil || id.Validate() != nil {
			continue
		}
		if id.Verify(append(append([]byte{}, prp...), e.Endorser...), e.Signature) == nil {
			return true
		}
	}
	return false
}

// FuzzValidateRWSet feeds fuzzed read-write sets through properly signed and
// endorsed transactions, so mutations reach the dispatcher, policy, MVCC and
// batch code. Whatever the rwset, the block must validate without error and
// the batch must satisfy what the ledger requires of it (a batch the ledger
// rejects would halt the channel).
func FuzzValidateRWSet(f *testing.F) {
	h := newHarness(f)
	h.state.put("asset", "k", []byte("v"), 1, 0, nil)
	h.state.putHashed("asset", "shared", "s", []byte("v"), 1, 0, nil)
	hc, _ := pvtColl(f, "shared", [][2]string{{"s", "v2"}, {"t", ""}})
	seeds := []*rwset.TxReadWriteSet{
		rws(f, nsb{ns: "asset", reads: []*kvrwset.KVRead{r("k", 1, 0)}, writes: []*kvrwset.KVWrite{w("k", "v2"), w("d", "")}}),
		rws(f, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}}),
		rws(f, nsb{ns: "asset", ranges: []*kvrwset.RangeQueryInfo{rawRange("a", "z", true, r("k", 1, 0))},
			meta: []*kvrwset.KVMetadataWrite{{Key: "k", Entries: []*kvrwset.KVMetadataEntry{{Name: "x", Value: []byte("y")}}}}}),
		rws(f, nsb{ns: "asset"}, nsb{ns: "other", writes: []*kvrwset.KVWrite{w("o", "1")}}),
	}
	for i, s := range seeds {
		f.Add(mustMarshal(f, s), mustMarshal(f, seeds[(i+1)%len(seeds)]))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		txA := txb{endorsers: both(), rawResults: a}.build(t)
		txB := txb{endorsers: both(), rawResults: b}.build(t)
		pvt := map[uint64]*rwset.TxPvtReadWriteSet{0: {NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: "asset",
			CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{{CollectionName: "shared", Rwset: b}}}}}}
		res, err := ValidateBlock(context.Background(), protoutil.NewBlock(9, []byte("prev"), [][]byte{txA, txB}), pvt, h.deps())
		if err != nil {
			t.Fatalf("block-level error: %v", err)
		}
		checkBatchForLedger(t, res)
	})
}

// checkBatchForLedger restates the ledger's batch rules (network/ledger
// validateBatch).
func checkBatchForLedger(t *testing.T, res *Result) {
	valid := func(h ledger.Height) bool {
		return h.BlockNum == res.BlockNum && int(h.TxNum) < len(res.Flags) && res.Flags[h.TxNum] == peer.TxValidationCode_VALID
	}
	written := map[[2]string]ledger.Height{}
	for _, w := range res.Batch.Public {
		if w.Namespace == "" || w.Key == "" || !valid(w.Version) {
			t.Fatalf("bad public write %+v", w)
		}
		written[[2]string{w.Namespace, w.Key}] = w.Version
	}
	for _, w := range res.Batch.Hashed {
		if w.Namespace == "" || w.Collection == "" || len(w.KeyHash) != 32 || (len(w.ValueHash) != 0 && len(w.ValueHash) != 32) ||
			!valid(w.Version) || (w.ExpiresAtBlock != 0 && w.ExpiresAtBlock <= res.BlockNum) {
			t.Fatalf("bad hashed write %+v", w)
		}
	}
	for _, w := range res.Batch.Private {
		if w.Namespace == "" || w.Collection == "" || w.Key == "" || !valid(w.Version) ||
			(w.ExpiresAtBlock != 0 && w.ExpiresAtBlock <= res.BlockNum) {
			t.Fatalf("bad private write %+v", w)
		}
	}
	for _, e := range res.Batch.History {
		if !valid(e.Version) {
			t.Fatalf("history from invalid tx %+v", e)
		}
		if _, ok := written[[2]string{e.Namespace, e.Key}]; !ok {
			t.Fatalf("history without public write %+v", e)
		}
	}
}
