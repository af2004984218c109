package policy

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
	"google.golang.org/protobuf/proto"
)

// PathSeparator separates config group names in policy paths.
const PathSeparator = "/"

// Manager resolves policy paths of one channel config.
type Manager interface {
	// GetPolicy resolves an absolute path ("/Channel/Application/Writers")
	// or one relative to the manager's root ("Application/Writers"). For an
	// unknown path it returns a policy that always rejects, and false.
	GetPolicy(path string) (Policy, bool)
}

// manager is one config group's node in the policy tree. Immutable after
// construction, so safe for concurrent use.
type manager struct {
	path     string // absolute, e.g. "/Channel/Application"
	root     string // first path element, e.g. "Channel"
	policies map[string]Policy
	subs     map[string]*manager
}

// NewManager compiles every policy in group and its sub-groups (§8.3). root
// names the top group ("Channel"). SIGNATURE policies compile to
// SignaturePolicy, IMPLICIT_META to ImplicitMetaPolicy over the group's
// sub-groups. Any malformed or unsupported policy fails the whole config.
func NewManager(root string, group *common.ConfigGroup, d msp.IdentityDeserializer) (Manager, error) {
	if root == "" || strings.Contains(root, PathSeparator) {
		return nil, fmt.Errorf("policy manager: invalid root name %q", root)
	}
	if d == nil {
		return nil, errors.New("policy manager: nil identity deserializer")
	}
	if group == nil {
		return nil, fmt.Errorf("policy manager: nil config group %q", root)
	}
	m, err := newManager(PathSeparator+root, root, group, d, 0)
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return m, nil
}

func newManager(path, root string, group *common.ConfigGroup, d msp.IdentityDeserializer, depth int) (*manager, error) {
	if depth > maxPolicyDepth {
		return nil, fmt.Errorf("policy manager: config groups nested deeper than %d at %s", maxPolicyDepth, path)
	}
	m := &manager{path: path, root: root, policies: map[string]Policy{}, subs: map[string]*manager{}}
	// Sorted for deterministic sub-policy order and error messages.
	for _, name := range sortedKeys(group.GetGroups()) {
		if name == "" || strings.Contains(name, PathSeparator) {
			return nil, fmt.Errorf("policy manager: invalid group name %q under %s", name, path)
		}
		sub, err := newManager(path+PathSeparator+name, root, group.GetGroups()[name], d, depth+1)
		if err != nil {
			return nil, err
		}
		m.subs[name] = sub
	}
	subs := make([]*manager, 0, len(m.subs))
	for _, name := range sortedKeys(m.subs) {
		subs = append(subs, m.subs[name])
	}
	for _, name := range sortedKeys(group.GetPolicies()) {
		if name == "" || strings.Contains(name, PathSeparator) {
			return nil, fmt.Errorf("policy manager: invalid policy name %q in %s", name, path)
		}
		p, err := compilePolicy(path+PathSeparator+name, group.GetPolicies()[name].GetPolicy(), subs, d)
		if err != nil {
			return nil, err
		}
		m.policies[name] = p
	}
	return m, nil
}

func compilePolicy(path string, pol *common.Policy, subs []*manager, d msp.IdentityDeserializer) (Policy, error) {
	if pol == nil {
		return nil, fmt.Errorf("policy %s: nil policy", path)
	}
	switch common.Policy_PolicyType(pol.GetType()) {
	case common.Policy_SIGNATURE:
		env := &common.SignaturePolicyEnvelope{}
		if err := proto.Unmarshal(pol.GetValue(), env); err != nil {
			return nil, fmt.Errorf("policy %s: unmarshal SignaturePolicyEnvelope: %w", path, err)
		}
		sp, err := NewSignaturePolicy(env, d)
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", path, err)
		}
		return sp, nil
	case common.Policy_IMPLICIT_META:
		meta := &common.ImplicitMetaPolicy{}
		if err := proto.Unmarshal(pol.GetValue(), meta); err != nil {
			return nil, fmt.Errorf("policy %s: unmarshal ImplicitMetaPolicy: %w", path, err)
		}
		im, err := newImplicitMeta(path, meta, subs, d)
		if err != nil {
			return nil, err
		}
		return im, nil
	default:
		return nil, fmt.Errorf("policy %s: unsupported policy type %d", path, pol.GetType())
	}
}

// GetPolicy implements Manager.
func (m *manager) GetPolicy(path string) (Policy, bool) {
	rel := path
	if strings.HasPrefix(path, PathSeparator) {
		prefix := m.path + PathSeparator
		if !strings.HasPrefix(path, prefix) {
			return rejectPolicy(path), false
		}
		rel = path[len(prefix):]
	}
	parts := strings.Split(rel, PathSeparator)
	node := m
	for _, g := range parts[:len(parts)-1] {
		if node = node.subs[g]; node == nil {
			return rejectPolicy(m.abs(rel)), false
		}
	}
	p, ok := node.policies[parts[len(parts)-1]]
	if !ok {
		return rejectPolicy(m.abs(rel)), false
	}
	return p, true
}

func (m *manager) abs(rel string) string { return m.path + PathSeparator + rel }

// Paths lists every policy path, sorted (for diagnostics and tests).
func Paths(mgr Manager) []string {
	m, ok := mgr.(*manager)
	if !ok {
		return nil
	}
	var out []string
	var walk func(*manager)
	walk = func(n *manager) {
		for name := range n.policies {
			out = append(out, n.path+PathSeparator+name)
		}
		for _, s := range n.subs {
			walk(s)
		}
	}
	walk(m)
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ImplicitMetaConfigPolicy is a config Policy of type IMPLICIT_META, e.g.
// ImplicitMetaConfigPolicy("Endorsement", common.ImplicitMetaPolicy_MAJORITY).
func ImplicitMetaConfigPolicy(subPolicy string, rule common.ImplicitMetaPolicy_Rule) *common.Policy {
	return &common.Policy{
		Type:  int32(common.Policy_IMPLICIT_META),
		Value: protoutil.MarshalOrPanic(&common.ImplicitMetaPolicy{SubPolicy: subPolicy, Rule: rule}),
	}
}

// SignatureConfigPolicy is a config Policy of type SIGNATURE.
func SignatureConfigPolicy(env *common.SignaturePolicyEnvelope) *common.Policy {
	return &common.Policy{Type: int32(common.Policy_SIGNATURE), Value: protoutil.MarshalOrPanic(env)}
}

// ParseImplicitMeta parses configtx.yaml's "ANY Readers" / "MAJORITY
// Endorsement" form.
func ParseImplicitMeta(s string) (*common.ImplicitMetaPolicy, error) {
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return nil, fmt.Errorf("implicit meta policy %q: want \"<ANY|ALL|MAJORITY> <SubPolicy>\"", s)
	}
	rule, ok := common.ImplicitMetaPolicy_Rule_value[strings.ToUpper(fields[0])]
	if !ok {
		return nil, fmt.Errorf("implicit meta policy %q: unknown rule %q", s, fields[0])
	}
	return &common.ImplicitMetaPolicy{Rule: common.ImplicitMetaPolicy_Rule(rule), SubPolicy: fields[1]}, nil
}
