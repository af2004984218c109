package orderer

import (
	"context"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// FuzzRequestChecks feeds arbitrary envelopes to the Broadcast filters and
// the Deliver request parser: no panic, and nothing unsigned is accepted.
func FuzzRequestChecks(f *testing.F) {
	tc := NewTestCluster(f, 1)
	good := tc.NewTx(tc.Identity("org1", "User1"), 10)
	raw, _ := proto.Marshal(good)
	f.Add(raw)
	f.Add(good.Payload)
	f.Add([]byte{})
	o := tc.Nodes[0].Orderer
	f.Fuzz(func(t *testing.T, b []byte) {
		env := &common.Envelope{}
		if proto.Unmarshal(b, env) != nil {
			env = &common.Envelope{Payload: b}
		}
		st := o.checkBroadcast(env).status
		if st == common.Status_SUCCESS && !proto.Equal(env, good) {
			// Only a correctly signed envelope may pass; the corpus holds one.
			if err := verifyForTest(o, env); err != nil {
				t.Fatalf("accepted an envelope that fails verification: %v", err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, _ = o.deliverBlocks(ctx, env, func(*common.Block) error { return nil })
	})
}

func verifyForTest(o *Orderer, env *common.Envelope) error {
	c, _ := o.Chain("mychannel")
	p, err := c.Bundle().Policy("/Channel/Writers")
	if err != nil {
		return err
	}
	pl := &common.Payload{}
	_ = proto.Unmarshal(env.Payload, pl)
	sh := &common.SignatureHeader{}
	_ = proto.Unmarshal(pl.GetHeader().GetSignatureHeader(), sh)
	return p.EvaluateSignedData([]*protoutil.SignedData{{Data: env.Payload, Identity: sh.Creator, Signature: env.Signature}})
}
