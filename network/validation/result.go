package validation

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/ledger"
)

// Result is the outcome of validating one block.
type Result struct {
	BlockNum uint64
	// Flags holds one code per transaction, in block order; it is what goes
	// into metadata[TRANSACTIONS_FILTER].
	Flags []peer.TxValidationCode
	// Batch holds the state changes of the valid transactions.
	Batch *ledger.UpdateBatch
	// Txs describes every transaction, for commit-status and event delivery.
	Txs []TxInfo
	// MissingPvt lists collections of valid transactions whose private data
	// this peer is entitled to but did not receive intact: absent, or not
	// matching the hash in the block. They are to be reconciled later.
	MissingPvt []MissingPvtData
	// AlreadyCommitted is set by Committer for a block the ledger already
	// held; Flags are then the stored codes and Batch is empty.
	AlreadyCommitted bool
}

// ValidCount is the number of VALID transactions.
func (r *Result) ValidCount() int {
	n := 0
	for _, f := range r.Flags {
		if f == peer.TxValidationCode_VALID {
			n++
		}
	}
	return n
}

// FilterBytes is Flags as the byte slice Fabric stores in
// metadata[TRANSACTIONS_FILTER].
func (r *Result) FilterBytes() []byte {
	b := make([]byte, len(r.Flags))
	for i, f := range r.Flags {
		b[i] = byte(f)
	}
	return b
}

// TxInfo is what commit-status and event consumers need of one transaction.
type TxInfo struct {
	TxID string // empty when the header could not be parsed
	Type common.HeaderType
	Code peer.TxValidationCode
	// Chaincode is the invoked chaincode of an endorser transaction.
	Chaincode string
	// Event is the chaincode event of a VALID transaction that emitted one.
	Event *peer.ChaincodeEvent
	// Reason says why the transaction is not VALID, for logs.
	Reason string
}

// MissingPvtData names one collection of one transaction.
type MissingPvtData struct {
	TxNum      uint64
	Namespace  string
	Collection string
	// Mismatch is true when data arrived but did not match the block's hash.
	Mismatch bool
}
