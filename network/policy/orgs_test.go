package policy

import (
	"testing"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
)

func TestSatisfiedByOrgs(t *testing.T) {
	env, err := FromString("OutOf(2, 'Org1MSP.peer', 'Org2MSP.member', 'Org3MSP.admin')")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		orgs []string
		want bool
	}{
		{nil, false},
		{[]string{"Org1MSP"}, false},
		{[]string{"Org1MSP", "Org3MSP"}, true},
		{[]string{"Org2MSP", "Org3MSP"}, true},
		{[]string{"Org4MSP", "Org1MSP"}, false},
	} {
		m := map[string]bool{}
		for _, o := range tc.orgs {
			m[o] = true
		}
		if got := SatisfiedByOrgs(env, m); got != tc.want {
			t.Errorf("SatisfiedByOrgs(%v) = %v, want %v", tc.orgs, got, tc.want)
		}
	}
	// An out-of-range principal index and an undecodable principal never hold.
	bad := Envelope(SignedBy(5), RolePrincipal("Org1MSP", mspproto.MSPRole_MEMBER))
	if SatisfiedByOrgs(bad, map[string]bool{"Org1MSP": true}) {
		t.Error("out-of-range signed_by satisfied")
	}
	junk := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ROLE, Principal: []byte{0xff}}
	if PrincipalMSP(junk) != "" {
		t.Error("undecodable principal named an MSP")
	}
}
