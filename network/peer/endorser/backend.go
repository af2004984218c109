package endorser

import (
	"context"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/chaincode"
	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/simulation"
)

// Channel is what the endorser needs of one joined channel. *peer.Channel
// implements it; tests use small in-memory fakes.
type Channel interface {
	ID() string
	Ledger() *ledger.Ledger
	Bundle() *channelconfig.Bundle
	// Definition returns the committed definition or an error wrapping
	// lifecycle.ErrNotDefined.
	Definition(name string) (*lifecycle.Definition, error)
}

// Backend is what the endorser needs of the peer node.
type Backend interface {
	Channel(id string) (Channel, bool)
	// Signer is the peer's own identity: it signs endorsements.
	Signer() msp.SigningIdentity
}

// Executor runs a chaincode for a proposal. *chaincode.Support implements it.
type Executor interface {
	Execute(ctx context.Context, inv chaincode.Invocation) (*pb.Response, *pb.ChaincodeEvent, error)
}

// SystemChaincode is a chaincode implemented inside the peer (such as
// _lifecycle): it runs on the same simulator instead of over the shim.
type SystemChaincode interface {
	Invoke(sim *simulation.TxSimulator, creator msp.Identity, sp *pb.SignedProposal, args [][]byte, bundle *channelconfig.Bundle) *pb.Response
}

// SystemChaincodeVersion is the chaincode_id.version of system chaincode
// actions, as Fabric writes it.
const SystemChaincodeVersion = "syscc"
