package lifecycle

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"

	"github.com/saharanet/saharanet/network/policy"
)

// evalByOrg evaluates a signature policy on orgs rather than signatures: a
// principal is satisfied when its MSP approved (policy.SatisfiedByOrgs).
func evalByOrg(rule *common.SignaturePolicy, principals []*mspproto.MSPPrincipal, approved map[string]bool) bool {
	return policy.SatisfiedByOrgs(&common.SignaturePolicyEnvelope{Rule: rule, Identities: principals}, approved)
}
