// Package lifecycle keeps a channel's chaincode definitions: name, version,
// sequence, endorsement policy, collections and how the peer reaches the
// chaincode. Definitions are approved by org admins and committed as ledger
// transactions of the _lifecycle namespace, as in Fabric's lifecycle.
package lifecycle

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// Namespace is the ledger namespace holding approvals and committed definitions.
const Namespace = "_lifecycle"

// Definition is a committed chaincode definition.
type Definition struct {
	Name     string
	Version  string
	Sequence int64
	// EndorsementPolicy is a signature policy or a channel policy reference
	// such as /Channel/Application/Endorsement (the default).
	EndorsementPolicy *peer.ApplicationPolicy
	// Collections are the explicit private data collections; implicit
	// per-org collections (_implicit_org_<MSPID>) always exist.
	Collections  *peer.CollectionConfigPackage
	InitRequired bool
	// PackageID identifies the chaincode binary (label:hash). Each peer maps
	// it to a running chaincode: dial-in registration under this id, or a
	// chaincode-as-a-service address from the peer's local configuration.
	PackageID string
}
