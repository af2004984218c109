package lifecycle

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/simulation"
	"github.com/saharanet/saharanet/network/validation"
)

// evalCase is one signature set a policy must accept or reject.
type evalCase struct {
	signers []msp.SigningIdentity
	ok      bool
}

func checkPolicy(t *testing.T, what string, p validation.Policy, cases ...evalCase) {
	t.Helper()
	if p == nil {
		t.Fatalf("%s: nil policy", what)
	}
	data := []byte("proposal response payload")
	for _, c := range cases {
		var names []string
		for _, s := range c.signers {
			names = append(names, s.MSPID()+"/"+s.Certificate().Subject.CommonName)
		}
		err := p.EvaluateSignedData(signed(t, data, c.signers...))
		if c.ok && err != nil {
			t.Errorf("%s signed by %v: %v, want satisfied", what, names, err)
		}
		if !c.ok && err == nil {
			t.Errorf("%s signed by %v: satisfied, want rejected", what, names)
		}
	}
}

// commitDef approves def by every org of the channel and commits it.
func (c *channel) commitDef(d *lb.ApproveChaincodeDefinitionForMyOrgArgs, orgs ...int) {
	c.t.Helper()
	c.approve(d, orgs...)
	c.mustSubmit(identity(c.t, orgs[0], "Admin"), FuncCommit, d)
}

func TestPolicySourceLifecycleNamespace(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	cd, err := c.ps.ChaincodeDefinition(Namespace)
	if err != nil {
		t.Fatal(err)
	}
	if cd.Name != Namespace {
		t.Errorf("name %q", cd.Name)
	}
	p1, p2, a1 := identity(t, 1, "peer0"), identity(t, 2, "peer0"), identity(t, 1, "Admin")
	// LifecycleEndorsement is MAJORITY Endorsement: both orgs' peers.
	checkPolicy(t, "_lifecycle endorsement", cd.Endorsement,
		evalCase{[]msp.SigningIdentity{p1}, false},
		evalCase{[]msp.SigningIdentity{p1, a1}, false},
		evalCase{[]msp.SigningIdentity{p1, p2}, true})
	if _, err := c.ps.Definition(Namespace); !errors.Is(err, ErrNotDefined) {
		t.Errorf("Definition(_lifecycle): %v, want ErrNotDefined", err)
	}

	noLC := newChannel(t, 2, bundleOpts{noLCPol: true})
	if _, err := noLC.ps.ChaincodeDefinition(Namespace); err == nil || !strings.Contains(err.Error(), LifecycleEndorsementPolicyRef) {
		t.Errorf("_lifecycle without LifecycleEndorsement: %v", err)
	}
}

func TestPolicySourceChaincodeDefinition(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	p1, p2, u1, u2 := identity(t, 1, "peer0"), identity(t, 2, "peer0"), identity(t, 1, "User1"), identity(t, 2, "User1")

	_, err := c.ps.ChaincodeDefinition("basic")
	if !errors.Is(err, validation.ErrChaincodeUndefined) {
		t.Fatalf("undefined chaincode: %v, want ErrChaincodeUndefined", err)
	}
	if _, err := c.ps.Definition("basic"); !errors.Is(err, ErrNotDefined) || errors.Is(err, validation.ErrChaincodeUndefined) {
		t.Errorf("Definition of undefined: %v, want ErrNotDefined (and not the validation error)", err)
	}

	d := def("basic", 1)
	d.ValidationParameter = sigPolicyParam(t, "AND('Org1MSP.peer','Org2MSP.peer')")
	withEP := collection(t, "endorsed", "OR('Org1MSP.member','Org2MSP.member')")
	ep, _ := policy.FromString("OR('Org2MSP.member')")
	withEP.GetStaticCollectionConfig().EndorsementPolicy = &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_SignaturePolicy{SignaturePolicy: ep}}
	d.Collections = &peer.CollectionConfigPackage{Config: []*peer.CollectionConfig{
		collection(t, "mine", "OR('Org1MSP.member')"),
		collection(t, "theirs", "OR('Org2MSP.member')"),
		withEP,
	}}
	c.commitDef(d, 1, 2)

	cd, err := c.ps.ChaincodeDefinition("basic")
	if err != nil {
		t.Fatal(err)
	}
	if cd.Name != "basic" || cd.Version != "1.0" || cd.Sequence != 1 {
		t.Errorf("definition %+v", cd)
	}
	checkPolicy(t, "basic endorsement", cd.Endorsement,
		evalCase{[]msp.SigningIdentity{p1}, false},
		evalCase{[]msp.SigningIdentity{u1, u2}, false},
		evalCase{[]msp.SigningIdentity{p1, p2}, true})

	for _, tc := range []struct {
		name   string
		member bool
	}{{"mine", true}, {"theirs", false}, {"endorsed", true}} {
		col, err := c.ps.Collection("basic", tc.name)
		if err != nil {
			t.Fatalf("collection %s: %v", tc.name, err)
		}
		if col.Name != tc.name || col.Member != tc.member || col.BlockToLive != 10 {
			t.Errorf("collection %s = %+v, want member %t, BlockToLive 10", tc.name, col, tc.member)
		}
		if cd.Collections[tc.name] != col {
			t.Errorf("collection %s differs from the definition's", tc.name)
		}
	}
	if col, _ := c.ps.Collection("basic", "mine"); col.Endorsement != nil {
		t.Error("collection without its own policy has an endorsement policy")
	}
	col, _ := c.ps.Collection("basic", "endorsed")
	checkPolicy(t, "collection endorsement", col.Endorsement,
		evalCase{[]msp.SigningIdentity{p1}, false},
		evalCase{[]msp.SigningIdentity{u2}, true})

	for _, tc := range []struct{ ns, coll string }{
		{"basic", "nope"},
		{"undefined", "mine"},
		{"basic", "_implicit_org_"},
	} {
		if _, err := c.ps.Collection(tc.ns, tc.coll); !errors.Is(err, validation.ErrUnknownCollection) {
			t.Errorf("Collection(%s, %s): %v, want ErrUnknownCollection", tc.ns, tc.coll, err)
		}
	}

	// The default policy is the channel's /Channel/Application/Endorsement
	// (MAJORITY Endorsement here).
	c.commitDef(def("dflt", 1), 1, 2)
	dd, err := c.ps.ChaincodeDefinition("dflt")
	if err != nil {
		t.Fatal(err)
	}
	checkPolicy(t, "default endorsement", dd.Endorsement,
		evalCase{[]msp.SigningIdentity{p2}, false},
		evalCase{[]msp.SigningIdentity{p1, p2}, true})
	if pd, err := c.ps.Definition("dflt"); err != nil || pd.EndorsementPolicy.GetChannelConfigPolicyReference() != DefaultEndorsementPolicyRef {
		t.Errorf("Definition(dflt) = %+v, %v", pd, err)
	}
}

// TestPolicySourceUncompilablePolicy: a committed definition whose policy
// cannot compile invalidates its transactions instead of failing lookups.
func TestPolicySourceUncompilablePolicy(t *testing.T) {
	c := newChannel(t, 1, bundleOpts{})
	d := def("broken", 1)
	// SignedBy 3 with one principal. ValidateArgs refuses it now, so the
	// record is put into state as an older peer could have committed it.
	env := &common.SignaturePolicyEnvelope{Rule: policy.SignedBy(3), Identities: policy.SignedByMspPeer(mspID(1)).GetIdentities()}
	d.ValidationParameter = mustMarshal(t, &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_SignaturePolicy{SignaturePolicy: env}})
	if resp, _ := c.simulate(identity(t, 1, "Admin"), FuncApprove, d); resp.Status == 200 || !strings.Contains(resp.Message, "signed_by 3 out of range") {
		t.Fatalf("approval of an uncompilable policy: %d %s", resp.Status, resp.Message)
	}
	rec, err := Record(d)
	if err != nil {
		t.Fatal(err)
	}
	c.state.Put(Namespace, DefinitionKey("broken"), rec, nil, ledger.Height{BlockNum: 1})
	c.ps.Invalidate()
	cd, err := c.ps.ChaincodeDefinition("broken")
	if err != nil {
		t.Fatalf("lookup failed: %v", err)
	}
	err = cd.Endorsement.EvaluateSignedData(signed(t, []byte("x"), identity(t, 1, "peer0")))
	if err == nil || !strings.Contains(err.Error(), "does not compile") {
		t.Errorf("uncompilable policy evaluated to %v", err)
	}
	if cd.Collections != nil {
		t.Errorf("collections of an uncompilable definition: %v", cd.Collections)
	}
	if pd, err := c.ps.Definition("broken"); err != nil || pd.Name != "broken" {
		t.Errorf("Definition(broken) = %+v, %v", pd, err)
	}
}

func TestPolicySourceImplicitCollections(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	p1, p2, u1 := identity(t, 1, "peer0"), identity(t, 2, "peer0"), identity(t, 1, "User1")
	// Implicit collections exist for every namespace, defined or not.
	for _, ns := range []string{Namespace, "undefined"} {
		own, err := c.ps.Collection(ns, ImplicitCollection(mspID(1)))
		if err != nil {
			t.Fatal(err)
		}
		if !own.Member || own.Name != ImplicitCollection(mspID(1)) {
			t.Errorf("own implicit collection of %s: %+v", ns, own)
		}
		// The org's Endorsement policy (OR peer) guards writes.
		checkPolicy(t, "own implicit collection", own.Endorsement,
			evalCase{[]msp.SigningIdentity{u1}, false},
			evalCase{[]msp.SigningIdentity{p2}, false},
			evalCase{[]msp.SigningIdentity{p1}, true})
		other, err := c.ps.Collection(ns, ImplicitCollection(mspID(2)))
		if err != nil {
			t.Fatal(err)
		}
		if other.Member {
			t.Errorf("Org2's implicit collection is a member collection of an Org1 peer")
		}
		checkPolicy(t, "Org2 implicit collection", other.Endorsement,
			evalCase{[]msp.SigningIdentity{p1}, false},
			evalCase{[]msp.SigningIdentity{p2}, true})
	}
	for _, coll := range []string{ImplicitCollection(mspID(3)), ImplicitCollection("OrdererMSP")} {
		if _, err := c.ps.Collection(Namespace, coll); !errors.Is(err, validation.ErrUnknownCollection) {
			t.Errorf("implicit collection %s of an MSP not on the channel: %v", coll, err)
		}
	}

	// Without org Endorsement policies, any member of the org may write.
	ne := newChannel(t, 2, bundleOpts{noOrgEnd: true})
	col, err := ne.ps.Collection(Namespace, ImplicitCollection(mspID(2)))
	if err != nil {
		t.Fatal(err)
	}
	checkPolicy(t, "implicit collection without org Endorsement", col.Endorsement,
		evalCase{[]msp.SigningIdentity{u1}, false},
		evalCase{[]msp.SigningIdentity{identity(t, 2, "User1")}, true})
}

func TestPolicySourceKeyLevelPolicy(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	env, _ := policy.FromString("AND('Org1MSP.member','Org2MSP.member')")
	p, err := c.ps.KeyLevelPolicy(mustMarshal(t, env))
	if err != nil {
		t.Fatal(err)
	}
	checkPolicy(t, "key-level policy", p,
		evalCase{[]msp.SigningIdentity{identity(t, 1, "User1")}, false},
		evalCase{[]msp.SigningIdentity{identity(t, 1, "User1"), identity(t, 2, "peer0")}, true},
		// Org3 is not on the channel: its signature does not count.
		evalCase{[]msp.SigningIdentity{identity(t, 1, "User1"), identity(t, 3, "peer0")}, false})
	for name, vp := range map[string][]byte{
		"garbage":      {0xff, 0xff},
		"out of range": mustMarshal(t, &common.SignaturePolicyEnvelope{Rule: policy.SignedBy(1)}),
		"no rule":      mustMarshal(t, &common.SignaturePolicyEnvelope{}),
	} {
		if _, err := c.ps.KeyLevelPolicy(vp); err == nil {
			t.Errorf("key-level policy %s compiled", name)
		}
	}
}

func TestPolicySourceCaching(t *testing.T) {
	c := newChannel(t, 1, bundleOpts{})
	d := def("basic", 1)
	c.approve(d, 1)
	if _, err := c.ps.ChaincodeDefinition("basic"); !errors.Is(err, validation.ErrChaincodeUndefined) {
		t.Fatal(err)
	}
	// Commit behind the PolicySource's back: the cached "undefined" stays
	// until Invalidate, as the committer calls it after _lifecycle writes.
	resp, res := c.simulate(identity(t, 1, "Admin"), FuncCommit, d)
	if resp.Status != 200 {
		t.Fatal(resp.Message)
	}
	if err := c.state.Apply(res, ledger.Height{BlockNum: 99}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ps.ChaincodeDefinition("basic"); !errors.Is(err, validation.ErrChaincodeUndefined) {
		t.Errorf("cached undefined was re-read before Invalidate: %v", err)
	}
	c.ps.Invalidate()
	first, err := c.ps.ChaincodeDefinition("basic")
	if err != nil {
		t.Fatalf("after Invalidate: %v", err)
	}
	if again, _ := c.ps.ChaincodeDefinition("basic"); again != first {
		t.Error("definition compiled twice without a change")
	}
	// A new channel config drops the cache.
	c.bundle = testBundle(t, 1, bundleOpts{})
	if again, _ := c.ps.ChaincodeDefinition("basic"); again == first || again == nil {
		t.Error("definition not recompiled for a new channel config")
	}
}

// flakyState fails reads while failing is set.
type flakyState struct {
	*simulation.InmemState
	failing atomic.Bool
}

func (f *flakyState) GetState(ns, key string) (*ledger.VersionedValue, error) {
	if f.failing.Load() {
		return nil, errDisk
	}
	return f.InmemState.GetState(ns, key)
}

func TestPolicySourceStorageErrorsNotCached(t *testing.T) {
	c := newChannel(t, 1, bundleOpts{})
	c.commitDef(def("basic", 1), 1)
	fs := &flakyState{InmemState: c.state}
	ps := NewPolicySource(fs, func() *channelconfig.Bundle { return c.bundle }, mspID(1))
	fs.failing.Store(true)
	_, err := ps.ChaincodeDefinition("basic")
	if !errors.Is(err, errDisk) || errors.Is(err, validation.ErrChaincodeUndefined) {
		t.Fatalf("storage error: %v", err)
	}
	if _, err := ps.Definition("basic"); !errors.Is(err, errDisk) || errors.Is(err, ErrNotDefined) {
		t.Errorf("Definition on storage error: %v", err)
	}
	if _, err := ps.Collection("basic", "x"); !errors.Is(err, errDisk) || errors.Is(err, validation.ErrUnknownCollection) {
		t.Errorf("Collection on storage error: %v", err)
	}
	fs.failing.Store(false)
	if cd, err := ps.ChaincodeDefinition("basic"); err != nil || cd.Sequence != 1 {
		t.Errorf("after storage recovered: %+v, %v", cd, err)
	}
}

func TestCollectionAccess(t *testing.T) {
	c := newChannel(t, 2, bundleOpts{})
	d := def("basic", 1)
	writers := collection(t, "writers", "OR('Org1MSP.member')")
	writers.GetStaticCollectionConfig().MemberOnlyRead = false
	writers.GetStaticCollectionConfig().MemberOnlyWrite = true
	d.Collections = &peer.CollectionConfigPackage{Config: []*peer.CollectionConfig{collection(t, "org1only", "OR('Org1MSP.member')"), writers}}
	c.commitDef(d, 1, 2)

	u1, u2 := identity(t, 1, "User1"), identity(t, 2, "User1")
	tests := []struct {
		name    string
		creator msp.Identity
		ns      string
		coll    string
		want    simulation.Permission
		unknown bool
	}{
		{"own implicit collection", u1, Namespace, ImplicitCollection(mspID(1)), simulation.Permission{Member: true, Read: true, Write: true}, false},
		{"other org's implicit collection", u1, Namespace, ImplicitCollection(mspID(2)), simulation.Permission{Read: false, Write: true}, false},
		{"implicit collection of a chaincode", u2, "basic", ImplicitCollection(mspID(2)), simulation.Permission{Member: true, Read: true, Write: true}, false},
		{"no creator", nil, Namespace, ImplicitCollection(mspID(1)), simulation.Permission{Write: true}, false},
		{"implicit collection of an MSP not on the channel", u1, Namespace, ImplicitCollection(mspID(3)), simulation.Permission{}, true},
		{"member of explicit collection", u1, "basic", "org1only", simulation.Permission{Member: true, Read: true, Write: true}, false},
		{"non-member, member-only read", u2, "basic", "org1only", simulation.Permission{Read: false, Write: true}, false},
		{"non-member, member-only write", u2, "basic", "writers", simulation.Permission{Read: true, Write: false}, false},
		{"undefined collection", u1, "basic", "nope", simulation.Permission{}, true},
		{"undefined chaincode", u1, "other", "org1only", simulation.Permission{}, true},
		{"explicit collection of _lifecycle", u1, Namespace, "org1only", simulation.Permission{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.ps.CollectionAccess(tc.creator).CollectionPermission(tc.ns, tc.coll)
			if tc.unknown {
				if !errors.Is(err, simulation.ErrUnknownCollection) {
					t.Fatalf("CollectionPermission: %v, want ErrUnknownCollection", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("permission %+v, want %+v", got, tc.want)
			}
		})
	}
}
