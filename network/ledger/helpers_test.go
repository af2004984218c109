package ledger

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/protoutil"
)

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

func openTest(t testing.TB, dir string, opts ...Option) *Ledger {
	t.Helper()
	l, err := Open(dir, append([]Option{WithLogger(quietLogger)}, opts...)...)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return l
}

// newLedger opens a ledger in a temp dir, closed at cleanup.
func newLedger(t testing.TB) *Ledger {
	t.Helper()
	l := openTest(t, t.TempDir())
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// txSpec describes one transaction of a test block.
type txSpec struct {
	txid string
	code peer.TxValidationCode
	ts   time.Time
	body []byte
}

// envelope builds a marshalled Envelope whose channel header carries txid and ts.
func envelope(txid string, ts time.Time, body []byte) []byte {
	ch, _ := proto.Marshal(&common.ChannelHeader{
		Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: "testchannel",
		TxId: txid, Timestamp: timestamppb.New(ts),
	})
	payload, _ := proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: ch, SignatureHeader: []byte("sh")}, Data: body})
	env, _ := proto.Marshal(&common.Envelope{Payload: payload, Signature: []byte("sig")})
	return env
}

// makeBlock builds a well-formed block: data hash, chained previous hash and
// a TRANSACTIONS_FILTER with each tx's code.
func makeBlock(num uint64, prev []byte, txs []txSpec) *common.Block {
	data := make([][]byte, len(txs))
	flags := make([]byte, len(txs))
	for i, tx := range txs {
		data[i] = envelope(tx.txid, tx.ts, tx.body)
		flags[i] = byte(tx.code)
	}
	b := &common.Block{
		Header:   &common.BlockHeader{Number: num, PreviousHash: prev},
		Data:     &common.BlockData{Data: data},
		Metadata: &common.BlockMetadata{Metadata: make([][]byte, 5)},
	}
	b.Header.DataHash = protoutil.BlockDataHash(b.Data)
	b.Metadata.Metadata[common.BlockMetadataIndex_TRANSACTIONS_FILTER] = flags
	return b
}

// validTxs returns n VALID transactions with ids "b<num>-t<i>".
func validTxs(num uint64, n int) []txSpec {
	txs := make([]txSpec, n)
	for i := range txs {
		txs[i] = txSpec{txid: fmt.Sprintf("b%d-t%d", num, i), ts: time.Unix(1700000000+int64(num), int64(i)).UTC()}
	}
	return txs
}

// next builds the next block of l with txs.
func next(l *Ledger, txs []txSpec) *common.Block {
	return makeBlock(l.Height(), l.LastBlockHash(), txs)
}

// commitNext commits a block of n valid txs with batch.
func commitNext(t testing.TB, l *Ledger, n int, batch *UpdateBatch) *common.Block {
	t.Helper()
	b := next(l, validTxs(l.Height(), n))
	if err := l.Commit(b, batch); err != nil {
		t.Fatalf("Commit block %d: %v", b.Header.Number, err)
	}
	return b
}

func mustState(t testing.TB, l StateReader, ns, key string) *VersionedValue {
	t.Helper()
	v, err := l.GetState(ns, key)
	if err != nil {
		t.Fatalf("GetState(%s,%q): %v", ns, key, err)
	}
	return v
}

func collectRange(t testing.TB, it KVIterator, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatalf("range: %v", err)
	}
	defer it.Close()
	var keys []string
	for {
		kv, err := it.Next()
		if err != nil {
			t.Fatalf("range next: %v", err)
		}
		if kv == nil {
			return keys
		}
		keys = append(keys, kv.Key)
	}
}

func put(ns, key, val string, h Height) Write {
	return Write{Namespace: ns, Key: key, Value: []byte(val), Version: h}
}
