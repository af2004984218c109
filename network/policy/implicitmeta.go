package policy

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/saharanet/saharanet/network/msp"
)

// ImplicitMetaPolicy evaluates the same-named policy of every sub-group and
// applies an ANY/ALL/MAJORITY threshold (§4.5).
type ImplicitMetaPolicy struct {
	path         string
	rule         common.ImplicitMetaPolicy_Rule
	threshold    int
	subPolicies  []Policy
	deserializer msp.IdentityDeserializer
}

// newImplicitMeta builds the policy at path from the sub-groups' policies
// named meta.sub_policy; a sub-group without one contributes a rejecting
// policy that still counts towards n (Fabric's behaviour).
func newImplicitMeta(path string, meta *common.ImplicitMetaPolicy, subs []*manager, d msp.IdentityDeserializer) (*ImplicitMetaPolicy, error) {
	if meta.GetSubPolicy() == "" {
		return nil, fmt.Errorf("implicit meta policy %s: empty sub_policy", path)
	}
	n := len(subs)
	var threshold int
	switch meta.GetRule() {
	case common.ImplicitMetaPolicy_ANY:
		threshold = 1
	case common.ImplicitMetaPolicy_ALL:
		threshold = n
	case common.ImplicitMetaPolicy_MAJORITY:
		threshold = n/2 + 1
	default:
		return nil, fmt.Errorf("implicit meta policy %s: unknown rule %d", path, meta.GetRule())
	}
	if n == 0 {
		threshold = 0 // no sub-groups: trivially satisfied, as in Fabric
	}
	p := &ImplicitMetaPolicy{path: path, rule: meta.GetRule(), threshold: threshold, deserializer: d}
	for _, sm := range subs {
		sp, _ := sm.GetPolicy(meta.GetSubPolicy())
		p.subPolicies = append(p.subPolicies, sp)
	}
	return p, nil
}

// Threshold is how many sub-policies must be satisfied.
func (p *ImplicitMetaPolicy) Threshold() int { return p.threshold }

// EvaluateSignedData verifies the set once and evaluates the sub-policies on
// the resulting identities.
func (p *ImplicitMetaPolicy) EvaluateSignedData(set []*SignedData) error {
	if p.threshold == 0 {
		return nil
	}
	return p.EvaluateIdentities(VerifySignatureSet(set, p.deserializer))
}

// EvaluateIdentities counts satisfied sub-policies until the threshold.
func (p *ImplicitMetaPolicy) EvaluateIdentities(ids []msp.Identity) error {
	remaining := p.threshold
	if remaining == 0 {
		return nil
	}
	for _, sp := range p.subPolicies {
		if EvaluateIdentities(sp, ids) == nil {
			remaining--
			if remaining == 0 {
				return nil
			}
		}
	}
	return fmt.Errorf("implicit meta policy %s (%s): %d of %d sub-policies satisfied, %d required: %w",
		p.path, p.rule, p.threshold-remaining, len(p.subPolicies), p.threshold, ErrNotSatisfied)
}
