package policy

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// SignedBy is a leaf requiring a signature by identities[index].
func SignedBy(index int32) *common.SignaturePolicy {
	return &common.SignaturePolicy{Type: &common.SignaturePolicy_SignedBy{SignedBy: index}}
}

// NOutOf requires at least n of rules.
func NOutOf(n int32, rules ...*common.SignaturePolicy) *common.SignaturePolicy {
	return &common.SignaturePolicy{Type: &common.SignaturePolicy_NOutOf_{NOutOf: &common.SignaturePolicy_NOutOf{N: n, Rules: rules}}}
}

// And requires all of rules.
func And(rules ...*common.SignaturePolicy) *common.SignaturePolicy {
	return NOutOf(int32(len(rules)), rules...)
}

// Or requires one of rules.
func Or(rules ...*common.SignaturePolicy) *common.SignaturePolicy { return NOutOf(1, rules...) }

// Envelope wraps a rule and its principals in a version-0 envelope.
func Envelope(rule *common.SignaturePolicy, principals ...*mspproto.MSPPrincipal) *common.SignaturePolicyEnvelope {
	return &common.SignaturePolicyEnvelope{Version: 0, Rule: rule, Identities: principals}
}

// RolePrincipal is the principal "role of mspID".
func RolePrincipal(mspID string, role mspproto.MSPRole_MSPRoleType) *mspproto.MSPPrincipal {
	return &mspproto.MSPPrincipal{
		PrincipalClassification: mspproto.MSPPrincipal_ROLE,
		Principal:               protoutil.MarshalOrPanic(&mspproto.MSPRole{MspIdentifier: mspID, Role: role}),
	}
}

// IdentityPrincipal is the principal "exactly this serialized identity".
func IdentityPrincipal(serialized []byte) *mspproto.MSPPrincipal {
	return &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_IDENTITY, Principal: serialized}
}

// SignedByMspRole requires one signature by a holder of role in mspID.
func SignedByMspRole(mspID string, role mspproto.MSPRole_MSPRoleType) *common.SignaturePolicyEnvelope {
	return Envelope(SignedBy(0), RolePrincipal(mspID, role))
}

// SignedByMspMember requires one signature by any valid member of mspID.
func SignedByMspMember(mspID string) *common.SignaturePolicyEnvelope {
	return SignedByMspRole(mspID, mspproto.MSPRole_MEMBER)
}

// SignedByMspAdmin requires one signature by an admin of mspID.
func SignedByMspAdmin(mspID string) *common.SignaturePolicyEnvelope {
	return SignedByMspRole(mspID, mspproto.MSPRole_ADMIN)
}

// SignedByMspPeer requires one signature by a peer of mspID.
func SignedByMspPeer(mspID string) *common.SignaturePolicyEnvelope {
	return SignedByMspRole(mspID, mspproto.MSPRole_PEER)
}

// SignedByMspClient requires one signature by a client of mspID.
func SignedByMspClient(mspID string) *common.SignaturePolicyEnvelope {
	return SignedByMspRole(mspID, mspproto.MSPRole_CLIENT)
}

// SignedByAnyMember requires one signature by a member of any of mspIDs
// (e.g. the implicit-collection fallback "any member of that MSP").
func SignedByAnyMember(mspIDs ...string) *common.SignaturePolicyEnvelope {
	rules := make([]*common.SignaturePolicy, len(mspIDs))
	principals := make([]*mspproto.MSPPrincipal, len(mspIDs))
	for i, id := range mspIDs {
		rules[i] = SignedBy(int32(i))
		principals[i] = RolePrincipal(id, mspproto.MSPRole_MEMBER)
	}
	return Envelope(NOutOf(1, rules...), principals...)
}

// AcceptAll is satisfied by any set, including the empty one.
func AcceptAll() *common.SignaturePolicyEnvelope { return Envelope(NOutOf(0)) }

// RejectAll is never satisfied.
func RejectAll() *common.SignaturePolicyEnvelope { return Envelope(NOutOf(1)) }
