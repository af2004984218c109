package orderer

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer/etcdraft"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// chainsIdentical checks that every running node has the same header hashes
// up to the smallest height, that the chain links, and that each node signed
// its own copy with a signature the BlockValidation policy accepts.
func chainsIdentical(t *testing.T, tc *TestCluster) uint64 {
	t.Helper()
	var ref []*common.Block
	minH := uint64(1<<63 - 1)
	for i, nd := range tc.Nodes {
		if nd.running {
			minH = min(minH, tc.Chain(i).Height())
		}
	}
	bv, err := tc.Chain(0).Bundle().Policy("/Channel/Orderer/BlockValidation")
	if err != nil {
		t.Fatal(err)
	}
	for i, nd := range tc.Nodes {
		if !nd.running {
			continue
		}
		st := tc.Chain(i).Store()
		for n := uint64(0); n < minH; n++ {
			b, err := st.Block(n)
			if err != nil {
				t.Fatal(err)
			}
			if ref == nil || uint64(len(ref)) <= n {
				ref = append(ref, b)
			} else if !bytes.Equal(protoutil.BlockHeaderHash(b.Header), protoutil.BlockHeaderHash(ref[n].Header)) {
				t.Fatalf("node %d block %d header hash differs from node 0's", i, n)
			}
			if n > 0 {
				prev, _ := st.Block(n - 1)
				if !bytes.Equal(b.Header.PreviousHash, protoutil.BlockHeaderHash(prev.Header)) {
					t.Fatalf("node %d block %d does not chain", i, n)
				}
				sd, err := protoutil.BlockSignatureSet(b)
				if err != nil {
					t.Fatal(err)
				}
				if err := bv.EvaluateSignedData(sd); err != nil {
					t.Fatalf("node %d block %d fails BlockValidation: %v", i, n, err)
				}
				// What a peer checks on every block it pulls (fabric-wire.md §4.9).
				if err := protoutil.VerifyTransactionsWellFormed(b); err != nil {
					t.Fatalf("node %d block %d: %v", i, n, err)
				}
				if err := protoutil.VerifyDataHash(b); err != nil {
					t.Fatalf("node %d block %d: %v", i, n, err)
				}
				if ch, err := protoutil.ChannelID(b); err != nil || ch != tc.ChannelID {
					t.Fatalf("node %d block %d channel %q %v", i, n, ch, err)
				}
			}
		}
	}
	return minH
}

// txCounts maps tx id -> number of occurrences in node i's chain.
func txCounts(t *testing.T, tc *TestCluster, i int) map[string]int {
	t.Helper()
	st := tc.Chain(i).Store()
	out := map[string]int{}
	for n := uint64(1); n < st.Height(); n++ {
		b, err := st.Block(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range b.Data.Data {
			if id := envelopeTxID(raw); id != "" {
				out[id]++
			}
		}
	}
	return out
}

func txID(t testing.TB, env *common.Envelope) string {
	raw, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return envelopeTxID(raw)
}

func TestClusterOrdersAcrossAllNodes(t *testing.T) {
	tc := NewTestCluster(t, 3, WithTestBatch(10, 100*time.Millisecond))
	user := tc.Identity("org1", "User1")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const perNode = 20
	var wg sync.WaitGroup
	ids := make(chan string, 3*perNode)
	for i := range tc.Nodes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			stream, err := ab.NewAtomicBroadcastClient(tc.Dial(i)).Broadcast(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			var sent []*common.Envelope
			for k := 0; k < perNode; k++ {
				env := tc.NewTx(user, 1000)
				if err := stream.Send(env); err != nil {
					t.Error(err)
					return
				}
				sent = append(sent, env)
				ids <- txID(t, env)
			}
			for k := 0; k < perNode; k++ {
				resp, err := stream.Recv()
				if err == nil && resp.Status == common.Status_SUCCESS {
					continue
				}
				// Only a leader change (SERVICE_UNAVAILABLE) may interrupt;
				// the rest are resubmitted, which never duplicates.
				if err == nil && resp.Status != common.Status_SERVICE_UNAVAILABLE {
					t.Errorf("node %d envelope %d: %v", i, k, resp)
					return
				}
				for _, env := range sent[k:] {
					if err := tc.Submit(ctx, env); err != nil {
						t.Error(err)
						return
					}
				}
				break
			}
			stream.CloseSend()
		}(i)
	}
	wg.Wait()
	close(ids)
	if t.Failed() {
		return
	}
	leader := tc.WaitForLeader(time.Second)
	tc.WaitForHeight(tc.Chain(leader).Height(), 5*time.Second)
	chainsIdentical(t, tc)
	for i := range tc.Nodes {
		counts := txCounts(t, tc, i)
		if len(counts) != 3*perNode {
			t.Fatalf("node %d chain holds %d distinct txs, want %d", i, len(counts), 3*perNode)
		}
		for id, n := range counts {
			if n != 1 {
				t.Fatalf("node %d holds tx %s %d times", i, id, n)
			}
		}
	}
	for id := range ids {
		if has, _ := tc.Chain(0).Store().HasTx(id); !has {
			t.Fatalf("SUCCESS tx %s not in the chain", id)
		}
	}
	// Blocks respect MaxMessageCount and carry raft consenter metadata.
	st := tc.Chain(1).Store()
	for n := uint64(1); n < st.Height(); n++ {
		b, _ := st.Block(n)
		if len(b.Data.Data) > 10 {
			t.Fatalf("block %d has %d envelopes, max 10", n, len(b.Data.Data))
		}
		md := &common.Metadata{}
		_ = proto.Unmarshal(b.Metadata.Metadata[common.BlockMetadataIndex_SIGNATURES], md)
		obm := &common.OrdererBlockMetadata{}
		_ = proto.Unmarshal(md.Value, obm)
		cm := &common.Metadata{}
		_ = proto.Unmarshal(obm.ConsenterMetadata, cm)
		rm := &etcdraft.BlockMetadata{}
		if err := proto.Unmarshal(cm.Value, rm); err != nil || rm.RaftIndex == 0 || len(rm.ConsenterIds) != 3 {
			t.Fatalf("block %d consenter metadata %v %v", n, rm, err)
		}
	}
}

func TestBatchTimeoutCutsPartialBlock(t *testing.T) {
	tc := NewTestCluster(t, 1, WithTestBatch(100, 300*time.Millisecond))
	user := tc.Identity("org1", "User1")
	start := time.Now()
	resp, err := tc.Broadcast(context.Background(), 0, tc.NewTx(user, 10))
	if err != nil || resp.Status != common.Status_SUCCESS {
		t.Fatalf("%v %v", resp, err)
	}
	if el := time.Since(start); el < 250*time.Millisecond {
		t.Fatalf("a 1-envelope block was cut after %v, before the 300ms batch timeout", el)
	}
	if h := tc.Chain(0).Height(); h != 2 {
		t.Fatalf("height %d, want 2", h)
	}
}

func TestRetriedEnvelopeIsOrderedOnce(t *testing.T) {
	tc := NewTestCluster(t, 3, WithTestBatch(5, 50*time.Millisecond))
	user := tc.Identity("org1", "User1")
	env := tc.NewTx(user, 100)
	for i := 0; i < 3; i++ { // the same envelope through every node, e.g. a client retrying
		resp, err := tc.Broadcast(context.Background(), i, env)
		if err != nil || resp.Status != common.Status_SUCCESS {
			t.Fatalf("attempt %d: %v %v", i, resp, err)
		}
	}
	// Submit (retry across nodes) of a new envelope, and of a 4xx one.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tc.Submit(ctx, tc.NewTx(user, 10)); err != nil {
		t.Fatal(err)
	}
	bad := tc.NewTx(user, 10)
	bad.Signature = nil
	if err := tc.Submit(ctx, bad); err == nil {
		t.Fatal("Submit of an unsigned envelope succeeded")
	}
	counts := txCounts(t, tc, tc.WaitForLeader(time.Second))
	if counts[txID(t, env)] != 1 {
		t.Fatalf("retried envelope is in the chain %d times", counts[txID(t, env)])
	}
}

// envelopeBlocks maps each envelope's exact bytes in node i's chain to the
// numbers of the blocks holding them (one per copy).
func envelopeBlocks(t *testing.T, tc *TestCluster, i int) map[string][]uint64 {
	t.Helper()
	st := tc.Chain(i).Store()
	out := map[string][]uint64{}
	for n := uint64(1); n < st.Height(); n++ {
		b, err := st.Block(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range b.Data.Data {
			out[string(raw)] = append(out[string(raw)], n)
		}
	}
	return out
}

func marshalEnv(t testing.TB, env *common.Envelope) []byte {
	t.Helper()
	raw, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestDistinctEnvelopeWithUsedTxIDIsOrdered: only exact retries are
// absorbed. An envelope that reuses a tx id with different bytes (the same
// payload signed again: ECDSA signatures differ) is ordered, whether the
// first envelope is still in flight or already in the chain, so that peers
// can mark it DUPLICATE_TXID; exact copies of either are still ordered once.
func TestDistinctEnvelopeWithUsedTxIDIsOrdered(t *testing.T) {
	// A long batch timeout keeps a lone envelope in the leader's cutter,
	// so envelopes sent together are in flight together.
	tc := NewTestCluster(t, 3, WithTestBatch(100, 400*time.Millisecond))
	user := tc.Identity("org1", "User1")
	resign := func(env *common.Envelope) *common.Envelope {
		sig, err := user.Sign(env.Payload)
		if err != nil {
			t.Fatal(err)
		}
		return &common.Envelope{Payload: env.Payload, Signature: sig}
	}
	first := tc.NewTx(user, 100)
	id := txID(t, first)
	second, third := resign(first), resign(first)
	if bytes.Equal(marshalEnv(t, first), marshalEnv(t, second)) || bytes.Equal(marshalEnv(t, second), marshalEnv(t, third)) {
		t.Fatal("re-signing produced identical envelopes")
	}
	leader := tc.WaitForLeader(5 * time.Second)

	// In flight: the first envelope through two nodes (a retry) and the
	// second, distinct, through the third, all at once.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i, env := range []*common.Envelope{first, first, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := tc.Broadcast(ctx, (leader+i)%3, env)
			if err != nil || resp.Status != common.Status_SUCCESS {
				t.Errorf("in-flight send %d: %v %v", i, resp, err)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	blocks := envelopeBlocks(t, tc, leader)
	b1, b2 := blocks[string(marshalEnv(t, first))], blocks[string(marshalEnv(t, second))]
	if len(b1) != 1 || len(b2) != 1 {
		t.Fatalf("first envelope in blocks %v, second in %v: want each exactly once", b1, b2)
	}
	if b1[0] != b2[0] {
		t.Fatalf("first envelope in block %d, second in block %d: the test meant them to be in flight together", b1[0], b2[0])
	}

	// Committed: a third distinct envelope with the tx id is ordered; exact
	// copies of the first and second are answered SUCCESS and not ordered.
	for k, env := range []*common.Envelope{third, first, second, third} {
		resp, err := tc.Broadcast(ctx, k%3, env)
		if err != nil || resp.Status != common.Status_SUCCESS {
			t.Fatalf("send %d after commit: %v %v", k, resp, err)
		}
	}
	tc.WaitForHeight(tc.Chain(leader).Height(), 5*time.Second)
	for i := range tc.Nodes {
		if n := txCounts(t, tc, i)[id]; n != 3 {
			t.Fatalf("node %d holds tx id %s %d times, want 3 (three distinct envelopes)", i, id, n)
		}
		blocks := envelopeBlocks(t, tc, i)
		for k, env := range []*common.Envelope{first, second, third} {
			if got := blocks[string(marshalEnv(t, env))]; len(got) != 1 {
				t.Fatalf("node %d: envelope %d in blocks %v, want exactly one", i, k, got)
			}
		}
	}
	chainsIdentical(t, tc)
}

func TestFollowerCatchesUpAfterRestart(t *testing.T) {
	timing := TestRaftTiming()
	timing.SnapshotThreshold, timing.TrailingLogs, timing.SnapshotInterval = 4, 2, 200*time.Millisecond
	tc := NewTestCluster(t, 3, WithTestBatch(1, 50*time.Millisecond), WithTestRaftTiming(timing))
	user := tc.Identity("org1", "User1")
	leader := tc.WaitForLeader(5 * time.Second)
	down := (leader + 1) % 3
	tc.Stop(down)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for k := 0; k < 30; k++ {
		if err := tc.Submit(ctx, tc.NewTx(user, 100)); err != nil {
			t.Fatal(err)
		}
	}
	// Let snapshots compact the log past what the stopped node has, so it
	// must catch up by snapshot + block pull rather than log replay.
	time.Sleep(time.Second)
	want := tc.Chain(leader).Height()
	tc.Restart(down)
	tc.WaitForHeight(want, 15*time.Second)
	if h := chainsIdentical(t, tc); h < want {
		t.Fatalf("common height %d < %d", h, want)
	}
	if tc.Chain(down).PulledBlocks() == 0 {
		t.Fatal("restarted node caught up without pulling blocks: the snapshot path was not exercised")
	}
}

// TestRaftLogBoundedBySnapshotSize: entries are whole blocks, so the raft
// log is bounded by bytes (SnapshotIntervalSize, the channel's value first,
// then the node's), not only by raft's entry count, which the cases switch
// off. Each case orders 40 one-envelope blocks of ~3 KB.
func TestRaftLogBoundedBySnapshotSize(t *testing.T) {
	const blocks, trailing = 40, 4
	cases := []struct {
		name      string
		channel   *uint32 // nil: the builder's default (16 MiB)
		node      uint64
		compacted bool
	}{
		{"channel value", new(uint32(16 << 10)), 0, true},
		{"node value when the channel sets none", new(uint32(0)), 16 << 10, true},
		{"channel value wins over the node's", nil, 16 << 10, false},
		{"both off", new(uint32(0)), 0, false},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			timing := TestRaftTiming()
			timing.SnapshotThreshold, timing.TrailingLogs, timing.SnapshotIntervalSize = 1<<30, trailing, tt.node
			opts := []TestClusterOption{WithTestBatch(1, 50*time.Millisecond), WithTestRaftTiming(timing)}
			if tt.channel != nil {
				opts = append(opts, WithTestSnapshotIntervalSize(*tt.channel))
			}
			tc := NewTestCluster(t, 3, opts...)
			user := tc.Identity("org1", "User1")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			for range blocks {
				if err := tc.Submit(ctx, tc.NewTx(user, 2000)); err != nil {
					t.Fatal(err)
				}
			}
			tc.WaitForHeight(blocks+1, 10*time.Second)
			// Snapshots run in the background: wait for every node's log to
			// shrink (or, without a size trigger, check it kept everything).
			deadline := time.Now().Add(10 * time.Second)
			for i := range tc.Nodes {
				for {
					first, _ := tc.Chain(i).raftdb.FirstIndex()
					last, _ := tc.Chain(i).raftdb.LastIndex()
					kept := last - first + 1
					if !tt.compacted {
						if first > 1 {
							t.Fatalf("node %d compacted its raft log to %d..%d without a size trigger", i, first, last)
						}
						t.Logf("node %d keeps raft entries %d..%d", i, first, last)
						break
					}
					// 16 KiB is ~5 of these blocks: at most that many since the
					// last snapshot plus the trailing entries, plus slack for a
					// snapshot still under way.
					if first > 1 && kept <= trailing+12 {
						t.Logf("node %d keeps raft entries %d..%d", i, first, last)
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("node %d keeps raft entries %d..%d (%d), want compaction to about %d", i, first, last, kept, trailing+5)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			chainsIdentical(t, tc)
		})
	}
}
