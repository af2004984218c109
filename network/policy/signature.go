package policy

import (
	"errors"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/saharanet/saharanet/network/msp"
)

// maxPolicyDepth bounds rule nesting so hostile config cannot exhaust the stack.
const maxPolicyDepth = 64

// rule is a compiled SignaturePolicy node: a leaf (principal >= 0) or an
// n-out-of gate.
type rule struct {
	principal int
	n         int32
	children  []*rule
}

// SignaturePolicy is a compiled SignaturePolicyEnvelope.
type SignaturePolicy struct {
	root         *rule
	principals   []*mspproto.MSPPrincipal
	deserializer msp.IdentityDeserializer
}

// NewSignaturePolicy compiles env into a *SignaturePolicy. It rejects
// envelope versions other than 0, empty rules, out-of-range identity indexes
// and nesting beyond 64 levels.
func NewSignaturePolicy(env *common.SignaturePolicyEnvelope, d msp.IdentityDeserializer) (Policy, error) {
	sp, err := newSignaturePolicy(env, d)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return sp, nil
}

func newSignaturePolicy(env *common.SignaturePolicyEnvelope, d msp.IdentityDeserializer) (*SignaturePolicy, error) {
	if env == nil {
		return nil, errors.New("signature policy: nil envelope")
	}
	if d == nil {
		return nil, errors.New("signature policy: nil identity deserializer")
	}
	if env.GetVersion() != 0 {
		return nil, fmt.Errorf("signature policy: version %d, only 0 is understood", env.GetVersion())
	}
	root, err := compile(env.GetRule(), len(env.GetIdentities()), 0)
	if err != nil {
		return nil, fmt.Errorf("signature policy: %w", err)
	}
	for i, p := range env.GetIdentities() {
		if p == nil {
			return nil, fmt.Errorf("signature policy: identity %d is nil", i)
		}
	}
	return &SignaturePolicy{root: root, principals: env.GetIdentities(), deserializer: d}, nil
}

func compile(sp *common.SignaturePolicy, nIDs, depth int) (*rule, error) {
	if depth > maxPolicyDepth {
		return nil, fmt.Errorf("rules nested deeper than %d", maxPolicyDepth)
	}
	if sp == nil {
		return nil, errors.New("empty policy element")
	}
	switch t := sp.GetType().(type) {
	case *common.SignaturePolicy_SignedBy:
		if t.SignedBy < 0 || int(t.SignedBy) >= nIDs {
			return nil, fmt.Errorf("signed_by %d out of range: %d identities", t.SignedBy, nIDs)
		}
		return &rule{principal: int(t.SignedBy)}, nil
	case *common.SignaturePolicy_NOutOf_:
		if t.NOutOf == nil {
			return nil, errors.New("empty n_out_of element")
		}
		r := &rule{principal: -1, n: t.NOutOf.GetN(), children: make([]*rule, 0, len(t.NOutOf.GetRules()))}
		for _, child := range t.NOutOf.GetRules() {
			c, err := compile(child, nIDs, depth+1)
			if err != nil {
				return nil, err
			}
			r.children = append(r.children, c)
		}
		return r, nil
	default:
		return nil, fmt.Errorf("unknown signature policy type %T", t)
	}
}

// EvaluateSignedData verifies the set (VerifySignatureSet) and evaluates the
// rule over the surviving identities.
func (p *SignaturePolicy) EvaluateSignedData(set []*SignedData) error {
	return p.EvaluateIdentities(VerifySignatureSet(set, p.deserializer))
}

// EvaluateIdentities evaluates the rule with Fabric's greedy semantics
// (§4.5): a signed_by leaf takes the first unused identity that satisfies its
// principal; an n_out_of gate evaluates every child, in order, on a copy of
// the used flags and commits a satisfied child's flags; it holds iff at least
// n children held. So one signer never satisfies two leaves.
func (p *SignaturePolicy) EvaluateIdentities(ids []msp.Identity) error {
	var ok bool
	if len(ids) <= 64 {
		var used uint64
		ok = p.eval64(p.root, ids, &used)
	} else {
		ok = p.evalSlice(p.root, ids, make([]bool, len(ids)))
	}
	if !ok {
		return fmt.Errorf("signature set of %d valid identities did not satisfy the policy: %w", len(ids), ErrNotSatisfied)
	}
	return nil
}

// eval64 is the allocation-free path: used flags fit one word.
func (p *SignaturePolicy) eval64(r *rule, ids []msp.Identity, used *uint64) bool {
	if r.principal >= 0 {
		principal := p.principals[r.principal]
		for i, id := range ids {
			bit := uint64(1) << uint(i)
			if *used&bit != 0 {
				continue
			}
			if id.SatisfiesPrincipal(principal) != nil {
				continue
			}
			*used |= bit
			return true
		}
		return false
	}
	var satisfied int32
	for _, c := range r.children {
		branch := *used
		if p.eval64(c, ids, &branch) {
			satisfied++
			*used = branch
		}
	}
	return satisfied >= r.n
}

// evalSlice is eval64 for sets larger than 64 identities.
func (p *SignaturePolicy) evalSlice(r *rule, ids []msp.Identity, used []bool) bool {
	if r.principal >= 0 {
		principal := p.principals[r.principal]
		for i, id := range ids {
			if used[i] || id.SatisfiesPrincipal(principal) != nil {
				continue
			}
			used[i] = true
			return true
		}
		return false
	}
	var satisfied int32
	branch := make([]bool, len(used))
	for _, c := range r.children {
		copy(branch, used)
		if p.evalSlice(c, ids, branch) {
			satisfied++
			copy(used, branch)
		}
	}
	return satisfied >= r.n
}
