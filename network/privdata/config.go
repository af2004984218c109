package privdata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/policy"
)

// ErrInvalidConfig is returned (wrapped) for a collection configuration
// that is malformed or breaks Fabric's rules.
var ErrInvalidConfig = errors.New("invalid collection configuration")

// Fabric's rule: letters, digits, '-' and '_', not starting with '_' (names
// with a leading underscore are reserved for implicit collections).
var collectionNameRE = regexp.MustCompile(`^[A-Za-z0-9-]+([A-Za-z0-9_-]+)*$`)

// CollectionJSON is one entry of Fabric's collections_config.json, the file
// users pass to `peer lifecycle chaincode approveformyorg --collections-config`.
type CollectionJSON struct {
	Name              string                 `json:"name"`
	Policy            string                 `json:"policy"`
	RequiredPeerCount *int32                 `json:"requiredPeerCount,omitempty"`
	MaxPeerCount      *int32                 `json:"maxPeerCount,omitempty"`
	BlockToLive       uint64                 `json:"blockToLive"`
	MemberOnlyRead    bool                   `json:"memberOnlyRead"`
	MemberOnlyWrite   bool                   `json:"memberOnlyWrite"`
	EndorsementPolicy *EndorsementPolicyJSON `json:"endorsementPolicy,omitempty"`
}

// EndorsementPolicyJSON is a collection's endorsement policy: exactly one of
// a signature policy expression or a channel config policy reference.
type EndorsementPolicyJSON struct {
	SignaturePolicy     string `json:"signaturePolicy,omitempty"`
	ChannelConfigPolicy string `json:"channelConfigPolicy,omitempty"`
}

// ParseCollectionsConfig converts a collections_config.json document (a JSON
// array of collections) into a CollectionConfigPackage. Unknown fields,
// duplicate names, unparsable policies and inconsistent peer counts are
// errors naming the offending collection. An empty array yields an empty
// package.
func ParseCollectionsConfig(raw []byte) (*peer.CollectionConfigPackage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var entries []CollectionJSON
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("%w: collections config must be a JSON array of collections: %v", ErrInvalidConfig, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after the JSON array", ErrInvalidConfig)
	}
	pkg := &peer.CollectionConfigPackage{}
	for i, e := range entries {
		sc, err := e.toProto()
		if err != nil {
			name := e.Name
			if name == "" {
				name = fmt.Sprintf("#%d", i)
			}
			return nil, fmt.Errorf("%w: collection %s: %v", ErrInvalidConfig, name, err)
		}
		pkg.Config = append(pkg.Config, &peer.CollectionConfig{Payload: &peer.CollectionConfig_StaticCollectionConfig{StaticCollectionConfig: sc}})
	}
	if err := ValidateConfigPackage(pkg); err != nil {
		return nil, err
	}
	return pkg, nil
}

func (e CollectionJSON) toProto() (*peer.StaticCollectionConfig, error) {
	if e.Policy == "" {
		return nil, errors.New(`"policy" is required, e.g. "OR('Org1MSP.member')"`)
	}
	env, err := policy.FromString(e.Policy)
	if err != nil {
		return nil, fmt.Errorf("policy %q: %v", e.Policy, err)
	}
	sc := &peer.StaticCollectionConfig{
		Name:             e.Name,
		MemberOrgsPolicy: &peer.CollectionPolicyConfig{Payload: &peer.CollectionPolicyConfig_SignaturePolicy{SignaturePolicy: env}},
		BlockToLive:      e.BlockToLive,
		MemberOnlyRead:   e.MemberOnlyRead,
		MemberOnlyWrite:  e.MemberOnlyWrite,
	}
	if e.RequiredPeerCount != nil {
		sc.RequiredPeerCount = *e.RequiredPeerCount
	}
	if e.MaxPeerCount != nil {
		sc.MaximumPeerCount = *e.MaxPeerCount
	}
	if ep := e.EndorsementPolicy; ep != nil {
		switch {
		case ep.SignaturePolicy != "" && ep.ChannelConfigPolicy != "":
			return nil, errors.New("endorsementPolicy: set either signaturePolicy or channelConfigPolicy, not both")
		case ep.SignaturePolicy != "":
			senv, err := policy.FromString(ep.SignaturePolicy)
			if err != nil {
				return nil, fmt.Errorf("endorsementPolicy.signaturePolicy %q: %v", ep.SignaturePolicy, err)
			}
			sc.EndorsementPolicy = &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_SignaturePolicy{SignaturePolicy: senv}}
		case ep.ChannelConfigPolicy != "":
			sc.EndorsementPolicy = &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: ep.ChannelConfigPolicy}}
		default:
			return nil, errors.New("endorsementPolicy: needs signaturePolicy or channelConfigPolicy")
		}
	}
	return sc, nil
}

// ValidateConfigPackage checks a chaincode definition's explicit collections
// (a nil package is valid: no collections): static configs only, valid and
// unique names, a signature member policy, 0 <= required <= maximum peer
// count, and a well-formed endorsement policy when present.
func ValidateConfigPackage(pkg *peer.CollectionConfigPackage) error {
	seen := map[string]bool{}
	for i, cc := range pkg.GetConfig() {
		sc := cc.GetStaticCollectionConfig()
		if sc == nil {
			return fmt.Errorf("%w: entry %d is not a static collection config", ErrInvalidConfig, i)
		}
		name := sc.GetName()
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%w: collection %q: %s", ErrInvalidConfig, name, fmt.Sprintf(format, args...))
		}
		switch {
		case name == "":
			return fmt.Errorf("%w: entry %d has no name", ErrInvalidConfig, i)
		case !collectionNameRE.MatchString(name):
			return bad("name may hold only letters, digits, '-' and '_' and must not start with '_'")
		case seen[name]:
			return bad("defined more than once")
		}
		seen[name] = true
		env := sc.GetMemberOrgsPolicy().GetSignaturePolicy()
		if env == nil || env.GetRule() == nil {
			return bad("member_orgs_policy must be a signature policy")
		}
		if len(policyMSPs(env)) == 0 {
			return bad("member_orgs_policy names no MSP")
		}
		if sc.GetRequiredPeerCount() < 0 {
			return bad("requiredPeerCount %d is negative", sc.GetRequiredPeerCount())
		}
		if sc.GetMaximumPeerCount() < sc.GetRequiredPeerCount() {
			return bad("maxPeerCount %d is less than requiredPeerCount %d", sc.GetMaximumPeerCount(), sc.GetRequiredPeerCount())
		}
		if ep := sc.GetEndorsementPolicy(); ep != nil {
			switch t := ep.GetType().(type) {
			case *peer.ApplicationPolicy_SignaturePolicy:
				if t.SignaturePolicy.GetRule() == nil {
					return bad("endorsement signature policy is empty")
				}
			case *peer.ApplicationPolicy_ChannelConfigPolicyReference:
				if t.ChannelConfigPolicyReference == "" {
					return bad("endorsement channel policy reference is empty")
				}
			default:
				return bad("endorsement policy has no type")
			}
		}
	}
	return nil
}

// ValidateMembers checks that every MSP a collection's member policy names
// is on the channel, as Fabric's lifecycle does before a definition commits.
func ValidateMembers(pkg *peer.CollectionConfigPackage, channelMSPs []string) error {
	on := map[string]bool{}
	for _, id := range channelMSPs {
		on[id] = true
	}
	for _, cc := range pkg.GetConfig() {
		sc := cc.GetStaticCollectionConfig()
		for _, id := range policyMSPs(sc.GetMemberOrgsPolicy().GetSignaturePolicy()) {
			if !on[id] {
				return fmt.Errorf("%w: collection %q: member %q is not an MSP of the channel", ErrInvalidConfig, sc.GetName(), id)
			}
		}
	}
	return nil
}
