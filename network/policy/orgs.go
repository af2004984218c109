package policy

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// SatisfiedByOrgs evaluates a signature policy on organisations instead of
// signatures: a principal holds when its MSP is in orgs. Lifecycle approvals
// and collection membership ask "would these orgs satisfy the policy", where
// there are records per org but no signatures to verify.
func SatisfiedByOrgs(env *common.SignaturePolicyEnvelope, orgs map[string]bool) bool {
	return satisfiedByOrgs(env.GetRule(), env.GetIdentities(), orgs)
}

func satisfiedByOrgs(rule *common.SignaturePolicy, principals []*mspproto.MSPPrincipal, orgs map[string]bool) bool {
	switch t := rule.GetType().(type) {
	case *common.SignaturePolicy_SignedBy:
		i := int(t.SignedBy)
		if i < 0 || i >= len(principals) {
			return false
		}
		id := PrincipalMSP(principals[i])
		return id != "" && orgs[id]
	case *common.SignaturePolicy_NOutOf_:
		n := 0
		for _, r := range t.NOutOf.GetRules() {
			if satisfiedByOrgs(r, principals, orgs) {
				n++
			}
		}
		return n >= int(t.NOutOf.GetN())
	default:
		return false
	}
}

// PrincipalMSP is the MSP ID a principal names (ROLE, ORGANIZATION_UNIT or
// IDENTITY), or "" for any other or undecodable principal.
func PrincipalMSP(p *mspproto.MSPPrincipal) string {
	switch p.GetPrincipalClassification() {
	case mspproto.MSPPrincipal_ROLE:
		r := &mspproto.MSPRole{}
		if proto.Unmarshal(p.GetPrincipal(), r) == nil {
			return r.GetMspIdentifier()
		}
	case mspproto.MSPPrincipal_ORGANIZATION_UNIT:
		r := &mspproto.OrganizationUnit{}
		if proto.Unmarshal(p.GetPrincipal(), r) == nil {
			return r.GetMspIdentifier()
		}
	case mspproto.MSPPrincipal_IDENTITY:
		r := &mspproto.SerializedIdentity{}
		if proto.Unmarshal(p.GetPrincipal(), r) == nil {
			return r.GetMspid()
		}
	}
	return ""
}
