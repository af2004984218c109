// Package lifecycle keeps a channel's chaincode definitions: name, version,
// sequence, endorsement policy and collections, approved by org admins and
// committed as ledger transactions of the _lifecycle namespace, as in
// Fabric's lifecycle.
//
// What orgs agree on is the definition's parameters (Record); which package
// runs the chaincode is each org's own choice. An org's approval writes, in
// its implicit collection of _lifecycle, the parameters (ApprovalKey) and,
// separately, its package id (SourceKey). A peer runs the package its own
// org approved for the committed sequence (PolicySource.Definition); an org
// may re-approve the committed sequence with the same parameters to switch
// package without a new sequence.
package lifecycle

import (
	"errors"
	"fmt"

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
	// PackageID identifies the chaincode binary (label:hash) this peer runs:
	// the package its own org approved for Sequence. Each peer maps it to a
	// running chaincode: dial-in registration under this id, or a
	// chaincode-as-a-service address from the peer's local configuration.
	// It is empty in a definition decoded from public state, and empty with
	// PackageErr set when this peer's org has no runnable approval.
	PackageID string
	// PackageErr, a *PackageError, says why PackageID is empty in a
	// definition resolved for a peer.
	PackageErr error
}

// Reasons a peer has no package to run for a committed definition; a
// *PackageError wraps one of them.
var (
	// ErrNotApproved: the peer's org has not approved the committed
	// parameters at the committed sequence.
	ErrNotApproved = errors.New("the chaincode definition has not been approved by this org")
	// ErrNoPackage: the org approved the definition without a package id
	// (Fabric's "unavailable" source): its peers do not run the chaincode.
	ErrNoPackage = errors.New("the chaincode definition was approved by this org without a package id: the chaincode is not installed on this org's peers")
	// ErrApprovalPending: the org's approval is committed but its private
	// data (the package id) has not reached this peer yet.
	ErrApprovalPending = errors.New("the chaincode definition was approved by this org, but the approval's private data (the package id) has not reached this peer yet")
)

// PackageError explains why a peer cannot run a committed definition.
type PackageError struct {
	Channel   string
	Chaincode string
	Sequence  int64
	MSPID     string // the peer's org
	Err       error  // ErrNotApproved, ErrNoPackage or ErrApprovalPending
}

func (e *PackageError) Error() string {
	return fmt.Sprintf("channel %q, chaincode %q, sequence %d, org %s: %v", e.Channel, e.Chaincode, e.Sequence, e.MSPID, e.Err)
}

func (e *PackageError) Unwrap() error { return e.Err }
