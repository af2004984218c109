package orderer

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
)

// BenchmarkBroadcast3Nodes orders b.N signed 1 KB envelopes through a
// 3-node cluster on loopback over mutual TLS, from Broadcast streams spread
// over the three nodes (followers forward to the leader). "pipelined": 12
// streams each sending everything at once (throughput; latency includes
// queueing). "closed-loop": 64 clients with one envelope in flight each
// (latency at moderate load). Reports envelopes/s and broadcast→SUCCESS
// latency; SUCCESS is sent once the envelope's block is committed by raft
// and stored by the leader.
//
//	go test ./network/orderer -run '^$' -bench Broadcast3Nodes -benchtime 20000x
func BenchmarkBroadcast3Nodes(b *testing.B) {
	b.Run("pipelined", func(b *testing.B) { benchBroadcast(b, 12, 1<<30) })
	b.Run("closed-loop", func(b *testing.B) { benchBroadcast(b, 64, 1) })
}

func benchBroadcast(b *testing.B, streams, window int) {
	tc := NewTestCluster(b, 3, WithTestBatch(500, 100*time.Millisecond), WithTestRaftTiming(DefaultRaftTiming()))
	user := tc.Identity("org1", "User1")
	envs := make([]*common.Envelope, b.N)
	for i := range envs {
		envs[i] = tc.NewTx(user, 1024-200) // ~1 KB on the wire with header and signature
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	lat := make([][]time.Duration, streams)
	var wg sync.WaitGroup
	b.SetBytes(1024)
	b.ResetTimer()
	start := time.Now()
	for s := 0; s < streams; s++ {
		wg.Add(1)
		go func(s int) {
			defer wg.Done()
			stream, err := ab.NewAtomicBroadcastClient(tc.Dial(s % 3)).Broadcast(ctx)
			if err != nil {
				b.Error(err)
				return
			}
			sent := make(chan time.Time, 4096)
			credit := make(chan struct{}, min(window, len(envs)))
			for i := 0; i < cap(credit); i++ {
				credit <- struct{}{}
			}
			go func() {
				for k := s; k < len(envs); k += streams {
					<-credit
					sent <- time.Now()
					if err := stream.Send(envs[k]); err != nil {
						b.Error(err)
						break
					}
				}
				close(sent)
			}()
			for t0 := range sent {
				resp, err := stream.Recv()
				if err != nil || resp.Status != common.Status_SUCCESS {
					b.Errorf("%v %v", resp, err)
					return
				}
				lat[s] = append(lat[s], time.Since(t0))
				select {
				case credit <- struct{}{}:
				default:
				}
			}
			stream.CloseSend()
		}(s)
	}
	wg.Wait()
	el := time.Since(start)
	b.StopTimer()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	if len(all) == 0 {
		return
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(len(all))/el.Seconds(), "envelopes/s")
	b.ReportMetric(float64(len(all))/float64(tc.Chain(0).Height()-1), "envelopes/block")
	b.ReportMetric(float64(all[len(all)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Milliseconds()), "p99-ms")
}
