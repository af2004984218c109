package orderer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

func envWithTxID(t testing.TB, id string) []byte {
	t.Helper()
	ch, _ := proto.Marshal(&common.ChannelHeader{TxId: id, ChannelId: "c"})
	pl, _ := proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: ch}})
	raw, _ := proto.Marshal(&common.Envelope{Payload: pl})
	return raw
}

func TestBlockStoreChainsAndRecovers(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenBlockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := protoutil.NewBlock(0, nil, [][]byte{envWithTxID(t, "g")})
	envA, envB := envWithTxID(t, "a"), envWithTxID(t, "b")
	if err := s.Append(g); err != nil {
		t.Fatal(err)
	}
	b1 := protoutil.NewBlock(1, protoutil.BlockHeaderHash(g.Header), [][]byte{envA, envB})
	for name, bad := range map[string]*common.Block{
		"gap":         protoutil.NewBlock(2, protoutil.BlockHeaderHash(g.Header), nil),
		"broken hash": protoutil.NewBlock(1, []byte("nope"), nil),
		"data hash":   {Header: &common.BlockHeader{Number: 1, PreviousHash: protoutil.BlockHeaderHash(g.Header), DataHash: []byte{1}}, Data: &common.BlockData{}},
		"no header":   {Data: &common.BlockData{}},
	} {
		if err := s.Append(bad); !errors.Is(err, ErrNotNextBlock) {
			t.Fatalf("%s: Append returned %v, want ErrNotNextBlock", name, err)
		}
	}
	if s.Height() != 1 {
		t.Fatalf("a rejected block changed the height: %d", s.Height())
	}
	waited := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		waited <- s.Wait(ctx, 1)
	}()
	select {
	case <-waited:
		t.Fatal("Wait returned before block 1 existed")
	case <-time.After(50 * time.Millisecond):
	}
	if err := s.Append(b1); err != nil {
		t.Fatal(err)
	}
	if err := <-waited; err != nil {
		t.Fatal(err)
	}
	if has, _ := s.HasTx("b"); !has {
		t.Fatal("tx b not indexed")
	}
	ids := []string{"zz", "b", "", "a", "g", "b0"}
	envs := [][]byte{envWithTxID(t, "zz"), envB, {}, envA, envWithTxID(t, "g"), envWithTxID(t, "b0")}
	if got, err := s.HasEnvelopes(ids, envs); err != nil || fmt.Sprint(got) != "[false true false true true false]" {
		t.Fatalf("HasEnvelopes = %v, %v", got, err)
	}
	if _, err := s.HasEnvelopes(ids, envs[1:]); err == nil {
		t.Fatal("HasEnvelopes accepted fewer envelopes than tx ids")
	}
	if has, _ := s.HasTx("zz"); has {
		t.Fatal("unknown tx found")
	}
	if _, err := s.Block(2); !errors.Is(err, ErrBlockNotFound) {
		t.Fatalf("Block(2): %v", err)
	}
	s.Close()
	s, err = OpenBlockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Height() != 2 || string(s.LastHeaderHash()) != string(protoutil.BlockHeaderHash(b1.Header)) {
		t.Fatalf("reopened at height %d", s.Height())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := s.Wait(ctx, 5); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait past the end: %v", err)
	}
}

// TestBlockStoreRebuildsLostIndex: the tx id index lives in its own
// database; if it lost blocks (or is missing, as for a store written before
// it existed), opening the store indexes them again.
func TestBlockStoreRebuildsLostIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	s, err := OpenBlockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	prev := []byte(nil)
	for n := uint64(0); n < 3; n++ {
		b := protoutil.NewBlock(n, prev, [][]byte{envWithTxID(t, fmt.Sprintf("tx%d", n))})
		if err := s.Append(b); err != nil {
			t.Fatal(err)
		}
		prev = protoutil.BlockHeaderHash(b.Header)
	}
	if err := s.Sync(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.RemoveAll(dir + "-txids"); err != nil {
		t.Fatal(err)
	}
	s, err = OpenBlockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.HasEnvelopes([]string{"tx0", "tx1", "tx2", "tx3"},
		[][]byte{envWithTxID(t, "tx0"), envWithTxID(t, "tx1"), envWithTxID(t, "tx2"), envWithTxID(t, "tx3")})
	if err != nil || fmt.Sprint(got) != "[true true true false]" {
		t.Fatalf("after rebuilding the index HasEnvelopes = %v, %v", got, err)
	}
}

// envWithTxIDAndData is envWithTxID with payload data, so that envelopes
// with the same tx id can differ.
func envWithTxIDAndData(t testing.TB, id, data string) []byte {
	t.Helper()
	ch, _ := proto.Marshal(&common.ChannelHeader{TxId: id, ChannelId: "c"})
	pl, _ := proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: ch}, Data: []byte(data)})
	raw, _ := proto.Marshal(&common.Envelope{Payload: pl})
	return raw
}

// TestBlockStoreMatchesEnvelopeBytes: the index tells an exact copy of a
// stored envelope (a retry) from a different envelope reusing its tx id,
// also when the chain already holds several envelopes with that tx id, in
// one block or in several.
func TestBlockStoreMatchesEnvelopeBytes(t *testing.T) {
	s, err := OpenBlockStore(filepath.Join(t.TempDir(), "blocks"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	first, second, third := envWithTxIDAndData(t, "x", "1"), envWithTxIDAndData(t, "x", "2"), envWithTxIDAndData(t, "x", "3")
	g := protoutil.NewBlock(0, nil, [][]byte{first})
	if err := s.Append(g); err != nil {
		t.Fatal(err)
	}
	ids := []string{"x", "x", "x", "y"}
	check := func(want string) {
		t.Helper()
		got, err := s.HasEnvelopes(ids, [][]byte{first, second, third, envWithTxIDAndData(t, "y", "1")})
		if err != nil || fmt.Sprint(got) != want {
			t.Fatalf("HasEnvelopes = %v, %v; want %s", got, err, want)
		}
	}
	check("[true false false false]")
	if has, _ := s.HasTx("x"); !has {
		t.Fatal("HasTx(x) false")
	}
	b1 := protoutil.NewBlock(1, protoutil.BlockHeaderHash(g.Header), [][]byte{second, third})
	if err := s.Append(b1); err != nil {
		t.Fatal(err)
	}
	check("[true true true false]")
}

// TestBlockStoreMigratesOldIndex: an index in the first format (tx id →
// block number, no format key) is dropped and rebuilt with envelope
// hashes when the store opens.
func TestBlockStoreMigratesOldIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	s, err := OpenBlockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	env0, env1 := envWithTxIDAndData(t, "tx0", "a"), envWithTxIDAndData(t, "tx1", "b")
	g := protoutil.NewBlock(0, nil, [][]byte{env0})
	b1 := protoutil.NewBlock(1, protoutil.BlockHeaderHash(g.Header), [][]byte{env1})
	for _, b := range []*common.Block{g, b1} {
		if err := s.Append(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Sync(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Rewrite the index as the first format left it.
	if err := os.RemoveAll(dir + "-txids"); err != nil {
		t.Fatal(err)
	}
	old, err := pebble.Open(dir+"-txids", &pebble.Options{Logger: quietLogger{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"ttx0", "\x00\x00\x00\x00\x00\x00\x00\x00"}, {"ttx1", "\x00\x00\x00\x00\x00\x00\x00\x01"},
		{"h", "\x00\x00\x00\x00\x00\x00\x00\x02"}} {
		if err := old.Set([]byte(kv[0]), []byte(kv[1]), pebble.Sync); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = OpenBlockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.HasEnvelopes([]string{"tx0", "tx1", "tx1"}, [][]byte{env0, env1, envWithTxIDAndData(t, "tx1", "other")})
	if err != nil || fmt.Sprint(got) != "[true true false]" {
		t.Fatalf("after migration HasEnvelopes = %v, %v", got, err)
	}
	b2 := protoutil.NewBlock(2, protoutil.BlockHeaderHash(b1.Header), [][]byte{envWithTxIDAndData(t, "tx2", "c")})
	if err := s.Append(b2); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Reopening a current index keeps it (no rebuild needed, nothing lost).
	s, err = OpenBlockStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err = s.HasEnvelopes([]string{"tx0", "tx2"}, [][]byte{env0, envWithTxIDAndData(t, "tx2", "c")})
	if err != nil || fmt.Sprint(got) != "[true true]" {
		t.Fatalf("after reopening HasEnvelopes = %v, %v", got, err)
	}
}
