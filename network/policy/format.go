package policy

import (
	"fmt"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// String renders a signature policy in the syntax FromString reads, e.g.
// OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer'). FromString(String(env)) gives
// env back when env has FromString's shape; principals other than ROLE
// cannot be written in the syntax and yield an error.
func String(env *common.SignaturePolicyEnvelope) (string, error) {
	if env == nil {
		return "", fmt.Errorf("policy string: nil envelope")
	}
	var b strings.Builder
	if err := writeRule(&b, env.GetRule(), env.GetIdentities(), 0); err != nil {
		return "", fmt.Errorf("policy string: %w", err)
	}
	return b.String(), nil
}

func writeRule(b *strings.Builder, r *common.SignaturePolicy, ids []*mspproto.MSPPrincipal, depth int) error {
	if depth > maxPolicyDepth {
		return fmt.Errorf("nested deeper than %d", maxPolicyDepth)
	}
	switch t := r.GetType().(type) {
	case *common.SignaturePolicy_SignedBy:
		if t.SignedBy < 0 || int(t.SignedBy) >= len(ids) {
			return fmt.Errorf("signed_by %d out of range", t.SignedBy)
		}
		p := ids[t.SignedBy]
		if p.GetPrincipalClassification() != mspproto.MSPPrincipal_ROLE {
			return fmt.Errorf("principal %d is %s, only ROLE principals have a string form", t.SignedBy, p.GetPrincipalClassification())
		}
		role := &mspproto.MSPRole{}
		if err := proto.Unmarshal(p.GetPrincipal(), role); err != nil {
			return fmt.Errorf("principal %d: %w", t.SignedBy, err)
		}
		name := strings.ToLower(role.GetRole().String())
		if _, ok := roles[name]; !ok {
			return fmt.Errorf("principal %d: role %s has no string form", t.SignedBy, role.GetRole())
		}
		fmt.Fprintf(b, "'%s.%s'", role.GetMspIdentifier(), name)
		return nil
	case *common.SignaturePolicy_NOutOf_:
		rules := t.NOutOf.GetRules()
		if len(rules) == 0 {
			return fmt.Errorf("n_out_of without rules has no string form")
		}
		switch n := t.NOutOf.GetN(); {
		case n == int32(len(rules)):
			b.WriteString("AND(")
		case n == 1:
			b.WriteString("OR(")
		default:
			fmt.Fprintf(b, "OutOf(%d, ", n)
		}
		for i, c := range rules {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeRule(b, c, ids, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(')')
		return nil
	default:
		return fmt.Errorf("unknown rule type %T", t)
	}
}
