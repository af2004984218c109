package orderer

import (
	"errors"
	"log/slog"
	"testing"

	"github.com/hashicorp/raft"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// fakeSigner signs with a fixed string: the FSM only needs some signature
// for the block metadata here.
type fakeSigner struct{}

func (fakeSigner) Sign(msg []byte) ([]byte, error) { return []byte("sig"), nil }
func (fakeSigner) Serialize() []byte               { return []byte("orderer") }

func TestBlockEntryRoundTripAndRejects(t *testing.T) {
	b := protoutil.NewBlock(7, []byte("prev"), [][]byte{envWithTxID(t, "a"), {}, envWithTxID(t, "b")})
	raw, err := encodeBlockEntry(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeBlockEntry(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(got, &common.Block{Header: b.Header, Data: b.Data}) {
		t.Fatalf("round trip changed the block: %v", got)
	}
	withMeta, _ := proto.Marshal(&common.Block{Header: b.Header, Data: b.Data, Metadata: &common.BlockMetadata{}})
	twoHeaders := append(append([]byte{}, raw...), protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), nil)...)
	for name, bad := range map[string][]byte{
		"empty":       {},
		"truncated":   raw[:len(raw)-1],
		"metadata":    withMeta,
		"two headers": twoHeaders,
		"no data":     protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), nil),
	} {
		if _, err := decodeBlockEntry(bad); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestFSMSkipsEntriesThatDoNotChain: an entry with the wrong number,
// previous hash or data hash is skipped (errStaleBlock) without changing
// the chain; a good one is stored with signed metadata; a replayed one is
// recognised.
func TestFSMSkipsEntriesThatDoNotChain(t *testing.T) {
	store, err := OpenBlockStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	g := protoutil.NewBlock(0, nil, nil)
	if err := store.Append(g); err != nil {
		t.Fatal(err)
	}
	f := &fsm{store: store, signer: fakeSigner{}, consenters: []uint64{1}, log: slog.Default()}
	entry := func(b *common.Block) *raft.Log {
		raw, err := encodeBlockEntry(b)
		if err != nil {
			t.Fatal(err)
		}
		return &raft.Log{Index: 5, Data: raw}
	}
	good := protoutil.NewBlock(1, protoutil.BlockHeaderHash(g.Header), [][]byte{envWithTxID(t, "tx1")})
	badHash := protoutil.NewBlock(1, protoutil.BlockHeaderHash(g.Header), [][]byte{envWithTxID(t, "tx1")})
	badHash.Header.DataHash = []byte("wrong")
	for name, b := range map[string]*common.Block{
		"gap":         protoutil.NewBlock(2, protoutil.BlockHeaderHash(g.Header), nil),
		"broken link": protoutil.NewBlock(1, []byte("other"), nil),
		"data hash":   badHash,
	} {
		res := f.Apply(entry(b)).(*applyResult)
		if !errors.Is(res.err, errStaleBlock) {
			t.Errorf("%s: result %v, want a stale block", name, res.err)
		}
	}
	if store.Height() != 1 {
		t.Fatalf("skipped entries changed the height to %d", store.Height())
	}
	if res := f.Apply(&raft.Log{Index: 6, Data: []byte("junk")}).(*applyResult); res.err == nil {
		t.Fatal("junk entry applied")
	}
	if res := f.Apply(entry(good)).(*applyResult); res.err != nil || res.number != 1 {
		t.Fatalf("good block: %+v", res)
	}
	stored, err := store.Block(1)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(stored.Header, good.Header) || !proto.Equal(stored.Data, good.Data) {
		t.Fatal("stored block differs from the entry's")
	}
	if len(stored.Metadata.Metadata[common.BlockMetadataIndex_SIGNATURES]) == 0 {
		t.Fatal("stored block has no signature metadata")
	}
	if has, _ := store.HasTx("tx1"); !has {
		t.Fatal("tx id of the stored block is not indexed")
	}
	if res := f.Apply(entry(good)).(*applyResult); res.err != nil {
		t.Fatalf("replayed block: %v", res.err)
	}
	if err := store.Sync(); err != nil {
		t.Fatal(err)
	}
	if store.Height() != 2 {
		t.Fatalf("height %d, want 2", store.Height())
	}
}
