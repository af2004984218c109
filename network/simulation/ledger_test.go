package simulation

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
)

// commitBlock commits one block of n VALID transactions carrying batch.
func commitBlock(t *testing.T, l *ledger.Ledger, n int, batch *ledger.UpdateBatch) {
	t.Helper()
	num := l.Height()
	data := make([][]byte, n)
	for i := range data {
		ch, _ := proto.Marshal(&common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: "c",
			TxId: fmt.Sprintf("b%d-%d", num, i), Timestamp: timestamppb.New(time.Unix(1700000000, 0))})
		payload, _ := proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: ch}})
		data[i], _ = proto.Marshal(&common.Envelope{Payload: payload, Signature: []byte("s")})
	}
	b := &common.Block{
		Header:   &common.BlockHeader{Number: num, PreviousHash: l.LastBlockHash()},
		Data:     &common.BlockData{Data: data},
		Metadata: &common.BlockMetadata{Metadata: make([][]byte, 5)},
	}
	b.Header.DataHash = protoutil.BlockDataHash(b.Data)
	b.Metadata.Metadata[common.BlockMetadataIndex_TRANSACTIONS_FILTER] = bytes.Repeat([]byte{byte(peer.TxValidationCode_VALID)}, n)
	if err := l.Commit(b, batch); err != nil {
		t.Fatalf("commit block %d: %v", num, err)
	}
}

// TestOverPebbleLedger simulates over a consistent snapshot of the real
// ledger: versions come from the committed heights, and a commit after the
// snapshot was taken is invisible to the simulation.
func TestOverPebbleLedger(t *testing.T) {
	l, err := ledger.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	commitBlock(t, l, 1, nil)
	h1 := ledger.Height{BlockNum: 1, TxNum: 1}
	batch := &ledger.UpdateBatch{
		Hashed:  []ledger.HashedWrite{{Namespace: "cc", Collection: "c1", KeyHash: hashString("p"), ValueHash: hashBytes([]byte("pv")), Version: h1}},
		Private: []ledger.PrivateWrite{{Namespace: "cc", Collection: "c1", Key: "p", Value: []byte("pv"), Version: h1}},
	}
	for i := 0; i < 60; i++ {
		batch.Public = append(batch.Public, ledger.Write{Namespace: "cc", Key: fmt.Sprintf("k%02d", i), Value: []byte{byte(i)}, Version: h1})
	}
	commitBlock(t, l, 2, batch)

	snap, err := l.NewSnapshotReader()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	// Committed after the snapshot: must not be seen.
	commitBlock(t, l, 1, &ledger.UpdateBatch{Public: []ledger.Write{{Namespace: "cc", Key: "k00", Value: []byte("new"), Version: ledger.Height{BlockNum: 2}}}})

	s := New(snap, "tx", WithCollectionAccess(StaticCollections{"cc": {"c1": NewPermission(true, false, false)}}))
	v, err := s.GetState("cc", "k00")
	mustNoErr(t, err)
	if !bytes.Equal(v, []byte{0}) {
		t.Fatalf("GetState k00 = %q, want the snapshot's value", v)
	}
	it, err := s.GetStateRange("cc", "k00", "")
	mustNoErr(t, err)
	if got := drain(t, it, -1); len(got) != 60 {
		t.Fatalf("range returned %d keys", len(got))
	}
	pv, err := s.GetPrivateData("cc", "c1", "p")
	mustNoErr(t, err)
	if string(pv) != "pv" {
		t.Fatalf("GetPrivateData = %q", pv)
	}
	pit, err := s.GetPrivateDataRange("cc", "c1", "", "")
	mustNoErr(t, err)
	if kv, _ := pit.Next(); kv == nil || kv.Key != "p" {
		t.Fatalf("private range first = %v", kv)
	}
	pit.Close()
	res, err := s.Results()
	mustNoErr(t, err)
	kv := &kvrwset.KVRWSet{}
	mustNoErr(t, proto.Unmarshal(res.Public.NsRwset[0].Rwset, kv))
	if len(kv.Reads) != 1 || !proto.Equal(kv.Reads[0].Version, ver(1, 1)) {
		t.Fatalf("read = %v, want version 1:1", kv.Reads)
	}
	if rq := kv.RangeQueriesInfo; len(rq) != 1 || rq[0].GetReadsMerkleHashes() == nil || !rq[0].ItrExhausted {
		t.Fatalf("range info = %v", rq)
	}
	hs := &kvrwset.HashedRWSet{}
	mustNoErr(t, proto.Unmarshal(res.Public.NsRwset[0].CollectionHashedRwset[0].HashedRwset, hs))
	if len(hs.HashedReads) != 1 || !proto.Equal(hs.HashedReads[0].Version, ver(1, 1)) {
		t.Fatalf("hashed read = %v", hs.HashedReads)
	}
}
