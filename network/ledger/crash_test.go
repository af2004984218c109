package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/protoutil"
)

// More kills: go test -run TestCrashRecovery ./network/ledger -args -crash.iterations=100
var crashIterations = flag.Int("crash.iterations", 30, "number of SIGKILLs in TestCrashRecovery")

const (
	envCrashDir  = "SAHARANET_LEDGER_CRASH_DIR"
	envCrashSeed = "SAHARANET_LEDGER_CRASH_SEED"
)

// genBlock deterministically builds block n of a pseudo-random chain and its
// update batch: many txs (some invalid, some replayed txids), public writes,
// deletes, metadata, history, private writes with BTL and purges. It depends
// only on (seed, n, prev), so a replay produces the same blocks.
func genBlock(seed uint64, n uint64, prev []byte) (*common.Block, *UpdateBatch) {
	b, batch, _ := genBlockMissing(seed, n, prev)
	return b, batch
}

// genOld is what reconciliation brings before block n: the private writes
// withheld from the four blocks before it, and a forged one. Some have been
// overwritten, purged or have expired since; CommitOldPrivateData must skip
// those.
func genOld(seed, n uint64) []PrivateWrite {
	var out []PrivateWrite
	for m := max(1, int64(n)-4); m < int64(n); m++ {
		_, _, w := genBlockMissing(seed, uint64(m), nil)
		out = append(out, w...)
	}
	if len(out) > 0 {
		forged := out[0]
		forged.Value = []byte("forged")
		out = append(out, forged)
	}
	return out
}

// stepChain commits the next block of the chain, reconciling old private
// data before every third block. A crash between the two only means the
// reconciliation is redone, which changes nothing.
func stepChain(l *Ledger, seed uint64) error {
	n := l.Height()
	if n%3 == 0 && n > 0 {
		if err := l.CommitOldPrivateData(genOld(seed, n)); err != nil {
			return fmt.Errorf("reconcile before block %d: %w", n, err)
		}
	}
	b, batch := genBlock(seed, n, l.LastBlockHash())
	if err := l.Commit(b, batch); err != nil {
		return fmt.Errorf("commit block %d: %w", n, err)
	}
	return nil
}

// genBlockMissing is genBlock that also returns the private writes withheld
// from the batch: this peer missed them (value writes, reconciled later) or
// applies them by hash only (purges).
func genBlockMissing(seed uint64, n uint64, prev []byte) (*common.Block, *UpdateBatch, []PrivateWrite) {
	if n == 0 {
		return makeBlock(0, nil, []txSpec{{txid: fmt.Sprintf("genesis-%d", seed), ts: time.Unix(1700000000, 0)}}), &UpdateBatch{}, nil
	}
	var withheld []PrivateWrite
	r := rand.New(rand.NewPCG(seed, n))
	ntx := 10 + r.IntN(40)
	txs := make([]txSpec, ntx)
	batch := &UpdateBatch{}
	for i := range txs {
		body := make([]byte, 100+r.IntN(400))
		for j := range body {
			body[j] = byte(r.Uint32())
		}
		txs[i] = txSpec{txid: fmt.Sprintf("%d-%d-%d", seed, n, i), ts: time.Unix(1700000000+int64(n), int64(i)), body: body}
		switch x := r.IntN(20); {
		case i == 0:
		case x == 0:
			txs[i].code = peer.TxValidationCode_MVCC_READ_CONFLICT
		case x == 1 && n > 2:
			// a replay of an earlier block's tx
			txs[i].txid = fmt.Sprintf("%d-%d-%d", seed, 1+r.Uint64N(n-1), 0)
			txs[i].code = peer.TxValidationCode_DUPLICATE_TXID
		}
		if txs[i].code != peer.TxValidationCode_VALID {
			continue
		}
		h := Height{n, uint64(i)}
		if i == 0 {
			// The marker lets recovery checks see the state of the last block.
			m := Write{Namespace: "meta", Key: "last", Value: []byte(strconv.FormatUint(n, 10)), Version: h}
			batch.Public = append(batch.Public, m)
			batch.History = append(batch.History, HistoryEntry{Namespace: "meta", Key: "last", Version: h})
		}
		for w := r.IntN(5); w > 0; w-- {
			ns := []string{"ns1", "ns2", "ns1\x00"}[r.IntN(3)]
			key := fmt.Sprintf("k%03d", r.IntN(200))
			if r.IntN(4) == 0 {
				key = "\x00asset\x00" + key + "\x00" + "\U0010FFFF"
			}
			wr := Write{Namespace: ns, Key: key, Version: h}
			switch r.IntN(10) {
			case 0:
				wr.IsDelete = true
			case 1:
				wr.MetadataSet = true
				wr.Metadata = map[string][]byte{"VALIDATION_PARAMETER": []byte(fmt.Sprint(r.IntN(100)))}
			case 2:
				wr.MetadataSet = true // metadata delete, value kept
			default:
				wr.Value = []byte(fmt.Sprintf("%s=%d", key, r.Uint64()))
				if r.IntN(5) == 0 {
					wr.MetadataSet = true
					wr.Metadata = map[string][]byte{"VALIDATION_PARAMETER": {byte(r.IntN(256))}}
				}
			}
			batch.Public = append(batch.Public, wr)
			if len(wr.Value) > 0 || wr.IsDelete {
				batch.History = append(batch.History, HistoryEntry{Namespace: ns, Key: key, Version: h, IsDelete: wr.IsDelete})
			}
		}
		if r.IntN(4) == 0 {
			key := fmt.Sprintf("p%02d", r.IntN(30))
			kh := sha256.Sum256([]byte(key))
			var expires uint64
			if r.IntN(2) == 0 {
				expires = n + 1 + r.Uint64N(6)
			}
			pw := PrivateWrite{Namespace: "ns1", Collection: "coll", Key: key, Version: h, ExpiresAtBlock: expires}
			hw := HashedWrite{Namespace: "ns1", Collection: "coll", KeyHash: kh[:], Version: h, ExpiresAtBlock: expires}
			switch r.IntN(8) {
			case 0:
				pw.IsDelete, pw.IsPurge, hw.IsDelete, hw.IsPurge = true, true, true, true
				pw.ExpiresAtBlock, hw.ExpiresAtBlock = 0, 0
			case 1:
				pw.IsDelete, hw.IsDelete = true, true
				pw.ExpiresAtBlock, hw.ExpiresAtBlock = 0, 0
			default:
				pw.Value = []byte(fmt.Sprintf("secret-%d", r.Uint64()))
				vh := sha256.Sum256(pw.Value)
				hw.ValueHash = vh[:]
			}
			// A plain delete is never withheld: a private value whose delete
			// went missing would outlive its hash until reconciled, which
			// checkPrivateFollowsHashes rules out.
			switch {
			case r.IntN(3) != 0 || (pw.IsDelete && !pw.IsPurge):
				batch.Private = append(batch.Private, pw)
			case !pw.IsPurge:
				withheld = append(withheld, pw)
			}
			batch.Hashed = append(batch.Hashed, hw)
		}
	}
	return makeBlock(n, prev, txs), batch, withheld
}

// checkPrivateFollowsHashes: a private value this peer holds never outlives
// its hash (deleted, purged or expired) and never disagrees with a hash of
// the same version.
func checkPrivateFollowsHashes(t *testing.T, l *Ledger) (held int) {
	t.Helper()
	for i := 0; i < 30; i++ {
		key := fmt.Sprintf("p%02d", i)
		kh := sha256.Sum256([]byte(key))
		pv, err := l.GetPrivateData("ns1", "coll", key)
		if err != nil {
			t.Fatal(err)
		}
		hv, err := l.GetHashedState("ns1", "coll", kh[:])
		if err != nil {
			t.Fatal(err)
		}
		if pv == nil {
			continue
		}
		held++
		vh := sha256.Sum256(pv.Value)
		switch {
		case hv == nil:
			t.Fatalf("private %s at %v outlived its hash", key, pv.Version)
		case hv.Version.Less(pv.Version):
			t.Fatalf("private %s at %v is newer than its hash at %v", key, pv.Version, hv.Version)
		case hv.Version == pv.Version && !bytes.Equal(hv.Value, vh[:]):
			t.Fatalf("private %s at %v does not match its hash", key, pv.Version)
		}
	}
	return held
}

// TestCrashChild is the process the crash test kills; it does nothing in a
// normal run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(envCrashDir)
	if dir == "" {
		t.Skip("only runs as the child of TestCrashRecovery")
	}
	seed, _ := strconv.ParseUint(os.Getenv(envCrashSeed), 10, 64)
	// A small memtable makes flushes and compactions happen under the kills.
	l, err := Open(dir, WithLogger(quietLogger), WithMemTableSize(1<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(3)
	}
	for {
		if err := stepChain(l, seed); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(4)
		}
	}
}

// checkRecovered asserts the reopened ledger holds exactly `height` whole
// blocks: every block from `from` on chains, the last block's state marker is
// present, and nothing beyond the tip is stored.
func checkRecovered(t *testing.T, l *Ledger, seed, from uint64) {
	t.Helper()
	h := l.Height()
	var prev []byte
	if from > 0 {
		b, err := l.BlockByNumber(from - 1)
		if err != nil {
			t.Fatalf("block %d: %v", from-1, err)
		}
		prev = protoutil.BlockHeaderHash(b.Header)
	}
	for n := from; n < h; n++ {
		b, err := l.BlockByNumber(n)
		if err != nil {
			t.Fatalf("height %d but block %d: %v", h, n, err)
		}
		want, _ := genBlock(seed, n, prev)
		if !bytes.Equal(protoutil.BlockHeaderHash(b.Header), protoutil.BlockHeaderHash(want.Header)) {
			t.Fatalf("block %d differs from the generated one", n)
		}
		prev = protoutil.BlockHeaderHash(b.Header)
		if loc, err := l.TxByID(fmt.Sprintf("%d-%d-0", seed, n)); n > 0 && (err != nil || loc.BlockNum != n) {
			t.Fatalf("tx index of block %d: %+v, %v", n, loc, err)
		}
	}
	if !bytes.Equal(prev, l.LastBlockHash()) && h > 0 {
		t.Fatal("tip hash does not match the last block")
	}
	if h > 1 {
		v := mustState(t, l, "meta", "last")
		if v == nil || string(v.Value) != strconv.FormatUint(h-1, 10) || v.Version != (Height{h - 1, 0}) {
			t.Fatalf("height %d but state marker %+v: state and blocks disagree", h, v)
		}
	}
	if _, err := l.BlockByNumber(h); !errors.Is(err, ErrNotFound) {
		t.Fatalf("block %d stored beyond height %d", h, h)
	}
}

func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d, %d kills", seed, *crashIterations)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(seed, 0))
	var height uint64
	deadline := time.Now().Add(35 * time.Second)
	kills, progressed := 0, 0
	for ; kills < *crashIterations; kills++ {
		if *crashIterations <= 30 && time.Now().After(deadline) {
			t.Logf("time budget reached after %d kills", kills)
			break
		}
		cmd := exec.Command(exe, "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashSeed+"="+strconv.FormatUint(seed, 10))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill anywhere from process start-up through Pebble recovery to the
		// middle of a commit.
		delay := time.Duration(20+r.IntN(400)) * time.Millisecond
		if r.IntN(5) == 0 {
			delay = time.Duration(r.IntN(15)) * time.Millisecond // before or during Open
		}
		time.Sleep(delay)
		_ = cmd.Process.Kill() // SIGKILL
		werr := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(werr, &ee) || ee.ProcessState.Exited() {
			t.Fatalf("child ended on its own (%v) instead of being killed: %s", werr, stderr.String())
		}
		l := openTest(t, dir)
		if l.Height() < height {
			t.Fatalf("kill %d: height went back from %d to %d: a synced commit was lost", kills, height, l.Height())
		}
		checkRecovered(t, l, seed, height)
		if l.Height() > height {
			progressed++
		}
		height = l.Height()
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// Resume in-process, then replay the same chain into a fresh ledger.
	l := openTest(t, dir)
	defer l.Close()
	for l.Height() < height+5 {
		if err := stepChain(l, seed); err != nil {
			t.Fatal(err)
		}
	}
	height = l.Height()
	// Kills that found no progress landed in start-up or Pebble recovery.
	t.Logf("%d kills (%d after the child had committed), final height %d", kills, progressed, height)
	if height < 10 {
		t.Fatalf("only %d blocks committed: the child never got going", height)
	}
	clean := newLedger(t)
	for clean.Height() < height {
		if err := stepChain(clean, seed); err != nil {
			t.Fatal(err)
		}
	}
	for n := uint64(0); n < height; n++ {
		a, _ := l.BlockByNumber(n)
		b, _ := clean.BlockByNumber(n)
		if !bytes.Equal(protoutil.BlockHeaderHash(a.Header), protoutil.BlockHeaderHash(b.Header)) {
			t.Fatalf("block %d differs between crashed and clean ledger", n)
		}
	}
	fa, err := l.StateFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	fb, _ := clean.StateFingerprint()
	if !bytes.Equal(fa, fb) {
		t.Fatal("state fingerprint differs between crashed and clean ledger")
	}
	// The batch txid probe works against flushed sstables too.
	ids := []string{"absent-1", fmt.Sprintf("%d-%d-0", seed, height)}
	for n := uint64(1); n < height; n += 7 {
		ids = append(ids, fmt.Sprintf("%d-%d-0", seed, n))
	}
	exist, err := l.TxIDsExist(ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, ok := range exist {
		if ok != (i >= 2) {
			t.Fatalf("TxIDsExist(%s) = %v", ids[i], ok)
		}
	}
	// Stronger: every stored record (private data, history, indexes, expiry
	// schedule) is identical.
	if da, db := dumpHash(t, l), dumpHash(t, clean); !bytes.Equal(da, db) {
		t.Fatal("stored records differ between crashed and clean ledger")
	}
	t.Logf("%d private keys held at the end", checkPrivateFollowsHashes(t, l))
}

// dumpHash hashes every key and value in the ledger's database.
func dumpHash(t *testing.T, l *Ledger) []byte {
	t.Helper()
	h := sha256.New()
	it, err := l.db.NewIter(&pebble.IterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		fmt.Fprintf(h, "%d:%x=%d:%x;", len(it.Key()), it.Key(), len(it.Value()), it.Value())
	}
	return h.Sum(nil)
}
