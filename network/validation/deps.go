package validation

import (
	"context"
	"errors"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// ErrChaincodeUndefined is returned by PolicySource.ChaincodeDefinition for a
// namespace with no chaincode definition; the transaction becomes
// INVALID_CHAINCODE. Any other error from a PolicySource fails the block.
var ErrChaincodeUndefined = errors.New("chaincode is not defined on the channel")

// ErrUnknownCollection is returned by PolicySource.Collection for a collection
// the chaincode does not define (or an implicit collection of an MSP that is
// not on the channel); a write to it fails the endorsement policy.
var ErrUnknownCollection = errors.New("collection is not defined")

// Policy is an endorsement policy. network/policy's Policy satisfies it; the
// interface is restated here so validation depends only on the method it calls.
type Policy interface {
	// EvaluateSignedData returns nil when the signature set satisfies the
	// policy. Implementations de-duplicate identities and verify signatures.
	EvaluateSignedData(signatures []*protoutil.SignedData) error
}

// PolicySource supplies the channel's chaincode definitions and compiles the
// policies validation needs. It is read concurrently from several goroutines.
type PolicySource interface {
	// ChaincodeDefinition returns the definition of a namespace, or an error
	// wrapping ErrChaincodeUndefined.
	ChaincodeDefinition(ns string) (*ChaincodeDefinition, error)
	// KeyLevelPolicy compiles a key's VALIDATION_PARAMETER metadata value, a
	// marshalled common.SignaturePolicyEnvelope (state-based endorsement).
	KeyLevelPolicy(validationParameter []byte) (Policy, error)
	// Collection returns collection coll of chaincode ns, explicit or
	// implicit (_implicit_org_<MSPID>, whose endorsement policy is the org's
	// Endorsement channel policy, else any member of the MSP), or an error
	// wrapping ErrUnknownCollection.
	Collection(ns, coll string) (*Collection, error)
}

// ChaincodeDefinition is what validation needs of a committed chaincode
// definition (Fabric's _lifecycle record).
type ChaincodeDefinition struct {
	Name        string
	Version     string
	Sequence    int64
	Endorsement Policy
	// Collections are the explicit private data collections by name (used by
	// StaticPolicies; other PolicySources may resolve them lazily).
	Collections map[string]*Collection
}

// Collection is what validation needs of a private data collection.
type Collection struct {
	Name string
	// Endorsement overrides the chaincode policy for writes to the
	// collection; nil means the chaincode policy applies.
	Endorsement Policy
	// BlockToLive: private data committed at block N is purged when block
	// N+BlockToLive+1 commits; 0 keeps it forever.
	BlockToLive uint64
	// Member reports whether this peer's org is a member, i.e. whether this
	// peer stores the collection's private data. Non-members store hashes only.
	Member bool
}

// TxIDChecker reports whether a transaction id is already committed. The
// ledger implements it.
type TxIDChecker interface {
	TxIDExists(txid string) (bool, error)
}

// ConfigTxHandler receives the valid CONFIG transactions of a block. An error
// fails the whole block, as a config transaction that cannot be applied must
// not be committed.
type ConfigTxHandler interface {
	HandleConfigTx(ctx context.Context, blockNum uint64, txIndex int, env *common.Envelope, config *common.ConfigEnvelope) error
}

// Deps is everything ValidateBlock reads.
type Deps struct {
	// ChannelID is the channel the block belongs to; a transaction naming
	// another channel is TARGET_CHAIN_NOT_FOUND. Empty skips the check.
	ChannelID string
	// Deserializer is the channel's MSP manager.
	Deserializer msp.IdentityDeserializer
	// Policies supplies chaincode definitions and policies.
	Policies PolicySource
	// State is committed state as of the previous block.
	State ledger.StateReader
	// TxIDs finds already committed transaction ids.
	TxIDs TxIDChecker
	// Config, when set, receives valid CONFIG transactions.
	Config ConfigTxHandler
	// OwnEndorsements, when set, recognises endorsements this peer signed
	// itself; their signatures are not verified again. Every other check
	// (identity, policy) still applies to them.
	OwnEndorsements EndorsementRecognizer
	// Workers is the number of goroutines checking signatures and policies;
	// zero means GOMAXPROCS.
	Workers int
}

func (d *Deps) check() error {
	switch {
	case d.Deserializer == nil:
		return errors.New("validation: Deps.Deserializer is nil")
	case d.Policies == nil:
		return errors.New("validation: Deps.Policies is nil")
	case d.State == nil:
		return errors.New("validation: Deps.State is nil")
	case d.TxIDs == nil:
		return errors.New("validation: Deps.TxIDs is nil")
	}
	return nil
}
