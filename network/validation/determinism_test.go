package validation

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"
)

// TestDeterministicAcrossWorkers: the result must not depend on how many
// goroutines validate, and ValidateBlock must leave the block untouched.
func TestDeterministicAcrossWorkers(t *testing.T) {
	h := newHarness(t)
	h.state.put("asset", "hot", []byte("v"), 1, 0, nil)
	var txs [][]byte
	for i := 0; i < 40; i++ {
		switch i % 4 {
		case 0: // contend on one key: only the first wins
			txs = append(txs, readTx(t, nsb{reads: []*kvrwset.KVRead{r("hot", 1, 0)}, writes: []*kvrwset.KVWrite{w("hot", fmt.Sprint(i))}}))
		case 1:
			txs = append(txs, writeK(t, fmt.Sprintf("k%d", i)).build(t))
		case 2: // under-endorsed
			b := writeK(t, fmt.Sprintf("k%d", i))
			b.endorsers = b.endorsers[1:]
			txs = append(txs, b.build(t))
		case 3:
			txs = append(txs, readTx(t, nsb{ranges: []*kvrwset.RangeQueryInfo{rawRange("k", "l", true)}}))
		}
	}
	blk := block(5, txs...)
	orig := proto.Clone(blk).(*common.Block)
	var first *Result
	for _, workers := range []int{1, 2, 7} {
		d := h.deps()
		d.Workers = workers
		res, err := ValidateBlock(testCtx(t), blk, nil, d)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res
			continue
		}
		if !reflect.DeepEqual(first.Flags, res.Flags) || !reflect.DeepEqual(first.Batch, res.Batch) {
			t.Fatalf("workers=%d differs:\n%v\n%v", workers, str(first.Flags), str(res.Flags))
		}
	}
	if !proto.Equal(orig, blk) {
		t.Fatal("ValidateBlock modified the block")
	}
	if first.ValidCount() == 0 || first.ValidCount() == len(txs) {
		t.Fatalf("expected a mix of outcomes: %v", str(first.Flags))
	}
}
