package gateway_test

import (
	"context"
	"flag"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/saharanet/saharanet/network/peer/gateway/loadgen"
)

var (
	benchBatch = flag.Duration("gateway.batch", 100*time.Millisecond, "BenchmarkSubmit: the orderers' batch timeout")
	benchConc  = flag.Int("gateway.concurrency", 64, "benchmarks: transactions in flight")
)

// benchContracts opens conns gRPC connections from an Org1 client to Org1's
// peer, as the load command does.
func benchContracts(b testing.TB, tn *testNet, conns int) []*client.Contract {
	var cs []*client.Contract
	for i := 0; i < conns; i++ {
		gw := tn.gatewayFor(b, tn.Peer("org1", 0), "org1", "User1")
		cs = append(cs, gw.GetNetwork(tn.ChannelID).GetContract(ccName))
	}
	return cs
}

// cpuTime is the CPU time (user+system) this process has used: the whole
// in-process network (client, peers, orderers, chaincode), so CPU per
// transaction depends far less on what else shares the machine than rates
// do (contention still inflates it by a few per cent).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func report(b *testing.B, res *loadgen.Result, cpu time.Duration) {
	if n := res.OK + res.Failed; n > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(n), "cpu-us/op")
	}
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
	tn := newTestNet(b, withBatch(*benchBatch))
	cs := benchContracts(b, tn, 4)
	run := time.Now().UnixNano()
	b.ResetTimer()
	cpu0 := cpuTime(b)
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		Mode: loadgen.Submit, Concurrency: *benchConc, Count: b.N, Function: "CreateAsset", Contracts: cs,
		Args: func(n int64) []string { return []string{fmt.Sprintf("bench-%d-%d", run, n), "owner", "1"} },
	})
	b.StopTimer()
	cpu := cpuTime(b) - cpu0
	if err != nil {
		b.Fatal(err)
	}
	report(b, res, cpu)
	tn.logStages(b)
}

// logStages logs the mean duration of each gateway method on every peer,
// which splits submit→commit latency into endorse, submit and the wait.
func (tn *testNet) logStages(b *testing.B) {
	tn.mu.Lock()
	defer tn.mu.Unlock()
	for name, m := range tn.metrics {
		var line string
		for _, method := range []string{"Evaluate", "Endorse", "Submit", "CommitStatus"} {
			var pm dto.Metric
			h, err := m.Duration.GetMetricWithLabelValues(method)
			if err != nil || h.(prometheus.Metric).Write(&pm) != nil || pm.GetHistogram().GetSampleCount() == 0 {
				continue
			}
			mean := pm.GetHistogram().GetSampleSum() / float64(pm.GetHistogram().GetSampleCount())
			line += fmt.Sprintf(" %s=%.1fms(n=%d)", method, mean*1e3, pm.GetHistogram().GetSampleCount())
		}
		if line != "" {
			b.Logf("%s mean:%s", name, line)
		}
	}
}

// BenchmarkEvaluate: ReadAsset of one key at concurrency 64.
func BenchmarkEvaluate(b *testing.B) {
	tn := newTestNet(b)
	cs := benchContracts(b, tn, 4)
	if _, err := cs[0].SubmitTransaction("CreateAsset", "seed", "owner", "1"); err != nil {
		b.Fatal(describe(err))
	}
	b.ResetTimer()
	cpu0 := cpuTime(b)
	res, err := loadgen.Run(context.Background(), loadgen.Config{
		Mode: loadgen.Evaluate, Concurrency: *benchConc, Count: b.N, Function: "ReadAsset", Contracts: cs,
		Args: func(int64) []string { return []string{"seed"} },
	})
	b.StopTimer()
	cpu := cpuTime(b) - cpu0
	if err != nil {
		b.Fatal(err)
	}
	report(b, res, cpu)
}
