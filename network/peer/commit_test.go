package peer_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/protoutil"
)

// TestCommitPathAllPeersAgree sends transactions to the real raft orderers
// and checks that every peer pulls, verifies and commits the same blocks,
// with the same validation codes and the same state fingerprint, and that
// WaitForTx wakes on commit.
func TestCommitPathAllPeersAgree(t *testing.T) {
	tn := peer.NewTestNetwork(t, peer.WithPeersPerOrg(2))
	tn.WaitForHeight(1, 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	user := tn.Identity("org1", "User1")
	env := tn.Orderers.NewTx(user, 10)
	payload, _ := protoutil.UnmarshalPayload(env)
	chdr, _ := protoutil.UnmarshalChannelHeader(payload.Header.ChannelHeader)

	ch := tn.Peers[3].Channel(tn.ChannelID)
	waited := make(chan error, 1)
	go func() {
		loc, err := ch.WaitForTx(ctx, chdr.TxId)
		if err == nil && loc.BlockNum < 1 {
			err = errorf("tx at block %d", loc.BlockNum)
		}
		waited <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := tn.Broadcast(ctx, env); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		if err := tn.Broadcast(ctx, tn.Orderers.NewTx(user, 100)); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-waited; err != nil {
		t.Fatalf("WaitForTx: %v", err)
	}
	h := tn.Orderers.Chain(0).Height()
	for tn.Orderers.Chain(0).Height() < 2 {
		time.Sleep(10 * time.Millisecond)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		h = tn.Orderers.Chain(0).Height()
		time.Sleep(300 * time.Millisecond)
		if tn.Orderers.Chain(0).Height() == h {
			break
		}
	}
	tn.WaitForHeight(h, 10*time.Second)

	var fp []byte
	txs := 0
	for _, tp := range tn.Peers {
		l := tp.Channel(tn.ChannelID).Ledger()
		got, err := l.StateFingerprint()
		if err != nil {
			t.Fatal(err)
		}
		if fp == nil {
			fp = got
		} else if !bytes.Equal(fp, got) {
			t.Errorf("%s: state fingerprint %x, want %x", tp.Name, got, fp)
		}
		if l.Height() != h {
			t.Errorf("%s: height %d, want %d", tp.Name, l.Height(), h)
		}
		for n := uint64(1); n < l.Height(); n++ {
			b, err := l.BlockByNumber(n)
			if err != nil {
				t.Fatal(err)
			}
			ob, err := tn.Orderers.Chain(0).Store().Block(n)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(protoutil.BlockHeaderHash(b.Header), protoutil.BlockHeaderHash(ob.Header)) {
				t.Errorf("%s: block %d differs from the orderer's", tp.Name, n)
			}
			flags := protoutil.TxValidationFlags(b)
			if len(flags) != len(b.Data.Data) {
				t.Fatalf("%s: block %d has %d flags for %d txs", tp.Name, n, len(flags), len(b.Data.Data))
			}
			for _, f := range flags {
				// The filler transactions carry no endorsements.
				if pb.TxValidationCode(f) == pb.TxValidationCode_VALID {
					t.Errorf("%s: block %d: unendorsed filler tx committed as VALID", tp.Name, n)
				}
			}
			if tp == tn.Peers[0] {
				txs += len(b.Data.Data)
			}
		}
	}
	if txs != 21 {
		t.Errorf("peers committed %d transactions, want 21", txs)
	}
	loc, err := tn.Peers[0].Channel(tn.ChannelID).Ledger().TxByID(chdr.TxId)
	if err != nil || loc.Code == pb.TxValidationCode_VALID {
		t.Errorf("TxByID(%s) = %+v, %v", chdr.TxId, loc, err)
	}
	_ = common.Status_SUCCESS
}

type errString string

func (e errString) Error() string { return string(e) }

func errorf(format string, a ...any) error { return errString(fmt.Sprintf(format, a...)) }
