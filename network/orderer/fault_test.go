package orderer

import (
	"context"
	"flag"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"google.golang.org/grpc"
)

var faultTxs = flag.Int("fault.txs", 10000, "transactions in TestLeaderFailoverExactlyOnce")

// TestLeaderFailoverExactlyOnce submits transactions from many concurrent
// clients while the raft leader is stopped twice and restarted. Clients retry
// a failed envelope on another node. At the end every envelope answered
// SUCCESS is in exactly one block, no transaction appears twice, all nodes
// hold identical chains, and each failover produced a new block within 3 s.
// (cmd/saharanet-orderer runs the same scenario with SIGKILL on processes.)
func TestLeaderFailoverExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	tc := NewTestCluster(t, 3, WithTestBatch(200, 50*time.Millisecond))
	user := tc.Identity("org1", "User1")
	total := *faultTxs
	const workers = 64
	envs := make([]*common.Envelope, total)
	ids := make([]string, total)
	for i := range envs {
		envs[i] = tc.NewTx(user, 200)
		ids[i] = txID(t, envs[i])
	}
	var mu sync.Mutex
	conns := map[int]*grpc.ClientConn{}
	conn := func(i int) grpc.ClientConnInterface {
		mu.Lock()
		defer mu.Unlock()
		if c, ok := conns[i]; ok {
			return c
		}
		c := tc.Dial(i)
		conns[i] = c
		return c
	}
	succeeded := make([]atomic.Bool, total)
	var nSuccess, nRetries atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			node := w % 3
			var stream grpc.BidiStreamingClient[common.Envelope, ab.BroadcastResponse]
			for k := w; k < total; k += workers {
				for attempt := 0; ; attempt++ {
					if ctx.Err() != nil {
						t.Errorf("timeout with envelope %d unanswered", k)
						return
					}
					if stream == nil {
						s, err := ab.NewAtomicBroadcastClient(conn(node)).Broadcast(ctx)
						if err != nil {
							node = (node + 1) % 3
							time.Sleep(50 * time.Millisecond)
							continue
						}
						stream = s
					}
					var resp *ab.BroadcastResponse
					err := stream.Send(envs[k])
					if err == nil {
						resp, err = stream.Recv()
					}
					if err == nil && resp.Status == common.Status_SUCCESS {
						succeeded[k].Store(true)
						nSuccess.Add(1)
						break
					}
					// Failed or unknown outcome: retry the same envelope elsewhere.
					nRetries.Add(1)
					stream = nil
					node = (node + 1) % 3
					time.Sleep(20 * time.Millisecond)
				}
			}
		}(w)
	}
	var failovers []time.Duration
	for _, at := range []int64{int64(total) / 5, int64(total) / 2} {
		for nSuccess.Load() < at && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		old := tc.WaitForLeader(5 * time.Second)
		heights := map[int]uint64{}
		for i := range tc.Nodes {
			if i != old {
				heights[i] = tc.Chain(i).Height()
			}
		}
		killed := time.Now()
		tc.Stop(old)
		// Failover time: from the stop to the first block a new leader commits.
		for {
			grown := false
			for i, h := range heights {
				if tc.Chain(i).Height() > h+1 { // +1: the old leader's last block may still land
					grown = true
				}
			}
			if grown || time.Since(killed) > 10*time.Second {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		failovers = append(failovers, time.Since(killed))
		time.Sleep(500 * time.Millisecond)
		tc.Restart(old)
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	leader := tc.WaitForLeader(5 * time.Second)
	tc.WaitForHeight(tc.Chain(leader).Height(), 20*time.Second)
	chainsIdentical(t, tc)
	for i := range tc.Nodes {
		counts := txCounts(t, tc, i)
		for id, n := range counts {
			if n != 1 {
				t.Fatalf("node %d: tx %s in %d blocks", i, id, n)
			}
		}
		for k := range envs {
			if succeeded[k].Load() && counts[ids[k]] != 1 {
				t.Fatalf("node %d: SUCCESS envelope %d is in %d blocks", i, k, counts[ids[k]])
			}
		}
	}
	t.Logf("%d envelopes, %d retries, %d blocks, failovers %v", nSuccess.Load(), nRetries.Load(), tc.Chain(0).Height(), failovers)
	for _, f := range failovers {
		if f > 3*time.Second {
			t.Errorf("failover took %v, want < 3s", f)
		}
	}
}
