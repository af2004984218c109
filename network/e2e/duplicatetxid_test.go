package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// txOccurrence is one copy of a transaction id in a peer's chain.
type txOccurrence struct {
	block uint64
	code  pb.TxValidationCode
}

// filteredStreams opens FilteredBlockEvents from block from on every
// channel peer, each through a gateway of its own org, so that what each peer
// committed is read from that peer.
func filteredStreams(t *testing.T, ctx context.Context, n *Network, from uint64) map[string]<-chan *pb.FilteredBlock {
	t.Helper()
	out := map[string]<-chan *pb.FilteredBlock{}
	for _, p := range n.Peers {
		ch, err := n.Gateway(t, p, p.Org.Name, "User1").GetNetwork(n.Channel).FilteredBlockEvents(ctx, client.WithStartBlock(from))
		if err != nil {
			t.Fatalf("filtered block events from %s: %v", p.Host, err)
		}
		out[p.Host] = ch
	}
	return out
}

// occurrences reads a filtered block stream up to and including block
// until and returns, in chain order, the copies of each of txids.
func occurrences(t *testing.T, peer string, ch <-chan *pb.FilteredBlock, until uint64, txids ...string) map[string][]txOccurrence {
	t.Helper()
	out := map[string][]txOccurrence{}
	for {
		fb, ok := <-ch
		if !ok {
			t.Fatalf("%s: filtered block stream ended before block %d; copies so far %v", peer, until, out)
		}
		for _, ft := range fb.FilteredTransactions {
			for _, id := range txids {
				if ft.Txid == id {
					out[id] = append(out[id], txOccurrence{fb.Number, ft.TxValidationCode})
				}
			}
		}
		if fb.Number >= until {
			return out
		}
	}
}

// endorseTwice endorses one proposal twice: two transactions with the same
// id whose envelopes differ (endorsers' and, once submitted, the client's
// ECDSA signatures are randomised).
func endorseTwice(t *testing.T, c *client.Contract, fn string, args ...string) (*client.Transaction, *client.Transaction) {
	t.Helper()
	p, err := c.NewProposal(fn, client.WithArguments(args...))
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Endorse()
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Endorse()
	if err != nil {
		t.Fatal(err)
	}
	if a.TransactionID() != b.TransactionID() {
		t.Fatalf("one proposal endorsed twice gave tx ids %s and %s", a.TransactionID(), b.TransactionID())
	}
	return a, b
}

// mustDiffer checks that two submitted transactions' envelopes differ.
func mustDiffer(t *testing.T, a, b *client.Transaction) {
	t.Helper()
	ra, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(ra, rb) {
		t.Fatal("the two endorsements of one proposal produced identical signed transactions")
	}
}

// readAsset evaluates ReadAsset and decodes the asset.
func readAsset(t *testing.T, c *client.Contract, id string) (owner string, value int) {
	t.Helper()
	raw, err := c.EvaluateTransaction("ReadAsset", id)
	if err != nil {
		t.Fatalf("read %s: %v", id, err)
	}
	var a struct {
		Owner string `json:"owner"`
		Value int    `json:"value"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("asset %s: %s: %v", id, raw, err)
	}
	return a.Owner, a.Value
}

// testDuplicateTxID: a replayed transaction ends as DUPLICATE_TXID (issue
// 4). One proposal is endorsed twice and both transactions (same tx id,
// different envelopes) are submitted: the orderer orders both, every peer
// marks the first VALID and the later one DUPLICATE_TXID, CommitStatus
// reports the first, valid, copy, and the state shows one application.
// First the replay comes after the original's block (the ledger check,
// fabric-wire.md §4.2 step 7), then both are sent at once, so they may
// share a block (the in-block check, §4.1 step 3). Re-sending an identical
// envelope is answered OK and ordered once: the orderer absorbs exact
// retries.
func testDuplicateTxID(t *testing.T, n *Network, c *client.Contract) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Start at the lowest peer's height: a peer refuses (NOT_FOUND) a start
	// block beyond its own height, as Fabric's does.
	from := n.Height(n.Peers[0])
	for _, p := range n.Peers {
		from = min(from, n.Height(p))
	}
	streams := filteredStreams(t, ctx, n, from)

	// Replay after the original committed.
	id := fmt.Sprintf("dup-%d", time.Now().UnixNano())
	orig, replay := endorseTwice(t, c, "CreateAsset", id, "erin", "1")
	txid := orig.TransactionID()
	cm, err := orig.Submit()
	if err != nil {
		t.Fatal(err)
	}
	first, err := cm.Status()
	if err != nil || first.Code != pb.TxValidationCode_VALID {
		t.Fatalf("original: %+v %v", first, err)
	}
	// A later valid update: had the replay (a create with value 1) been
	// applied, it would have overwritten it.
	if _, err := c.SubmitTransaction("UpdateValue", id, "5"); err != nil {
		t.Fatal(err)
	}
	cmReplay, err := replay.Submit()
	if err != nil {
		t.Fatalf("submit of the replay (same tx id, new envelope): %v", err)
	}
	mustDiffer(t, orig, replay)
	// Exact re-sends of either envelope: OK, and absorbed by the orderer.
	for name, tx := range map[string]*client.Transaction{"original": orig, "replay": replay} {
		if _, err := tx.Submit(); err != nil {
			t.Fatalf("identical re-send of the %s: %v", name, err)
		}
	}

	// Both at once.
	id2 := fmt.Sprintf("dup2-%d", time.Now().UnixNano())
	a, b := endorseTwice(t, c, "CreateAsset", id2, "frank", "7")
	txid2 := a.TransactionID()
	var wg sync.WaitGroup
	for _, tx := range []*client.Transaction{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := tx.Submit(); err != nil {
				t.Errorf("concurrent submit: %v", err)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	mustDiffer(t, a, b)

	// Every submission above was answered after its block was ordered, so
	// a transaction submitted now lands after all of them.
	_, marker, err := c.SubmitAsync("CreateAsset", client.WithArguments(id+"-marker", "erin", "1"))
	if err != nil {
		t.Fatal(err)
	}
	mst, err := marker.Status()
	if err != nil || !mst.Successful {
		t.Fatalf("marker: %+v %v", mst, err)
	}

	var ref map[string][]txOccurrence
	for peer, ch := range streams {
		got := occurrences(t, peer, ch, mst.BlockNumber, txid, txid2)
		for _, x := range []string{txid, txid2} {
			occ := got[x]
			if len(occ) != 2 || occ[0].code != pb.TxValidationCode_VALID || occ[1].code != pb.TxValidationCode_DUPLICATE_TXID {
				t.Fatalf("%s: copies of tx %s in chain order %v, want [VALID, DUPLICATE_TXID] (exact re-sends must not be ordered)", peer, x, occ)
			}
		}
		if got[txid][0].block != first.BlockNumber || got[txid][1].block <= first.BlockNumber {
			t.Fatalf("%s: copies of %s in blocks %v; the original committed in block %d", peer, txid, got[txid], first.BlockNumber)
		}
		if ref == nil {
			ref = got
			t.Logf("%s: %s VALID in block %d, DUPLICATE_TXID in block %d; concurrent pair %s in blocks %d and %d",
				peer, txid, got[txid][0].block, got[txid][1].block, txid2, got[txid2][0].block, got[txid2][1].block)
		} else if fmt.Sprint(got) != fmt.Sprint(ref) {
			t.Fatalf("%s saw %v, another peer %v", peer, got, ref)
		}
	}

	// CommitStatus of the tx id reports the first, valid, copy, also when
	// asked through the replay's commit handle.
	for name, h := range map[string]*client.Commit{"original": cm, "replay": cmReplay} {
		st, err := h.Status()
		if err != nil || st.Code != pb.TxValidationCode_VALID || st.BlockNumber != first.BlockNumber {
			t.Fatalf("CommitStatus via the %s: %+v %v, want VALID in block %d", name, st, err, first.BlockNumber)
		}
	}
	// One application each: the replay did not overwrite the later update.
	if owner, v := readAsset(t, c, id); owner != "erin" || v != 5 {
		t.Fatalf("asset %s: owner %s value %d, want erin 5", id, owner, v)
	}
	if owner, v := readAsset(t, c, id2); owner != "frank" || v != 7 {
		t.Fatalf("asset %s: owner %s value %d, want frank 7", id2, owner, v)
	}
}
