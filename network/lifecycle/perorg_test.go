package lifecycle

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/policy"
)

// withPkg is d approved with package id pkg ("" = no package).
func withPkg(d *lb.ApproveChaincodeDefinitionForMyOrgArgs, pkg string) *lb.ApproveChaincodeDefinitionForMyOrgArgs {
	x := proto.Clone(d).(*lb.ApproveChaincodeDefinitionForMyOrgArgs)
	x.Source = nil
	if pkg != "" {
		x.Source = &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: pkg}}}
	}
	return x
}

// peerOf is the PolicySource a peer of org i has over the channel's state.
func (c *channel) peerOf(i int) *PolicySource {
	return NewPolicySource(c.state, func() *channelconfig.Bundle { return c.bundle }, mspID(i))
}

func wantPackage(t *testing.T, ps *PolicySource, name, want string) *Definition {
	t.Helper()
	d, err := ps.Definition(name)
	if err != nil {
		t.Fatalf("%s: Definition(%s): %v", ps.localMSP, name, err)
	}
	if d.PackageID != want || d.PackageErr != nil {
		t.Fatalf("%s: package %q (%v), want %q", ps.localMSP, d.PackageID, d.PackageErr, want)
	}
	return d
}

func wantPackageErr(t *testing.T, ps *PolicySource, name string, reason error, parts ...string) {
	t.Helper()
	d, err := ps.Definition(name)
	if err != nil {
		t.Fatalf("%s: Definition(%s): %v", ps.localMSP, name, err)
	}
	var pe *PackageError
	if d.PackageID != "" || !errors.As(d.PackageErr, &pe) || !errors.Is(d.PackageErr, reason) {
		t.Fatalf("%s: package %q, err %v; want %v", ps.localMSP, d.PackageID, d.PackageErr, reason)
	}
	for _, p := range parts {
		if !strings.Contains(d.PackageErr.Error(), p) {
			t.Errorf("%s: error %q does not name %q", ps.localMSP, d.PackageErr, p)
		}
	}
}

// TestRecordExcludesPackage: orgs approving the same parameters with
// different package ids (or none) approve the same record.
func TestRecordExcludesPackage(t *testing.T) {
	d := def("basic", 1)
	d.ValidationParameter = sigPolicyParam(t, "AND('Org1MSP.peer','Org2MSP.peer')")
	var recs [][]byte
	for _, pkg := range []string{"basic_1.0:aaa", "basic_1.0:bbb", ""} {
		r, err := Record(withPkg(d, pkg))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if !bytes.Equal(recs[0], recs[1]) || !bytes.Equal(recs[0], recs[2]) {
		t.Error("the package id changes the approval record")
	}
	if bytes.Equal(SourceRecord("basic_1.0:aaa"), SourceRecord("basic_1.0:bbb")) || len(SourceRecord("")) == 0 {
		t.Error("source records do not tell packages apart, or the unavailable source is empty")
	}
}

// TestPerOrgPackages: two orgs approve the same definition with different
// package ids; readiness counts both, the commit succeeds, and each org's
// peer resolves its own package. A third org that did not approve gets a
// clear error, and an org that approved without a package another one.
func TestPerOrgPackages(t *testing.T) {
	c := newChannel(t, 3, bundleOpts{})
	d := def("basic", 1)
	d.ValidationParameter = sigPolicyParam(t, "AND('Org1MSP.peer','Org2MSP.peer')")
	c.mustSubmit(identity(t, 1, "Admin"), FuncApprove, withPkg(d, "basic_1.0:org1"))
	c.mustSubmit(identity(t, 2, "Admin"), FuncApprove, withPkg(d, "basic_1.0:org2"))
	// Readiness is asked with yet another package id: it does not matter.
	if got := fmtApprovals(readiness(t, c, identity(t, 3, "Admin"), withPkg(d, "basic_1.0:other"))); got != "Org1MSP=true, Org2MSP=true, Org3MSP=false" {
		t.Fatalf("readiness: %s", got)
	}
	c.mustSubmit(identity(t, 1, "Admin"), FuncCommit, withPkg(d, ""))
	if v := mustState(t, c, DefinitionKey("basic")); bytes.Contains(v, []byte("basic_1.0:")) {
		t.Errorf("committed record names a package: %q", v)
	}
	p1, p2, p3 := c.peerOf(1), c.peerOf(2), c.peerOf(3)
	wantPackage(t, p1, "basic", "basic_1.0:org1")
	wantPackage(t, p2, "basic", "basic_1.0:org2")
	wantPackageErr(t, p3, "basic", ErrNotApproved, `channel "testchannel"`, `chaincode "basic"`, "sequence 1", "Org3MSP", "not been approved by this org")

	// Org3 approves without a package: approved, but nothing to run.
	c.mustSubmit(identity(t, 3, "Admin"), FuncApprove, withPkg(d, ""))
	wantPackageErr(t, p3, "basic", ErrNotApproved) // cached until invalidated
	p3.Invalidate()
	wantPackageErr(t, p3, "basic", ErrNoPackage, "Org3MSP", "without a package id")
	// The other orgs' answers did not change.
	wantPackage(t, p1, "basic", "basic_1.0:org1")
	wantPackage(t, p2, "basic", "basic_1.0:org2")
}

// TestReapproveCommittedSequence: an org may re-approve the committed
// sequence with the committed parameters to change its package; any other
// change, or an identical re-approval, is refused.
func TestReapproveCommittedSequence(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	d := def("basic", 1)
	d.ValidationParameter = sigPolicyParam(t, "OR('Org1MSP.peer','Org2MSP.peer')")
	c.mustSubmit(identity(t, 1, "Admin"), FuncApprove, withPkg(d, "pkgA"))
	c.mustSubmit(identity(t, 2, "Admin"), FuncApprove, withPkg(d, "pkgB"))
	c.mustSubmit(identity(t, 1, "Admin"), FuncCommit, d)
	p1, p2 := c.peerOf(1), c.peerOf(2)
	first := wantPackage(t, p1, "basic", "pkgA")
	if again, _ := p1.Definition("basic"); again != first {
		t.Error("an unchanged definition is not returned as the same pointer (privdata caches by pointer)")
	}

	admin1 := identity(t, 1, "Admin")
	for name, mut := range map[string]func(*lb.ApproveChaincodeDefinitionForMyOrgArgs){
		"version": func(x *lb.ApproveChaincodeDefinitionForMyOrgArgs) { x.Version = "1.1" },
		"endorsement policy": func(x *lb.ApproveChaincodeDefinitionForMyOrgArgs) {
			x.ValidationParameter = sigPolicyParam(t, "OR('Org1MSP.peer')")
		},
		"collections": func(x *lb.ApproveChaincodeDefinitionForMyOrgArgs) { x.Collections = colls(t) },
		"init":        func(x *lb.ApproveChaincodeDefinitionForMyOrgArgs) { x.InitRequired = true },
	} {
		x := withPkg(d, "pkgC")
		mut(x)
		resp, _ := c.simulate(admin1, FuncApprove, x)
		wantRefused(t, resp, "attempted to redefine the current committed sequence (1) with different parameters (changed: "+name)
	}
	resp, _ := c.simulate(admin1, FuncApprove, withPkg(d, "pkgA"))
	wantRefused(t, resp, `attempted to redefine the current committed sequence (1): Org1MSP already approved it with package id "pkgA"`)

	// Only a new package id: accepted, and only Org1's peers switch.
	c.mustSubmit(admin1, FuncApprove, withPkg(d, "pkgC"))
	if v := mustState(t, c, SequenceKey("basic")); !bytes.Equal(v, encodeSequence(1)) {
		t.Error("re-approval changed the committed sequence")
	}
	p1.Invalidate()
	p2.Invalidate()
	if now := wantPackage(t, p1, "basic", "pkgC"); now == first {
		t.Error("a re-approved package is returned in the old definition pointer")
	}
	wantPackage(t, p2, "basic", "pkgB")
	// The commit's approvals still count Org1 (same parameters).
	resp, _ = c.simulate(identity(t, 2, "User1"), FuncQueryDefinition, &lb.QueryChaincodeDefinitionArgs{Name: "basic"})
	q := &lb.QueryChaincodeDefinitionResult{}
	if resp.Status != 200 || proto.Unmarshal(resp.Payload, q) != nil || fmtApprovals(q.Approvals) != "Org1MSP=true, Org2MSP=true" {
		t.Errorf("query after re-approval: %d %s %v", resp.Status, resp.Message, q.GetApprovals())
	}
	// Withdrawing the package (Fabric's way to stop an org's peers).
	c.mustSubmit(admin1, FuncApprove, withPkg(d, ""))
	p1.Invalidate()
	wantPackageErr(t, p1, "basic", ErrNoPackage)
}

func colls(t *testing.T) *peer.CollectionConfigPackage {
	return &peer.CollectionConfigPackage{Config: []*peer.CollectionConfig{collection(t, "secrets", "OR('Org1MSP.member')")}}
}

// TestApprovalPendingNotCached: an approval whose package is known only by
// hash (its private data not yet received) is reported as pending and
// re-read on the next call, without an Invalidate: reconciliation writes
// no block.
func TestApprovalPendingNotCached(t *testing.T) {
	c := newChannel(t, 1, bundleOpts{})
	d := def("basic", 1)
	rec, _ := Record(d)
	h := ledger.Height{BlockNum: 1}
	coll := ImplicitCollection(mspID(1))
	c.state.Put(Namespace, DefinitionKey("basic"), rec, nil, h)
	c.state.Put(Namespace, SequenceKey("basic"), encodeSequence(1), nil, h)
	c.state.PutPrivate(Namespace, coll, ApprovalKey("basic", 1), rec, h)
	c.state.PutHashedOnly(Namespace, coll, SourceKey("basic", 1), SourceRecord("pkg1"), h)
	p1 := c.peerOf(1)
	wantPackageErr(t, p1, "basic", ErrApprovalPending, "private data")
	c.state.PutPrivate(Namespace, coll, SourceKey("basic", 1), SourceRecord("pkg1"), h)
	wantPackage(t, p1, "basic", "pkg1")
}

// TestLegacyRecordWithSource: a definition committed when the package id
// was part of the agreed record still decodes; every org's peers keep
// running its package until their org re-approves the committed sequence,
// which the legacy record accepts as the same parameters.
func TestLegacyRecordWithSource(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	d := def("old", 1) // Source: old_1.0:abc
	legacy, err := proto.MarshalOptions{Deterministic: true}.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	canon, _ := Record(d)
	if bytes.Equal(legacy, canon) {
		t.Fatal("test setup: the legacy record must differ from today's")
	}
	h := ledger.Height{BlockNum: 1}
	c.state.Put(Namespace, DefinitionKey("old"), legacy, nil, h)
	c.state.Put(Namespace, SequenceKey("old"), encodeSequence(1), nil, h)
	c.state.PutPrivate(Namespace, ImplicitCollection(mspID(1)), ApprovalKey("old", 1), legacy, h)

	got, err := DefinitionFromRecord(legacy)
	if err != nil || got.Name != "old" || got.Version != "1.0" || got.Sequence != 1 || got.PackageID != "" {
		t.Fatalf("DefinitionFromRecord(legacy) = %+v, %v", got, err)
	}
	if defs, err := ListDefinitions(c.state); err != nil || len(defs) != 1 || defs[0].Name != "old" {
		t.Fatalf("ListDefinitions = %v, %v", defs, err)
	}
	p1, p2 := c.peerOf(1), c.peerOf(2)
	wantPackage(t, p1, "old", "old_1.0:abc")
	wantPackage(t, p2, "old", "old_1.0:abc") // Org2 never approved: old behaviour kept
	resp, _ := c.simulate(identity(t, 2, "User1"), FuncQueryDefinition, &lb.QueryChaincodeDefinitionArgs{Name: "old"})
	q := &lb.QueryChaincodeDefinitionResult{}
	if resp.Status != 200 || proto.Unmarshal(resp.Payload, q) != nil || fmtApprovals(q.Approvals) != "Org1MSP=true, Org2MSP=false" {
		t.Errorf("query of a legacy definition: %d %s %v", resp.Status, resp.Message, q.GetApprovals())
	}

	// Org2 re-approves the committed sequence with its own package.
	c.mustSubmit(identity(t, 2, "Admin"), FuncApprove, withPkg(d, "old_1.0:org2"))
	p2.Invalidate()
	wantPackage(t, p2, "old", "old_1.0:org2")
	wantPackage(t, p1, "old", "old_1.0:abc")
	resp, _ = c.simulate(identity(t, 2, "User1"), FuncQueryDefinition, &lb.QueryChaincodeDefinitionArgs{Name: "old"})
	if resp.Status != 200 || proto.Unmarshal(resp.Payload, q) != nil || fmtApprovals(q.Approvals) != "Org1MSP=true, Org2MSP=true" {
		t.Errorf("query after re-approval: %d %s %v", resp.Status, resp.Message, q.GetApprovals())
	}
	// The next sequence is approved and committed without packages.
	d2 := withPkg(d, "old_2.0:org1")
	d2.Sequence, d2.Version = 2, "2.0"
	c.mustSubmit(identity(t, 1, "Admin"), FuncApprove, d2)
	c.mustSubmit(identity(t, 2, "Admin"), FuncApprove, withPkg(d2, "old_2.0:org2"))
	c.mustSubmit(identity(t, 1, "Admin"), FuncCommit, d2)
	wantPackage(t, c.peerOf(1), "old", "old_2.0:org1")
	wantPackage(t, c.peerOf(2), "old", "old_2.0:org2")
}

// TestQueryApproved: an org's admin reads back its approval, package id
// included; sequence 0 means the latest.
func TestQueryApproved(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	admin1 := identity(t, 1, "Admin")
	query := func(seq int64) (*lb.QueryApprovedChaincodeDefinitionResult, *peer.Response) {
		resp, _ := c.simulate(admin1, FuncQueryApproved, &lb.QueryApprovedChaincodeDefinitionArgs{Name: "basic", Sequence: seq})
		r := &lb.QueryApprovedChaincodeDefinitionResult{}
		if resp.Status == 200 {
			if err := proto.Unmarshal(resp.Payload, r); err != nil {
				t.Fatal(err)
			}
		}
		return r, resp
	}
	_, resp := query(0)
	wantRefused(t, resp, `chaincode "basic": Org1MSP has no approved definition at sequence 0 on channel "testchannel"`)

	d := def("basic", 1)
	c.mustSubmit(admin1, FuncApprove, withPkg(d, "pkg1"))
	c.mustSubmit(identity(t, 2, "Admin"), FuncApprove, withPkg(d, ""))
	c.mustSubmit(admin1, FuncCommit, d)
	d2 := withPkg(d, "pkg2")
	d2.Sequence, d2.Version = 2, "2.0"
	c.mustSubmit(admin1, FuncApprove, d2)

	r, resp := query(0)
	if resp.Status != 200 || r.Sequence != 2 || r.Version != "2.0" || r.GetSource().GetLocalPackage().GetPackageId() != "pkg2" {
		t.Errorf("latest approval: %d %s %v", resp.Status, resp.Message, r)
	}
	r, resp = query(1)
	if resp.Status != 200 || r.Sequence != 1 || r.Version != "1.0" || r.GetSource().GetLocalPackage().GetPackageId() != "pkg1" {
		t.Errorf("approval at 1: %d %s %v", resp.Status, resp.Message, r)
	}
	_, resp = query(3)
	wantRefused(t, resp, "no approved definition at sequence 3")
	// Org2 approved without a package: its source is "unavailable".
	resp, _ = c.simulate(identity(t, 2, "Admin"), FuncQueryApproved, &lb.QueryApprovedChaincodeDefinitionArgs{Name: "basic", Sequence: 1})
	r = &lb.QueryApprovedChaincodeDefinitionResult{}
	if resp.Status != 200 || proto.Unmarshal(resp.Payload, r) != nil || r.GetSource().GetUnavailable() == nil {
		t.Errorf("org2's approval: %d %s %v", resp.Status, resp.Message, r)
	}
	// On a peer of Org1, Org2's admin cannot read Org1's approvals.
	c.scc.LocalMSPID = mspID(1)
	resp, _ = c.simulate(identity(t, 2, "Admin"), FuncQueryApproved, &lb.QueryApprovedChaincodeDefinitionArgs{Name: "basic"})
	wantRefused(t, resp, "query a peer of your own org")
}

// TestValidateArgsPolicies: policies that cannot work are refused when the
// definition is approved (or committed), with the reason.
func TestValidateArgsPolicies(t *testing.T) {
	sigParam := func(env *common.SignaturePolicyEnvelope) []byte {
		return mustMarshal(t, &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_SignaturePolicy{SignaturePolicy: env}})
	}
	peer1 := policy.SignedByMspPeer(mspID(1)).GetIdentities()
	badRole := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ROLE, Principal: mustMarshal(t, &mspproto.MSPRole{MspIdentifier: "", Role: mspproto.MSPRole_PEER})}
	withColl := func(mut func(*peer.StaticCollectionConfig)) *lb.ApproveChaincodeDefinitionForMyOrgArgs {
		d := def("cc", 1)
		cc := collection(t, "c1", "OR('Org1MSP.member')")
		mut(cc.GetStaticCollectionConfig())
		d.Collections = &peer.CollectionConfigPackage{Config: []*peer.CollectionConfig{cc}}
		return d
	}
	withVP := func(vp []byte) *lb.ApproveChaincodeDefinitionForMyOrgArgs {
		d := def("cc", 1)
		d.ValidationParameter = vp
		return d
	}
	for _, tc := range []struct {
		name string
		args *lb.ApproveChaincodeDefinitionForMyOrgArgs
		want string // "" = valid
	}{
		{"signature policy", withVP(sigPolicyParam(t, "OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer')")), ""},
		{"policy reference", withVP(refPolicyParam(t, "/Channel/Application/Endorsement")), ""},
		{"relative reference", withVP(refPolicyParam(t, "Application/Endorsement")), ""},
		{"accept all", withVP(sigParam(policy.AcceptAll())), ""},
		{"signed_by out of range", withVP(sigParam(&common.SignaturePolicyEnvelope{Rule: policy.SignedBy(1), Identities: peer1})), "endorsement policy: signature policy: signed_by 1 out of range"},
		{"n above rules", withVP(sigParam(&common.SignaturePolicyEnvelope{Rule: policy.NOutOf(2, policy.SignedBy(0)), Identities: peer1})), "requires 2 of 1 rules"},
		{"negative n", withVP(sigParam(&common.SignaturePolicyEnvelope{Rule: policy.NOutOf(-1, policy.SignedBy(0)), Identities: peer1})), "requires -1 of 1 rules"},
		{"no rule", withVP(sigParam(&common.SignaturePolicyEnvelope{Identities: peer1})), "empty policy element"},
		{"principal without MSP", withVP(sigParam(&common.SignaturePolicyEnvelope{Rule: policy.SignedBy(0), Identities: []*mspproto.MSPPrincipal{badRole}})), "identity 0: role principal names no MSP"},
		{"empty reference", withVP(refPolicyParam(t, "")), "channel config policy reference is empty"},
		{"blank reference", withVP(refPolicyParam(t, "  ")), "channel config policy reference is empty"},
		{"reference with empty element", withVP(refPolicyParam(t, "/Channel//Endorsement")), "has an empty path element"},
		{"collection member policy", withColl(func(sc *peer.StaticCollectionConfig) {
			sc.MemberOrgsPolicy.GetSignaturePolicy().Rule = policy.SignedBy(5)
		}), `collection "c1": member_orgs_policy: signature policy: signed_by 5 out of range`},
		{"collection endorsement reference", withColl(func(sc *peer.StaticCollectionConfig) {
			sc.EndorsementPolicy = &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{}}
		}), `collection "c1": endorsement policy: channel config policy reference is empty`},
		{"collection endorsement signature", withColl(func(sc *peer.StaticCollectionConfig) {
			sc.EndorsementPolicy = &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_SignaturePolicy{SignaturePolicy: &common.SignaturePolicyEnvelope{Rule: policy.NOutOf(3, policy.SignedBy(0)), Identities: peer1}}}
		}), `collection "c1": endorsement policy: signature policy: an out-of gate requires 3 of 1 rules`},
		{"collection endorsement ok", withColl(func(sc *peer.StaticCollectionConfig) {
			sc.EndorsementPolicy = &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: "/Channel/Application/Endorsement"}}
		}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateArgs(tc.args)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ValidateArgs = %v, want %q", err, tc.want)
			}
		})
	}
	// Approve and commit refuse at endorsement, writing nothing.
	c := newChannel(t, 1, bundleOpts{})
	bad := withVP(refPolicyParam(t, ""))
	for _, fn := range []string{FuncApprove, FuncCommit, FuncCheckCommitReadiness} {
		resp, res := c.simulate(identity(t, 1, "Admin"), fn, bad)
		wantRefused(t, resp, "channel config policy reference is empty")
		if res != nil {
			t.Errorf("%s: results of a refused call", fn)
		}
	}
}
