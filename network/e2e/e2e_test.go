package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/saharanet/saharanet/network/protoutil"
)

const policyAND = "AND('Org1MSP.peer','Org2MSP.peer')"

// TestPeerProcesses is issue 4's process-level proof. One network of real
// processes: 3 raft orderers, Org1 and Org2 with 2 peers each, Org3 with
// crypto material but outside the channel; the channel from a genesis
// block made by the admin CLI and joined by every peer through it; the
// contract-api asset chaincode deployed through the CLI lifecycle with
// AND(Org1.peer, Org2.peer), once as a service ("asset") and once dialing
// in ("assetdial"). The subtests share it and run in order; Crash is last
// because it stops peers.
func TestPeerProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 3 orderers, 4 peers and 5 chaincode processes")
	}
	start := time.Now()
	n := StartNetwork(t, mustBuild(t), Topology{ForeignOrgs: []string{"org3"},
		Chaincodes: []Chaincode{{Name: "asset", Mode: AsService}, {Name: "assetdial", Mode: DialIn}}})
	n.Deploy(t, "asset", policyAND)
	n.Deploy(t, "assetdial", policyAND)
	t.Logf("network up and both chaincodes deployed in %v", time.Since(start).Round(time.Millisecond))

	for _, cc := range []string{"asset", "assetdial"} {
		t.Run("Gateway/"+n.Chaincodes[cc].Mode.String(), func(t *testing.T) { testGateway(t, n, cc) })
		t.Run("ChaincodeEventsResume/"+n.Chaincodes[cc].Mode.String(), func(t *testing.T) { testChaincodeEvents(t, n, cc) })
	}
	t.Run("BlockEvents", func(t *testing.T) { testBlockEvents(t, n) })
	t.Run("ErrorFidelity", func(t *testing.T) { testErrors(t, n) })
	t.Run("BadInput", func(t *testing.T) { testBadInput(t, n) })
	t.Run("Crash", func(t *testing.T) { testCrash(t, n) })
}

// testGateway: Evaluate, Submit and SubmitAsync + CommitStatus through
// gateways of both orgs; every peer of both orgs then reads the same value.
func testGateway(t *testing.T, n *Network, cc string) {
	id := fmt.Sprintf("gw-%s-%d", cc, time.Now().UnixNano())
	gw1 := n.Gateway(t, n.PeersOf("org1")[0], "org1", "User1")
	c1 := gw1.GetNetwork(n.Channel).GetContract(cc)
	_, created, err := c1.SubmitAsync("CreateAsset", client.WithArguments(id, "alice", "10"))
	if err != nil {
		t.Fatalf("Submit CreateAsset: %v", err)
	}
	cst, err := created.Status()
	if err != nil || !cst.Successful {
		t.Fatalf("CreateAsset commit status %+v: %v", cst, err)
	}
	// Org1's gateway answered once its own peer committed; the next
	// transaction goes through an Org2 peer, which commits the block on its
	// own schedule. A client switching peers waits for that, as here.
	n.WaitHeight(t, cst.BlockNumber+1, 20*time.Second, n.Peers...)
	// Through Org2's second peer: SubmitAsync returns the result before
	// the commit; CommitStatus then blocks until it.
	gw2 := n.Gateway(t, n.PeersOf("org2")[1], "org2", "User1")
	c2 := gw2.GetNetwork(n.Channel).GetContract(cc)
	res, commit, err := c2.SubmitAsync("UpdateValue", client.WithArguments(id, "42"))
	if err != nil {
		t.Fatalf("SubmitAsync: %v", err)
	}
	if len(res) != 0 {
		t.Fatalf("UpdateValue returned %q, want nothing", res)
	}
	st, err := commit.Status()
	if err != nil {
		t.Fatalf("CommitStatus: %v", err)
	}
	if !st.Successful || st.Code != pb.TxValidationCode_VALID || st.TransactionID != commit.TransactionID() || st.BlockNumber == 0 {
		t.Fatalf("commit status %+v", st)
	}
	want := fmt.Sprintf(`{"id":"%s","owner":"alice","value":42}`, id)
	// Every peer has committed the block once its height passes it.
	n.WaitHeight(t, st.BlockNumber+1, 20*time.Second, n.Peers...)
	for _, p := range n.Peers {
		org := p.Org.Name
		got, err := n.Gateway(t, p, org, "User1").GetNetwork(n.Channel).GetContract(cc).EvaluateTransaction("ReadAsset", id)
		if err != nil {
			t.Fatalf("Evaluate on %s: %v", p.Host, err)
		}
		if string(got) != want {
			t.Fatalf("Evaluate on %s = %s, want %s", p.Host, got, want)
		}
	}
}

// testChaincodeEvents: three "CreateAsset" events, the last two submitted
// together (often in one block); a listener with an in-memory checkpointer
// reads two and stops; a new listener resumed from the checkpoint must get
// exactly the third, even when it is in the same block as the second.
func testChaincodeEvents(t *testing.T, n *Network, cc string) {
	p := n.PeersOf("org1")[1]
	gw := n.Gateway(t, p, "org1", "User1")
	network := gw.GetNetwork(n.Channel)
	c := network.GetContract(cc)
	startBlock := n.Height(p)
	prefix := fmt.Sprintf("ev-%s-%d-", cc, time.Now().UnixNano())
	_, first, err := c.SubmitAsync("CreateAsset", client.WithArguments(prefix+"0", "bob", "1"))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := first.Status(); err != nil || !st.Successful {
		t.Fatalf("first: %+v %v", st, err)
	}
	var commits [2]*client.Commit
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i := range commits {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			_, commits[i], err = c.SubmitAsync("CreateAsset", client.WithArguments(fmt.Sprintf("%s%d", prefix, i+1), "bob", "1"))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	blocks := map[string]uint64{first.TransactionID(): 0}
	for _, cm := range commits {
		st, err := cm.Status()
		if err != nil || !st.Successful {
			t.Fatalf("commit %s: %+v %v", cm.TransactionID(), st, err)
		}
		blocks[cm.TransactionID()] = st.BlockNumber
	}

	cp := new(client.InMemoryCheckpointer) // v1.12.0 has no NewInMemoryCheckpointer; the zero value is ready
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	events, err := network.ChaincodeEvents(ctx, cc, client.WithStartBlock(startBlock), client.WithCheckpoint(cp))
	if err != nil {
		t.Fatal(err)
	}
	var seen []*client.ChaincodeEvent
	for len(seen) < 2 {
		ev, ok := <-events
		if !ok {
			t.Fatalf("event stream closed after %d events", len(seen))
		}
		if !strings.HasPrefix(string(ev.Payload), `{"id":"`+prefix) {
			continue // another subtest's event
		}
		if ev.EventName != "CreateAsset" || ev.ChaincodeName != cc {
			t.Fatalf("event %+v", ev)
		}
		seen = append(seen, ev)
		cp.CheckpointChaincodeEvent(ev)
	}
	cancel()
	if seen[0].TransactionID != first.TransactionID() {
		t.Fatalf("first event is tx %s, want %s", seen[0].TransactionID, first.TransactionID())
	}

	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	// The checkpoint wins over the start block (as in Fabric's client).
	resumed, err := network.ChaincodeEvents(ctx2, cc, client.WithStartBlock(startBlock), client.WithCheckpoint(cp))
	if err != nil {
		t.Fatal(err)
	}
	var next *client.ChaincodeEvent
	for next == nil {
		ev, ok := <-resumed
		if !ok {
			t.Fatal("resumed stream closed")
		}
		if strings.HasPrefix(string(ev.Payload), `{"id":"`+prefix) {
			next = ev
		}
	}
	var want string
	for _, cm := range commits {
		if cm.TransactionID() != seen[1].TransactionID {
			want = cm.TransactionID()
		}
	}
	if next.TransactionID != want {
		t.Fatalf("resumed at tx %s (block %d), want %s; already seen %s", next.TransactionID, next.BlockNumber, want, seen[1].TransactionID)
	}
	t.Logf("resumed after tx %s in block %d; the third event is in block %d (same block: %v)",
		seen[1].TransactionID, seen[1].BlockNumber, next.BlockNumber, seen[1].BlockNumber == next.BlockNumber)
}

// testBlockEvents: BlockEvents from 0 replays the genesis block byte for
// byte and consecutive blocks; FilteredBlockEvents shows a new transaction
// as VALID in its block.
func testBlockEvents(t *testing.T, n *Network) {
	p := n.PeersOf("org2")[0]
	gw := n.Gateway(t, p, "org2", "User1")
	network := gw.GetNetwork(n.Channel)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	blocksCh, err := network.BlockEvents(ctx, client.WithStartBlock(0))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(n.GenesisFile)
	if err != nil {
		t.Fatal(err)
	}
	gb, err := protoutil.UnmarshalBlock(raw)
	if err != nil {
		t.Fatal(err)
	}
	h := n.Height(p)
	for i := uint64(0); i < h; i++ {
		b, ok := <-blocksCh
		if !ok {
			t.Fatalf("block stream closed at %d", i)
		}
		if b.GetHeader().GetNumber() != i {
			t.Fatalf("block %d arrived as number %d", i, b.GetHeader().GetNumber())
		}
		// Block 0 is the admin CLI's genesis block: same header and data
		// (the peer adds commit metadata, so the bytes may differ).
		if i == 0 && (!bytes.Equal(protoutil.BlockHeaderHash(b.Header), protoutil.BlockHeaderHash(gb.Header)) ||
			!bytes.Equal(protoutil.BlockDataHash(b.Data), gb.Header.DataHash)) {
			t.Fatal("block 0 is not the genesis block file's block")
		}
	}
	filtered, err := network.FilteredBlockEvents(ctx, client.WithStartBlock(h))
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprintf("fb-%d", time.Now().UnixNano())
	_, commit, err := network.GetContract("asset").SubmitAsync("CreateAsset", client.WithArguments(id, "carol", "3"))
	if err != nil {
		t.Fatal(err)
	}
	for {
		fb, ok := <-filtered
		if !ok {
			t.Fatal("filtered stream closed before the transaction")
		}
		if fb.Number < h {
			t.Fatalf("filtered block %d before the start %d", fb.Number, h)
		}
		for _, ft := range fb.FilteredTransactions {
			if ft.Txid == commit.TransactionID() {
				if ft.TxValidationCode != pb.TxValidationCode_VALID || fb.ChannelId != n.Channel {
					t.Fatalf("filtered tx %+v in %s", ft, fb.ChannelId)
				}
				return
			}
		}
	}
}

// testErrors: error fidelity across processes.
func testErrors(t *testing.T, n *Network) {
	gw := n.Gateway(t, n.PeersOf("org1")[0], "org1", "User1")
	network := gw.GetNetwork(n.Channel)
	c := network.GetContract("asset")

	t.Run("ChaincodeError", func(t *testing.T) {
		const msg = "royalty split exceeds 10000 basis points"
		_, err := c.SubmitTransaction("Fail", msg)
		var ee *client.EndorseError
		if !errors.As(err, &ee) {
			t.Fatalf("Submit of a failing transaction: %T %v, want *client.EndorseError", err, err)
		}
		if !containsDetail(err, msg) {
			t.Fatalf("EndorseError does not carry the chaincode's message %q: %v (details %v)", msg, err, status.Convert(err).Details())
		}
		_, err = c.EvaluateTransaction("ReadAsset", "no-such-asset")
		// Evaluate failures are plain gRPC status errors in the client.
		if status.Code(err) != codes.Unknown || !containsDetail(err, "the asset no-such-asset does not exist") {
			t.Fatalf("Evaluate of a missing asset: %T %v", err, err)
		}
	})

	t.Run("EndorsementPolicyFailure", func(t *testing.T) {
		id := fmt.Sprintf("epf-%d", time.Now().UnixNano())
		_, err := c.Submit("CreateAsset", client.WithArguments(id, "mallory", "1"), client.WithEndorsingOrganizations("Org1MSP"))
		var ce *client.CommitError
		if !errors.As(err, &ce) || ce.Code != pb.TxValidationCode_ENDORSEMENT_POLICY_FAILURE {
			t.Fatalf("Org1-only endorsement: %T %v, want CommitError ENDORSEMENT_POLICY_FAILURE", err, err)
		}
		if _, err := c.EvaluateTransaction("ReadAsset", id); err == nil {
			t.Fatal("the invalid transaction's write is in the state")
		}
	})

	t.Run("MVCCReadConflict", func(t *testing.T) {
		id := fmt.Sprintf("mvcc-%d", time.Now().UnixNano())
		if _, err := c.SubmitTransaction("CreateAsset", id, "dave", "1"); err != nil {
			t.Fatal(err)
		}
		// Both endorsed against the same version, then both submitted.
		var txs []*client.Transaction
		for _, v := range []string{"2", "3"} {
			p, err := c.NewProposal("UpdateValue", client.WithArguments(id, v))
			if err != nil {
				t.Fatal(err)
			}
			tx, err := p.Endorse()
			if err != nil {
				t.Fatal(err)
			}
			txs = append(txs, tx)
		}
		codes := map[pb.TxValidationCode]int{}
		for _, tx := range txs {
			cm, err := tx.Submit()
			if err != nil {
				t.Fatal(err)
			}
			st, err := cm.Status()
			if err != nil {
				t.Fatal(err)
			}
			codes[st.Code]++
		}
		if codes[pb.TxValidationCode_VALID] != 1 || codes[pb.TxValidationCode_MVCC_READ_CONFLICT] != 1 {
			t.Fatalf("codes %v, want one VALID and one MVCC_READ_CONFLICT", codes)
		}
		got, err := c.EvaluateTransaction("ReadAsset", id)
		if err != nil || !strings.Contains(string(got), `"value":2`) {
			t.Fatalf("after the conflict: %s %v, want the first update (value 2)", got, err)
		}
	})

	t.Run("DuplicateTxID", func(t *testing.T) { testDuplicateTxID(t, n, c) })
}

// containsDetail reports whether msg is in the error text or in one of its
// gateway ErrorDetails.
func containsDetail(err error, msg string) bool {
	if err == nil {
		return false
	}
	if strings.Contains(err.Error(), msg) {
		return true
	}
	for _, d := range status.Convert(err).Details() {
		if ed, ok := d.(*gp.ErrorDetail); ok && strings.Contains(ed.Message, msg) {
			return true
		}
	}
	return false
}
