package policy

import (
	"errors"
	"sync"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
)

var msg = []byte("prp ‖ endorser")

func TestSignaturePolicyAnd(t *testing.T) {
	m := newFakeMSP()
	p1 := m.newIdentity(t, "Org1MSP", mspproto.MSPRole_PEER)
	p2 := m.newIdentity(t, "Org2MSP", mspproto.MSPRole_PEER)
	c2 := m.newIdentity(t, "Org2MSP", mspproto.MSPRole_CLIENT)
	pol := mustCompile(t, "AND('Org1MSP.peer','Org2MSP.peer')", m)

	if err := pol.EvaluateSignedData([]*SignedData{sign(t, p1, msg), sign(t, p2, msg)}); err != nil {
		t.Fatalf("both peers: %v", err)
	}
	// Order of signatures does not matter here.
	if err := pol.EvaluateSignedData([]*SignedData{sign(t, p2, msg), sign(t, p1, msg)}); err != nil {
		t.Fatalf("reversed: %v", err)
	}
	rejects := map[string][]*SignedData{
		"one org only":                  {sign(t, p1, msg)},
		"client not peer":               {sign(t, p1, msg), sign(t, c2, msg)},
		"empty set":                     nil,
		"nil entry":                     {nil, sign(t, p1, msg)},
		"unknown identity":              {sign(t, p1, msg), {Data: msg, Identity: []byte("stranger"), Signature: []byte{1}}},
		"signature over other data":     {sign(t, p1, msg), {Data: msg, Identity: p2.serialized, Signature: sign(t, p2, []byte("other data")).Signature}},
		"signature of another identity": {sign(t, p1, msg), {Data: msg, Identity: p2.serialized, Signature: sign(t, p1, msg).Signature}},
	}
	for name, set := range rejects {
		err := pol.EvaluateSignedData(set)
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if !errors.Is(err, ErrNotSatisfied) {
			t.Errorf("%s: error %v does not wrap ErrNotSatisfied", name, err)
		}
	}
	// Invalid (e.g. revoked) identity: signature is fine but the principal fails.
	p2.invalid = true
	if pol.EvaluateSignedData([]*SignedData{sign(t, p1, msg), sign(t, p2, msg)}) == nil {
		t.Error("revoked identity satisfied a principal")
	}
}

func TestOneSignerCannotSatisfyTwoLeaves(t *testing.T) {
	m := newFakeMSP()
	a := m.newIdentity(t, "Org1MSP", mspproto.MSPRole_PEER)
	b := m.newIdentity(t, "Org1MSP", mspproto.MSPRole_CLIENT)
	pol := mustCompile(t, "AND('Org1MSP.member','Org1MSP.member')", m)
	if pol.EvaluateSignedData([]*SignedData{sign(t, a, msg)}) == nil {
		t.Fatal("one signature satisfied two leaves")
	}
	// The same identity signing twice is de-duplicated before evaluation.
	if pol.EvaluateSignedData([]*SignedData{sign(t, a, msg), sign(t, a, msg)}) == nil {
		t.Fatal("duplicate signer satisfied two leaves")
	}
	if err := pol.EvaluateSignedData([]*SignedData{sign(t, a, msg), sign(t, b, msg)}); err != nil {
		t.Fatalf("two distinct members: %v", err)
	}
	// A bad signature by a first copy does not block a good one after it
	// (Fabric records an identity as seen only once it verified).
	bad := sign(t, a, []byte("x"))
	bad.Data = msg
	if err := pol.EvaluateSignedData([]*SignedData{bad, sign(t, a, msg), sign(t, b, msg)}); err != nil {
		t.Fatalf("good signature after a bad one from the same identity: %v", err)
	}
}

// TestGreedyEvaluationMatchesFabric pins Fabric's greedy, non-short-circuit
// n_out_of: OR evaluates every child and keeps every satisfied child's
// identity, so AND(OR(A,B), B) with signers A and B is rejected although a
// perfect matching exists. Changing this would fork from Fabric validators.
func TestGreedyEvaluationMatchesFabric(t *testing.T) {
	m := newFakeMSP()
	a := m.newIdentity(t, "A", mspproto.MSPRole_PEER)
	b := m.newIdentity(t, "B", mspproto.MSPRole_PEER)
	set := []*SignedData{sign(t, a, msg), sign(t, b, msg)}
	if mustCompile(t, "AND(OR('A.member','B.member'), 'B.member')", m).EvaluateSignedData(set) == nil {
		t.Fatal("greedy quirk not reproduced: OR should have consumed B")
	}
	if err := mustCompile(t, "AND('B.member', OR('A.member','B.member'))", m).EvaluateSignedData(set); err != nil {
		t.Fatalf("B first leaves A for the OR: %v", err)
	}
}

func TestOutOfAndNesting(t *testing.T) {
	m := newFakeMSP()
	ids := []*fakeIdentity{
		m.newIdentity(t, "A", mspproto.MSPRole_PEER),
		m.newIdentity(t, "B", mspproto.MSPRole_PEER),
		m.newIdentity(t, "C", mspproto.MSPRole_ADMIN),
	}
	pol := mustCompile(t, "OutOf(2, 'A.peer', 'B.peer', 'C.admin')", m)
	for mask := 0; mask < 8; mask++ {
		var set []*SignedData
		n := 0
		for i, id := range ids {
			if mask&(1<<i) != 0 {
				set = append(set, sign(t, id, msg))
				n++
			}
		}
		err := pol.EvaluateSignedData(set)
		if (n >= 2) != (err == nil) {
			t.Errorf("signers %03b: got %v", mask, err)
		}
	}
	nested := mustCompile(t, "OR(AND('A.peer','B.peer'), 'C.admin')", m)
	if nested.EvaluateSignedData([]*SignedData{sign(t, ids[0], msg)}) == nil {
		t.Error("A alone satisfied OR(AND(A,B),C)")
	}
	if nested.EvaluateSignedData([]*SignedData{sign(t, ids[2], msg)}) != nil {
		t.Error("C alone should satisfy OR(AND(A,B),C)")
	}
}

func TestIdentityPrincipalAndBuilders(t *testing.T) {
	m := newFakeMSP()
	a := m.newIdentity(t, "A", mspproto.MSPRole_CLIENT)
	b := m.newIdentity(t, "A", mspproto.MSPRole_CLIENT)
	p, err := NewSignaturePolicy(Envelope(SignedBy(0), IdentityPrincipal(a.serialized)), m)
	if err != nil {
		t.Fatal(err)
	}
	if p.EvaluateSignedData([]*SignedData{sign(t, a, msg)}) != nil || p.EvaluateSignedData([]*SignedData{sign(t, b, msg)}) == nil {
		t.Fatal("IDENTITY principal")
	}
	for name, tc := range map[string]struct {
		env  *common.SignaturePolicyEnvelope
		set  []*SignedData
		want bool
	}{
		"member":        {SignedByMspMember("A"), []*SignedData{sign(t, a, msg)}, true},
		"admin":         {SignedByMspAdmin("A"), []*SignedData{sign(t, a, msg)}, false},
		"client":        {SignedByMspClient("A"), []*SignedData{sign(t, a, msg)}, true},
		"peer":          {SignedByMspPeer("A"), []*SignedData{sign(t, a, msg)}, false},
		"any member":    {SignedByAnyMember("X", "A"), []*SignedData{sign(t, a, msg)}, true},
		"any member no": {SignedByAnyMember("X", "Y"), []*SignedData{sign(t, a, msg)}, false},
		"accept all":    {AcceptAll(), nil, true},
		"reject all":    {RejectAll(), []*SignedData{sign(t, a, msg)}, false},
	} {
		p, err := NewSignaturePolicy(tc.env, m)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.EvaluateSignedData(tc.set) == nil; got != tc.want {
			t.Errorf("%s: satisfied=%v, want %v", name, got, tc.want)
		}
	}
}

func TestNewSignaturePolicyRejectsMalformed(t *testing.T) {
	m := newFakeMSP()
	deep := SignedBy(0)
	for i := 0; i < 70; i++ {
		deep = NOutOf(1, deep)
	}
	cases := map[string]*common.SignaturePolicyEnvelope{
		"nil":           nil,
		"version 1":     {Version: 1, Rule: SignedBy(0), Identities: []*mspproto.MSPPrincipal{RolePrincipal("A", 0)}},
		"no rule":       {Identities: []*mspproto.MSPPrincipal{RolePrincipal("A", 0)}},
		"out of range":  Envelope(SignedBy(1), RolePrincipal("A", 0)),
		"negative":      Envelope(SignedBy(-1), RolePrincipal("A", 0)),
		"nil child":     Envelope(NOutOf(1, nil), RolePrincipal("A", 0)),
		"empty type":    Envelope(&common.SignaturePolicy{}),
		"nil principal": Envelope(SignedBy(0), nil),
		"too deep":      Envelope(deep, RolePrincipal("A", 0)),
	}
	for name, env := range cases {
		if p, err := NewSignaturePolicy(env, m); err == nil || p != nil {
			t.Errorf("%s: compiled or returned a non-nil policy (%v)", name, err)
		}
	}
	if _, err := NewSignaturePolicy(SignedByMspMember("A"), nil); err == nil {
		t.Error("nil deserializer accepted")
	}
}

func TestVerifyOnceEvaluateMany(t *testing.T) {
	m := newFakeMSP()
	a := m.newIdentity(t, "A", mspproto.MSPRole_PEER)
	b := m.newIdentity(t, "B", mspproto.MSPRole_PEER)
	set := []*SignedData{sign(t, a, msg), sign(t, b, msg), sign(t, a, msg)}
	m.verifies.Store(0)
	ids := VerifySignatureSet(set, m)
	if len(ids) != 2 || m.verifies.Load() != 2 {
		t.Fatalf("%d identities after %d verifications; duplicates must be skipped before verifying", len(ids), m.verifies.Load())
	}
	for _, expr := range []string{"AND('A.peer','B.peer')", "OR('A.peer')", "OutOf(2,'A.member','B.member')"} {
		if err := EvaluateIdentities(mustCompile(t, expr, m), ids); err != nil {
			t.Errorf("%s: %v", expr, err)
		}
	}
	if m.verifies.Load() != 2 {
		t.Fatal("EvaluateIdentities verified signatures again")
	}
}

func TestLargeSignatureSets(t *testing.T) {
	// More than 64 identities exercises the slice-based evaluator and the
	// map-based de-duplication.
	m := newFakeMSP()
	var set []*SignedData
	var ids []*fakeIdentity
	for i := 0; i < 70; i++ {
		id := m.newIdentity(t, "A", mspproto.MSPRole_PEER)
		ids = append(ids, id)
		set = append(set, sign(t, id, msg))
	}
	set = append(set, sign(t, ids[0], msg)) // duplicate
	env := Envelope(NOutOf(70))
	for i := 0; i < 70; i++ {
		env.Rule.GetNOutOf().Rules = append(env.Rule.GetNOutOf().Rules, SignedBy(0))
	}
	env.Identities = []*mspproto.MSPPrincipal{RolePrincipal("A", mspproto.MSPRole_PEER)}
	p, err := NewSignaturePolicy(env, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.EvaluateSignedData(set); err != nil {
		t.Fatalf("70 distinct peers: %v", err)
	}
	if p.EvaluateSignedData(set[:69]) == nil {
		t.Fatal("69 peers satisfied 70 leaves")
	}
	if p.EvaluateSignedData(append(set[:69:69], set[0])) == nil {
		t.Fatal("a duplicate counted as the 70th signer")
	}
}

func TestConcurrentEvaluation(t *testing.T) {
	m := newFakeMSP()
	a := m.newIdentity(t, "Org1MSP", mspproto.MSPRole_PEER)
	b := m.newIdentity(t, "Org2MSP", mspproto.MSPRole_PEER)
	pol := mustCompile(t, "AND('Org1MSP.peer','Org2MSP.peer')", m)
	good := []*SignedData{sign(t, a, msg), sign(t, b, msg)}
	bad := []*SignedData{sign(t, a, msg)}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if pol.EvaluateSignedData(good) != nil {
					errs <- "good set rejected"
				}
				if pol.EvaluateSignedData(bad) == nil {
					errs <- "bad set accepted"
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
