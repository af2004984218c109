package protoutil

import (
	"bytes"
	"errors"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

var ccid = &peer.ChaincodeID{Name: "royalties", Version: "1.0"}

func results(t *testing.T, v string) []byte {
	t.Helper()
	return MarshalOrPanic(&rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV, NsRwset: []*rwset.NsReadWriteSet{{Namespace: "royalties", Rwset: []byte(v)}}})
}

func endorse(t *testing.T, up *UnpackedProposal, res []byte, s *testSigner) *peer.ProposalResponse {
	t.Helper()
	pr, err := CreateProposalResponse(up, res, &peer.ChaincodeEvent{EventName: "Reported", Payload: []byte("p")}, &peer.Response{Status: 200, Payload: []byte("ok")}, ccid, s)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

func TestEndorseAssembleSignParseRoundTrip(t *testing.T) {
	client := newTestSigner(t, "Org1MSP")
	p1, p2 := newTestSigner(t, "Org1MSP"), newTestSigner(t, "Org2MSP")
	up, txID := newProposal(t, client)
	res := results(t, "rw")
	r1, r2 := endorse(t, up, res, p1), endorse(t, up, res, p2)
	if r1.Version != 1 || !bytes.Equal(r1.Payload, r2.Payload) {
		t.Fatal("endorsers built different payloads for the same simulation")
	}
	if err := verify(EndorsementSignedData(r1.Payload, r1.Endorsement), p1); err != nil {
		t.Fatalf("endorsement signature over prp‖endorser: %v", err)
	}
	env, err := CreateEnvelope(up, r1, r2, r1) // duplicate r1 must be dropped
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Signature) != 0 {
		t.Fatal("CreateEnvelope must not sign")
	}
	if err := SignEnvelope(env, client); err != nil {
		t.Fatal(err)
	}
	raw := MarshalOrPanic(env)
	if bytes.Contains(raw, secret) {
		t.Fatal("transient data reached the transaction envelope")
	}
	if !IsCanonicalEnvelope(raw) {
		t.Fatal("our own envelope is not canonical")
	}
	ue, err := UnpackEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	if err := ue.CheckCommonHeader(); err != nil {
		t.Fatal(err)
	}
	if ue.ChannelHeader.TxId != txID || CheckTxID(ue.ChannelHeader.TxId, ue.SignatureHeader.Nonce, ue.SignatureHeader.Creator) != nil {
		t.Fatal("txid not preserved")
	}
	if !bytes.Equal(ue.Payload.Header.ChannelHeader, up.Header.ChannelHeader) || !bytes.Equal(ue.Payload.Header.SignatureHeader, up.Header.SignatureHeader) {
		t.Fatal("envelope header bytes differ from the proposal's")
	}
	sds, err := EnvelopeAsSignedData(env)
	if err != nil || len(sds) != 1 {
		t.Fatalf("signed data: %v", err)
	}
	if err := verify(sds[0], client); err != nil {
		t.Fatalf("creator signature: %v", err)
	}
	et, err := UnpackEndorserTransaction(ue)
	if err != nil {
		t.Fatal(err)
	}
	if et.HeaderExtension.ChaincodeId.Name != "royalties" || !proto.Equal(et.ChaincodeAction.ChaincodeId, ccid) {
		t.Fatal("chaincode ids")
	}
	if !bytes.Equal(et.ChaincodeAction.Results, res) || string(et.ChaincodeAction.Response.Payload) != "ok" {
		t.Fatal("results/response lost")
	}
	ev, err := UnmarshalChaincodeEvent(et.ChaincodeAction.Events)
	if err != nil || ev.ChaincodeId != "royalties" || ev.TxId != txID || ev.EventName != "Reported" {
		t.Fatalf("event not filled by the peer: %v %v", ev, err)
	}
	if !bytes.Equal(et.ActionPayload.ChaincodeProposalPayload, up.ProposalPayloadNoTransient) {
		t.Fatal("envelope does not carry cppNoTransient")
	}
	es := et.EndorsementsAsSignedData()
	if len(es) != 2 {
		t.Fatalf("%d endorsements, want 2 (de-duplicated)", len(es))
	}
	for i, sd := range es {
		if err := verify(sd, p1, p2); err != nil {
			t.Fatalf("endorsement %d: %v", i, err)
		}
	}
}

func TestCreateEnvelopeRejects(t *testing.T) {
	client, p1, p2 := newTestSigner(t, "Org1MSP"), newTestSigner(t, "Org1MSP"), newTestSigner(t, "Org2MSP")
	up, _ := newProposal(t, client)
	other, _ := newProposal(t, client)
	good := endorse(t, up, results(t, "a"), p1)
	t.Run("mismatched payloads", func(t *testing.T) {
		_, err := CreateEnvelope(up, good, endorse(t, up, results(t, "b"), p2))
		if !errors.Is(err, ErrPayloadMismatch) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("response for another proposal", func(t *testing.T) {
		_, err := CreateEnvelope(up, endorse(t, other, results(t, "a"), p1))
		if !errors.Is(err, ErrProposalHashMismatch) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("no responses", func(t *testing.T) {
		if _, err := CreateEnvelope(up); err == nil {
			t.Fatal("accepted")
		}
	})
	t.Run("unendorsed 500", func(t *testing.T) {
		r, err := UnendorsedProposalResponse(up, nil, nil, &peer.Response{Status: 500, Message: "boom"}, ccid)
		if err != nil || r.Endorsement != nil || len(r.Payload) == 0 {
			t.Fatalf("500 response: %v %v", r, err)
		}
		if _, err := CreateEnvelope(up, r); err == nil {
			t.Fatal("status 500 response accepted")
		}
	})
	t.Run("status 4xx not endorsed", func(t *testing.T) {
		if _, err := CreateProposalResponse(up, nil, nil, &peer.Response{Status: 404}, ccid, p1); err == nil {
			t.Fatal("endorsed status 404")
		}
		r, err := UnendorsedProposalResponse(up, nil, nil, &peer.Response{Status: 404}, ccid)
		if err != nil || r.Payload != nil || r.Endorsement != nil {
			t.Fatalf("4xx must carry the response only: %v %v", r, err)
		}
	})
	t.Run("sign by non-creator", func(t *testing.T) {
		env, err := CreateEnvelope(up, good)
		if err != nil {
			t.Fatal(err)
		}
		if err := SignEnvelope(env, p1); err == nil || env.Signature != nil {
			t.Fatal("non-creator signed the envelope")
		}
	})
}

func buildTx(t *testing.T, mutate func(tx *peer.Transaction, cap *peer.ChaincodeActionPayload)) *UnpackedEnvelope {
	t.Helper()
	client, p1 := newTestSigner(t, "Org1MSP"), newTestSigner(t, "Org1MSP")
	up, _ := newProposal(t, client)
	env, err := CreateEnvelope(up, endorse(t, up, results(t, "a"), p1))
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := UnmarshalPayload(env)
	tx, _ := UnmarshalTransaction(payload.Data)
	cap, _ := UnmarshalChaincodeActionPayload(tx.Actions[0].Payload)
	mutate(tx, cap)
	tx.Actions[0].Payload = MarshalOrPanic(cap)
	payload.Data = MarshalOrPanic(tx)
	env.Payload = MarshalOrPanic(payload)
	ue, err := UnpackEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	return ue
}

func TestUnpackEndorserTransactionRejects(t *testing.T) {
	cases := map[string]struct {
		mutate func(*peer.Transaction, *peer.ChaincodeActionPayload)
		want   error
	}{
		"transient smuggled into cpp": {func(_ *peer.Transaction, c *peer.ChaincodeActionPayload) {
			cpp, _ := UnmarshalChaincodeProposalPayload(c.ChaincodeProposalPayload)
			cpp.TransientMap = map[string][]byte{"price": secret}
			c.ChaincodeProposalPayload = MarshalOrPanic(cpp)
		}, ErrProposalHashMismatch},
		"different action header": {func(tx *peer.Transaction, _ *peer.ChaincodeActionPayload) {
			tx.Actions[0].Header = MarshalOrPanic(&common.SignatureHeader{Creator: []byte("x"), Nonce: []byte("n")})
		}, ErrProposalHashMismatch},
		"two actions": {func(tx *peer.Transaction, _ *peer.ChaincodeActionPayload) {
			tx.Actions = append(tx.Actions, tx.Actions[0])
		}, nil},
		"action header without nonce": {func(tx *peer.Transaction, _ *peer.ChaincodeActionPayload) {
			tx.Actions[0].Header = MarshalOrPanic(&common.SignatureHeader{Creator: []byte("x")})
		}, ErrMissingField},
		"no endorsed action": {func(_ *peer.Transaction, c *peer.ChaincodeActionPayload) { c.Action = nil }, ErrMissingField},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := UnpackEndorserTransaction(buildTx(t, tc.mutate))
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	ue := buildTx(t, func(*peer.Transaction, *peer.ChaincodeActionPayload) {})
	ue.ChannelHeader.Type = int32(common.HeaderType_CONFIG)
	if _, err := UnpackEndorserTransaction(ue); !errors.Is(err, ErrUnsupportedType) {
		t.Fatalf("config type accepted as endorser tx: %v", err)
	}
}

func TestCreateSignedEnvelopeDeliver(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	seek := &orderer.SeekInfo{
		Start: &orderer.SeekPosition{Type: &orderer.SeekPosition_Specified{Specified: &orderer.SeekSpecified{Number: 5}}},
		Stop:  &orderer.SeekPosition{Type: &orderer.SeekPosition_Specified{Specified: &orderer.SeekSpecified{Number: ^uint64(0)}}},
	}
	tlsHash := []byte("0123456789abcdef0123456789abcdef")
	env, err := CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, "mychannel", s, seek, WithTLSCertHash(tlsHash))
	if err != nil {
		t.Fatal(err)
	}
	ue, err := UnpackEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	if common.HeaderType(ue.ChannelHeader.Type) != common.HeaderType_DELIVER_SEEK_INFO || ue.ChannelHeader.ChannelId != "mychannel" ||
		!bytes.Equal(ue.ChannelHeader.TlsCertHash, tlsHash) || ue.ChannelHeader.Timestamp == nil {
		t.Fatalf("channel header %v", ue.ChannelHeader)
	}
	if CheckTxID(ue.ChannelHeader.TxId, ue.SignatureHeader.Nonce, ue.SignatureHeader.Creator) != nil {
		t.Fatal("txid")
	}
	got, err := UnmarshalSeekInfo(ue.Payload.Data)
	if err != nil || !proto.Equal(got, seek) {
		t.Fatalf("seek info round trip: %v", err)
	}
	if err := verify(ue.SignedData(), s); err != nil {
		t.Fatal(err)
	}
	env.Payload[len(env.Payload)-1] ^= 1
	sds, err := EnvelopeAsSignedData(env)
	if err == nil && verify(sds[0], s) == nil {
		t.Fatal("tampered payload verified")
	}
	if _, err := EnvelopeAsSignedData(nil); err == nil {
		t.Fatal("nil envelope accepted")
	}
}

func TestConfigUpdateEnvelopeAsSignedData(t *testing.T) {
	a, b := newTestSigner(t, "Org1MSP"), newTestSigner(t, "Org2MSP")
	update := MarshalOrPanic(&common.ConfigUpdate{ChannelId: "mychannel"})
	cue := &common.ConfigUpdateEnvelope{ConfigUpdate: update}
	for _, s := range []*testSigner{a, b} {
		sh := MarshalOrPanic(&common.SignatureHeader{Creator: s.Serialize(), Nonce: []byte("n")})
		sig, _ := s.Sign(concat(sh, update))
		cue.Signatures = append(cue.Signatures, &common.ConfigSignature{SignatureHeader: sh, Signature: sig})
	}
	sds, err := ConfigUpdateEnvelopeAsSignedData(cue)
	if err != nil || len(sds) != 2 {
		t.Fatalf("%v", err)
	}
	for _, sd := range sds {
		if err := verify(sd, a, b); err != nil {
			t.Fatal(err)
		}
	}
	cue.Signatures[0].SignatureHeader = []byte{0xff}
	if _, err := ConfigUpdateEnvelopeAsSignedData(cue); err == nil {
		t.Fatal("bad signature header accepted")
	}
}

func TestIsCanonicalEnvelope(t *testing.T) {
	good := MarshalOrPanic(&common.Envelope{Payload: []byte("payload"), Signature: []byte("sig")})
	if !IsCanonicalEnvelope(good) {
		t.Fatal("canonical envelope rejected")
	}
	var reordered []byte
	reordered = protowire.AppendTag(reordered, 2, protowire.BytesType)
	reordered = protowire.AppendBytes(reordered, []byte("sig"))
	reordered = protowire.AppendTag(reordered, 1, protowire.BytesType)
	reordered = protowire.AppendBytes(reordered, []byte("payload"))
	unknown := protowire.AppendTag(append([]byte{}, good...), 9, protowire.VarintType)
	unknown = protowire.AppendVarint(unknown, 1)
	repeated := protowire.AppendTag(append([]byte{}, good...), 2, protowire.BytesType)
	repeated = protowire.AppendBytes(repeated, []byte("sig2"))
	emptyField := protowire.AppendTag(nil, 1, protowire.BytesType)
	emptyField = protowire.AppendBytes(emptyField, nil)
	for name, raw := range map[string][]byte{
		"trailing garbage": append(append([]byte{}, good...), 0xff),
		"reordered":        reordered,
		"unknown field":    unknown,
		"repeated field":   repeated,
		"explicit empty":   emptyField,
		"truncated":        good[:len(good)-1],
	} {
		if IsCanonicalEnvelope(raw) {
			t.Errorf("%s: accepted as canonical", name)
		}
	}
}

func TestCheckCommonHeaderRejects(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	for name, tc := range map[string]struct {
		typ  common.HeaderType
		opts []EnvelopeOption
		ok   bool
	}{
		"endorser tx":   {common.HeaderType_ENDORSER_TRANSACTION, nil, true},
		"config":        {common.HeaderType_CONFIG, nil, true},
		"config update": {common.HeaderType_CONFIG_UPDATE, nil, true},
		"deliver":       {common.HeaderType_DELIVER_SEEK_INFO, nil, false},
		"message":       {common.HeaderType_MESSAGE, nil, false},
		"epoch 1":       {common.HeaderType_ENDORSER_TRANSACTION, []EnvelopeOption{WithEpoch(1)}, false},
	} {
		env, err := CreateSignedEnvelope(tc.typ, "mychannel", s, nil, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		ue, err := UnpackEnvelope(env)
		if err != nil {
			t.Fatal(err)
		}
		if err := ue.CheckCommonHeader(); (err == nil) != tc.ok {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Empty nonce / creator.
	payload := MarshalOrPanic(&common.Payload{Header: &common.Header{
		ChannelHeader:   MarshalOrPanic(&common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION)}),
		SignatureHeader: MarshalOrPanic(&common.SignatureHeader{Creator: []byte("c")}),
	}})
	ue, err := UnpackEnvelope(&common.Envelope{Payload: payload})
	if err != nil {
		t.Fatal(err)
	}
	if err := ue.CheckCommonHeader(); !errors.Is(err, ErrMissingField) {
		t.Fatalf("empty nonce: %v", err)
	}
	for name, env := range map[string]*common.Envelope{
		"nil":                nil,
		"garbage payload":    {Payload: []byte{0xff}},
		"no header":          {Payload: MarshalOrPanic(&common.Payload{Data: []byte("d")})},
		"bad channel header": {Payload: MarshalOrPanic(&common.Payload{Header: &common.Header{ChannelHeader: []byte{0xff}}})},
	} {
		if _, err := UnpackEnvelope(env); err == nil {
			t.Errorf("%s: unpacked", name)
		}
	}
}

func TestSignerFailuresAreReported(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	bad := &failingSigner{*s}
	if _, err := CreateSignedEnvelope(common.HeaderType_CONFIG_UPDATE, "ch", bad, nil); err == nil {
		t.Error("CreateSignedEnvelope ignored a signer failure")
	}
	if _, err := CreateSignedEnvelope(common.HeaderType_CONFIG_UPDATE, "ch", nil, nil); err == nil {
		t.Error("nil signer accepted")
	}
	b := NewBlock(1, nil, nil)
	if err := SignBlock(b, bad, 0, nil); err == nil || b.Metadata.Metadata[0] != nil {
		t.Error("SignBlock ignored a signer failure or wrote metadata anyway")
	}
	up, _ := newProposal(t, s)
	if _, err := CreateProposalResponse(up, nil, nil, &peer.Response{Status: 200}, ccid, bad); err == nil {
		t.Error("CreateProposalResponse ignored a signer failure")
	}
	if _, err := CreateProposalResponse(up, nil, nil, nil, ccid, s); err == nil {
		t.Error("nil response accepted")
	}
	env, _ := CreateEnvelope(up, endorse(t, up, nil, s))
	if err := SignEnvelope(env, &failingSigner{*s}); err == nil || env.Signature != nil {
		t.Error("SignEnvelope ignored a signer failure")
	}
	r := ErrorProposalResponse(500, "channel '%s' not found", "x")
	if r.Response.Status != 500 || r.Response.Message != "channel 'x' not found" || r.Payload != nil || r.Endorsement != nil {
		t.Errorf("error response %v", r)
	}
}

func TestCreateEnvelopeFromHandBuiltProposal(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	up, _ := newProposal(t, s)
	want := up.ProposalPayloadNoTransient
	up.ProposalPayloadNoTransient = nil
	env, err := CreateEnvelope(up, endorse(t, up, nil, s))
	if err != nil {
		t.Fatal(err)
	}
	ue, _ := UnpackEnvelope(env)
	et, err := UnpackEndorserTransaction(ue)
	if err != nil || !bytes.Equal(et.ActionPayload.ChaincodeProposalPayload, want) {
		t.Fatalf("derived cppNoTransient differs: %v", err)
	}
}
