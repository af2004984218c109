package gateway_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/saharanet/saharanet/network/peer/gateway/loadgen"
)

// TestLoadgenCommitEvents: the load generator's tape-style commit
// observation (one filtered-block event stream instead of a CommitStatus
// per transaction) counts valid transactions as successes and reports
// invalidated ones with their validation code, as the CommitStatus path
// does.
func TestLoadgenCommitEvents(t *testing.T) {
	tn := newTestNet(t, withBatch(50*time.Millisecond))
	cs := benchContracts(t, tn, 2)
	network := tn.gatewayFor(t, tn.Peer("org1", 0), "org1", "User1").GetNetwork(tn.ChannelID)
	run := time.Now().UnixNano()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	res, err := loadgen.Run(ctx, loadgen.Config{
		Mode: loadgen.Submit, Concurrency: 8, Count: 60, Function: "CreateAsset", Contracts: cs, Commits: network,
		Args: func(n int64) []string { return []string{fmt.Sprintf("ev-%d-%d", run, n), "owner", "1"} },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 60 || res.Failed != 0 || len(res.Latencies) != 60 {
		t.Fatalf("unique creates: ok=%d failed=%d errors=%v", res.OK, res.Failed, res.Errors)
	}
	for n := range 60 {
		id := fmt.Sprintf("ev-%d-%d", run, n)
		if v, err := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger().GetState(ccName, id); err != nil || v == nil {
			t.Fatalf("asset %s reported committed but not in the ledger: %v", id, err)
		}
	}

	// Concurrent updates of one key: several land in a block together and
	// all but the first are invalidated by MVCC. The same through the
	// CommitStatus fallback: with a 1ns wait no block can arrive in time.
	for _, fallback := range []time.Duration{0, time.Nanosecond} {
		hot := fmt.Sprintf("hot-%d-%d", run, fallback)
		if _, err := cs[0].SubmitTransaction("CreateAsset", hot, "owner", "1"); err != nil {
			t.Fatal(describe(err))
		}
		res, err = loadgen.Run(ctx, loadgen.Config{
			Mode: loadgen.Submit, Concurrency: 8, Count: 48, Function: "UpdateValue", Contracts: cs,
			Commits: network, CommitFallback: fallback,
			Args: func(n int64) []string { return []string{hot, fmt.Sprint(n + 2)} },
		})
		if err != nil {
			t.Fatal(err)
		}
		conflicts := res.Errors["commit: MVCC_READ_CONFLICT"]
		if res.OK+res.Failed != 48 || res.OK == 0 || conflicts == 0 || conflicts != res.Failed {
			t.Fatalf("hot key, fallback %v: ok=%d failed=%d errors=%v", fallback, res.OK, res.Failed, res.Errors)
		}
		t.Logf("hot key, fallback %v: %d valid, %d MVCC_READ_CONFLICT", fallback, res.OK, conflicts)
	}
}
