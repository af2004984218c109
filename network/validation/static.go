package validation

import (
	"fmt"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
)

// ImplicitCollectionPrefix starts the name of every implicit per-org
// collection: _implicit_org_<MSPID>.
const ImplicitCollectionPrefix = "_implicit_org_"

// ImplicitCollectionMSP returns the MSP ID an implicit collection belongs to.
func ImplicitCollectionMSP(coll string) (string, bool) {
	msp, ok := strings.CutPrefix(coll, ImplicitCollectionPrefix)
	return msp, ok && msp != ""
}

// StaticPolicies is an in-memory PolicySource over a fixed set of chaincode
// definitions: for tests, tools and single-process networks whose chaincode
// definitions do not change while it is in use.
type StaticPolicies struct {
	// Definitions by namespace.
	Definitions map[string]*ChaincodeDefinition
	// Deserializer compiles key-level and default implicit-collection
	// policies.
	Deserializer msp.IdentityDeserializer
	// Orgs are the channel's application MSP IDs: those that have an
	// implicit collection.
	Orgs []string
	// LocalMSP is this peer's MSP ID; the peer is a member of its own
	// implicit collection only.
	LocalMSP string
	// OrgEndorsement optionally gives an org's Endorsement channel policy,
	// which governs writes to its implicit collection. Without one, any
	// member of the org may endorse them (Fabric's fallback).
	OrgEndorsement map[string]Policy
}

var _ PolicySource = (*StaticPolicies)(nil)

// ChaincodeDefinition implements PolicySource.
func (s *StaticPolicies) ChaincodeDefinition(ns string) (*ChaincodeDefinition, error) {
	if def, ok := s.Definitions[ns]; ok && def != nil {
		return def, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrChaincodeUndefined, ns)
}

// Collection implements PolicySource.
func (s *StaticPolicies) Collection(ns, coll string) (*Collection, error) {
	def, err := s.ChaincodeDefinition(ns)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s: %v", ErrUnknownCollection, ns, coll, err)
	}
	if c, ok := def.Collections[coll]; ok && c != nil {
		return c, nil
	}
	mspID, ok := ImplicitCollectionMSP(coll)
	if !ok || !contains(s.Orgs, mspID) {
		return nil, fmt.Errorf("%w: %s/%s", ErrUnknownCollection, ns, coll)
	}
	p := s.OrgEndorsement[mspID]
	if p == nil {
		if p, err = policy.NewSignaturePolicy(policy.SignedByMspMember(mspID), s.Deserializer); err != nil {
			return nil, fmt.Errorf("implicit collection %s: %w", coll, err)
		}
	}
	return &Collection{Name: coll, Endorsement: p, Member: mspID == s.LocalMSP}, nil
}

// KeyLevelPolicy implements PolicySource.
func (s *StaticPolicies) KeyLevelPolicy(vp []byte) (Policy, error) {
	return CompileKeyLevelPolicy(vp, s.Deserializer)
}

// CompileKeyLevelPolicy compiles a VALIDATION_PARAMETER value, a marshalled
// SignaturePolicyEnvelope as the chaincode statebased package writes it.
func CompileKeyLevelPolicy(vp []byte, d msp.IdentityDeserializer) (Policy, error) {
	env := &common.SignaturePolicyEnvelope{}
	if err := proto.Unmarshal(vp, env); err != nil {
		return nil, fmt.Errorf("validation parameter: %w", err)
	}
	p, err := policy.NewSignaturePolicy(env, d)
	if err != nil {
		return nil, fmt.Errorf("validation parameter: %w", err)
	}
	return p, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
