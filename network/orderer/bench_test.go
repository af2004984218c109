package orderer

import (
	"context"
	"crypto/rand"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// BenchmarkBroadcast3Nodes orders b.N signed envelopes (~1 KB of payload,
// ~1.86 KB on the wire) through a 3-node cluster on loopback over mutual TLS, from Broadcast streams spread
// over the three nodes (followers forward to the leader). "pipelined": 12
// streams each sending everything at once (throughput; latency includes
// queueing). "one-stream": the same from a single stream (its signature
// checks run in parallel). "closed-loop": 64 clients with one envelope in
// flight each (latency at moderate load; blocks are cut by the 100 ms
// BatchTimeout, which dominates it). Reports envelopes/s and broadcast→SUCCESS
// latency; SUCCESS is sent once the envelope's block is committed by raft
// and stored by the leader.
//
// cpu-us/envelope is the process's user+system CPU time (getrusage) over
// the timed part divided by the envelopes: all three orderers plus the
// benchmark's gRPC clients (not the signing, which happens before). Unlike
// envelopes/s it hardly depends on what else the machine runs, so it is the
// figure to compare across runs on a shared machine: n cores can order at
// most n/(cpu-us/envelope) envelopes per microsecond.
//
//	go test ./network/orderer -run '^$' -bench Broadcast3Nodes -benchtime 20000x
func BenchmarkBroadcast3Nodes(b *testing.B) {
	b.Run("pipelined", func(b *testing.B) { benchBroadcast(b, 12, 1<<30) })
	b.Run("one-stream", func(b *testing.B) { benchBroadcast(b, 1, 1<<30) })
	b.Run("closed-loop", func(b *testing.B) { benchBroadcast(b, 64, 1) })
}

func benchBroadcast(b *testing.B, streams, window int) {
	tc := NewTestCluster(b, 3, WithTestBatch(500, 100*time.Millisecond), WithTestRaftTiming(DefaultRaftTiming()))
	user := tc.Identity("org1", "User1")
	envs := make([]*common.Envelope, b.N)
	for i := range envs {
		// 824 bytes of payload; with the header (the creator's certificate
		// alone is ~850 bytes) and signature the envelope is ~1.86 KB.
		envs[i] = benchTx(b, tc, user, 1024-200)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	lat := make([][]time.Duration, streams)
	var wg sync.WaitGroup
	b.SetBytes(int64(proto.Size(envs[0])))
	b.ResetTimer()
	cpu0 := processCPU()
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
	cpu := processCPU() - cpu0
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
	var height uint64 // the leader's: a follower may not have applied the last block yet
	for i := range tc.Nodes {
		height = max(height, tc.Chain(i).Height())
	}
	b.ReportMetric(float64(len(all))/float64(height-1), "envelopes/block")
	b.ReportMetric(float64(all[len(all)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Milliseconds()), "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu-us/envelope")
}

// benchTx is a signed envelope whose filler is random, like real payloads
// (zeros would make Pebble's compression unrealistically cheap).
func benchTx(b *testing.B, tc *TestCluster, s protoutil.Signer, pad int) *common.Envelope {
	filler := make([]byte, pad)
	rand.Read(filler)
	env, err := protoutil.CreateSignedEnvelope(common.HeaderType_ENDORSER_TRANSACTION, tc.ChannelID, s,
		&peer.Transaction{Actions: []*peer.TransactionAction{{Payload: filler}}})
	if err != nil {
		b.Fatal(err)
	}
	return env
}

// processCPU is the user+system CPU time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
