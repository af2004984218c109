package protoutil

import (
	"bytes"
	"errors"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

func signedTxBytes(t testing.TB) [][]byte {
	t.Helper()
	s := newTestSigner(t, "Org1MSP")
	var out [][]byte
	for i := 0; i < 3; i++ {
		env, err := CreateSignedEnvelope(common.HeaderType_ENDORSER_TRANSACTION, "mychannel", s, &peer.Transaction{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, MarshalOrPanic(env))
	}
	return out
}

func TestSignBlockSignatureSet(t *testing.T) {
	ord := newTestSigner(t, "OrdererMSP")
	prev := []byte("previous-header-hash")
	b := NewBlock(7, prev, signedTxBytes(t))
	if len(b.Metadata.Metadata) != MetadataCount || VerifyDataHash(b) != nil {
		t.Fatal("new block malformed")
	}
	if err := SignBlock(b, ord, 3, []byte("raft-metadata")); err != nil {
		t.Fatal(err)
	}
	// The block survives a wire round trip.
	b2, err := UnmarshalBlock(MarshalOrPanic(b))
	if err != nil || !proto.Equal(b, b2) {
		t.Fatalf("block round trip: %v", err)
	}
	set, err := BlockSignatureSet(b2)
	if err != nil || len(set) != 1 {
		t.Fatalf("signature set: %v", err)
	}
	if err := verify(set[0], ord); err != nil {
		t.Fatalf("block signature: %v", err)
	}
	// Signed bytes are exactly value ‖ signature_header ‖ ASN.1 header.
	m, _ := UnmarshalMetadata(b.Metadata.Metadata[common.BlockMetadataIndex_SIGNATURES])
	if !bytes.Equal(set[0].Data, concat(m.Value, m.Signatures[0].SignatureHeader, BlockHeaderBytes(b.Header))) {
		t.Fatal("signed data layout")
	}
	obm, _ := UnmarshalOrdererBlockMetadata(m.Value)
	cm, _ := UnmarshalMetadata(obm.ConsenterMetadata)
	if string(cm.Value) != "raft-metadata" {
		t.Fatal("consenter metadata lost")
	}
	if n, err := LastConfigIndex(b); err != nil || n != 3 {
		t.Fatalf("last config %d %v", n, err)
	}
	if id, err := ChannelID(b); err != nil || id != "mychannel" {
		t.Fatalf("channel %q %v", id, err)
	}
	if err := VerifyTransactionsWellFormed(b); err != nil {
		t.Fatal(err)
	}

	tamper := map[string]func(*common.Block){
		"header number": func(x *common.Block) { x.Header.Number++ },
		"previous hash": func(x *common.Block) { x.Header.PreviousHash = []byte("forged") },
		"data hash":     func(x *common.Block) { x.Header.DataHash[0] ^= 1 },
		"last config": func(x *common.Block) {
			m, _ := UnmarshalMetadata(x.Metadata.Metadata[0])
			m.Value = MarshalOrPanic(&common.OrdererBlockMetadata{LastConfig: &common.LastConfig{Index: 4}})
			x.Metadata.Metadata[0] = MarshalOrPanic(m)
		},
	}
	for name, f := range tamper {
		x := proto.Clone(b).(*common.Block)
		f(x)
		set, err := BlockSignatureSet(x)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if verify(set[0], ord) == nil {
			t.Errorf("%s tampered but signature still verifies", name)
		}
	}
	// Tampered data is caught by the data hash, not the signature.
	x := proto.Clone(b).(*common.Block)
	x.Data.Data[0] = x.Data.Data[1]
	if !errors.Is(VerifyDataHash(x), ErrBadDataHash) {
		t.Fatal("data tampering not detected")
	}
	if err := SignBlock(x, ord, 0, nil); !errors.Is(err, ErrBadDataHash) {
		t.Fatalf("signed a block whose data hash is wrong: %v", err)
	}
}

func TestBlockParsingRejects(t *testing.T) {
	if _, err := BlockSignatureSet(&common.Block{}); err == nil {
		t.Error("headerless block")
	}
	b := NewBlock(1, nil, nil)
	b.Metadata.Metadata[0] = []byte{0xff}
	if _, err := BlockSignatureSet(b); err == nil {
		t.Error("garbage signatures metadata")
	}
	if set, err := BlockSignatureSet(NewBlock(1, nil, nil)); err != nil || len(set) != 0 {
		t.Error("unsigned block must give an empty set")
	}
	if _, err := ChannelID(NewBlock(1, nil, nil)); err == nil {
		t.Error("empty block has no channel")
	}
	if _, err := ExtractEnvelope(NewBlock(1, nil, [][]byte{{0xff}}), 0); err == nil {
		t.Error("garbage envelope")
	}
	if _, err := ExtractEnvelope(NewBlock(1, nil, nil), -1); err == nil {
		t.Error("negative index")
	}
	if err := VerifyTransactionsWellFormed(NewBlock(1, nil, [][]byte{MarshalOrPanic(&common.Envelope{Payload: []byte("p")})})); err == nil {
		t.Error("unsigned envelope accepted")
	}
	if _, err := LastConfigIndex(NewBlock(1, nil, nil)); err == nil {
		t.Error("block without last config metadata")
	}
}

func TestLastConfigIndexFallsBackToLegacyEntry(t *testing.T) {
	b := NewBlock(9, nil, nil)
	b.Metadata.Metadata[common.BlockMetadataIndex_LAST_CONFIG] = MarshalOrPanic(&common.Metadata{Value: MarshalOrPanic(&common.LastConfig{Index: 6})})
	if n, err := LastConfigIndex(b); err != nil || n != 6 {
		t.Fatalf("got %d %v", n, err)
	}
}

func TestGenesisBlock(t *testing.T) {
	cfg := &common.Config{ChannelGroup: &common.ConfigGroup{Groups: map[string]*common.ConfigGroup{"Application": {}}}}
	b, err := GenesisBlock("mychannel", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b.Header.Number != 0 || b.Header.PreviousHash != nil || VerifyDataHash(b) != nil {
		t.Fatal("header")
	}
	if !IsConfigBlock(b) {
		t.Fatal("not a config block")
	}
	got, err := ConfigFromBlock(b)
	if err != nil || !proto.Equal(got, cfg) {
		t.Fatalf("config round trip: %v", err)
	}
	if id, _ := ChannelID(b); id != "mychannel" {
		t.Fatal(id)
	}
	if n, err := LastConfigIndex(b); err != nil || n != 0 {
		t.Fatal(n, err)
	}
	if err := VerifyTransactionsWellFormed(b); err != nil {
		t.Fatalf("unsigned genesis envelope must be accepted: %v", err)
	}
	env, _ := ExtractEnvelope(b, 0)
	ue, err := UnpackEnvelope(env)
	if err != nil || CheckTxID(ue.ChannelHeader.TxId, ue.SignatureHeader.Nonce, nil) != nil {
		t.Fatalf("genesis txid: %v", err)
	}
	for _, bad := range []string{"", "MyChannel", "1chan", "chan_nel"} {
		if _, err := GenesisBlock(bad, cfg); err == nil {
			t.Errorf("channel %q accepted", bad)
		}
	}
	if _, err := GenesisBlock("ok", &common.Config{}); err == nil {
		t.Error("config without channel group accepted")
	}
	if IsConfigBlock(NewBlock(1, nil, signedTxBytes(t))) {
		t.Error("endorser block classified as config")
	}
}

func TestTxValidationFlags(t *testing.T) {
	b := &common.Block{}
	if TxValidationFlags(b) != nil {
		t.Fatal("flags before set")
	}
	flags := []byte{byte(peer.TxValidationCode_VALID), byte(peer.TxValidationCode_MVCC_READ_CONFLICT)}
	SetTxValidationFlags(b, flags)
	flags[0] = 99 // caller's slice is copied
	got := TxValidationFlags(b)
	if len(b.Metadata.Metadata) != MetadataCount || !bytes.Equal(got, []byte{0, 11}) {
		t.Fatalf("flags %v", got)
	}
}
