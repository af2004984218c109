package policy

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

func cp(p *common.Policy) *common.ConfigPolicy {
	return &common.ConfigPolicy{Policy: p, ModPolicy: "Admins"}
}

// orgGroup is an application org as in §8.3; without endorsement it lacks
// the Endorsement policy.
func orgGroup(mspID string, endorsement bool) *common.ConfigGroup {
	g := &common.ConfigGroup{Policies: map[string]*common.ConfigPolicy{
		"Readers": cp(SignatureConfigPolicy(SignedByMspMember(mspID))),
		"Writers": cp(SignatureConfigPolicy(SignedByMspMember(mspID))),
		"Admins":  cp(SignatureConfigPolicy(SignedByMspAdmin(mspID))),
	}}
	if endorsement {
		g.Policies["Endorsement"] = cp(SignatureConfigPolicy(SignedByMspPeer(mspID)))
	}
	return g
}

func metaPolicies() map[string]*common.ConfigPolicy {
	return map[string]*common.ConfigPolicy{
		"Readers":     cp(ImplicitMetaConfigPolicy("Readers", common.ImplicitMetaPolicy_ANY)),
		"Writers":     cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ANY)),
		"Admins":      cp(ImplicitMetaConfigPolicy("Admins", common.ImplicitMetaPolicy_MAJORITY)),
		"Endorsement": cp(ImplicitMetaConfigPolicy("Endorsement", common.ImplicitMetaPolicy_MAJORITY)),
		"AllWriters":  cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ALL)),
	}
}

// channelGroup builds /Channel with n application orgs Org1MSP..OrgnMSP and
// one orderer org.
func channelGroup(n int, endorsement func(i int) bool) *common.ConfigGroup {
	app := &common.ConfigGroup{Groups: map[string]*common.ConfigGroup{}, Policies: metaPolicies()}
	for i := 1; i <= n; i++ {
		app.Groups[fmt.Sprintf("Org%d", i)] = orgGroup(fmt.Sprintf("Org%dMSP", i), endorsement(i))
	}
	ord := &common.ConfigGroup{
		Groups: map[string]*common.ConfigGroup{"OrdererOrg": orgGroup("OrdererMSP", false)},
		Policies: map[string]*common.ConfigPolicy{
			"Readers":         cp(ImplicitMetaConfigPolicy("Readers", common.ImplicitMetaPolicy_ANY)),
			"Writers":         cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ANY)),
			"Admins":          cp(ImplicitMetaConfigPolicy("Admins", common.ImplicitMetaPolicy_MAJORITY)),
			"BlockValidation": cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ANY)),
		},
	}
	return &common.ConfigGroup{
		Groups: map[string]*common.ConfigGroup{"Application": app, "Orderer": ord},
		Policies: map[string]*common.ConfigPolicy{
			"Readers": cp(ImplicitMetaConfigPolicy("Readers", common.ImplicitMetaPolicy_ANY)),
			"Writers": cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ANY)),
			"Admins":  cp(ImplicitMetaConfigPolicy("Admins", common.ImplicitMetaPolicy_MAJORITY)),
		},
	}
}

func all(int) bool { return true }

func orgPeers(t *testing.T, m *fakeMSP, n int) []*fakeIdentity {
	var out []*fakeIdentity
	for i := 1; i <= n; i++ {
		out = append(out, m.newIdentity(t, fmt.Sprintf("Org%dMSP", i), mspproto.MSPRole_PEER))
	}
	return out
}

func signAll(t *testing.T, ids ...*fakeIdentity) []*SignedData {
	var out []*SignedData
	for _, id := range ids {
		out = append(out, sign(t, id, msg))
	}
	return out
}

func TestImplicitMetaMajority(t *testing.T) {
	for _, tc := range []struct {
		orgs, threshold int
	}{{1, 1}, {2, 2}, {3, 2}, {4, 3}} {
		t.Run(fmt.Sprintf("%d orgs", tc.orgs), func(t *testing.T) {
			m := newFakeMSP()
			peers := orgPeers(t, m, tc.orgs)
			mgr, err := NewManager("Channel", channelGroup(tc.orgs, all), m)
			if err != nil {
				t.Fatal(err)
			}
			p, ok := mgr.GetPolicy("/Channel/Application/Endorsement")
			if !ok {
				t.Fatal("endorsement policy missing")
			}
			if got := p.(*ImplicitMetaPolicy).Threshold(); got != tc.threshold {
				t.Fatalf("threshold %d, want %d", got, tc.threshold)
			}
			for k := 0; k <= tc.orgs; k++ {
				err := p.EvaluateSignedData(signAll(t, peers[:k]...))
				if (k >= tc.threshold) != (err == nil) {
					t.Errorf("%d of %d org peers: %v", k, tc.orgs, err)
				}
				if err != nil && !errors.Is(err, ErrNotSatisfied) {
					t.Errorf("error does not wrap ErrNotSatisfied: %v", err)
				}
			}
		})
	}
}

func TestImplicitMetaMissingSubPolicyCountsAsReject(t *testing.T) {
	// Three orgs, Org3 has no Endorsement policy: MAJORITY still needs 2 of 3,
	// and Org3's peer can never count.
	m := newFakeMSP()
	peers := orgPeers(t, m, 3)
	mgr, err := NewManager("Channel", channelGroup(3, func(i int) bool { return i != 3 }), m)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := mgr.GetPolicy("/Channel/Application/Endorsement")
	if p.(*ImplicitMetaPolicy).Threshold() != 2 {
		t.Fatal("missing sub-policy must still count in n")
	}
	if p.EvaluateSignedData(signAll(t, peers[0], peers[2])) == nil {
		t.Fatal("org without Endorsement policy counted")
	}
	if err := p.EvaluateSignedData(signAll(t, peers[0], peers[1])); err != nil {
		t.Fatal(err)
	}
	// ALL Writers over the orgs.
	aw, _ := mgr.GetPolicy("Application/AllWriters")
	if aw.EvaluateSignedData(signAll(t, peers[0], peers[1])) == nil || aw.EvaluateSignedData(signAll(t, peers...)) != nil {
		t.Fatal("ALL rule")
	}
}

func TestImplicitMetaWithoutSubGroupsIsSatisfied(t *testing.T) {
	m := newFakeMSP()
	g := &common.ConfigGroup{Policies: map[string]*common.ConfigPolicy{"Readers": cp(ImplicitMetaConfigPolicy("Readers", common.ImplicitMetaPolicy_ALL))}}
	mgr, err := NewManager("Channel", g, m)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := mgr.GetPolicy("/Channel/Readers")
	if !ok || p.EvaluateSignedData(nil) != nil {
		t.Fatal("ImplicitMeta with no sub-groups must be satisfied (Fabric)")
	}
}

func TestManagerPaths(t *testing.T) {
	m := newFakeMSP()
	peers := orgPeers(t, m, 2)
	orderer := m.newIdentity(t, "OrdererMSP", mspproto.MSPRole_ORDERER)
	mgr, err := NewManager("Channel", channelGroup(2, all), m)
	if err != nil {
		t.Fatal(err)
	}
	// Absolute and relative paths resolve to the same policy.
	abs, ok1 := mgr.GetPolicy("/Channel/Application/Org1/Endorsement")
	rel, ok2 := mgr.GetPolicy("Application/Org1/Endorsement")
	if !ok1 || !ok2 || abs != rel {
		t.Fatal("absolute vs relative")
	}
	if abs.EvaluateSignedData(signAll(t, peers[0])) != nil || abs.EvaluateSignedData(signAll(t, peers[1])) == nil {
		t.Fatal("org endorsement policy")
	}
	// Channel-level Writers = ANY over Application and Orderer Writers.
	w, _ := mgr.GetPolicy("/Channel/Writers")
	if w.EvaluateSignedData(signAll(t, peers[1])) != nil || w.EvaluateSignedData(signAll(t, orderer)) != nil {
		t.Fatal("/Channel/Writers should accept any org member")
	}
	bv, _ := mgr.GetPolicy("/Channel/Orderer/BlockValidation")
	if bv.EvaluateSignedData(signAll(t, orderer)) != nil || bv.EvaluateSignedData(signAll(t, peers[0])) == nil {
		t.Fatal("BlockValidation must accept only orderer org signatures")
	}
	for _, path := range []string{"", "/", "/Channel", "/Channel/", "/Chan/Readers", "/ChannelX/Readers", "/Channel/Application/Org9/Readers",
		"/Channel/Application/Nope", "Application/Org1", "/Other/Channel/Readers", "/Channel//Readers"} {
		p, ok := mgr.GetPolicy(path)
		if ok {
			t.Errorf("%q resolved", path)
		}
		if p == nil {
			t.Fatalf("%q: nil policy; unknown paths must yield a rejecting policy", path)
		}
		if err := p.EvaluateSignedData(signAll(t, peers...)); !errors.Is(err, ErrNotSatisfied) {
			t.Errorf("%q: rejecting policy returned %v", path, err)
		}
	}
	if got := len(Paths(mgr)); got != 3+5+4+4*2+3 {
		t.Errorf("%d paths: %v", got, Paths(mgr))
	}
}

func TestNewManagerRejectsMalformed(t *testing.T) {
	m := newFakeMSP()
	bad := map[string]*common.ConfigGroup{
		"nil policy":        {Policies: map[string]*common.ConfigPolicy{"X": {}}},
		"unknown type":      {Policies: map[string]*common.ConfigPolicy{"X": cp(&common.Policy{Type: int32(common.Policy_MSP)})}},
		"garbage signature": {Policies: map[string]*common.ConfigPolicy{"X": cp(&common.Policy{Type: int32(common.Policy_SIGNATURE), Value: []byte{0xff}})}},
		"garbage meta":      {Policies: map[string]*common.ConfigPolicy{"X": cp(&common.Policy{Type: int32(common.Policy_IMPLICIT_META), Value: []byte{0xff}})}},
		"empty sub policy":  {Policies: map[string]*common.ConfigPolicy{"X": cp(ImplicitMetaConfigPolicy("", common.ImplicitMetaPolicy_ANY))}},
		"bad rule":          {Policies: map[string]*common.ConfigPolicy{"X": cp(ImplicitMetaConfigPolicy("R", common.ImplicitMetaPolicy_Rule(9)))}},
		"bad envelope":      {Policies: map[string]*common.ConfigPolicy{"X": cp(SignatureConfigPolicy(Envelope(SignedBy(3))))}},
		"slash in name":     {Policies: map[string]*common.ConfigPolicy{"A/B": cp(SignatureConfigPolicy(AcceptAll()))}},
		"nested bad":        {Groups: map[string]*common.ConfigGroup{"Application": {Policies: map[string]*common.ConfigPolicy{"X": {}}}}},
	}
	for name, g := range bad {
		if mgr, err := NewManager("Channel", g, m); err == nil || mgr != nil {
			t.Errorf("%s: accepted or returned a non-nil manager (%v)", name, err)
		}
	}
	if _, err := NewManager("", &common.ConfigGroup{}, m); err == nil {
		t.Error("empty root accepted")
	}
	if _, err := NewManager("Channel", nil, m); err == nil {
		t.Error("nil group accepted")
	}
	if _, err := NewManager("Channel", &common.ConfigGroup{}, nil); err == nil {
		t.Error("nil deserializer accepted")
	}
}

func TestApplicationPolicy(t *testing.T) {
	m := newFakeMSP()
	peers := orgPeers(t, m, 3)
	mgr, err := NewManager("Channel", channelGroup(3, all), m)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := ParseApplicationPolicy("/Channel/Application/Endorsement")
	p, err := NewApplicationPolicy(ref, m, mgr)
	if err != nil {
		t.Fatal(err)
	}
	if p.EvaluateSignedData(signAll(t, peers[0], peers[2])) != nil || p.EvaluateSignedData(signAll(t, peers[0])) == nil {
		t.Fatal("reference to MAJORITY Endorsement")
	}
	if err := EvaluateIdentities(p, VerifySignatureSet(signAll(t, peers[1], peers[2]), m)); err != nil {
		t.Fatalf("reference via identities: %v", err)
	}
	missing, _ := ParseApplicationPolicy("/Channel/Application/Nope")
	p, err = NewApplicationPolicy(missing, m, mgr)
	if err != nil {
		t.Fatal("a dangling reference fails at evaluation, like Fabric")
	}
	if err := p.EvaluateSignedData(signAll(t, peers...)); !errors.Is(err, ErrNotSatisfied) {
		t.Fatalf("dangling reference: %v", err)
	}
	sig, _ := ParseApplicationPolicy("OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer', 'Org3MSP.peer')")
	p, err = NewApplicationPolicy(sig, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.EvaluateSignedData(signAll(t, peers[1], peers[2])) != nil || p.EvaluateSignedData(signAll(t, peers[1])) == nil {
		t.Fatal("signature application policy")
	}
	for name, ap := range map[string]*peer.ApplicationPolicy{
		"nil":            nil,
		"empty":          {},
		"empty ref":      {Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{}},
		"nil sig policy": {Type: &peer.ApplicationPolicy_SignaturePolicy{}},
	} {
		if _, err := NewApplicationPolicy(ap, m, mgr); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := NewApplicationPolicy(ref, m, nil); err == nil {
		t.Error("reference without a channel manager accepted")
	}
}
