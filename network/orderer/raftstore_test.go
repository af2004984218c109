package orderer

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/raft"
	raftboltdb "github.com/hashicorp/raft-boltdb/v2"
)

func openTestRaftStore(t *testing.T, dir string) *RaftStore {
	t.Helper()
	s, err := OpenRaftStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testLog(i uint64) *raft.Log {
	return &raft.Log{Index: i, Term: i/10 + 1, Type: raft.LogCommand, Data: []byte{byte(i), byte(i >> 8), 7},
		Extensions: []byte("ext"), AppendedAt: time.Unix(1700000000+int64(i), int64(i)*1000)}
}

func checkBounds(t *testing.T, s *RaftStore, first, last uint64) {
	t.Helper()
	f, err := s.FirstIndex()
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.LastIndex()
	if err != nil {
		t.Fatal(err)
	}
	if f != first || l != last {
		t.Fatalf("bounds = %d..%d, want %d..%d", f, l, first, last)
	}
}

func checkLog(t *testing.T, s *RaftStore, i uint64) {
	t.Helper()
	var got raft.Log
	if err := s.GetLog(i, &got); err != nil {
		t.Fatalf("GetLog(%d): %v", i, err)
	}
	if !sameLog(&got, testLog(i)) {
		t.Fatalf("GetLog(%d) = %+v, want %+v", i, got, testLog(i))
	}
}

func checkMissing(t *testing.T, s *RaftStore, i uint64) {
	t.Helper()
	var got raft.Log
	if err := s.GetLog(i, &got); !errors.Is(err, raft.ErrLogNotFound) {
		t.Fatalf("GetLog(%d) = %v, want ErrLogNotFound", i, err)
	}
}

func sameLog(a, b *raft.Log) bool {
	return a.Index == b.Index && a.Term == b.Term && a.Type == b.Type && bytes.Equal(a.Data, b.Data) &&
		bytes.Equal(a.Extensions, b.Extensions) && a.AppendedAt.Equal(b.AppendedAt) && a.AppendedAt.IsZero() == b.AppendedAt.IsZero()
}

func TestRaftStoreLogs(t *testing.T) {
	dir := t.TempDir()
	s := openTestRaftStore(t, dir)
	checkBounds(t, s, 0, 0)
	checkMissing(t, s, 1)

	if err := s.StoreLog(testLog(1)); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 1, 1)
	var batch []*raft.Log
	for i := uint64(2); i <= 20; i++ {
		batch = append(batch, testLog(i))
	}
	if err := s.StoreLogs(batch); err != nil {
		t.Fatal(err)
	}
	if err := s.StoreLogs(nil); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 1, 20)
	for i := uint64(1); i <= 20; i++ {
		checkLog(t, s, i)
	}
	checkMissing(t, s, 0)
	checkMissing(t, s, 21)

	// Compaction at the front, as raft does after a snapshot.
	if err := s.DeleteRange(1, 5); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 6, 20)
	checkMissing(t, s, 5)
	checkLog(t, s, 6)
	// Truncation at the back, as a follower does on a conflicting entry.
	if err := s.DeleteRange(15, 20); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 6, 14)
	checkMissing(t, s, 15)
	checkLog(t, s, 14)
	// The follower then overwrites from there with new terms.
	if err := s.StoreLogs([]*raft.Log{testLog(15), testLog(16)}); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 6, 16)
	// Overwriting an existing index replaces it.
	over := testLog(10)
	over.Term, over.Data = 99, []byte("replaced")
	if err := s.StoreLog(over); err != nil {
		t.Fatal(err)
	}
	var got raft.Log
	if err := s.GetLog(10, &got); err != nil || !sameLog(&got, over) {
		t.Fatalf("GetLog(10) = %+v, %v, want %+v", got, err, over)
	}

	// Everything survives a reopen, bounds included.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestRaftStore(t, dir)
	checkBounds(t, s, 6, 16)
	checkLog(t, s, 6)
	checkLog(t, s, 16)
	checkMissing(t, s, 5)
	checkMissing(t, s, 17)

	// Deleting everything (raft may pass an open-ended max) empties it.
	if err := s.DeleteRange(0, math.MaxUint64); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 0, 0)
	checkMissing(t, s, 6)
	// After which it starts over from wherever raft continues.
	if err := s.StoreLogs([]*raft.Log{testLog(100), testLog(101)}); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 100, 101)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestRaftStore(t, dir)
	defer s.Close()
	checkBounds(t, s, 100, 101)
	checkLog(t, s, 101)
}

func TestRaftStoreStable(t *testing.T) {
	dir := t.TempDir()
	s := openTestRaftStore(t, dir)
	// raft tells a missing key from a failure by the message, as with
	// raft-boltdb's ErrKeyNotFound.
	if _, err := s.Get([]byte("CurrentTerm")); err == nil || err.Error() != "not found" {
		t.Fatalf("Get of missing key: %v, want \"not found\"", err)
	}
	if _, err := s.GetUint64([]byte("LastVoteTerm")); err == nil || err.Error() != "not found" {
		t.Fatalf("GetUint64 of missing key: %v, want \"not found\"", err)
	}
	if err := s.Set([]byte("LastVoteCand"), []byte("node-2")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUint64([]byte("CurrentTerm"), 42); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUint64([]byte("CurrentTerm"), 43); err != nil {
		t.Fatal(err)
	}
	// Stable keys live apart from log keys: they neither show as entries nor
	// disappear with them.
	if err := s.StoreLog(testLog(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRange(0, math.MaxUint64); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 0, 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestRaftStore(t, dir)
	defer s.Close()
	checkBounds(t, s, 0, 0)
	v, err := s.Get([]byte("LastVoteCand"))
	if err != nil || string(v) != "node-2" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	// The returned value is the caller's: changing it changes nothing stored.
	v[0] = 'X'
	if v, _ := s.Get([]byte("LastVoteCand")); string(v) != "node-2" {
		t.Fatalf("stored value changed to %q", v)
	}
	if n, err := s.GetUint64([]byte("CurrentTerm")); err != nil || n != 43 {
		t.Fatalf("GetUint64 = %d, %v, want 43", n, err)
	}
	if _, err := s.GetUint64([]byte("LastVoteCand")); err == nil || err.Error() == "not found" {
		t.Fatalf("GetUint64 of a non-uint64 value: %v, want a format error", err)
	}
}

// TestRaftStoreWithRaft runs a real single-node raft on the store, restarts
// it, and checks raft recovers term, configuration and applied entries.
func TestRaftStoreWithRaft(t *testing.T) {
	dir := t.TempDir()
	start := func() (*raft.Raft, *RaftStore, *countingFSM) {
		s := openTestRaftStore(t, dir)
		conf := raft.DefaultConfig()
		conf.LocalID = "n1"
		conf.HeartbeatTimeout, conf.ElectionTimeout, conf.LeaderLeaseTimeout = 50*time.Millisecond, 50*time.Millisecond, 50*time.Millisecond
		conf.Logger = nil
		conf.LogOutput = bytes.NewBuffer(nil)
		_, trans := raft.NewInmemTransport("n1")
		snaps := raft.NewInmemSnapshotStore()
		has, err := raft.HasExistingState(s, s, snaps)
		if err != nil {
			t.Fatal(err)
		}
		if !has {
			if err := raft.BootstrapCluster(conf, s, s, snaps, trans, raft.Configuration{Servers: []raft.Server{{ID: "n1", Address: trans.LocalAddr()}}}); err != nil {
				t.Fatal(err)
			}
		}
		f := &countingFSM{}
		r, err := raft.NewRaft(conf, f, s, s, snaps, trans)
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for r.State() != raft.Leader {
			if time.Now().After(deadline) {
				t.Fatal("no leader")
			}
			time.Sleep(10 * time.Millisecond)
		}
		return r, s, f
	}
	r, s, f := start()
	for i := 0; i < 10; i++ {
		if err := r.Apply([]byte{byte(i)}, time.Second).Error(); err != nil {
			t.Fatal(err)
		}
	}
	if f.n != 10 {
		t.Fatalf("applied %d, want 10", f.n)
	}
	term, _ := s.GetUint64([]byte("CurrentTerm"))
	if err := r.Shutdown().Error(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	r, s, f = start()
	defer s.Close()
	defer r.Shutdown()
	if err := r.Barrier(5 * time.Second).Error(); err != nil {
		t.Fatal(err)
	}
	// No snapshot was taken, so the restarted node replays all 10 commands.
	if f.n != 10 {
		t.Fatalf("replayed %d commands after restart, want 10", f.n)
	}
	if t2, _ := s.GetUint64([]byte("CurrentTerm")); t2 <= term {
		t.Fatalf("term after restart %d, want > %d", t2, term)
	}
}

type countingFSM struct{ n int }

func (f *countingFSM) Apply(l *raft.Log) interface{} {
	if l.Type == raft.LogCommand {
		f.n++
	}
	return nil
}
func (f *countingFSM) Snapshot() (raft.FSMSnapshot, error) { return nil, errors.New("no snapshots") }
func (f *countingFSM) Restore(r io.ReadCloser) error       { return r.Close() }

func TestRaftLogEncodingRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	randBytes := func() []byte {
		switch rng.Intn(4) {
		case 0:
			return nil
		default:
			b := make([]byte, rng.Intn(300)+1)
			rng.Read(b)
			return b
		}
	}
	for i := 0; i < 2000; i++ {
		l := &raft.Log{Index: rng.Uint64() >> uint(rng.Intn(64)), Term: rng.Uint64() >> uint(rng.Intn(64)),
			Type: raft.LogType(rng.Intn(6)), Data: randBytes(), Extensions: randBytes()}
		switch rng.Intn(3) {
		case 0: // zero time
		case 1:
			l.AppendedAt = time.Unix(rng.Int63n(1<<40)-1<<39, rng.Int63n(1e9))
		case 2:
			l.AppendedAt = time.Now()
		}
		enc := appendRaftLog(nil, l)
		var got raft.Log
		if err := decodeRaftLog(enc, &got); err != nil {
			t.Fatalf("decode %+v: %v", l, err)
		}
		if !sameLog(&got, l) {
			t.Fatalf("round trip: got %+v, want %+v", got, l)
		}
		// Decoded slices must not alias the encoding (Pebble reuses it).
		if len(got.Data) > 0 {
			enc[len(enc)-1-len(got.Extensions)]++
			if !bytes.Equal(got.Data, l.Data) {
				t.Fatal("decoded Data aliases the encoding")
			}
		}
		// Every truncation is an error, never a panic or a wrong entry.
		if i < 200 {
			enc = appendRaftLog(nil, l)
			for n := 0; n < len(enc); n++ {
				if err := decodeRaftLog(enc[:n], &got); err == nil {
					t.Fatalf("decoding %d of %d bytes succeeded", n, len(enc))
				}
			}
			if err := decodeRaftLog(append(enc, 0), &got); err == nil {
				t.Fatal("decoding with a trailing byte succeeded")
			}
		}
	}
	if err := decodeRaftLog([]byte{9, 1, 1, 0, 0, 0, 0}, &raft.Log{}); err == nil {
		t.Fatal("unknown version decoded")
	}
}

// TestOpenRaftStorageKeepsBolt checks a channel directory with a raft-boltdb
// file keeps using it (with its state), and a new one gets a RaftStore.
func TestOpenRaftStorageKeepsBolt(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	b, err := raftboltdb.NewBoltStore(filepath.Join(dir, "raft.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetUint64([]byte("CurrentTerm"), 7); err != nil {
		t.Fatal(err)
	}
	b.Close()
	st, err := openRaftStorage(dir, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.(*raftboltdb.BoltStore); !ok {
		t.Fatalf("existing raft.db opened as %T", st)
	}
	if n, err := st.GetUint64([]byte("CurrentTerm")); err != nil || n != 7 {
		t.Fatalf("CurrentTerm = %d, %v, want 7", n, err)
	}
	st.Close()

	fresh := t.TempDir()
	st, err = openRaftStorage(fresh, log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(*RaftStore); !ok {
		t.Fatalf("new channel opened as %T", st)
	}
	if _, err := os.Stat(filepath.Join(fresh, "raft.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("raft.db created for a new channel: %v", err)
	}
}
