package lifecycle

import (
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/policy"
)

func approvedBy(orgs ...int) map[string]bool {
	m := map[string]bool{}
	for _, o := range orgs {
		m[mspID(o)] = true
	}
	return m
}

func TestApprovalsSatisfy(t *testing.T) {
	meta := func(rule string) *channelconfig.Policy {
		return &channelconfig.Policy{Type: "ImplicitMeta", Rule: rule}
	}
	sig := func(rule string) *channelconfig.Policy { return &channelconfig.Policy{Type: "Signature", Rule: rule} }
	type bundleKey struct {
		orgs int
		pol  string
	}
	bundles := map[bundleKey]*channelconfig.Bundle{}
	bundleFor := func(orgs int, p *channelconfig.Policy) *channelconfig.Bundle {
		k := bundleKey{orgs, p.Type + ":" + p.Rule}
		if b, ok := bundles[k]; ok {
			return b
		}
		b := testBundle(t, orgs, bundleOpts{lifecycle: p})
		bundles[k] = b
		return b
	}
	tests := []struct {
		name     string
		orgs     int
		pol      *channelconfig.Policy
		approved map[string]bool
		ok       bool
	}{
		{"MAJORITY 1 org: none", 1, meta("MAJORITY Endorsement"), approvedBy(), false},
		{"MAJORITY 1 org: it", 1, meta("MAJORITY Endorsement"), approvedBy(1), true},
		{"MAJORITY 2 orgs: one", 2, meta("MAJORITY Endorsement"), approvedBy(1), false},
		{"MAJORITY 2 orgs: other one", 2, meta("MAJORITY Endorsement"), approvedBy(2), false},
		{"MAJORITY 2 orgs: both", 2, meta("MAJORITY Endorsement"), approvedBy(1, 2), true},
		{"MAJORITY 3 orgs: none", 3, meta("MAJORITY Endorsement"), approvedBy(), false},
		{"MAJORITY 3 orgs: one", 3, meta("MAJORITY Endorsement"), approvedBy(3), false},
		{"MAJORITY 3 orgs: two", 3, meta("MAJORITY Endorsement"), approvedBy(1, 3), true},
		{"MAJORITY 3 orgs: all", 3, meta("MAJORITY Endorsement"), approvedBy(1, 2, 3), true},
		{"MAJORITY 3 orgs: false entries do not count", 3, meta("MAJORITY Endorsement"),
			map[string]bool{mspID(1): true, mspID(2): false, mspID(3): false}, false},
		// Approvals of MSPs that are not application orgs of the channel
		// must not count toward the majority.
		{"MAJORITY 3 orgs: outsiders do not count", 3, meta("MAJORITY Endorsement"),
			map[string]bool{mspID(1): true, "OrdererMSP": true, "EvilMSP": true}, false},
		{"MAJORITY 2 orgs: org3 is not on the channel", 2, meta("MAJORITY Endorsement"), approvedBy(1, 3), false},
		{"ALL 3 orgs: two", 3, meta("ALL Endorsement"), approvedBy(1, 2), false},
		{"ALL 3 orgs: three", 3, meta("ALL Endorsement"), approvedBy(1, 2, 3), true},
		{"ANY 3 orgs: none", 3, meta("ANY Endorsement"), approvedBy(), false},
		{"ANY 3 orgs: one", 3, meta("ANY Endorsement"), approvedBy(2), true},
		{"signature AND: one", 2, sig("AND('Org1MSP.admin','Org2MSP.member')"), approvedBy(1), false},
		{"signature AND: both", 2, sig("AND('Org1MSP.admin','Org2MSP.member')"), approvedBy(1, 2), true},
		{"signature OutOf 2 of 3: one", 3, sig("OutOf(2,'Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')"), approvedBy(2), false},
		{"signature OutOf 2 of 3: two", 3, sig("OutOf(2,'Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')"), approvedBy(2, 3), true},
		{"signature OR: other org", 2, sig("OR('Org1MSP.admin')"), approvedBy(2), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ApprovalsSatisfy(bundleFor(tc.orgs, tc.pol), tc.approved)
			if tc.ok && err != nil {
				t.Fatalf("ApprovalsSatisfy: %v, want satisfied", err)
			}
			if !tc.ok && err == nil {
				t.Fatalf("ApprovalsSatisfy accepted %v", tc.approved)
			}
		})
	}

	t.Run("message counts orgs", func(t *testing.T) {
		err := ApprovalsSatisfy(bundleFor(3, meta("MAJORITY Endorsement")), approvedBy(2))
		if err == nil || !strings.Contains(err.Error(), "1 of 3 orgs approved") || !strings.Contains(err.Error(), "needs 2") {
			t.Errorf("error %v does not say 1 of 3 approved, 2 needed", err)
		}
	})
	t.Run("no LifecycleEndorsement policy", func(t *testing.T) {
		err := ApprovalsSatisfy(testBundle(t, 2, bundleOpts{noLCPol: true}), approvedBy(1, 2))
		if err == nil || !strings.Contains(err.Error(), LifecycleEndorsementPolicyRef) {
			t.Errorf("ApprovalsSatisfy without the policy: %v", err)
		}
	})
}

func TestEvalByOrg(t *testing.T) {
	role := policy.RolePrincipal("Org1MSP", mspproto.MSPRole_ADMIN)
	ou := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ORGANIZATION_UNIT,
		Principal: mustMarshal(t, &mspproto.OrganizationUnit{MspIdentifier: "Org2MSP", OrganizationalUnitIdentifier: "sales"})}
	ident := policy.IdentityPrincipal(mustMarshal(t, &mspproto.SerializedIdentity{Mspid: "Org3MSP", IdBytes: []byte("cert")}))
	anon := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ANONYMITY,
		Principal: mustMarshal(t, &mspproto.MSPIdentityAnonymity{AnonymityType: mspproto.MSPIdentityAnonymity_ANONYMOUS})}
	garbage := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ROLE, Principal: []byte{0xff, 0xff}}
	principals := []*mspproto.MSPPrincipal{role, ou, ident, anon, garbage}

	tests := []struct {
		name     string
		rule     *common.SignaturePolicy
		approved map[string]bool
		want     bool
	}{
		{"role principal approved", policy.SignedBy(0), approvedBy(1), true},
		{"role principal not approved", policy.SignedBy(0), approvedBy(2, 3), false},
		{"OU principal", policy.SignedBy(1), approvedBy(2), true},
		{"identity principal", policy.SignedBy(2), approvedBy(3), true},
		{"anonymity principal names no MSP", policy.SignedBy(3), map[string]bool{"": true}, false},
		{"undecodable principal names no MSP", policy.SignedBy(4), map[string]bool{"": true}, false},
		{"index out of range", policy.SignedBy(5), approvedBy(1, 2, 3), false},
		{"negative index", policy.SignedBy(-1), approvedBy(1, 2, 3), false},
		{"nil rule", nil, approvedBy(1, 2, 3), false},
		{"AND of two orgs: one", policy.And(policy.SignedBy(0), policy.SignedBy(1)), approvedBy(1), false},
		{"AND of two orgs: both", policy.And(policy.SignedBy(0), policy.SignedBy(1)), approvedBy(1, 2), true},
		// One org counts once per principal: AND('Org1MSP.admin','Org1MSP.admin')
		// is satisfiable by Org1 alone, as two Org1 admins could sign it.
		{"same principal twice", policy.And(policy.SignedBy(0), policy.SignedBy(0)), approvedBy(1), true},
		{"OutOf 2 of 3", policy.NOutOf(2, policy.SignedBy(0), policy.SignedBy(1), policy.SignedBy(2)), approvedBy(1, 3), true},
		{"OutOf 0 is always true", policy.NOutOf(0), approvedBy(), true},
		{"nested", policy.Or(policy.And(policy.SignedBy(0), policy.SignedBy(2)), policy.SignedBy(1)), approvedBy(1, 3), true},
	}
	for _, tc := range tests {
		if got := evalByOrg(tc.rule, principals, tc.approved); got != tc.want {
			t.Errorf("%s: evalByOrg = %t, want %t", tc.name, got, tc.want)
		}
	}
}

func mustMarshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
