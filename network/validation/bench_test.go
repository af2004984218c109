package validation

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// BenchmarkValidateCommit validates and commits blocks of 500 transactions
// into a Pebble ledger, one Commit call per block. Each transaction is signed
// by a client and endorsed by a peer of each of two orgs under
// AND('Org1MSP.peer','Org2MSP.peer'), and writes 1 KB to a key of its own:
// three P-256 verifications per tx.
func BenchmarkValidateCommit(b *testing.B) {
	c, blocks := benchSetup(b)
	ctx := context.Background()
	benchRun(b, func() (int, error) {
		valid := 0
		for _, blk := range blocks {
			res, err := c.Commit(ctx, blk, nil)
			if err != nil {
				return 0, err
			}
			valid += res.ValidCount()
		}
		return valid, nil
	})
}

// BenchmarkValidateCommitStream is BenchmarkValidateCommit through
// CommitStream, which verifies the signatures of block n+1 while block n
// commits.
func BenchmarkValidateCommitStream(b *testing.B) {
	c, blocks := benchSetup(b)
	benchRun(b, func() (int, error) {
		in := make(chan BlockAndPvt, len(blocks))
		for _, blk := range blocks {
			in <- BlockAndPvt{Block: blk}
		}
		close(in)
		valid := 0
		err := c.CommitStream(context.Background(), in, func(r *Result) { valid += r.ValidCount() })
		return valid, err
	})
}

const benchTxsPerBlock = 500

func benchSetup(b *testing.B) (*Committer, []*common.Block) {
	ctx := context.Background()
	l := openLedger(b)
	h := newHarness(b)
	c := NewCommitter(l, Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols}, WithLogger(quiet))
	genesis, err := protoutil.GenesisBlock(testChannel, &common.Config{ChannelGroup: &common.ConfigGroup{}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Commit(ctx, genesis, nil); err != nil {
		b.Fatal(err)
	}
	value := make([]byte, 1024)
	for i := range value {
		value[i] = byte('a' + i%26)
	}
	prev := protoutil.BlockHeaderHash(genesis.Header)
	blocks := make([]*common.Block, b.N)
	creators := []msp.SigningIdentity{net.user1, net.user2}
	for n := range blocks {
		data := make([][]byte, benchTxsPerBlock)
		for i := range data {
			results := mustMarshal(b, rws(b, nsb{ns: "asset", writes: []*kvrwset.KVWrite{
				{Key: fmt.Sprintf("usage-%06d-%03d", n, i), Value: value}}}))
			data[i], _ = endorsedTx(b, creators[i%2], both(), results)
		}
		blocks[n] = protoutil.NewBlock(uint64(n+1), prev, data)
		prev = protoutil.BlockHeaderHash(blocks[n].Header)
	}
	return c, blocks
}

func benchRun(b *testing.B, run func() (int, error)) {
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	valid, err := run()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if want := b.N * benchTxsPerBlock; valid != want {
		b.Fatalf("%d valid transactions, want %d", valid, want)
	}
	b.ReportMetric(float64(valid)/elapsed.Seconds(), "tx/s")
	// CPU per tx does not depend on what else runs on the machine: with
	// perfect parallelism, cores / (CPU per tx) is the throughput ceiling.
	b.ReportMetric(float64(cpu.Microseconds())/float64(valid), "cpu-µs/tx")
}

// cpuTime is the user+system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkP256Verify is the reference cost the validator is bound by: one
// peer-identity signature check through the MSP (3 per benchmark tx).
func BenchmarkP256Verify(b *testing.B) {
	msg := make([]byte, 2048)
	sig, err := net.peer1.Sign(msg)
	if err != nil {
		b.Fatal(err)
	}
	id, err := net.mgr.DeserializeIdentity(net.peer1.Serialize())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := id.Verify(msg, sig); err != nil {
			b.Fatal(err)
		}
	}
}
