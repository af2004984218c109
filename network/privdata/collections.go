package privdata

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

// ImplicitPrefix starts the name of every implicit per-org collection.
const ImplicitPrefix = "_implicit_org_"

// ErrUnknownCollection is returned (wrapped) for a collection that a
// chaincode does not declare, or an implicit collection of an MSP that is not
// on the channel.
var ErrUnknownCollection = errors.New("collection is not defined")

// ImplicitCollectionName is the implicit collection of an org.
func ImplicitCollectionName(mspID string) string { return ImplicitPrefix + mspID }

// ImplicitCollectionMSP returns the MSP ID an implicit collection belongs to.
func ImplicitCollectionMSP(coll string) (string, bool) {
	if strings.HasPrefix(coll, ImplicitPrefix) && len(coll) > len(ImplicitPrefix) {
		return coll[len(ImplicitPrefix):], true
	}
	return "", false
}

// Collection is a resolved private data collection of one chaincode: its
// configuration plus the compiled member policy.
type Collection struct {
	Namespace string
	Name      string
	Implicit  bool
	// MemberOrgs are the MSP IDs named by member_orgs_policy, sorted as they
	// appear in the policy.
	MemberOrgs        []string
	RequiredPeerCount int
	MaximumPeerCount  int
	// BlockToLive: data committed at block N is purged when block
	// N+BlockToLive+1 commits; 0 keeps it forever.
	BlockToLive     uint64
	MemberOnlyRead  bool
	MemberOnlyWrite bool
	// EndorsementPolicy overrides the chaincode's policy for writes to the
	// collection; nil means the chaincode's applies. For implicit
	// collections it is a reference to the org's Endorsement channel policy.
	EndorsementPolicy *peer.ApplicationPolicy
	// Config is the collection as it appears in a CollectionConfigPackage
	// (synthesised for implicit collections).
	Config *peer.StaticCollectionConfig

	memberEnv    *common.SignaturePolicyEnvelope
	memberPolicy policy.Policy
}

// IsMemberSigned reports whether a signature set (a proposal's or a deliver
// request's SignedData) satisfies member_orgs_policy. Signatures are
// verified and identities validated against the channel's MSPs.
func (c *Collection) IsMemberSigned(sd []*protoutil.SignedData) bool {
	return c.memberPolicy.EvaluateSignedData(sd) == nil
}

// IsMemberIdentity reports whether an already authenticated identity
// satisfies member_orgs_policy.
func (c *Collection) IsMemberIdentity(id msp.Identity) bool {
	if id == nil {
		return false
	}
	return policy.EvaluateIdentities(c.memberPolicy, []msp.Identity{id}) == nil
}

// IsMemberOrg reports whether peers of org mspID store the collection's
// private data: the member policy holds when every principal of that MSP is
// taken as satisfied. This is the storage decision of validation
// (validation.Collection.Member) and must agree with it.
func (c *Collection) IsMemberOrg(mspID string) bool {
	return mspID != "" && policy.SatisfiedByOrgs(c.memberEnv, map[string]bool{mspID: true})
}

// Collections are the resolved collections of one chaincode, explicit and
// implicit, by name.
type Collections struct {
	Namespace string
	byName    map[string]*Collection
	explicit  *peer.CollectionConfigPackage
}

// Get returns a collection by name, or an error wrapping
// ErrUnknownCollection.
func (cs *Collections) Get(name string) (*Collection, error) {
	if c, ok := cs.byName[name]; ok {
		return c, nil
	}
	return nil, fmt.Errorf("collection %q of chaincode %q: %w", name, cs.Namespace, ErrUnknownCollection)
}

// Names lists every collection, explicit and implicit.
func (cs *Collections) Names() []string {
	out := make([]string, 0, len(cs.byName))
	for n := range cs.byName {
		out = append(out, n)
	}
	return out
}

// ConfigPackage is the definition's explicit collection configuration, what
// goes into TxPvtReadWriteSetWithConfigInfo.collection_configs.
func (cs *Collections) ConfigPackage() *peer.CollectionConfigPackage { return cs.explicit }

// ResolveOption configures Resolve.
type ResolveOption func(*resolveConfig)

type resolveConfig struct {
	localMSP           string
	implicitRequired   int
	implicitMax        int
	endorsementPolicyF func(mspID string) string
}

// WithLocalMSP names this peer's org. Its own implicit collection gets the
// implicit dissemination counts (WithImplicitDissemination); other orgs'
// implicit collections get 0/0, as in Fabric, so their peers pull.
func WithLocalMSP(id string) ResolveOption { return func(c *resolveConfig) { c.localMSP = id } }

// WithImplicitDissemination sets the required and maximum peer counts of the
// local org's implicit collection (Fabric's defaults: 0 and 1).
func WithImplicitDissemination(required, max int) ResolveOption {
	return func(c *resolveConfig) { c.implicitRequired, c.implicitMax = required, max }
}

// WithOrgEndorsementRef maps an MSP ID to the channel policy that endorses
// writes to its implicit collection (default
// /Channel/Application/<MSPID>/Endorsement; the channel config names orgs,
// not MSP IDs, so peers usually pass the org-name mapping).
func WithOrgEndorsementRef(f func(mspID string) string) ResolveOption {
	return func(c *resolveConfig) { c.endorsementPolicyF = f }
}

// Resolve resolves the explicit collections of a chaincode definition and
// the implicit collection of each channel MSP. d deserializes identities for
// member-policy evaluation (the channel's MSP manager). The definition's
// configuration is validated first (ValidateConfigPackage).
func Resolve(def *lifecycle.Definition, channelMSPs []string, d msp.IdentityDeserializer, opts ...ResolveOption) (*Collections, error) {
	if def == nil {
		return nil, errors.New("privdata: nil chaincode definition")
	}
	cfg := resolveConfig{implicitRequired: 0, implicitMax: 1}
	for _, o := range opts {
		o(&cfg)
	}
	if err := ValidateConfigPackage(def.Collections); err != nil {
		return nil, fmt.Errorf("privdata: chaincode %q: %w", def.Name, err)
	}
	cs := &Collections{Namespace: def.Name, byName: map[string]*Collection{}, explicit: def.Collections}
	if cs.explicit == nil {
		cs.explicit = &peer.CollectionConfigPackage{}
	}
	for _, cc := range def.Collections.GetConfig() {
		sc := cc.GetStaticCollectionConfig()
		env := sc.GetMemberOrgsPolicy().GetSignaturePolicy()
		pol, err := policy.NewSignaturePolicy(env, d)
		if err != nil {
			return nil, fmt.Errorf("privdata: collection %q of %q: member policy: %w", sc.GetName(), def.Name, err)
		}
		cs.byName[sc.GetName()] = &Collection{
			Namespace: def.Name, Name: sc.GetName(), MemberOrgs: policyMSPs(env),
			RequiredPeerCount: int(sc.GetRequiredPeerCount()), MaximumPeerCount: int(sc.GetMaximumPeerCount()),
			BlockToLive: sc.GetBlockToLive(), MemberOnlyRead: sc.GetMemberOnlyRead(), MemberOnlyWrite: sc.GetMemberOnlyWrite(),
			EndorsementPolicy: sc.GetEndorsementPolicy(), Config: sc, memberEnv: env, memberPolicy: pol,
		}
	}
	for _, id := range channelMSPs {
		name := ImplicitCollectionName(id)
		env := policy.SignedByMspMember(id)
		pol, err := policy.NewSignaturePolicy(env, d)
		if err != nil {
			return nil, fmt.Errorf("privdata: implicit collection of %q: %w", id, err)
		}
		req, max := 0, 0
		if id == cfg.localMSP {
			req, max = cfg.implicitRequired, cfg.implicitMax
		}
		ref := "/Channel/Application/" + id + "/Endorsement"
		if cfg.endorsementPolicyF != nil {
			ref = cfg.endorsementPolicyF(id)
		}
		ep := &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: ref}}
		sc := &peer.StaticCollectionConfig{Name: name,
			MemberOrgsPolicy:  &peer.CollectionPolicyConfig{Payload: &peer.CollectionPolicyConfig_SignaturePolicy{SignaturePolicy: env}},
			RequiredPeerCount: int32(req), MaximumPeerCount: int32(max),
			// As in Fabric (lifecycle's GenerateImplicitCollectionForOrg sets
			// neither flag): any channel member may read or write an org's
			// implicit collection through a chaincode; the data lives only on
			// that org's peers, the org's endorsement policy guards writes, and
			// the chaincode decides who may see what.
			MemberOnlyRead: false, MemberOnlyWrite: false, EndorsementPolicy: ep}
		cs.byName[name] = &Collection{Namespace: def.Name, Name: name, Implicit: true, MemberOrgs: []string{id},
			RequiredPeerCount: req, MaximumPeerCount: max, MemberOnlyRead: false, EndorsementPolicy: ep,
			Config: sc, memberEnv: env, memberPolicy: pol}
	}
	return cs, nil
}

func policyMSPs(env *common.SignaturePolicyEnvelope) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range env.GetIdentities() {
		if id := policy.PrincipalMSP(p); id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
