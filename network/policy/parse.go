package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
)

// roles maps the role suffix of a principal to its MSPRole type.
var roles = map[string]mspproto.MSPRole_MSPRoleType{
	"member":  mspproto.MSPRole_MEMBER,
	"admin":   mspproto.MSPRole_ADMIN,
	"client":  mspproto.MSPRole_CLIENT,
	"peer":    mspproto.MSPRole_PEER,
	"orderer": mspproto.MSPRole_ORDERER,
}

// SyntaxError is a policy string error at a byte offset.
type SyntaxError struct {
	Expr   string
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("policy %q: offset %d: %s", e.Expr, e.Offset, e.Msg)
}

// FromString parses Fabric's policy syntax into a SignaturePolicyEnvelope
// byte-for-byte equal to what Fabric's parser produces (lifecycle compares
// the marshalled policies of different orgs): AND(a,...) is
// n_out_of{len,...}, OR(...) is n_out_of{1,...}, OutOf(n, ...) is
// n_out_of{n,...}. Every principal occurrence appends one ROLE principal,
// never de-duplicated, numbered the way Fabric's evaluator does: a gate's
// nested gates are numbered first, then its own direct principals, in order.
// So OR('A.member', AND('B.member','C.member')) lists B, C, A.
// Gates are case-insensitive; principals are 'MSPID.role' with role one of
// member, admin, client, peer, orderer, in single, double or no quotes.
func FromString(expr string) (*common.SignaturePolicyEnvelope, error) {
	p := &parser{src: expr}
	root, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if root.principal != nil {
		return nil, &SyntaxError{Expr: expr, Offset: 0, Msg: "a policy must start with AND, OR or OutOf, not a bare principal"}
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return nil, p.errorf("unexpected %q after the policy", p.src[p.pos:])
	}
	var principals []*mspproto.MSPPrincipal
	rule := root.assemble(&principals)
	return Envelope(rule, principals...), nil
}

// pnode is a parsed policy: a principal leaf or an n-out-of gate.
type pnode struct {
	principal *mspproto.MSPPrincipal
	n         int32
	children  []*pnode
}

// assemble numbers principals as Fabric does (nested gates first, then the
// gate's own principals) while keeping rule order as written.
func (g *pnode) assemble(principals *[]*mspproto.MSPPrincipal) *common.SignaturePolicy {
	rules := make([]*common.SignaturePolicy, len(g.children))
	for i, c := range g.children {
		if c.principal == nil {
			rules[i] = c.assemble(principals)
		}
	}
	for i, c := range g.children {
		if c.principal != nil {
			*principals = append(*principals, c.principal)
			rules[i] = SignedBy(int32(len(*principals) - 1))
		}
	}
	return NOutOf(g.n, rules...)
}

type parser struct {
	src string
	pos int
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Expr: p.src, Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

func isQuote(c byte) bool { return c == '\'' || c == '"' }

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
}

// token reads a quoted string or a bare word; quoted reports which.
func (p *parser) token() (tok string, quoted bool, err error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return "", false, p.errorf("unexpected end of policy")
	}
	if q := p.src[p.pos]; isQuote(q) {
		end := strings.IndexByte(p.src[p.pos+1:], q)
		if end < 0 {
			return "", false, p.errorf("unterminated quote")
		}
		tok = p.src[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return tok, true, nil
	}
	start := p.pos
	for p.pos < len(p.src) && isWordByte(p.src[p.pos]) {
		p.pos++
	}
	if start == p.pos {
		return "", false, p.errorf("unexpected %q", p.src[p.pos])
	}
	return p.src[start:p.pos], false, nil
}

func (p *parser) expr(depth int) (*pnode, error) {
	if depth > maxPolicyDepth {
		return nil, p.errorf("nested deeper than %d", maxPolicyDepth)
	}
	p.skipSpace()
	at := p.pos
	tok, quoted, err := p.token()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !quoted && p.pos < len(p.src) && p.src[p.pos] == '(' {
		return p.gate(tok, at, depth)
	}
	return p.principal(tok, at)
}

// principal compiles the principal token that started at offset at.
func (p *parser) principal(tok string, at int) (*pnode, error) {
	end := p.pos
	dot := strings.LastIndexByte(tok, '.')
	if dot <= 0 || dot == len(tok)-1 {
		p.pos = at
		return nil, p.errorf("principal %q is not of the form 'MSPID.role'", tok)
	}
	mspID, roleName := tok[:dot], tok[dot+1:]
	role, ok := roles[roleName]
	if !ok {
		p.pos = at
		return nil, p.errorf("principal %q: unknown role %q (want member, admin, client, peer or orderer)", tok, roleName)
	}
	for i := 0; i < len(mspID); i++ {
		c := mspID[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			p.pos = at
			return nil, p.errorf("principal %q: MSP ID may contain only letters, digits, '.' and '-'", tok)
		}
	}
	p.pos = end
	return &pnode{principal: RolePrincipal(mspID, role)}, nil
}

// gate parses the argument list of gate name (which started at gateAt).
func (p *parser) gate(name string, gateAt, depth int) (*pnode, error) {
	p.pos++ // '('
	var n int64 = -1
	switch strings.ToLower(name) {
	case "and", "or":
	case "outof":
		p.skipSpace()
		at := p.pos
		tok, _, err := p.token()
		if err != nil {
			return nil, err
		}
		if n, err = strconv.ParseInt(tok, 10, 32); err != nil {
			p.pos = at
			return nil, p.errorf("OutOf threshold %q is not an integer", tok)
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
	default:
		p.pos = gateAt
		return nil, p.errorf("unknown gate %q (want AND, OR or OutOf)", name)
	}
	var rules []*pnode
	for {
		r, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.errorf("missing ')' to close %s", name)
		}
		if p.src[p.pos] == ')' {
			p.pos++
			break
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
	}
	switch strings.ToLower(name) {
	case "and":
		return &pnode{n: int32(len(rules)), children: rules}, nil
	case "or":
		return &pnode{n: 1, children: rules}, nil
	}
	if n < 1 || n > int64(len(rules)) {
		p.pos = gateAt
		return nil, p.errorf("OutOf(%d, ...) with %d rules: threshold must be between 1 and the number of rules", n, len(rules))
	}
	return &pnode{n: int32(n), children: rules}, nil
}

func (p *parser) expect(c byte) error {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return p.errorf("expected %q, found end of policy", c)
	}
	if p.src[p.pos] != c {
		return p.errorf("expected %q, found %q", c, p.src[p.pos])
	}
	p.pos++
	return nil
}
