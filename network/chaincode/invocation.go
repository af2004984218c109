package chaincode

import (
	"errors"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/simulation"
)

// HistoryIterator walks a key's modifications, newest first.
type HistoryIterator interface {
	// Next returns the next modification, or nil at the end.
	Next() (*queryresult.KeyModification, error)
	Close()
}

// HistoryQuerier serves GetHistoryForKey from the channel's history index.
type HistoryQuerier interface {
	GetHistoryForKey(ns, key string) (HistoryIterator, error)
}

// Invocation is one execution of a chaincode for a transaction proposal.
type Invocation struct {
	// Channel and TxID identify the transaction; the shim routes by both.
	Channel string
	TxID    string
	// Chaincode is the chaincode name: the state namespace it works in.
	Chaincode string
	// PackageID is the id the chaincode registered with (CORE_CHAINCODE_ID_NAME
	// or the CCaaS CCID); empty means the same as Chaincode.
	PackageID string
	// SignedProposal is the client's proposal; the shim derives the creator,
	// transient data, binding and timestamp from it, so it is required.
	SignedProposal *peer.SignedProposal
	// Input carries the arguments. With Input.IsInit the chaincode receives
	// an INIT message (only for definitions with init_required).
	Input *peer.ChaincodeInput
	// Simulator records this transaction's reads and writes.
	Simulator *simulation.TxSimulator
	// History serves GetHistoryForKey; nil makes such queries fail clearly.
	History HistoryQuerier
}

func (inv *Invocation) validate() error {
	switch {
	case inv.Channel == "":
		return errors.New("invocation: empty channel")
	case inv.TxID == "":
		return errors.New("invocation: empty txid")
	case inv.Chaincode == "":
		return errors.New("invocation: empty chaincode name")
	case inv.SignedProposal == nil || len(inv.SignedProposal.GetProposalBytes()) == 0:
		return errors.New("invocation: missing signed proposal")
	case inv.Input == nil:
		return errors.New("invocation: missing chaincode input")
	case inv.Simulator == nil:
		return errors.New("invocation: missing simulator")
	}
	return nil
}

func (inv *Invocation) packageID() string {
	if inv.PackageID != "" {
		return inv.PackageID
	}
	return inv.Chaincode
}
