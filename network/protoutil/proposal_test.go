package protoutil

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

var secret = []byte("TRANSIENT-SECRET-7f3a")

func newProposal(t *testing.T, s *testSigner) (*UnpackedProposal, string) {
	t.Helper()
	sp, txID, err := CreateSignedProposal(s, "mychannel", "royalties", [][]byte{[]byte("Report:Usage"), []byte("42")}, map[string][]byte{"price": secret})
	if err != nil {
		t.Fatal(err)
	}
	up, err := UnpackProposal(sp)
	if err != nil {
		t.Fatal(err)
	}
	return up, txID
}

// resign replaces the proposal bytes after mutate and signs them again, so
// only the rule under test can fail.
func resign(t *testing.T, s *testSigner, up *UnpackedProposal, mutateCH func(*common.ChannelHeader), mutateSH func(*common.SignatureHeader)) *peer.SignedProposal {
	t.Helper()
	ch := proto.Clone(up.ChannelHeader).(*common.ChannelHeader)
	sh := proto.Clone(up.SignatureHeader).(*common.SignatureHeader)
	if mutateCH != nil {
		mutateCH(ch)
	}
	if mutateSH != nil {
		mutateSH(sh)
	}
	hdr := MarshalOrPanic(&common.Header{ChannelHeader: MarshalOrPanic(ch), SignatureHeader: MarshalOrPanic(sh)})
	sp, err := SignProposal(&peer.Proposal{Header: hdr, Payload: up.Proposal.Payload}, s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestCreateSignedProposalRoundTrip(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	up, txID := newProposal(t, s)
	if err := up.Validate(); err != nil {
		t.Fatalf("valid proposal rejected: %v", err)
	}
	if up.TxID() != txID || txID != ComputeTxID(up.SignatureHeader.Nonce, s.Serialize()) {
		t.Fatalf("txid %s does not match SHA-256(nonce‖creator)", txID)
	}
	if len(up.SignatureHeader.Nonce) != NonceSize {
		t.Fatalf("nonce length %d", len(up.SignatureHeader.Nonce))
	}
	if up.ChannelID() != "mychannel" || up.ChaincodeName != "royalties" {
		t.Fatalf("channel %q chaincode %q", up.ChannelID(), up.ChaincodeName)
	}
	if common.HeaderType(up.ChannelHeader.Type) != common.HeaderType_ENDORSER_TRANSACTION || up.ChannelHeader.Timestamp == nil {
		t.Fatal("channel header type/timestamp not as the gateway client builds it")
	}
	if got := up.Input.Args; len(got) != 2 || string(got[0]) != "Report:Usage" || string(got[1]) != "42" {
		t.Fatalf("args %q", got)
	}
	if !bytes.Equal(up.Transient["price"], secret) {
		t.Fatal("transient map lost")
	}
	if err := verify(up.SignedData(), s); err != nil {
		t.Fatalf("proposal signature: %v", err)
	}
	// The hash is over the received header bytes and the transient-free payload.
	cpp, _ := UnmarshalChaincodeProposalPayload(up.Proposal.Payload)
	noT := MarshalOrPanic(&peer.ChaincodeProposalPayload{Input: cpp.Input})
	want := sha256.Sum256(concat(up.Header.ChannelHeader, up.Header.SignatureHeader, noT))
	if !bytes.Equal(up.ProposalHash, want[:]) {
		t.Fatal("proposal hash is not SHA-256(channel_header ‖ signature_header ‖ cppNoTransient)")
	}
	if bytes.Contains(up.ProposalPayloadNoTransient, secret) {
		t.Fatal("transient data inside cppNoTransient")
	}
}

func TestProposalHashIgnoresTransient(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	up, _ := newProposal(t, s)
	cpp, _ := UnmarshalChaincodeProposalPayload(up.Proposal.Payload)
	cpp.TransientMap = map[string][]byte{"other": []byte("different secret")}
	p2 := &peer.Proposal{Header: up.Proposal.Header, Payload: MarshalOrPanic(cpp)}
	sp2, err := SignProposal(p2, s)
	if err != nil {
		t.Fatal(err)
	}
	up2, err := UnpackProposal(sp2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(up.ProposalHash, up2.ProposalHash) {
		t.Fatal("transient map changed the proposal hash")
	}
	// But a different input does change it.
	cpp.Input = append([]byte{}, cpp.Input...)
	cis, _ := UnmarshalChaincodeInvocationSpec(cpp.Input)
	cis.ChaincodeSpec.Input.Args[1] = []byte("43")
	cpp.Input = MarshalOrPanic(cis)
	sp3, _ := SignProposal(&peer.Proposal{Header: up.Proposal.Header, Payload: MarshalOrPanic(cpp)}, s)
	up3, err := UnpackProposal(sp3)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(up.ProposalHash, up3.ProposalHash) {
		t.Fatal("different args, same proposal hash")
	}
}

func TestProposalValidateRejects(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	up, _ := newProposal(t, s)
	cases := []struct {
		name    string
		ch      func(*common.ChannelHeader)
		sh      func(*common.SignatureHeader)
		wantErr error
	}{
		{"wrong txid", func(c *common.ChannelHeader) { c.TxId = ComputeTxID([]byte("other"), s.Serialize()) }, nil, ErrTxIDMismatch},
		{"uppercase txid", func(c *common.ChannelHeader) { c.TxId = strings.ToUpper(c.TxId) }, nil, ErrTxIDMismatch},
		{"empty nonce", nil, func(h *common.SignatureHeader) { h.Nonce = nil }, ErrMissingField},
		{"empty creator", nil, func(h *common.SignatureHeader) { h.Creator = nil }, ErrMissingField},
		{"bad type", func(c *common.ChannelHeader) { c.Type = int32(common.HeaderType_DELIVER_SEEK_INFO) }, nil, ErrUnsupportedType},
		{"epoch", func(c *common.ChannelHeader) { c.Epoch = 1 }, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad, err := UnpackProposal(resign(t, s, up, tc.ch, tc.sh))
			if err != nil {
				t.Fatalf("unpack: %v", err)
			}
			err = bad.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
		})
	}
	t.Run("empty signature", func(t *testing.T) {
		sp := proto.Clone(up.SignedProposal).(*peer.SignedProposal)
		sp.Signature = nil
		bad, err := UnpackProposal(sp)
		if err != nil {
			t.Fatal(err)
		}
		if err := bad.Validate(); !errors.Is(err, ErrMissingField) {
			t.Fatalf("empty signature: %v", err)
		}
	})
	t.Run("tampered bytes fail signature", func(t *testing.T) {
		sp := proto.Clone(up.SignedProposal).(*peer.SignedProposal)
		other, _ := newProposal(t, s)
		sp.ProposalBytes = other.SignedProposal.ProposalBytes
		bad, _ := UnpackProposal(sp)
		if verify(bad.SignedData(), s) == nil {
			t.Fatal("signature verified over different proposal bytes")
		}
	})
}

func TestUnpackProposalRejectsMalformed(t *testing.T) {
	s := newTestSigner(t, "Org1MSP")
	up, _ := newProposal(t, s)
	noName := resign(t, s, up, func(c *common.ChannelHeader) {
		c.Extension = MarshalOrPanic(&peer.ChaincodeHeaderExtension{ChaincodeId: &peer.ChaincodeID{}})
	}, nil)
	noInputPayload := MarshalOrPanic(&peer.ChaincodeProposalPayload{Input: MarshalOrPanic(&peer.ChaincodeInvocationSpec{ChaincodeSpec: &peer.ChaincodeSpec{}})})
	noInput, _ := SignProposal(&peer.Proposal{Header: up.Proposal.Header, Payload: noInputPayload}, s)
	cases := map[string]*peer.SignedProposal{
		"nil":               nil,
		"garbage bytes":     {ProposalBytes: []byte{0xff, 0xff, 0xff}},
		"empty header":      {ProposalBytes: MarshalOrPanic(&peer.Proposal{Payload: up.Proposal.Payload})},
		"no chaincode name": noName,
		"no input":          noInput,
		"payload garbage":   {ProposalBytes: MarshalOrPanic(&peer.Proposal{Header: up.Proposal.Header, Payload: []byte{0x0a, 0x05, 1}})},
	}
	for name, sp := range cases {
		if _, err := UnpackProposal(sp); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, _, err := CreateSignedProposal(s, "", "cc", nil, nil); err == nil {
		t.Error("empty channel accepted")
	}
	if _, _, err := CreateSignedProposal(&failingSigner{*s}, "ch", "cc", nil, nil); err == nil {
		t.Error("signer failure not reported")
	}
}
