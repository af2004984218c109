// Package policy compiles and evaluates Fabric policies: signature policies
// (the cauthdsl rules), the hierarchical channel policy manager with
// ImplicitMeta policies, chaincode ApplicationPolicies, and the policy
// string syntax AND('Org1MSP.peer', ...) (fabric-wire.md §4.4–4.5, §8.3).
//
// Every compiled policy is immutable and safe for concurrent use. The cost of
// an evaluation is dominated by the signature set preparation: one
// deserialization and one ECDSA verification per SignedData. Callers that
// evaluate several policies over the same set (the validator, ImplicitMeta
// internally) verify once with VerifySignatureSet and then call
// EvaluateIdentities, which does no cryptography except what
// Identity.SatisfiesPrincipal does.
package policy

import (
	"errors"
	"fmt"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// SignedData is one (data, identity, signature) triple.
type SignedData = protoutil.SignedData

// Policy is a compiled policy.
type Policy interface {
	// EvaluateSignedData returns nil when the signature set satisfies the
	// policy, or an error saying why not.
	EvaluateSignedData(set []*SignedData) error
}

// IdentityEvaluator is implemented by every policy this package returns: it
// evaluates an already verified, de-duplicated identity set (see
// VerifySignatureSet) so that signatures are checked only once.
type IdentityEvaluator interface {
	EvaluateIdentities(ids []msp.Identity) error
}

// ErrNotSatisfied is wrapped by every evaluation failure.
var ErrNotSatisfied = errors.New("policy not satisfied")

// EvaluateIdentities evaluates p on a verified identity set, falling back to
// an error for a foreign Policy implementation that cannot take identities.
func EvaluateIdentities(p Policy, ids []msp.Identity) error {
	if ie, ok := p.(IdentityEvaluator); ok {
		return ie.EvaluateIdentities(ids)
	}
	return fmt.Errorf("policy %T cannot evaluate pre-verified identities", p)
}

// rejectPolicy is what unknown paths resolve to: it never succeeds.
type rejectPolicy string

func (r rejectPolicy) EvaluateSignedData([]*SignedData) error {
	return fmt.Errorf("policy %s: no such policy: %w", string(r), ErrNotSatisfied)
}

func (r rejectPolicy) EvaluateIdentities([]msp.Identity) error {
	return r.EvaluateSignedData(nil)
}
