package lifecycle

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
)

// CheckApplicationPolicy checks an endorsement policy on its own structure:
// a signature policy must compile (CheckSignaturePolicy), a channel config
// policy reference must be a non-empty path without empty elements. Whether
// the referenced channel policy exists is a question of the channel's
// config at validation time, as in Fabric.
func CheckApplicationPolicy(ap *peer.ApplicationPolicy) error {
	switch t := ap.GetType().(type) {
	case *peer.ApplicationPolicy_SignaturePolicy:
		if t.SignaturePolicy == nil {
			return errors.New("empty signature policy")
		}
		return CheckSignaturePolicy(t.SignaturePolicy)
	case *peer.ApplicationPolicy_ChannelConfigPolicyReference:
		ref := t.ChannelConfigPolicyReference
		if strings.TrimSpace(ref) == "" {
			return errors.New("channel config policy reference is empty")
		}
		for _, part := range strings.Split(strings.TrimPrefix(ref, policy.PathSeparator), policy.PathSeparator) {
			if part == "" {
				return fmt.Errorf("channel config policy reference %q has an empty path element", ref)
			}
		}
		return nil
	case nil:
		return errors.New("no policy set")
	default:
		return fmt.Errorf("unsupported application policy type %T", t)
	}
}

// CheckSignaturePolicy compiles a signature policy with the policy package
// against nothing but its own structure (version, rule nesting, principal
// indexes in range) and adds what compiling leaves to evaluation: every
// n-out-of gate must be satisfiable (0 <= n <= number of its rules) and
// every principal must decode, a role principal naming an MSP.
func CheckSignaturePolicy(env *common.SignaturePolicyEnvelope) error {
	if env == nil {
		return errors.New("signature policy: nil envelope")
	}
	if _, err := policy.NewSignaturePolicy(env, noIdentities{}); err != nil {
		return err
	}
	if err := checkGates(env.GetRule()); err != nil {
		return fmt.Errorf("signature policy: %w", err)
	}
	for i, p := range env.GetIdentities() {
		if err := checkPrincipal(p); err != nil {
			return fmt.Errorf("signature policy: identity %d: %w", i, err)
		}
	}
	return nil
}

// checkGates walks a rule that policy.NewSignaturePolicy already accepted
// (so its depth is bounded).
func checkGates(r *common.SignaturePolicy) error {
	g := r.GetNOutOf()
	if g == nil {
		return nil
	}
	if g.GetN() < 0 || int(g.GetN()) > len(g.GetRules()) {
		return fmt.Errorf("an out-of gate requires %d of %d rules and can never be satisfied", g.GetN(), len(g.GetRules()))
	}
	for _, c := range g.GetRules() {
		if err := checkGates(c); err != nil {
			return err
		}
	}
	return nil
}

func checkPrincipal(p *mspproto.MSPPrincipal) error {
	switch p.GetPrincipalClassification() {
	case mspproto.MSPPrincipal_ROLE:
		role := &mspproto.MSPRole{}
		if err := proto.Unmarshal(p.GetPrincipal(), role); err != nil {
			return fmt.Errorf("role principal does not decode: %w", err)
		}
		if role.GetMspIdentifier() == "" {
			return errors.New("role principal names no MSP")
		}
		if _, ok := mspproto.MSPRole_MSPRoleType_name[int32(role.GetRole())]; !ok {
			return fmt.Errorf("role principal of %s has unknown role %d", role.GetMspIdentifier(), role.GetRole())
		}
	case mspproto.MSPPrincipal_ORGANIZATION_UNIT:
		ou := &mspproto.OrganizationUnit{}
		if err := proto.Unmarshal(p.GetPrincipal(), ou); err != nil {
			return fmt.Errorf("organization unit principal does not decode: %w", err)
		}
		if ou.GetMspIdentifier() == "" {
			return errors.New("organization unit principal names no MSP")
		}
	case mspproto.MSPPrincipal_IDENTITY:
		if len(p.GetPrincipal()) == 0 {
			return errors.New("identity principal is empty")
		}
	default:
		// Anonymity and combined principals are evaluated by the MSP; their
		// structure is the MSP's business.
	}
	return nil
}

// noIdentities is the deserializer of a structure-only compile: the policy
// is never evaluated, so no identity is ever deserialized.
type noIdentities struct{}

func (noIdentities) DeserializeIdentity([]byte) (msp.Identity, error) {
	return nil, errors.New("lifecycle: policy compiled for a structure check only")
}
