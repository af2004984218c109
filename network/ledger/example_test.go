package ledger_test

import (
	"fmt"
	"os"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
)

// Example commits a genesis block and a block with one valid transaction
// writing a key, then reads the key back.
func Example() {
	dir, _ := os.MkdirTemp("", "ledger-example")
	defer os.RemoveAll(dir)
	l, err := ledger.Open(dir)
	if err != nil {
		panic(err)
	}
	defer l.Close()

	block := func(num uint64, prev []byte, envs ...[]byte) *common.Block {
		b := &common.Block{
			Header:   &common.BlockHeader{Number: num, PreviousHash: prev},
			Data:     &common.BlockData{Data: envs},
			Metadata: &common.BlockMetadata{Metadata: make([][]byte, 5)},
		}
		b.Header.DataHash = protoutil.BlockDataHash(b.Data)
		flags := make([]byte, len(envs)) // all VALID (0), as the validator decided
		b.Metadata.Metadata[common.BlockMetadataIndex_TRANSACTIONS_FILTER] = flags
		return b
	}
	if err := l.Commit(block(0, nil, []byte("config envelope")), nil); err != nil {
		panic(err)
	}
	b1 := block(1, l.LastBlockHash(), []byte("endorser tx envelope"))
	at := ledger.Height{BlockNum: 1, TxNum: 0}
	err = l.Commit(b1, &ledger.UpdateBatch{
		Public:  []ledger.Write{{Namespace: "assets", Key: "asset1", Value: []byte(`{"owner":"Org1MSP"}`), Version: at}},
		History: []ledger.HistoryEntry{{Namespace: "assets", Key: "asset1", Version: at}},
	})
	if err != nil {
		panic(err)
	}
	v, _ := l.GetState("assets", "asset1")
	fmt.Printf("height %d, asset1 = %s at %d:%d, code of tx 0: %s\n",
		l.Height(), v.Value, v.Version.BlockNum, v.Version.TxNum, peer.TxValidationCode(b1.Metadata.Metadata[2][0]))
	// Output: height 2, asset1 = {"owner":"Org1MSP"} at 1:0, code of tx 0: VALID
}
