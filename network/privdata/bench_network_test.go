package privdata_test

import (
	"bytes"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
)

// BenchmarkCreateAsset is the peer issue's create-asset workload (submit
// and wait for commit, 16 concurrent clients, Org1's gateway, one peer per
// org, 3 raft orderers) public-only and with a 1 KB private field in the
// collection shared by Org1 and Org2, which is disseminated to the Org2
// peer (required peer count 1) before each endorsement returns. It reports
// tx/s and submit→commit latency percentiles.
//
//	go test ./network/privdata -run '^$' -bench CreateAsset -benchtime 400x
func BenchmarkCreateAsset(b *testing.B) {
	n := newPDNet(b, 1)
	var contracts []*client.Contract
	for i := 0; i < 4; i++ {
		contracts = append(contracts, n.gateway(b, n.Peer("org1", 0), "org1", "User1"))
	}
	private := bytes.Repeat([]byte("p"), 1024)
	for _, tc := range []struct{ name, coll string }{{"public", ""}, {"private1KB", "shared"}} {
		b.Run(tc.name, func(b *testing.B) {
			const workers = 16
			var next atomic.Int64
			var mu sync.Mutex
			var lats []time.Duration
			var failed atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(c *client.Contract) {
					defer wg.Done()
					for {
						i := next.Add(1) - 1
						if i >= int64(b.N) {
							return
						}
						opts := []client.ProposalOption{client.WithArguments(tc.coll, fmt.Sprintf("%s-%d-%d", tc.name, time.Now().UnixNano(), i), "bench", "7")}
						if tc.coll != "" {
							opts = append(opts, client.WithTransient(map[string][]byte{"private": private}))
						}
						t0 := time.Now()
						if _, err := c.Submit("CreateAsset", opts...); err != nil {
							failed.Add(1)
							b.Log(err)
							continue
						}
						mu.Lock()
						lats = append(lats, time.Since(t0))
						mu.Unlock()
					}
				}(contracts[w%len(contracts)])
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if failed.Load() > 0 {
				b.Fatalf("%d transactions failed", failed.Load())
			}
			sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
			pct := func(p float64) float64 {
				return float64(lats[min(len(lats)-1, int(float64(len(lats))*p))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(len(lats))/elapsed.Seconds(), "tx/s")
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
