package endorser

import (
	"bytes"
	"context"
	"testing"
	"time"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// FuzzProcessProposal feeds arbitrary proposal bytes and signatures to the
// endorser: it must never panic and must endorse only the exact, correctly
// signed proposals it was seeded with.
func FuzzProcessProposal(f *testing.F) {
	fx := newFixture(f)
	var valid []*pb.SignedProposal
	for _, args := range [][]string{{"put", "k", "v"}, {"get", "k"}, {"status", "201"}} {
		sp, _ := fx.proposal(fx.user1, testChannel, "basic", args...)
		valid = append(valid, sp)
		f.Add(sp.ProposalBytes, sp.Signature)
	}
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, proposal, sig []byte) {
		done := make(chan *pb.ProposalResponse, 1)
		go func() {
			resp, _ := fx.endorser.ProcessProposal(context.Background(), &pb.SignedProposal{ProposalBytes: proposal, Signature: sig})
			done <- resp
		}()
		var resp *pb.ProposalResponse
		select {
		case resp = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("ProcessProposal hangs on %x / %x", proposal, sig)
		}
		if resp == nil {
			t.Fatal("nil response")
		}
		if resp.GetEndorsement() == nil {
			return
		}
		for _, v := range valid {
			if bytes.Equal(v.ProposalBytes, proposal) && bytes.Equal(v.Signature, sig) {
				return
			}
		}
		t.Fatalf("endorsed an unseeded proposal %x / %x", proposal, sig)
	})
}
