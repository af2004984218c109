package endorser

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/validation"
)

func chaincodeAction(t *testing.T, resp *pb.ProposalResponse) *pb.ChaincodeAction {
	t.Helper()
	prp, err := protoutil.UnmarshalProposalResponsePayload(resp.GetPayload())
	if err != nil {
		t.Fatal(err)
	}
	act, err := protoutil.UnmarshalChaincodeAction(prp.GetExtension())
	if err != nil {
		t.Fatal(err)
	}
	return act
}

func nsRWSet(t *testing.T, act *pb.ChaincodeAction, ns string) *kvrwset.KVRWSet {
	t.Helper()
	txrw, err := protoutil.UnmarshalTxReadWriteSet(act.GetResults())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range txrw.GetNsRwset() {
		if n.GetNamespace() == ns {
			kv := &kvrwset.KVRWSet{}
			if err := proto.Unmarshal(n.GetRwset(), kv); err != nil {
				t.Fatal(err)
			}
			return kv
		}
	}
	return nil
}

func TestEndorsesValidProposal(t *testing.T) {
	f := newFixture(t)
	sp, txid := f.proposal(f.user1, testChannel, "basic", "put", "k1", "v1")
	resp, err := f.endorser.ProcessProposal(context.Background(), sp)
	if err != nil {
		t.Fatalf("ProcessProposal: %v", err)
	}
	if resp.GetResponse().GetStatus() != 200 || string(resp.GetResponse().GetPayload()) != "ok" {
		t.Fatalf("response %v", resp.GetResponse())
	}
	if resp.GetVersion() != 1 || resp.GetEndorsement() == nil {
		t.Fatalf("not endorsed: %v", resp)
	}
	// The endorsement verifies over prp ‖ endorser with the peer's identity,
	// and it satisfies an Org1 peer policy.
	if !bytes.Equal(resp.GetEndorsement().GetEndorser(), f.backend.signer.Serialize()) {
		t.Fatal("endorser is not the peer identity")
	}
	pol, err := policy.NewSignaturePolicy(policy.SignedByMspPeer("Org1MSP"), f.bundle.MSPManager)
	if err != nil {
		t.Fatal(err)
	}
	if err := pol.EvaluateSignedData([]*protoutil.SignedData{protoutil.EndorsementSignedData(resp.GetPayload(), resp.GetEndorsement())}); err != nil {
		t.Fatalf("endorsement does not satisfy Org1 peer: %v", err)
	}
	act := chaincodeAction(t, resp)
	if act.GetChaincodeId().GetName() != "basic" || act.GetChaincodeId().GetVersion() != "1.0" {
		t.Fatalf("chaincode id %v", act.GetChaincodeId())
	}
	ev, err := protoutil.UnmarshalChaincodeEvent(act.GetEvents())
	if err != nil || ev.GetChaincodeId() != "basic" || ev.GetTxId() != txid || ev.GetEventName() != "put" {
		t.Fatalf("event %v, %v", ev, err)
	}
	kv := nsRWSet(t, act, "basic")
	if len(kv.GetWrites()) != 1 || kv.GetWrites()[0].GetKey() != "k1" || string(kv.GetWrites()[0].GetValue()) != "v1" {
		t.Fatalf("basic rwset %v", kv)
	}
	lc := nsRWSet(t, act, lifecycle.Namespace)
	if len(lc.GetReads()) != 1 || lc.GetReads()[0].GetKey() != "namespaces/fields/basic/Sequence" {
		t.Fatalf("implicit _lifecycle read missing: %v", lc)
	}
	// The proposal hash binds the response to this proposal: assembling the
	// envelope succeeds.
	up, _ := protoutil.UnpackProposal(sp)
	if _, err := protoutil.CreateEnvelope(up, resp); err != nil {
		t.Fatalf("CreateEnvelope: %v", err)
	}
}

func TestReadsCommittedStateWithVersion(t *testing.T) {
	f := newFixture(t)
	sp, _ := f.proposal(f.user1, testChannel, "basic", "put", "k", "v")
	resp, _ := f.endorser.ProcessProposal(context.Background(), sp)
	f.commitTx(sp, resp, ledger.Write{Namespace: "basic", Key: "k", Value: []byte("v")})

	sp2, _ := f.proposal(f.user2, testChannel, "basic", "get", "k")
	resp2, err := f.endorser.ProcessProposal(context.Background(), sp2)
	if err != nil || string(resp2.GetResponse().GetPayload()) != "v" {
		t.Fatalf("get: %v %v", resp2, err)
	}
	kv := nsRWSet(t, chaincodeAction(t, resp2), "basic")
	if len(kv.GetReads()) != 1 || kv.GetReads()[0].GetVersion().GetBlockNum() != 1 {
		t.Fatalf("read not recorded with committed version: %v", kv)
	}
}

func TestRejectsBadProposals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()

	committed, _ := f.proposal(f.user1, testChannel, "basic", "put", "a", "1")
	resp, err := f.endorser.ProcessProposal(ctx, committed)
	if err != nil {
		t.Fatal(err)
	}
	f.commitTx(committed, resp)

	tamper := func(sp *pb.SignedProposal, mut func(p *pb.Proposal)) *pb.SignedProposal {
		p, _ := protoutil.UnmarshalProposal(sp.ProposalBytes)
		mut(p)
		return &pb.SignedProposal{ProposalBytes: protoutil.MarshalOrPanic(p), Signature: sp.Signature}
	}
	good, _ := f.proposal(f.user1, testChannel, "basic", "put", "b", "2")
	otherSig, _ := f.proposal(f.user2, testChannel, "basic", "put", "b", "2")
	// Re-sign a proposal whose txid does not match nonce‖creator.
	badTxID := func() *pb.SignedProposal {
		p, _, _ := protoutil.NewProposal(f.user1.Serialize(), testChannel, "basic", [][]byte{[]byte("put"), []byte("x"), []byte("y")}, nil)
		hdr, _ := protoutil.UnmarshalHeader(p.Header)
		ch, _ := protoutil.UnmarshalChannelHeader(hdr.ChannelHeader)
		ch.TxId = strings.Repeat("0", 64)
		hdr.ChannelHeader = protoutil.MarshalOrPanic(ch)
		p.Header = protoutil.MarshalOrPanic(hdr)
		sp, _ := protoutil.SignProposal(p, f.user1)
		return sp
	}()
	badEpoch := func() *pb.SignedProposal {
		p, _, _ := protoutil.NewProposal(f.user1.Serialize(), testChannel, "basic", [][]byte{[]byte("put")}, nil)
		hdr, _ := protoutil.UnmarshalHeader(p.Header)
		ch, _ := protoutil.UnmarshalChannelHeader(hdr.ChannelHeader)
		ch.Epoch = 7
		hdr.ChannelHeader = protoutil.MarshalOrPanic(ch)
		p.Header = protoutil.MarshalOrPanic(hdr)
		sp, _ := protoutil.SignProposal(p, f.user1)
		return sp
	}()
	foreign, _ := f.proposal(f.foreign, testChannel, "basic", "put", "c", "3")
	wrongChannel, _ := f.proposal(f.user1, "otherchannel", "basic", "put", "c", "3")
	notWriter, _ := f.proposal(f.peer1, testChannel, "basic", "put", "c", "3")
	undefined, _ := f.proposal(f.user1, testChannel, "nosuchcc", "put", "c", "3")

	cases := []struct {
		name    string
		sp      *pb.SignedProposal
		wantErr bool // Fabric returns the Go error too for pre-check failures
		msg     string
	}{
		{"nil", nil, true, "nil signed proposal"},
		{"garbage bytes", &pb.SignedProposal{ProposalBytes: []byte{0xff, 0x01}, Signature: []byte{1}}, true, "unpack proposal"},
		{"tampered args", tamper(good, func(p *pb.Proposal) {
			cpp, _ := protoutil.UnmarshalChaincodeProposalPayload(p.Payload)
			cis, _ := protoutil.UnmarshalChaincodeInvocationSpec(cpp.Input)
			cis.ChaincodeSpec.Input.Args[2] = []byte("999")
			cpp.Input = protoutil.MarshalOrPanic(cis)
			p.Payload = protoutil.MarshalOrPanic(cpp)
		}), true, "signature"},
		{"signature of another proposal", &pb.SignedProposal{ProposalBytes: good.ProposalBytes, Signature: otherSig.Signature}, true, "signature"},
		{"empty signature", &pb.SignedProposal{ProposalBytes: good.ProposalBytes}, true, "empty signature"},
		{"txid mismatch", badTxID, true, "tx_id"},
		{"nonzero epoch", badEpoch, true, "epoch"},
		{"foreign identity", foreign, true, "creator org unknown"},
		{"wrong channel", wrongChannel, false, "channel 'otherchannel' not found"},
		{"not a writer", notWriter, true, "access denied for [peer/Propose]"},
		{"duplicate txid", committed, true, "duplicate transaction found"},
		{"undefined chaincode", undefined, false, "make sure the chaincode nosuchcc has been successfully defined"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.exec.calls.Load()
			resp, err := f.endorser.ProcessProposal(ctx, c.sp)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error: %v", err, c.wantErr)
			}
			if resp.GetResponse().GetStatus() != 500 || resp.GetEndorsement() != nil || resp.GetPayload() != nil {
				t.Fatalf("response %v", resp)
			}
			if !strings.Contains(resp.GetResponse().GetMessage(), c.msg) {
				t.Fatalf("message %q does not contain %q", resp.GetResponse().GetMessage(), c.msg)
			}
			if f.exec.calls.Load() != before {
				t.Fatal("chaincode executed for a rejected proposal")
			}
		})
	}
	if f.ledger.Height() != 2 {
		t.Fatalf("ledger height %d changed", f.ledger.Height())
	}
}

func TestChaincodeStatusOutcomes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sp, _ := f.proposal(f.user1, testChannel, "basic", "status", "404")
	resp, err := f.endorser.ProcessProposal(ctx, sp)
	if err != nil || resp.GetResponse().GetStatus() != 404 || resp.GetPayload() != nil || resp.GetEndorsement() != nil {
		t.Fatalf("status 404: %v %v", resp, err)
	}
	if resp.GetResponse().GetMessage() != "chaincode says 404" {
		t.Fatalf("message %q", resp.GetResponse().GetMessage())
	}
	sp, _ = f.proposal(f.user1, testChannel, "basic", "status", "500")
	resp, err = f.endorser.ProcessProposal(ctx, sp)
	if err != nil || resp.GetResponse().GetStatus() != 500 || resp.GetPayload() == nil || resp.GetEndorsement() != nil {
		t.Fatalf("status 500: %v %v", resp, err)
	}
	if act := chaincodeAction(t, resp); act.GetResponse().GetMessage() != "chaincode says 500" {
		t.Fatalf("payload response %v", act.GetResponse())
	}
	sp, _ = f.proposal(f.user1, testChannel, "basic", "fail")
	resp, err = f.endorser.ProcessProposal(ctx, sp)
	if err != nil || resp.GetResponse().GetStatus() != 500 || resp.GetPayload() != nil || !strings.Contains(resp.GetResponse().GetMessage(), "boom") {
		t.Fatalf("execution failure: %v %v", resp, err)
	}
	sp, _ = f.proposal(f.user1, testChannel, "basic", "status", "201")
	resp, err = f.endorser.ProcessProposal(ctx, sp)
	if err != nil || resp.GetResponse().GetStatus() != 201 || resp.GetEndorsement() == nil {
		t.Fatalf("status 201 must be endorsed: %v %v", resp, err)
	}
}

func TestInitRequired(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.ch.defs["initcc"] = &lifecycle.Definition{Name: "initcc", Version: "2", Sequence: 1, InitRequired: true}

	sp, _ := f.proposal(f.user1, testChannel, "initcc", "init")
	resp, _ := f.endorser.ProcessProposal(ctx, sp)
	if resp.GetResponse().GetStatus() != 500 || !strings.Contains(resp.GetResponse().GetMessage(), "must call as init first") {
		t.Fatalf("uninitialized invoke: %v", resp.GetResponse())
	}
	// An Init proposal (is_init) records the initialized marker.
	p, _, _ := protoutil.NewProposal(f.user1.Serialize(), testChannel, "initcc", [][]byte{[]byte("init")}, nil)
	cpp, _ := protoutil.UnmarshalChaincodeProposalPayload(p.Payload)
	cis, _ := protoutil.UnmarshalChaincodeInvocationSpec(cpp.Input)
	cis.ChaincodeSpec.Input.IsInit = true
	cpp.Input = protoutil.MarshalOrPanic(cis)
	p.Payload = protoutil.MarshalOrPanic(cpp)
	initSP, _ := protoutil.SignProposal(p, f.user1)
	resp, err := f.endorser.ProcessProposal(ctx, initSP)
	if err != nil || resp.GetResponse().GetStatus() != 200 || string(resp.GetResponse().GetPayload()) != "true" {
		t.Fatalf("init: %v %v", resp, err)
	}
	kv := nsRWSet(t, chaincodeAction(t, resp), "initcc")
	if len(kv.GetWrites()) != 1 || kv.GetWrites()[0].GetKey() != InitializedKey || string(kv.GetWrites()[0].GetValue()) != "2" {
		t.Fatalf("init marker write %v", kv)
	}
	f.commitTx(initSP, resp, ledger.Write{Namespace: "initcc", Key: InitializedKey, Value: []byte("2")})
	sp, _ = f.proposal(f.user1, testChannel, "initcc", "init")
	resp, _ = f.endorser.ProcessProposal(ctx, sp)
	if resp.GetResponse().GetStatus() != 200 || string(resp.GetResponse().GetPayload()) != "false" {
		t.Fatalf("invoke after init: %v", resp.GetResponse())
	}
}

func TestPrivateDataGoesToTransientStore(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	member := policy.SignedByMspMember("Org2MSP")
	f.ch.defs["pvtcc"] = &lifecycle.Definition{Name: "pvtcc", Version: "1", Sequence: 1, Collections: &pb.CollectionConfigPackage{
		Config: []*pb.CollectionConfig{{Payload: &pb.CollectionConfig_StaticCollectionConfig{StaticCollectionConfig: &pb.StaticCollectionConfig{
			Name: "org2only", MemberOrgsPolicy: &pb.CollectionPolicyConfig{Payload: &pb.CollectionPolicyConfig_SignaturePolicy{SignaturePolicy: member}},
			MemberOnlyWrite: true,
		}}}},
	}}
	sp, txid := f.proposal(f.user1, testChannel, "pvtcc", "putpvt", "_implicit_org_Org1MSP", "k", "secret")
	resp, err := f.endorser.ProcessProposal(ctx, sp)
	if err != nil || resp.GetResponse().GetStatus() != 200 {
		t.Fatalf("implicit collection write: %v %v", resp, err)
	}
	pd, ok := f.pvt.Get(txid)
	if !ok || pd.RWSet == nil || pd.Channel != testChannel || pd.EndorsedAt != 1 {
		t.Fatalf("transient store entry %v", pd)
	}
	if bytes.Contains(resp.GetPayload(), []byte("secret")) {
		t.Fatal("private value leaked into the proposal response payload")
	}
	// Org1's client is not a member of org2only, which is member-only-write.
	sp, txid = f.proposal(f.user1, testChannel, "pvtcc", "putpvt", "org2only", "k", "v")
	resp, _ = f.endorser.ProcessProposal(ctx, sp)
	if resp.GetResponse().GetStatus() != 500 || !strings.Contains(resp.GetResponse().GetMessage(), "access") {
		t.Fatalf("non-member write: %v", resp.GetResponse())
	}
	if _, ok := f.pvt.Get(txid); ok {
		t.Fatal("rejected private write reached the transient store")
	}
	// Org2's client is a member.
	sp, _ = f.proposal(f.user2, testChannel, "pvtcc", "putpvt", "org2only", "k", "v")
	if resp, _ = f.endorser.ProcessProposal(ctx, sp); resp.GetResponse().GetStatus() != 200 {
		t.Fatalf("member write: %v", resp.GetResponse())
	}
	sp, _ = f.proposal(f.user1, testChannel, "pvtcc", "putpvt", "nosuchcoll", "k", "v")
	if resp, _ = f.endorser.ProcessProposal(ctx, sp); resp.GetResponse().GetStatus() != 500 {
		t.Fatalf("unknown collection: %v", resp.GetResponse())
	}
}

func TestSystemChaincodeDispatch(t *testing.T) {
	lc := &lifecycleFake{}
	f := newFixture(t, WithSystemChaincode(lifecycle.Namespace, lc))
	// An Org1 peer identity is no Writer, but the system chaincode applies
	// its own ACLs, so peer/Propose does not apply.
	sp, _ := f.proposal(f.peer1, testChannel, lifecycle.Namespace, "def")
	resp, err := f.endorser.ProcessProposal(context.Background(), sp)
	if err != nil || resp.GetResponse().GetStatus() != 200 || resp.GetEndorsement() == nil {
		t.Fatalf("_lifecycle: %v %v", resp, err)
	}
	if lc.calls.Load() != 1 || f.exec.calls.Load() != 0 {
		t.Fatalf("dispatch: system %d, shim %d", lc.calls.Load(), f.exec.calls.Load())
	}
	act := chaincodeAction(t, resp)
	if act.GetChaincodeId().GetVersion() != SystemChaincodeVersion {
		t.Fatalf("version %q", act.GetChaincodeId().GetVersion())
	}
	if kv := nsRWSet(t, act, lifecycle.Namespace); len(kv.GetWrites()) != 1 || kv.GetWrites()[0].GetKey() != "approved/Org1MSP" {
		t.Fatalf("rwset %v", kv)
	}
}

func TestEvaluateDoesNotSign(t *testing.T) {
	f := newFixture(t)
	sp, txid := f.proposal(f.user1, testChannel, "pvtcc", "putpvt", "_implicit_org_Org1MSP", "k", "v")
	f.ch.defs["pvtcc"] = &lifecycle.Definition{Name: "pvtcc", Version: "1", Sequence: 1}
	resp, err := f.endorser.Evaluate(context.Background(), sp)
	if err != nil || resp.GetResponse().GetStatus() != 200 || resp.GetEndorsement() != nil || resp.GetPayload() == nil {
		t.Fatalf("evaluate: %v %v", resp, err)
	}
	if _, ok := f.pvt.Get(txid); ok {
		t.Fatal("evaluation kept private data")
	}
	// Same checks as ProcessProposal: a foreign creator is refused.
	bad, _ := f.proposal(f.foreign, testChannel, "basic", "get", "k")
	if resp, err := f.endorser.Evaluate(context.Background(), bad); err == nil || resp.GetResponse().GetStatus() != 500 {
		t.Fatalf("foreign evaluate: %v %v", resp, err)
	}
}

func TestPrivateDataWithoutHandlerFails(t *testing.T) {
	f := newFixture(t, WithPrivateDataHandler(nil))
	f.ch.defs["pvtcc"] = &lifecycle.Definition{Name: "pvtcc", Version: "1", Sequence: 1}
	sp, _ := f.proposal(f.user1, testChannel, "pvtcc", "putpvt", "_implicit_org_Org1MSP", "k", "v")
	resp, _ := f.endorser.ProcessProposal(context.Background(), sp)
	if resp.GetResponse().GetStatus() != 500 || resp.GetEndorsement() != nil || !strings.Contains(resp.GetResponse().GetMessage(), "no private data handler") {
		t.Fatalf("private write without a handler: %v", resp.GetResponse())
	}
	// The fakes' channel is no PrivateDataChannel: the default handler says so.
	f = newFixture(t, WithPrivateDataHandler(channelHandler{nil}))
	f.endorser.pvt = channelHandler{f.backend}
	f.ch.defs["pvtcc"] = &lifecycle.Definition{Name: "pvtcc", Version: "1", Sequence: 1}
	sp, _ = f.proposal(f.user1, testChannel, "pvtcc", "putpvt", "_implicit_org_Org1MSP", "k", "v")
	if resp, _ = f.endorser.ProcessProposal(context.Background(), sp); resp.GetResponse().GetStatus() != 500 || !strings.Contains(resp.GetResponse().GetMessage(), "no private data store") {
		t.Fatalf("private write on a channel without a store: %v", resp.GetResponse())
	}
}

func TestMetricsCountProposals(t *testing.T) {
	m := NewMetrics(prometheus.NewRegistry())
	f := newFixture(t, WithMetrics(m))
	ctx := context.Background()
	sp, _ := f.proposal(f.user1, testChannel, "basic", "put", "k", "v")
	if _, err := f.endorser.ProcessProposal(ctx, sp); err != nil {
		t.Fatal(err)
	}
	bad, _ := f.proposal(f.foreign, testChannel, "random-name-1", "put", "k", "v")
	_, _ = f.endorser.ProcessProposal(ctx, bad)
	if got := testutil.ToFloat64(m.Proposals.WithLabelValues(testChannel, "basic", "200")); got != 1 {
		t.Fatalf("ok proposals %v", got)
	}
	// A refused proposal is counted without its (unauthenticated) chaincode name.
	if got := testutil.ToFloat64(m.Proposals.WithLabelValues(testChannel, "", "500")); got != 1 {
		t.Fatalf("refused proposals %v", got)
	}
	if n := testutil.CollectAndCount(m.Proposals); n != 2 {
		t.Fatalf("%d label sets", n)
	}
}

func TestRecordsOwnEndorsements(t *testing.T) {
	own := validation.NewOwnEndorsements(0)
	f := newFixture(t, WithOwnEndorsements(own))
	sp, _ := f.proposal(f.user1, testChannel, "basic", "put", "k1", "v1")
	resp, err := f.endorser.ProcessProposal(context.Background(), sp)
	if err != nil || resp.GetEndorsement() == nil {
		t.Fatalf("ProcessProposal: %v %v", resp, err)
	}
	e := resp.GetEndorsement()
	if !own.Endorsed(e.GetEndorser(), resp.GetPayload(), e.GetSignature()) {
		t.Fatal("the endorsement this peer signed was not recorded")
	}
	if own.Endorsed(e.GetEndorser(), append([]byte("x"), resp.GetPayload()...), e.GetSignature()) {
		t.Fatal("a different payload was recognised as our own endorsement")
	}
	// A refused proposal records nothing.
	n := own.Len()
	bad, _ := f.proposal(f.user1, "nochannel", "basic", "put", "k2", "v2")
	if _, _ = f.endorser.ProcessProposal(context.Background(), bad); own.Len() != n {
		t.Fatal("a refused proposal was recorded")
	}
}

func TestUnpackedPathsMatchSignedProposalPaths(t *testing.T) {
	f := newFixture(t)
	f.ch.defs["pvtcc"] = &lifecycle.Definition{Name: "pvtcc", Version: "1", Sequence: 1}
	sp, _ := f.proposal(f.user1, testChannel, "pvtcc", "putpvt", "_implicit_org_Org1MSP", "k", "v")
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		t.Fatal(err)
	}
	full, err := f.endorser.Evaluate(context.Background(), sp)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.endorser.EvaluateUnpacked(context.Background(), up)
	if err != nil || res.GetPayload() != nil || res.GetEndorsement() != nil {
		t.Fatalf("EvaluateUnpacked: payload %d bytes, endorsement %v, err %v", len(res.GetPayload()), res.GetEndorsement(), err)
	}
	if !proto.Equal(res.GetResponse(), full.GetResponse()) {
		t.Fatalf("EvaluateUnpacked response %v, Evaluate response %v", res.GetResponse(), full.GetResponse())
	}
	end, err := f.endorser.EndorseUnpacked(context.Background(), up)
	if err != nil || end.GetEndorsement() == nil || end.GetResponse().GetStatus() != 200 {
		t.Fatalf("EndorseUnpacked: %v %v", end, err)
	}
	if string(end.GetPayload()) != string(full.GetPayload()) {
		t.Fatal("EndorseUnpacked payload differs from Evaluate's")
	}
	// A chaincode error is the chaincode's answer, not a peer failure: like
	// Evaluate's, the response keeps its payload.
	fsp, _ := f.proposal(f.user1, testChannel, "basic", "status", "500")
	fup, err := protoutil.UnpackProposal(fsp)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := f.endorser.Evaluate(context.Background(), fsp)
	got, err := f.endorser.EvaluateUnpacked(context.Background(), fup)
	if err != nil || got.GetResponse().GetStatus() != 500 || got.GetPayload() == nil || string(got.GetPayload()) != string(want.GetPayload()) {
		t.Fatalf("chaincode error through EvaluateUnpacked: %v %v, want Evaluate's %v", got, err, want)
	}
	// The unpacked paths run the same checks: a foreign creator is refused.
	bad, _ := f.proposal(f.foreign, testChannel, "basic", "get", "k")
	badUp, err := protoutil.UnpackProposal(bad)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := f.endorser.EvaluateUnpacked(context.Background(), badUp); err == nil || resp.GetResponse().GetStatus() != 500 {
		t.Fatalf("foreign EvaluateUnpacked: %v %v", resp, err)
	}
	if resp, err := f.endorser.EndorseUnpacked(context.Background(), badUp); err == nil || resp.GetEndorsement() != nil {
		t.Fatalf("foreign EndorseUnpacked: %v %v", resp, err)
	}
}
