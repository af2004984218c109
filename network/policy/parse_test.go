package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

func TestFromString(t *testing.T) {
	member := func(id string) *mspproto.MSPPrincipal { return RolePrincipal(id, mspproto.MSPRole_MEMBER) }
	peer := func(id string) *mspproto.MSPPrincipal { return RolePrincipal(id, mspproto.MSPRole_PEER) }
	cases := []struct {
		expr string
		want *common.SignaturePolicyEnvelope
	}{
		{"AND('Org1MSP.peer','Org2MSP.peer')", Envelope(NOutOf(2, SignedBy(0), SignedBy(1)), peer("Org1MSP"), peer("Org2MSP"))},
		{`or("Org1MSP.member", Org2MSP.member)`, Envelope(NOutOf(1, SignedBy(0), SignedBy(1)), member("Org1MSP"), member("Org2MSP"))},
		{"  OutOf(2, 'A.member', 'B.member', 'C.member')  ", Envelope(NOutOf(2, SignedBy(0), SignedBy(1), SignedBy(2)), member("A"), member("B"), member("C"))},
		{"OutOf('1', 'A.member')", Envelope(NOutOf(1, SignedBy(0)), member("A"))},
		// Nesting; principals are appended per occurrence, never de-duplicated,
		// nested gates numbered before a gate's own principals (Fabric's shape).
		{"OR('A.member', AND('B.member', 'C.member'))",
			Envelope(NOutOf(1, SignedBy(2), NOutOf(2, SignedBy(0), SignedBy(1))), member("B"), member("C"), member("A"))},
		{"OR(AND('A.member','B.member'), 'C.member', AND('A.member','D.member'))",
			Envelope(NOutOf(1, NOutOf(2, SignedBy(0), SignedBy(1)), SignedBy(4), NOutOf(2, SignedBy(2), SignedBy(3))),
				member("A"), member("B"), member("A"), member("D"), member("C"))},
		{"AND('A.member', OR('B.member', AND('C.member', 'D.member'), 'E.member'), 'F.member')",
			Envelope(NOutOf(3, SignedBy(4), NOutOf(1, SignedBy(2), NOutOf(2, SignedBy(0), SignedBy(1)), SignedBy(3)), SignedBy(5)),
				member("C"), member("D"), member("B"), member("E"), member("A"), member("F"))},
		{"And('org.example.com.admin', 'Org-2.client', 'O.orderer')", Envelope(NOutOf(3, SignedBy(0), SignedBy(1), SignedBy(2)),
			RolePrincipal("org.example.com", mspproto.MSPRole_ADMIN), RolePrincipal("Org-2", mspproto.MSPRole_CLIENT), RolePrincipal("O", mspproto.MSPRole_ORDERER))},
	}
	for _, tc := range cases {
		got, err := FromString(tc.expr)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if !proto.Equal(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.expr, got, tc.want)
		}
	}
}

func TestFromStringErrors(t *testing.T) {
	cases := []struct {
		expr   string
		offset int
		msg    string
	}{
		{"", 0, "unexpected end"},
		{"'Org1MSP.member'", 0, "bare principal"},
		{"AND('Org1MSP.member'", 20, "missing ')'"},
		{"AND('Org1MSP.member',)", 21, "unexpected"},
		{"AND('Org1MSP.boss')", 4, "unknown role"},
		{"AND('Org1MSP')", 4, "not of the form"},
		{"AND('Org 1.member')", 4, "MSP ID may contain"},
		{"XOR('A.member')", 0, "unknown gate"},
		{"OutOf(3, 'A.member', 'B.member')", 0, "threshold"},
		{"OutOf(0, 'A.member')", 0, "threshold"},
		{"OutOf(x, 'A.member')", 6, "not an integer"},
		{"OutOf(1 'A.member')", 8, "expected ','"},
		{"AND('A.member') extra", 16, "unexpected"},
		{"AND('A.member", 4, "unterminated quote"},
		{"AND(" + strings.Repeat("OR(", 70) + "'A.member'" + strings.Repeat(")", 71), -1, "nested deeper"},
	}
	for _, tc := range cases {
		_, err := FromString(tc.expr)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v is not a SyntaxError", tc.expr, err)
			continue
		}
		if (tc.offset >= 0 && se.Offset != tc.offset) || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("%q: got offset %d %q, want offset %d containing %q", tc.expr, se.Offset, se.Msg, tc.offset, tc.msg)
		}
	}
}

func TestParseApplicationPolicy(t *testing.T) {
	ap, err := ParseApplicationPolicy(" /Channel/Application/Endorsement ")
	if err != nil || ap.GetChannelConfigPolicyReference() != "/Channel/Application/Endorsement" {
		t.Fatalf("reference: %v %v", ap, err)
	}
	ap, err = ParseApplicationPolicy("OR('Org1MSP.peer')")
	if err != nil || ap.GetSignaturePolicy() == nil || len(ap.GetSignaturePolicy().Identities) != 1 {
		t.Fatalf("signature policy: %v %v", ap, err)
	}
	for _, bad := range []string{"/Channel//Endorsement", "/", "AND(", "nonsense"} {
		if _, err := ParseApplicationPolicy(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseImplicitMeta(t *testing.T) {
	m, err := ParseImplicitMeta("MAJORITY Endorsement")
	if err != nil || m.Rule != common.ImplicitMetaPolicy_MAJORITY || m.SubPolicy != "Endorsement" {
		t.Fatalf("%v %v", m, err)
	}
	for _, bad := range []string{"MAJORITY", "SOME Readers", "ANY Readers Writers"} {
		if _, err := ParseImplicitMeta(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
