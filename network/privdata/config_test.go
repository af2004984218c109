package privdata

import (
	"errors"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/policy"
)

func TestParseCollectionsConfig(t *testing.T) {
	pkg, err := ParseCollectionsConfig([]byte(collectionsJSON))
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.GetConfig()) != 3 {
		t.Fatalf("got %d collections, want 3", len(pkg.GetConfig()))
	}
	sc := pkg.GetConfig()[1].GetStaticCollectionConfig()
	if sc.GetName() != "shared" || sc.GetRequiredPeerCount() != 1 || sc.GetMaximumPeerCount() != 3 || sc.GetBlockToLive() != 5 ||
		!sc.GetMemberOnlyRead() || !sc.GetMemberOnlyWrite() {
		t.Fatalf("shared collection parsed as %v", sc)
	}
	want, _ := policy.FromString("OR('Org1MSP.member', 'Org2MSP.member')")
	if got, _ := policy.String(sc.GetMemberOrgsPolicy().GetSignaturePolicy()); got != mustString(t, want) {
		t.Errorf("member policy %s", got)
	}
	if ep := sc.GetEndorsementPolicy().GetSignaturePolicy(); ep == nil || len(ep.GetIdentities()) != 2 {
		t.Errorf("endorsement policy %v", sc.GetEndorsementPolicy())
	}
	open := pkg.GetConfig()[2].GetStaticCollectionConfig()
	if open.GetMemberOnlyRead() || open.GetMemberOnlyWrite() || open.GetEndorsementPolicy() != nil {
		t.Errorf("open collection %v", open)
	}
	ref, err := ParseCollectionsConfig([]byte(`[{"name":"c","policy":"OR('Org1MSP.member')","endorsementPolicy":{"channelConfigPolicy":"/Channel/Application/Writers"}}]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := ref.GetConfig()[0].GetStaticCollectionConfig().GetEndorsementPolicy().GetChannelConfigPolicyReference(); got != "/Channel/Application/Writers" {
		t.Errorf("channel policy reference %q", got)
	}
	if empty, err := ParseCollectionsConfig([]byte(`[]`)); err != nil || len(empty.GetConfig()) != 0 {
		t.Errorf("empty array: %v %v", empty, err)
	}
}

func mustString(t *testing.T, env any) string {
	t.Helper()
	s, err := policy.String(env.(*common.SignaturePolicyEnvelope))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseCollectionsConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"not json", `{`, "must be a JSON array"},
		{"object not array", `{"name":"a"}`, "must be a JSON array"},
		{"trailing", `[] []`, "trailing data"},
		{"unknown field", `[{"name":"a","policy":"OR('Org1MSP.member')","requiredPeers":1}]`, `unknown field "requiredPeers"`},
		{"no policy", `[{"name":"a"}]`, `collection a: "policy" is required`},
		{"bad policy", `[{"name":"a","policy":"OR(Org1MSP.member"}]`, `collection a: policy "OR(Org1MSP.member"`},
		{"no name", `[{"policy":"OR('Org1MSP.member')"}]`, "entry 0 has no name"},
		{"reserved name", `[{"name":"_implicit_org_X","policy":"OR('Org1MSP.member')"}]`, "must not start with '_'"},
		{"bad char", `[{"name":"a b","policy":"OR('Org1MSP.member')"}]`, "may hold only letters"},
		{"duplicate", `[{"name":"a","policy":"OR('Org1MSP.member')"},{"name":"a","policy":"OR('Org1MSP.member')"}]`, `"a": defined more than once`},
		{"max below required", `[{"name":"a","policy":"OR('Org1MSP.member')","requiredPeerCount":3,"maxPeerCount":2}]`, "maxPeerCount 2 is less than requiredPeerCount 3"},
		{"negative required", `[{"name":"a","policy":"OR('Org1MSP.member')","requiredPeerCount":-1,"maxPeerCount":2}]`, "requiredPeerCount -1 is negative"},
		{"negative btl", `[{"name":"a","policy":"OR('Org1MSP.member')","blockToLive":-1}]`, "cannot unmarshal number -1"},
		{"both endorsement", `[{"name":"a","policy":"OR('Org1MSP.member')","endorsementPolicy":{"signaturePolicy":"OR('Org1MSP.peer')","channelConfigPolicy":"X"}}]`, "not both"},
		{"empty endorsement", `[{"name":"a","policy":"OR('Org1MSP.member')","endorsementPolicy":{}}]`, "needs signaturePolicy or channelConfigPolicy"},
		{"bad endorsement", `[{"name":"a","policy":"OR('Org1MSP.member')","endorsementPolicy":{"signaturePolicy":"AND("}}]`, "endorsementPolicy.signaturePolicy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkg, err := ParseCollectionsConfig([]byte(tc.json))
			if err == nil {
				t.Fatalf("accepted: %v", pkg)
			}
			if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want ErrInvalidConfig containing %q", err, tc.want)
			}
		})
	}
}

func TestValidateConfigPackageRejectsMalformedProto(t *testing.T) {
	for name, pkg := range map[string]*peer.CollectionConfigPackage{
		"not static": {Config: []*peer.CollectionConfig{{}}},
		"no member policy": {Config: []*peer.CollectionConfig{{Payload: &peer.CollectionConfig_StaticCollectionConfig{
			StaticCollectionConfig: &peer.StaticCollectionConfig{Name: "a"}}}}},
		"endorsement without type": {Config: []*peer.CollectionConfig{{Payload: &peer.CollectionConfig_StaticCollectionConfig{
			StaticCollectionConfig: &peer.StaticCollectionConfig{Name: "a", MemberOrgsPolicy: &peer.CollectionPolicyConfig{
				Payload: &peer.CollectionPolicyConfig_SignaturePolicy{SignaturePolicy: policy.SignedByMspMember("Org1MSP")}},
				EndorsementPolicy: &peer.ApplicationPolicy{}}}}}},
	} {
		if err := ValidateConfigPackage(pkg); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := ValidateConfigPackage(nil); err != nil {
		t.Errorf("nil package: %v", err)
	}
}

func TestValidateMembers(t *testing.T) {
	pkg, err := ParseCollectionsConfig([]byte(`[{"name":"a","policy":"OR('Org1MSP.member','Org3MSP.member')"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateMembers(pkg, []string{"Org1MSP", "Org3MSP"}); err != nil {
		t.Fatal(err)
	}
	err = ValidateMembers(pkg, []string{"Org1MSP", "Org2MSP"})
	if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), `member "Org3MSP" is not an MSP of the channel`) {
		t.Fatalf("error %v", err)
	}
}
