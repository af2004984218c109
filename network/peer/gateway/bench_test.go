package gateway_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"

	"github.com/saharanet/saharanet/network/peer/gateway/loadgen"
)

// benchContracts opens conns gRPC connections from an Org1 client to Org1's
// peer, as the load command does.
func benchContracts(b *testing.B, tn *testNet, conns int) []*client.Contract {
	var cs []*client.Contract
	for i := 0; i < conns; i++ {
		gw := tn.gatewayFor(b, tn.Peer("org1", 0), "org1", "User1")
		cs = append(cs, gw.GetNetwork(tn.ChannelID).GetContract(ccName))
	}
	return cs
}

func report(b *testing.B, res *loadgen.Result) {
	b.ReportMetric(res.Throughput(), "tx/s")
	b.ReportMetric(float64(res.Percentile(50).Milliseconds()), "p50-ms")
	b.ReportMetric(float64(res.Percentile(99).Milliseconds()), "p99-ms")
	if res.Failed > 0 {
		b.Errorf("%d failures: %v", res.Failed, res.Errors)
	}
	b.Log("\n" + res.String())
}

// BenchmarkSubmit: create-asset with unique keys at concurrency 64, 3 raft
// orderers, one peer per org, AND(Org1, Org2), everything in this process.
func BenchmarkSubmit(b *testing.B) {
	tn := newTestNet(b, withBatch(100*time.Millisecond))
	cs := benchContracts(b, tn, 4)
	run := time.Now().UnixNano()
	b.ResetTimer()
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		Mode: loadgen.Submit, Concurrency: 64, Count: b.N, Function: "CreateAsset", Contracts: cs,
		Args: func(n int64) []string { return []string{fmt.Sprintf("bench-%d-%d", run, n), "owner", "1"} },
	})
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	report(b, res)
}

// BenchmarkEvaluate: ReadAsset of one key at concurrency 64.
func BenchmarkEvaluate(b *testing.B) {
	tn := newTestNet(b)
	cs := benchContracts(b, tn, 4)
	if _, err := cs[0].SubmitTransaction("CreateAsset", "seed", "owner", "1"); err != nil {
		b.Fatal(describe(err))
	}
	b.ResetTimer()
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		Mode: loadgen.Evaluate, Concurrency: 64, Count: b.N, Function: "ReadAsset", Contracts: cs,
		Args: func(int64) []string { return []string{"seed"} },
	})
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	report(b, res)
}
