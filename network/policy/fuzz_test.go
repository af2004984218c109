package policy

import (
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// FuzzPolicyFromString: never panics; whatever parses compiles, has a gate
// at the root, uses only ROLE principals, and prints back to itself.
func FuzzPolicyFromString(f *testing.F) {
	for _, s := range []string{
		"AND('Org1MSP.peer','Org2MSP.peer')",
		"OR(AND('A.member','B.member'), 'C.member', AND('A.member','D.member'))",
		`OutOf(2, "A.admin", B.client, 'C.orderer')`,
		"OutOf('1', 'A.member')",
		"AND('A.member'",
		"",
	} {
		f.Add(s)
	}
	m := newFakeMSP()
	f.Fuzz(func(t *testing.T, expr string) {
		env, err := FromString(expr)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("error %v is not a *SyntaxError", err)
			}
			return
		}
		if env.GetRule().GetNOutOf() == nil {
			t.Fatal("root is not a gate")
		}
		for _, p := range env.GetIdentities() {
			if p.GetPrincipalClassification() != mspproto.MSPPrincipal_ROLE {
				t.Fatal("non-ROLE principal")
			}
		}
		if _, err := NewSignaturePolicy(env, m); err != nil {
			t.Fatalf("parsed policy does not compile: %v", err)
		}
		s, err := String(env)
		if err != nil {
			t.Fatalf("String: %v", err)
		}
		again, err := FromString(s)
		if err != nil || !proto.Equal(env, again) {
			t.Fatalf("round trip %q -> %q: %v", expr, s, err)
		}
	})
}

// FuzzSignaturePolicyEval: for any parsed policy and any mix of good,
// corrupted, duplicated and unknown signatures, evaluation never panics and
// never accepts unless the policy is satisfiable by distinct signers whose
// signatures are valid (checked by an exhaustive, independent oracle).
func FuzzSignaturePolicyEval(f *testing.F) {
	f.Add("AND('A.peer','B.peer')", uint8(0b11), uint8(0), uint8(0))
	f.Add("AND('A.member','A.member')", uint8(0b100001), uint8(0), uint8(0b000001))
	f.Add("OutOf(2, 'A.peer', 'B.peer', 'C.admin')", uint8(0b111), uint8(0b010), uint8(0))
	f.Add("OR(AND('A.member','B.member'), 'C.admin')", uint8(0b1011), uint8(0), uint8(0b1000))
	m := newFakeMSP()
	// Signers 0-5; 3 and 5 share org A with 0 to exercise multiple members.
	signers := []*fakeIdentity{
		m.newIdentity(f, "A", mspproto.MSPRole_PEER),
		m.newIdentity(f, "B", mspproto.MSPRole_PEER),
		m.newIdentity(f, "C", mspproto.MSPRole_ADMIN),
		m.newIdentity(f, "A", mspproto.MSPRole_CLIENT),
		m.newIdentity(f, "D", mspproto.MSPRole_ORDERER),
		m.newIdentity(f, "A", mspproto.MSPRole_PEER),
	}
	good := make([]*SignedData, len(signers))
	for i, s := range signers {
		good[i] = sign(f, s, msg)
	}
	f.Fuzz(func(t *testing.T, expr string, present, corrupt, dup uint8) {
		if len(expr) > 256 {
			return
		}
		env, err := FromString(expr)
		if err != nil {
			return
		}
		pol, err := NewSignaturePolicy(env, m)
		if err != nil {
			t.Fatalf("compile: %v", err)
		}
		var set []*SignedData
		var valid uint64
		for i := range signers {
			if present&(1<<i) == 0 {
				continue
			}
			sd := good[i]
			if corrupt&(1<<i) != 0 {
				bad := *sd
				bad.Signature = append([]byte{}, sd.Signature...)
				bad.Signature[len(bad.Signature)/2] ^= 0x55
				sd = &bad
			} else {
				valid |= 1 << i
			}
			set = append(set, sd)
			if dup&(1<<i) != 0 {
				set = append(set, sd)
			}
		}
		if present&0x80 != 0 {
			set = append(set, &SignedData{Data: msg, Identity: []byte("unknown"), Signature: good[0].Signature})
		}
		err = pol.EvaluateSignedData(set)
		if err == nil && !satisfiable(env, signers, valid) {
			t.Fatalf("accepted %q with valid signers %06b that cannot satisfy it", expr, valid)
		}
		if err != nil && !strings.Contains(err.Error(), "not satisfied") {
			t.Fatalf("unexpected error: %v", err)
		}
	})
}

// satisfiable is the oracle: can distinct identities from the valid mask
// satisfy env's rule (optimal matching, not greedy)?
func satisfiable(env *common.SignaturePolicyEnvelope, ids []*fakeIdentity, valid uint64) bool {
	return len(assignments(env.GetRule(), env, ids, valid)) > 0
}

// assignments returns every set of distinct valid identities (as a bit
// mask) that satisfies r.
func assignments(r *common.SignaturePolicy, env *common.SignaturePolicyEnvelope, ids []*fakeIdentity, valid uint64) []uint64 {
	if r.GetNOutOf() == nil {
		var out []uint64
		for i, id := range ids {
			if valid&(1<<i) != 0 && id.SatisfiesPrincipal(env.GetIdentities()[r.GetSignedBy()]) == nil {
				out = append(out, 1<<i)
			}
		}
		return out
	}
	n := int(r.GetNOutOf().GetN())
	// states[count] = set of masks reachable with count satisfied children.
	states := []map[uint64]bool{{0: true}}
	for _, c := range r.GetNOutOf().GetRules() {
		child := assignments(c, env, ids, valid)
		next := make([]map[uint64]bool, len(states)+1)
		for k := range next {
			next[k] = map[uint64]bool{}
		}
		for k, masks := range states {
			for mask := range masks {
				next[k][mask] = true
				for _, cm := range child {
					if cm&mask == 0 {
						next[k+1][mask|cm] = true
					}
				}
			}
		}
		states = next
	}
	seen := map[uint64]bool{}
	var out []uint64
	for k := n; k < len(states); k++ {
		for mask := range states[k] {
			if !seen[mask] {
				seen[mask] = true
				out = append(out, mask)
			}
		}
	}
	if n <= 0 && !seen[0] {
		out = append(out, 0)
	}
	return out
}
