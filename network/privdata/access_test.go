package privdata

import (
	"errors"
	"testing"

	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
)

// proposalSignedData signs a real proposal as id and returns its SignedData.
func proposalSignedData(t *testing.T, id msp.SigningIdentity) []*protoutil.SignedData {
	t.Helper()
	sp, _, err := protoutil.CreateSignedProposal(id, "ch1", "cc", [][]byte{[]byte("f")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return []*protoutil.SignedData{{Data: sp.GetProposalBytes(), Identity: id.Serialize(), Signature: sp.GetSignature()}}
}

func TestResolveExplicitAndImplicitCollections(t *testing.T) {
	m := testMaterial(t)
	cs, err := Resolve(testDefinition(t), []string{"Org1MSP", "Org2MSP"}, m.mgr, WithLocalMSP("Org1MSP"), WithImplicitDissemination(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cs.Names()); n != 5 {
		t.Fatalf("%d collections, want 3 explicit + 2 implicit", n)
	}
	o1, _ := cs.Get("org1only")
	if !o1.IsMemberOrg("Org1MSP") || o1.IsMemberOrg("Org2MSP") || o1.RequiredPeerCount != 1 || o1.MaximumPeerCount != 3 || !o1.MemberOnlyWrite {
		t.Fatalf("org1only resolved as %+v", o1)
	}
	if !o1.IsMemberIdentity(m.peerIdentity(t, "org1", 1)) || o1.IsMemberIdentity(m.peerIdentity(t, "org2", 0)) {
		t.Error("org1only membership of peer identities is wrong")
	}
	sh, _ := cs.Get("shared")
	if !sh.IsMemberOrg("Org2MSP") || sh.BlockToLive != 5 || sh.EndorsementPolicy.GetSignaturePolicy() == nil {
		t.Errorf("shared resolved as %+v", sh)
	}
	im1, err := cs.Get("_implicit_org_Org1MSP")
	if err != nil {
		t.Fatal(err)
	}
	im2, _ := cs.Get("_implicit_org_Org2MSP")
	if !im1.Implicit || im1.RequiredPeerCount != 1 || im1.MaximumPeerCount != 2 || im2.MaximumPeerCount != 0 {
		t.Errorf("implicit counts: local %d/%d, other %d", im1.RequiredPeerCount, im1.MaximumPeerCount, im2.MaximumPeerCount)
	}
	if !im2.IsMemberOrg("Org2MSP") || im2.IsMemberOrg("Org1MSP") || im2.MemberOnlyRead || im2.MemberOnlyWrite {
		t.Errorf("implicit org2 collection %+v", im2)
	}
	if ref := im2.EndorsementPolicy.GetChannelConfigPolicyReference(); ref != "/Channel/Application/Org2MSP/Endorsement" {
		t.Errorf("implicit endorsement reference %q", ref)
	}
	if _, err := cs.Get("_implicit_org_Org3MSP"); !errors.Is(err, ErrUnknownCollection) {
		t.Errorf("implicit collection of an MSP not on the channel: %v", err)
	}
	if _, err := Resolve(&lifecycle.Definition{Name: "x"}, []string{"Org1MSP"}, m.mgr); err != nil {
		t.Errorf("definition without collections: %v", err)
	}
}

func TestChannelCollectionsUnknownChaincode(t *testing.T) {
	m := testMaterial(t)
	src := testSource(t, m, "Org1MSP")
	if _, err := Lookup(src, "nope", "org1only"); !errors.Is(err, ErrUnknownCollection) {
		t.Fatalf("undefined chaincode: %v", err)
	}
	a, _ := src.Collections("cc")
	b, _ := src.Collections("cc")
	if a != b {
		t.Error("resolution of an unchanged definition is not cached")
	}
}

// TestProposalAccessRules checks Fabric's member-only read/write rules with
// real signed proposals of both orgs.
func TestProposalAccessRules(t *testing.T) {
	m := testMaterial(t)
	src := testSource(t, m, "Org1MSP")
	org1 := NewProposalAccess(src, proposalSignedData(t, m.userIdentity(t, "org1", "User1")))
	org2 := NewProposalAccess(src, proposalSignedData(t, m.userIdentity(t, "org2", "User1")))
	for _, tc := range []struct {
		acc        *ProposalAccess
		coll       string
		member     bool
		read, writ bool
	}{
		{org1, "org1only", true, true, true},
		{org2, "org1only", false, false, false}, // member-only read and write
		{org2, "shared", true, true, true},
		{org2, "open", false, true, true}, // no member-only flags
		{org1, "_implicit_org_Org1MSP", true, true, true},
		{org2, "_implicit_org_Org1MSP", false, true, true}, // as in Fabric: no member-only flags on implicit collections
	} {
		p, err := tc.acc.CollectionPermission("cc", tc.coll)
		if err != nil {
			t.Fatal(err)
		}
		if p.Member != tc.member || p.Read != tc.read || p.Write != tc.writ {
			t.Errorf("%s: got %+v, want member=%v read=%v write=%v", tc.coll, p, tc.member, tc.read, tc.writ)
		}
	}
	if _, err := org1.CollectionPermission("cc", "nope"); !errors.Is(err, simulation.ErrUnknownCollection) {
		t.Errorf("unknown collection: %v", err)
	}

	// A forged signature makes the creator a non-member even of its own org.
	sd := proposalSignedData(t, m.userIdentity(t, "org1", "User1"))
	sd[0].Signature[len(sd[0].Signature)-1] ^= 1
	forged := NewProposalAccess(src, sd)
	if p, _ := forged.CollectionPermission("cc", "org1only"); p.Member || p.Read || p.Write {
		t.Errorf("forged proposal signature got %+v", p)
	}
}

// TestSimulatorEnforcesAccess runs the real simulator with ProposalAccess:
// an Org2 client can neither write nor read an Org1-only collection.
func TestSimulatorEnforcesAccess(t *testing.T) {
	m := testMaterial(t)
	src := testSource(t, m, "Org1MSP")
	st := simulation.NewInmemState()
	org2 := simulation.New(st, "tx2", simulation.WithCollectionAccess(NewProposalAccess(src, proposalSignedData(t, m.userIdentity(t, "org2", "User1")))))
	if err := org2.SetPrivateData("cc", "org1only", "k", []byte("v")); !errors.Is(err, simulation.ErrAccessDenied) {
		t.Fatalf("org2 write to org1only: %v", err)
	}
	if _, err := org2.GetPrivateData("cc", "org1only", "k"); !errors.Is(err, simulation.ErrAccessDenied) {
		t.Fatalf("org2 read of org1only: %v", err)
	}
	if err := org2.SetPrivateData("cc", "shared", "k", []byte("v")); err != nil {
		t.Fatalf("org2 write to shared: %v", err)
	}
	org1 := simulation.New(st, "tx1", simulation.WithCollectionAccess(NewProposalAccess(src, proposalSignedData(t, m.userIdentity(t, "org1", "User1")))))
	if err := org1.SetPrivateData("cc", "org1only", "k", []byte("v")); err != nil {
		t.Fatalf("org1 write to org1only: %v", err)
	}
	res, err := org1.Results()
	if err != nil || res.Private == nil {
		t.Fatalf("org1 results: %v %v", res, err)
	}
}
