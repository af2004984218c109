package protoutil

import (
	"errors"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// anySigner is satisfied by one valid signature from any of its signers.
type anySigner []*testSigner

func (a anySigner) EvaluateSignedData(set []*SignedData) error {
	for _, sd := range set {
		if verify(sd, a...) == nil {
			return nil
		}
	}
	return errors.New("no valid orderer signature")
}

func TestVerifyBlock(t *testing.T) {
	ord, other := newTestSigner(t, "OrdererMSP"), newTestSigner(t, "OrdererMSP")
	policy := anySigner{ord}
	b := NewBlock(4, []byte("prev"), signedTxBytes(t))
	if err := SignBlock(b, ord, 0, nil); err != nil {
		t.Fatal(err)
	}
	if err := VerifyBlock(b, "mychannel", 4, policy); err != nil {
		t.Fatalf("good block: %v", err)
	}
	resign := func(x *common.Block) { x.Header.DataHash = BlockDataHash(x.Data); _ = SignBlock(x, ord, 0, nil) }
	cases := map[string]struct {
		mutate func(*common.Block)
		want   string
	}{
		"wrong number":       {func(x *common.Block) { x.Header.Number = 5; resign(x) }, "expected 4"},
		"tampered header":    {func(x *common.Block) { x.Header.PreviousHash = []byte("forged") }, "block validation"},
		"signed by stranger": {func(x *common.Block) { _ = SignBlock(x, other, 0, nil) }, "block validation"},
		"unsigned":           {func(x *common.Block) { x.Metadata.Metadata[0] = nil }, "block validation"},
		"data swapped":       {func(x *common.Block) { x.Data.Data[0], x.Data.Data[1] = x.Data.Data[1], x.Data.Data[0] }, "data hash"},
		"non-canonical tx": {func(x *common.Block) {
			x.Data.Data[1] = append(x.Data.Data[1], 0x48, 0x01) // unknown field 9
			resign(x)
		}, "canonical"},
		"unsigned tx": {func(x *common.Block) {
			x.Data.Data[1] = MarshalOrPanic(&common.Envelope{Payload: []byte{0x0a, 0x00}})
			resign(x)
		}, "empty payload or signature"},
		"other channel": {func(x *common.Block) {
			env, _ := CreateSignedEnvelope(common.HeaderType_ENDORSER_TRANSACTION, "otherchannel", ord, nil)
			x.Data.Data[0] = MarshalOrPanic(env)
			resign(x)
		}, "expected \"mychannel\""},
		"no metadata": {func(x *common.Block) { x.Metadata = nil }, "no metadata"},
		"no header":   {func(x *common.Block) { x.Header = nil }, "missing header"},
	}
	for name, tc := range cases {
		x := proto.Clone(b).(*common.Block)
		tc.mutate(x)
		err := VerifyBlock(x, "mychannel", 4, policy)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want error containing %q", name, err, tc.want)
		}
	}
	if VerifyBlock(b, "mychannel", 4, nil) == nil {
		t.Error("nil policy accepted")
	}
}

func TestNewTxValidationFlags(t *testing.T) {
	f := NewTxValidationFlags(3)
	if len(f) != 3 || f[0] != byte(peer.TxValidationCode_NOT_VALIDATED) || f[2] != 254 {
		t.Fatalf("%v", f)
	}
}
