package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"

	"github.com/saharanet/saharanet/network/protoutil"
)

// BenchmarkCommit commits blocks of 500 transactions, each writing one 1 KB
// value with a history entry (blind writes, as usage reports do); envelopes
// carry 2 KB of body so a block is ~1.7 MB, close to a real endorsed block.
// Run with: go test -run '^$' -bench Commit -benchtime 20x ./network/ledger/
func BenchmarkCommit(b *testing.B) {
	const txPerBlock = 500
	l := openTest(b, b.TempDir())
	defer l.Close()
	commitNext(b, l, 1, nil)
	r := rand.New(rand.NewPCG(1, 2))
	type item struct {
		block *common.Block
		batch *UpdateBatch
	}
	prev := l.LastBlockHash()
	gen := func(i int) item {
		n := uint64(i + 1)
		txs := make([]txSpec, txPerBlock)
		batch := &UpdateBatch{Public: make([]Write, txPerBlock), History: make([]HistoryEntry, txPerBlock)}
		for t := range txs {
			body := randBytes(r, 2048) // signatures, nonces and payloads barely compress
			txs[t] = txSpec{txid: fmt.Sprintf("%064x", n<<20|uint64(t)), ts: time.Unix(int64(n), 0), body: body}
			val := randBytes(r, 1024)
			h := Height{n, uint64(t)}
			key := fmt.Sprintf("\x00usage\x00org%d\x00%016x\x00", t%4, r.Uint64())
			batch.Public[t] = Write{Namespace: "royalty", Key: key, Value: val, Version: h}
			batch.History[t] = HistoryEntry{Namespace: "royalty", Key: key, Version: h}
		}
		blk := makeBlock(n, prev, txs)
		prev = protoutil.BlockHeaderHash(blk.Header)
		return item{blk, batch}
	}
	// Blocks are generated outside the timer, a few at a time, so a long run
	// (-benchtime 200x, which goes through memtable flushes and compactions)
	// does not hold every block in memory.
	b.SetBytes(int64(txPerBlock * 1024))
	b.ResetTimer()
	var spent, cpuSpent time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		it := gen(i)
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		if err := l.Commit(it.block, it.batch); err != nil {
			b.Fatal(err)
		}
		spent += time.Since(start)
		cpuSpent += cpuTime() - cpu0
	}
	el := spent.Seconds()
	// CPU time of the whole process while Commit runs (so it includes Pebble's
	// background flushes and compactions in that time). On a shared box,
	// wall-clock tx/s depends on the neighbours; tx per CPU-second does not.
	cpu := cpuSpent.Seconds()
	b.ReportMetric(cpu*1000/float64(b.N), "cpu-ms/block")
	b.ReportMetric(float64(b.N*txPerBlock)/cpu, "tx/cpu-s")
	if testing.Verbose() {
		m := l.db.Metrics()
		b.Logf("pebble metrics after %d blocks (block cache %+v):\n%s", b.N, m.BlockCache, m)
	}
	b.ReportMetric(float64(b.N)/el, "blocks/s")
	b.ReportMetric(float64(b.N*txPerBlock)/el, "tx/s")
}

func randBytes(r *rand.Rand, n int) []byte {
	out := make([]byte, n+8)
	for j := 0; j < n; j += 8 {
		binary.LittleEndian.PutUint64(out[j:], r.Uint64())
	}
	return out[:n]
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTxIDExistsMiss measures the duplicate-txid check validation runs
// for every new transaction (a miss, answered by the bloom filters).
func BenchmarkTxIDExistsMiss(b *testing.B) {
	l := openTest(b, b.TempDir())
	defer l.Close()
	commitNext(b, l, 1, nil)
	settle(b, l)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ok, err := l.TxIDExists(fmt.Sprintf("%064x", i)); ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkTxIDsExistMiss is the batch form for a 500-tx block; ns/op is per
// block.
func BenchmarkTxIDsExistMiss(b *testing.B) {
	l := openTest(b, b.TempDir())
	defer l.Close()
	commitNext(b, l, 1, nil)
	settle(b, l)
	ids := make([]string, 500)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range ids {
			ids[j] = fmt.Sprintf("%064x", i*500+j)
		}
		if ok, err := l.TxIDsExist(ids); err != nil || ok[0] {
			b.Fatal(ok[0], err)
		}
	}
}

// settle commits 100 blocks of 500 txs and compacts them to the bottom
// level, where Pebble's Get does not use bloom filters.
func settle(b *testing.B, l *Ledger) {
	for i := 0; i < 100; i++ {
		commitNext(b, l, 500, nil)
	}
	if err := l.db.Compact([]byte{0}, []byte{0xff}, true); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCommitOldPrivateData reconciles a block's 500 missed private
// writes (1 KB each) in one call: 500 hash checks and one fsynced batch.
func BenchmarkCommitOldPrivateData(b *testing.B) {
	l := newLedger(b)
	commitNext(b, l, 1, nil)
	var hashed []HashedWrite
	var writes []PrivateWrite
	val := make([]byte, 1024)
	for i := 0; i < 500; i++ {
		key := fmt.Sprintf("key-%04d", i)
		val[0], val[1] = byte(i), byte(i>>8)
		h := Height{1, uint64(i)}
		writes = append(writes, PrivateWrite{Namespace: "cc", Collection: "coll", Key: key, Value: append([]byte{}, val...), Version: h})
		kh, vh := sha256.Sum256([]byte(key)), sha256.Sum256(val)
		hashed = append(hashed, HashedWrite{Namespace: "cc", Collection: "coll", KeyHash: kh[:], ValueHash: vh[:], Version: h})
	}
	commitNext(b, l, 500, &UpdateBatch{Hashed: hashed})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := l.CommitOldPrivateData(writes); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(writes))/b.Elapsed().Seconds(), "writes/s")
}
