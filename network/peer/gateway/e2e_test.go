package gateway_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/saharanet/saharanet/network/internal/assetcc"
	"github.com/saharanet/saharanet/network/protoutil"
)

// TestFabricGatewayClient drives the real fabric-gateway v1.12.0 client
// against 3 raft orderers and one peer per org with AND(Org1, Org2).
func TestFabricGatewayClient(t *testing.T) {
	tn := newTestNet(t)
	gw1 := tn.gatewayFor(t, tn.Peer("org1", 0), "org1", "User1")
	gw2 := tn.gatewayFor(t, tn.Peer("org2", 0), "org2", "User1")
	net1 := gw1.GetNetwork(tn.ChannelID)
	c1 := net1.GetContract(ccName)
	c2 := gw2.GetNetwork(tn.ChannelID).GetContract(ccName)

	t.Run("Submit and Evaluate", func(t *testing.T) {
		res, err := c1.SubmitTransaction("CreateAsset", "a1", "alice", "10")
		if err != nil {
			t.Fatalf("submit: %s", describe(err))
		}
		if len(res) != 0 {
			t.Fatalf("CreateAsset returned %q", res)
		}
		tn.sync(t) // Submit waits for org1's peer only
		out, err := c2.EvaluateTransaction("ReadAsset", "a1")
		if err != nil {
			t.Fatalf("evaluate on org2: %s", describe(err))
		}
		var a assetcc.Asset
		if err := json.Unmarshal(out, &a); err != nil || a.Owner != "alice" || a.Value != 10 {
			t.Fatalf("asset %s (%v)", out, err)
		}
		// Both orgs endorsed: the committed transaction carries two endorsements.
		h := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger().Height()
		b, err := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger().BlockByNumber(h - 1)
		if err != nil {
			t.Fatal(err)
		}
		if n := endorsementCount(t, b); n != 2 {
			t.Fatalf("committed tx has %d endorsements, want 2", n)
		}
	})

	t.Run("SubmitAsync and CommitStatus", func(t *testing.T) {
		_, commit, err := c2.SubmitAsync("CreateAsset", client.WithArguments("a2", "bob", "20"))
		if err != nil {
			t.Fatalf("submit async: %s", describe(err))
		}
		st, err := commit.Status()
		if err != nil {
			t.Fatalf("status: %s", describe(err))
		}
		if !st.Successful || st.Code != pb.TxValidationCode_VALID || st.TransactionID != commit.TransactionID() || st.BlockNumber == 0 {
			t.Fatalf("status %+v", st)
		}
		loc, err := tn.Peer("org1", 0).Channel(tn.ChannelID).WaitForTx(context.Background(), commit.TransactionID())
		if err != nil || loc.BlockNum != st.BlockNumber {
			t.Fatalf("ledger location %v %v, status block %d", loc, err, st.BlockNumber)
		}
	})

	t.Run("ChaincodeEvents with checkpoint resume", func(t *testing.T) {
		var ids []string
		var start uint64
		for i := 0; i < 3; i++ {
			id := fmt.Sprintf("ev%d", i)
			_, commit, err := c1.SubmitAsync("CreateAsset", client.WithArguments(id, "carol", fmt.Sprint(i)))
			if err != nil {
				t.Fatalf("submit: %s", describe(err))
			}
			st, err := commit.Status()
			if err != nil || !st.Successful {
				t.Fatalf("commit %+v %v", st, err)
			}
			if i == 0 {
				start = st.BlockNumber
			}
			ids = append(ids, id)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		events, err := net1.ChaincodeEvents(ctx, ccName, client.WithStartBlock(start))
		if err != nil {
			t.Fatal(err)
		}
		cp := new(client.InMemoryCheckpointer)
		first := recvEvent(t, events)
		if first.EventName != "CreateAsset" || first.ChaincodeName != ccName || !strings.Contains(string(first.Payload), `"ev0"`) {
			t.Fatalf("first event %+v", first)
		}
		cp.CheckpointChaincodeEvent(first)
		cancel()

		// Resume from the checkpoint: the next event is ev1, not ev0 again.
		ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel2()
		resumed, err := net1.ChaincodeEvents(ctx2, ccName, client.WithCheckpoint(cp))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range ids[1:] {
			ev := recvEvent(t, resumed)
			if !strings.Contains(string(ev.Payload), fmt.Sprintf("%q", want)) {
				t.Fatalf("resumed event %s, want %s", ev.Payload, want)
			}
			cp.CheckpointChaincodeEvent(ev)
		}
		// A new event after the stream started arrives too.
		if _, err := c2.SubmitTransaction("CreateAsset", "ev-live", "dave", "1"); err != nil {
			t.Fatalf("submit: %s", describe(err))
		}
		if ev := recvEvent(t, resumed); !strings.Contains(string(ev.Payload), `"ev-live"`) {
			t.Fatalf("live event %s", ev.Payload)
		}
	})

	t.Run("BlockEvents and FilteredBlockEvents", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		blocks, err := net1.BlockEvents(ctx, client.WithStartBlock(0))
		if err != nil {
			t.Fatal(err)
		}
		filtered, err := net1.FilteredBlockEvents(ctx, client.WithStartBlock(1))
		if err != nil {
			t.Fatal(err)
		}
		select {
		case b := <-blocks:
			if b == nil || b.GetHeader().GetNumber() != 0 || !protoutil.IsConfigBlock(b) {
				t.Fatalf("block event %v", b.GetHeader())
			}
		case <-ctx.Done():
			t.Fatal("no block event")
		}
		select {
		case fb := <-filtered:
			if fb == nil || fb.GetNumber() != 1 || fb.GetChannelId() != tn.ChannelID || len(fb.GetFilteredTransactions()) == 0 {
				t.Fatalf("filtered block %v", fb)
			}
		case <-ctx.Done():
			t.Fatal("no filtered block event")
		}
	})

	t.Run("transient data stays with collection members", func(t *testing.T) {
		transient := map[string][]byte{"value": []byte("s3cret")}
		// AND(Org1, Org2) would send the private input to Org2, which is no
		// member of Org1's implicit collection: refused before it leaves.
		_, err := c1.Submit("SetPrivate", client.WithArguments("_implicit_org_Org1MSP", "p1"), client.WithTransient(transient))
		var ee *client.EndorseError
		if !errors.As(err, &ee) || status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "distribution policy") {
			t.Fatalf("unprotected transient endorsement: %s", describe(err))
		}
		// Evaluations with transient data run on the gateway's own org only.
		if _, err := c1.Evaluate("SetPrivate", client.WithArguments("_implicit_org_Org1MSP", "p1"), client.WithTransient(transient)); err != nil {
			t.Fatalf("evaluate with transient data: %s", describe(err))
		}
		// Naming the orgs explicitly is the client's informed choice.
		if _, err := c1.Submit("SetPrivate", client.WithArguments("_implicit_org_Org1MSP", "p1"), client.WithTransient(transient),
			client.WithEndorsingOrganizations("Org1MSP", "Org2MSP")); err != nil {
			t.Fatalf("explicit orgs: %s", describe(err))
		}
		b, err := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger().BlockByNumber(tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger().Height() - 1)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(protoutil.MarshalOrPanic(b)), "s3cret") {
			t.Fatal("transient value reached the block")
		}
	})

	t.Run("chaincode error is an EndorseError with the message", func(t *testing.T) {
		_, err := c1.SubmitTransaction("Fail", "the vault is sealed")
		var ee *client.EndorseError
		if !errors.As(err, &ee) {
			t.Fatalf("error %T: %v", err, err)
		}
		// As Fabric: Aborted, with the chaincode's answer in the details.
		if !strings.Contains(ee.Error(), "the vault is sealed") || status.Code(err) != codes.Aborted {
			t.Fatalf("endorse error %s (code %s)", describe(err), status.Code(err))
		}
		if len(ee.Details()) == 0 || ee.Details()[0].GetMessage() != "chaincode response 500, the vault is sealed" || ee.Details()[0].GetMspId() != "Org1MSP" {
			t.Fatalf("details %v", ee.Details())
		}
		// Evaluate reports the chaincode's error as Unknown.
		_, err = c1.EvaluateTransaction("ReadAsset", "nope")
		if status.Code(err) != codes.Unknown || !strings.Contains(err.Error(), "chaincode response 500, the asset nope does not exist") {
			t.Fatalf("evaluate error %v", err)
		}
	})

	t.Run("one org endorsing under AND is ENDORSEMENT_POLICY_FAILURE", func(t *testing.T) {
		_, err := c1.Submit("CreateAsset", client.WithArguments("lonely", "eve", "1"), client.WithEndorsingOrganizations("Org1MSP"))
		var ce *client.CommitError
		if !errors.As(err, &ce) || ce.Code != pb.TxValidationCode_ENDORSEMENT_POLICY_FAILURE {
			t.Fatalf("error %s", describe(err))
		}
		tn.sync(t)
		if _, err := c2.EvaluateTransaction("ReadAsset", "lonely"); err == nil {
			t.Fatal("invalid transaction changed state")
		}
	})

	t.Run("read conflict is MVCC_READ_CONFLICT", func(t *testing.T) {
		if _, err := c1.SubmitTransaction("CreateAsset", "hot", "fay", "0"); err != nil {
			t.Fatalf("submit: %s", describe(err))
		}
		// Org2's peer must have the asset before it can endorse an update.
		tn.sync(t)
		// Two read-modify-write transactions endorsed against the same version.
		p1, err := c1.NewProposal("UpdateValue", client.WithArguments("hot", "1"))
		if err != nil {
			t.Fatal(err)
		}
		p2, err := c1.NewProposal("UpdateValue", client.WithArguments("hot", "2"))
		if err != nil {
			t.Fatal(err)
		}
		tx1, err := p1.Endorse()
		if err != nil {
			t.Fatalf("endorse 1: %s", describe(err))
		}
		tx2, err := p2.Endorse()
		if err != nil {
			t.Fatalf("endorse 2: %s", describe(err))
		}
		cm1, err := tx1.Submit()
		if err != nil {
			t.Fatal(err)
		}
		st1, err := cm1.Status()
		if err != nil || !st1.Successful {
			t.Fatalf("first update %+v %v", st1, err)
		}
		cm2, err := tx2.Submit()
		if err != nil {
			t.Fatal(err)
		}
		st2, err := cm2.Status()
		if err != nil || st2.Code != pb.TxValidationCode_MVCC_READ_CONFLICT {
			t.Fatalf("second update %+v %v", st2, err)
		}
		tn.sync(t)
		out, _ := c2.EvaluateTransaction("ReadAsset", "hot")
		if !strings.Contains(string(out), `"value":1`) {
			t.Fatalf("state %s", out)
		}
	})

	t.Run("metrics", func(t *testing.T) {
		m := tn.metrics[tn.Peer("org1", 0).Name]
		if n := testutil.ToFloat64(m.Requests.WithLabelValues("Submit", "OK")); n < 5 {
			t.Fatalf("Submit OK count %v", n)
		}
		if n := testutil.ToFloat64(m.Requests.WithLabelValues("Endorse", "Aborted")); n < 1 {
			t.Fatalf("Endorse Aborted count %v", n)
		}
		if n := testutil.ToFloat64(m.Requests.WithLabelValues("Endorse", "FailedPrecondition")); n != 1 {
			t.Fatalf("Endorse FailedPrecondition count %v", n)
		}
	})

	t.Run("replayed transaction is refused and never applied twice", func(t *testing.T) {
		p, err := c1.NewProposal("CreateAsset", client.WithArguments("once", "gus", "1"))
		if err != nil {
			t.Fatal(err)
		}
		tx, err := p.Endorse()
		if err != nil {
			t.Fatalf("endorse: %s", describe(err))
		}
		cm, err := tx.Submit()
		if err != nil {
			t.Fatal(err)
		}
		st, err := cm.Status()
		if err != nil || !st.Successful {
			t.Fatalf("first %+v %v", st, err)
		}
		// Endorsing the same proposal again is refused by the endorser with
		// Fabric's duplicate-txid check.
		_, err = p.Endorse()
		var ee *client.EndorseError
		if !errors.As(err, &ee) || !strings.Contains(err.Error(), "duplicate transaction found") || status.Code(err) != codes.Aborted {
			t.Fatalf("re-endorse: %s", describe(err))
		}
		// Re-submitting the signed envelope: the orderers recognise the txid
		// and do not order it again, so it commits once, VALID, in its block.
		if _, err := tx.Submit(); err != nil {
			t.Fatalf("resubmit: %s", describe(err))
		}
		st2, err := cm.Status()
		if err != nil || st2.Code != pb.TxValidationCode_VALID || st2.BlockNumber != st.BlockNumber {
			t.Fatalf("status after replay %+v %v", st2, err)
		}
		if _, err := c1.SubmitTransaction("CreateAsset", "after-replay", "gus", "2"); err != nil {
			t.Fatalf("submit: %s", describe(err))
		}
		if n := countTx(t, tn, tx.TransactionID()); n != 1 {
			t.Fatalf("transaction appears %d times in the chain", n)
		}
	})
}

func recvEvent(t *testing.T, ch <-chan *client.ChaincodeEvent) *client.ChaincodeEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev
	case <-time.After(20 * time.Second):
		t.Fatal("no chaincode event within 20s")
	}
	return nil
}

func endorsementCount(t *testing.T, b *common.Block) int {
	t.Helper()
	env, err := protoutil.ExtractEnvelope(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	ue, err := protoutil.UnpackEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	et, err := protoutil.UnpackEndorserTransaction(ue)
	if err != nil {
		t.Fatal(err)
	}
	return len(et.ActionPayload.GetAction().GetEndorsements())
}

// countTx counts the occurrences of txid in org1's peer's chain.
func countTx(t *testing.T, tn *testNet, txid string) int {
	t.Helper()
	l := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger()
	n := 0
	for num := uint64(0); num < l.Height(); num++ {
		b, err := l.BlockByNumber(num)
		if err != nil {
			t.Fatal(err)
		}
		for i := range b.GetData().GetData() {
			env, _ := protoutil.ExtractEnvelope(b, i)
			if ue, err := protoutil.UnpackEnvelope(env); err == nil && ue.ChannelHeader.GetTxId() == txid {
				n++
			}
		}
	}
	return n
}
