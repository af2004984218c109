package validation

import (
	"bytes"
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// BenchmarkValidateCommit validates and commits blocks of 500 transactions
// into a Pebble ledger, one Commit call per block. Each transaction is signed
// by a client and endorsed by a peer of each of two orgs under
// AND('Org1MSP.peer','Org2MSP.peer'), and writes 1 KB to a key of its own:
// three P-256 verifications per tx.
func BenchmarkValidateCommit(b *testing.B) { benchValidateCommit(b, nil) }

// BenchmarkValidateCommitOwnEndorsements is BenchmarkValidateCommit on
// peer0.org1 that remembers its own endorsements (Deps.OwnEndorsements):
// two P-256 verifications per tx instead of three.
func BenchmarkValidateCommitOwnEndorsements(b *testing.B) {
	benchValidateCommit(b, NewOwnEndorsements(0))
}

func benchValidateCommit(b *testing.B, own *OwnEndorsements) {
	c, blocks := benchSetup(b, own)
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
	c, blocks := benchSetup(b, nil)
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

// benchSetup builds b.N blocks; when own is set, the committer is
// peer0.org1 and own remembers the endorsements it signed.
func benchSetup(b *testing.B, own *OwnEndorsements) (*Committer, []*common.Block) {
	ctx := context.Background()
	l := openLedger(b)
	h := newHarness(b)
	deps := Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols}
	if own != nil {
		deps.OwnEndorsements = own
	}
	c := NewCommitter(l, deps, WithLogger(quiet))
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
			if own != nil {
				recordOwn(b, own, data[i])
			}
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

// recordOwn records peer0.org1's endorsement of a marshalled envelope, as
// its endorser would have when signing it.
func recordOwn(b *testing.B, own *OwnEndorsements, envBytes []byte) {
	env, pl, tr, cap := &common.Envelope{}, &common.Payload{}, &peer.Transaction{}, &peer.ChaincodeActionPayload{}
	if proto.Unmarshal(envBytes, env) != nil || proto.Unmarshal(env.Payload, pl) != nil ||
		proto.Unmarshal(pl.Data, tr) != nil || proto.Unmarshal(tr.Actions[0].Payload, cap) != nil {
		b.Fatal("benchmark transaction does not parse")
	}
	me := net.peer1.Serialize()
	for _, e := range cap.Action.Endorsements {
		if bytes.Equal(e.Endorser, me) {
			own.Record(e.Endorser, cap.Action.ProposalResponsePayload, e.Signature)
		}
	}
}
