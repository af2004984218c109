package lifecycle

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// evalByOrg evaluates a signature policy on orgs rather than signatures:
// a principal is satisfied when its MSP approved. Each approving org counts
// once per principal, which is the most an org's admins could contribute.
func evalByOrg(rule *common.SignaturePolicy, principals []*mspproto.MSPPrincipal, approved map[string]bool) bool {
	switch t := rule.GetType().(type) {
	case *common.SignaturePolicy_SignedBy:
		i := int(t.SignedBy)
		if i < 0 || i >= len(principals) {
			return false
		}
		id := principalMSP(principals[i])
		return id != "" && approved[id]
	case *common.SignaturePolicy_NOutOf_:
		n := 0
		for _, r := range t.NOutOf.GetRules() {
			if evalByOrg(r, principals, approved) {
				n++
			}
		}
		return n >= int(t.NOutOf.GetN())
	default:
		return false
	}
}

func principalMSP(p *mspproto.MSPPrincipal) string {
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
