package orderer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

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
	if err := s.Append(g); err != nil {
		t.Fatal(err)
	}
	b1 := protoutil.NewBlock(1, protoutil.BlockHeaderHash(g.Header), [][]byte{envWithTxID(t, "a"), envWithTxID(t, "b")})
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
	if got, err := s.HasTxs([]string{"zz", "b", "", "a", "g", "b0"}); err != nil || fmt.Sprint(got) != "[false true false true true false]" {
		t.Fatalf("HasTxs = %v, %v", got, err)
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
	got, err := s.HasTxs([]string{"tx0", "tx1", "tx2", "tx3"})
	if err != nil || fmt.Sprint(got) != "[true true true false]" {
		t.Fatalf("after rebuilding the index HasTxs = %v, %v", got, err)
	}
}
