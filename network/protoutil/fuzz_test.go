package protoutil

import (
	"bytes"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// FuzzUnpackProposal: never panics; a proposal that unpacks has the hash
// Fabric's rule gives; Validate never passes a wrong txid; and the client
// signature only ever verifies over the exact bytes that were signed.
func FuzzUnpackProposal(f *testing.F) {
	s := newTestSigner(f, "Org1MSP")
	sp, _, err := CreateSignedProposal(s, "mychannel", "cc", [][]byte{[]byte("fn"), []byte("a")}, map[string][]byte{"k": []byte("v")})
	if err != nil {
		f.Fatal(err)
	}
	orig := sp.ProposalBytes
	f.Add(sp.ProposalBytes, sp.Signature)
	f.Add([]byte{}, []byte{})
	f.Add(MarshalOrPanic(&peer.Proposal{Header: []byte{0x0a, 0x00}}), []byte{1})
	f.Fuzz(func(t *testing.T, pb, sig []byte) {
		up, err := UnpackProposal(&peer.SignedProposal{ProposalBytes: pb, Signature: sig})
		if err != nil {
			return
		}
		if up.ChaincodeName == "" || up.Input == nil {
			t.Fatal("unpacked proposal without chaincode name or input")
		}
		if !bytes.Equal(up.ProposalHash, ProposalHash(up.Header.ChannelHeader, up.Header.SignatureHeader, up.ProposalPayloadNoTransient)) {
			t.Fatal("proposal hash rule")
		}
		if up.Validate() == nil && up.TxID() != ComputeTxID(up.SignatureHeader.Nonce, up.SignatureHeader.Creator) {
			t.Fatal("Validate accepted a wrong txid")
		}
		if verify(up.SignedData(), s) == nil && !bytes.Equal(pb, orig) {
			t.Fatal("signature verified over modified proposal bytes")
		}
	})
}

// FuzzEnvelopeParse: never panics; canonical means re-marshal-identical; an
// endorser transaction that unpacks satisfies the proposal-hash binding; the
// creator signature only verifies over the original payload.
func FuzzEnvelopeParse(f *testing.F) {
	client, p1 := newTestSigner(f, "Org1MSP"), newTestSigner(f, "Org2MSP")
	sp, _, _ := CreateSignedProposal(client, "mychannel", "cc", [][]byte{[]byte("fn")}, nil)
	up, _ := UnpackProposal(sp)
	pr, err := CreateProposalResponse(up, []byte("rw"), nil, &peer.Response{Status: 200}, &peer.ChaincodeID{Name: "cc", Version: "1"}, p1)
	if err != nil {
		f.Fatal(err)
	}
	env, _ := CreateEnvelope(up, pr)
	if err := SignEnvelope(env, client); err != nil {
		f.Fatal(err)
	}
	origPayload := env.Payload
	f.Add(MarshalOrPanic(env))
	f.Add([]byte{0x0a, 0x00, 0x12, 0x00})
	f.Fuzz(func(t *testing.T, raw []byte) {
		canonical := IsCanonicalEnvelope(raw)
		e, err := UnmarshalEnvelope(raw)
		if err != nil {
			if canonical {
				t.Fatal("unparseable bytes called canonical")
			}
			return
		}
		if canonical && !bytes.Equal(MarshalOrPanic(e), raw) {
			t.Fatal("canonical but re-marshal differs")
		}
		ue, err := UnpackEnvelope(e)
		if err != nil {
			return
		}
		_ = ue.CheckCommonHeader()
		if verify(ue.SignedData(), client) == nil && !bytes.Equal(e.Payload, origPayload) {
			t.Fatal("creator signature verified over a modified payload")
		}
		if common.HeaderType(ue.ChannelHeader.Type) != common.HeaderType_ENDORSER_TRANSACTION {
			return
		}
		et, err := UnpackEndorserTransaction(ue)
		if err != nil {
			return
		}
		want := ProposalHash(ue.Payload.Header.ChannelHeader, et.Transaction.Actions[0].Header, et.ActionPayload.ChaincodeProposalPayload)
		if !bytes.Equal(et.ResponsePayload.ProposalHash, want) || len(et.Transaction.Actions) != 1 {
			t.Fatal("unpacked an unbound endorser transaction")
		}
		for _, sd := range et.EndorsementsAsSignedData() {
			if verify(sd, p1) == nil && !bytes.Equal(sd.Data, concat(pr.Payload, pr.Endorsement.Endorser)) {
				t.Fatal("endorsement verified over other data")
			}
		}
	})
}

// FuzzBlockParse: never panics on any block bytes; the orderer signature only
// verifies for the exact header and metadata value that were signed.
func FuzzBlockParse(f *testing.F) {
	ord := newTestSigner(f, "OrdererMSP")
	b := NewBlock(3, []byte("prev"), signedTxBytes(f))
	if err := SignBlock(b, ord, 1, []byte("cm")); err != nil {
		f.Fatal(err)
	}
	origHeader := BlockHeaderBytes(b.Header)
	g, _ := GenesisBlock("mychannel", &common.Config{ChannelGroup: &common.ConfigGroup{}})
	f.Add(MarshalOrPanic(b))
	f.Add(MarshalOrPanic(g))
	f.Add([]byte{})
	small := NewBlock(1, nil, [][]byte{MarshalOrPanic(&common.Envelope{Payload: []byte{0x0a, 0x00}, Signature: []byte{1}})})
	small.Metadata.Metadata[0] = MarshalOrPanic(&common.Metadata{Value: []byte{0x0a, 0x02, 0x08, 0x01}, Signatures: []*common.MetadataSignature{{SignatureHeader: []byte{0x0a, 0x00}, Signature: []byte{2}}}})
	f.Add(MarshalOrPanic(small))
	f.Fuzz(func(t *testing.T, raw []byte) {
		blk, err := UnmarshalBlock(raw)
		if err != nil {
			return
		}
		_, _ = ChannelID(blk)
		_, _ = LastConfigIndex(blk)
		_ = IsConfigBlock(blk)
		_, _ = ConfigFromBlock(blk)
		_ = TxValidationFlags(blk)
		_ = VerifyTransactionsWellFormed(blk)
		if VerifyDataHash(blk) == nil && !bytes.Equal(blk.Header.DataHash, BlockDataHash(blk.Data)) {
			t.Fatal("data hash check")
		}
		set, err := BlockSignatureSet(blk)
		if err != nil {
			return
		}
		for _, sd := range set {
			if verify(sd, ord) == nil && !bytes.HasSuffix(sd.Data, origHeader) {
				t.Fatal("block signature verified for a different header")
			}
		}
	})
}
