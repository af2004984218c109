package lifecycle

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/simulation"
	"github.com/saharanet/saharanet/network/validation"
)

// PolicySource implements validation.PolicySource for one channel from the
// committed _lifecycle definitions, the channel config and the implicit
// per-org collections. Compiled definitions are cached until Invalidate
// (call it after a block that wrote to _lifecycle commits: public state, or
// the local org's implicit collection, where a re-approval changes the
// package this peer runs) or until the channel config changes.
//
// It also resolves, for Definition, the package this peer runs: the one its
// own org (localMSP) approved for the committed sequence.
type PolicySource struct {
	state    ledger.StateReader
	bundle   func() *channelconfig.Bundle
	localMSP string

	mu        sync.Mutex
	cachedFor *channelconfig.Bundle
	defs      map[string]*cachedDef
}

type cachedDef struct {
	def *Definition
	val *validation.ChaincodeDefinition
	err error

	rec       []byte // canonical committed record
	legacyPkg string // package id inside a record committed before per-org sources

	// local is def with this peer's package resolved; localFinal means it
	// needs no re-resolution until the cache is invalidated.
	local      *Definition
	localFinal bool
}

// NewPolicySource reads definitions from state (committed state, as of the
// block before the one being validated) and channel policies from the
// current bundle. localMSP is this peer's MSP ID (collection membership).
func NewPolicySource(state ledger.StateReader, bundle func() *channelconfig.Bundle, localMSP string) *PolicySource {
	return &PolicySource{state: state, bundle: bundle, localMSP: localMSP, defs: map[string]*cachedDef{}}
}

// Invalidate drops cached definitions.
func (p *PolicySource) Invalidate() {
	p.mu.Lock()
	p.defs = map[string]*cachedDef{}
	p.mu.Unlock()
}

func (p *PolicySource) lookup(ns string) *cachedDef {
	b := p.bundle()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lookupLocked(ns, b)
}

func (p *PolicySource) lookupLocked(ns string, b *channelconfig.Bundle) *cachedDef {
	if p.cachedFor != b {
		p.cachedFor, p.defs = b, map[string]*cachedDef{}
	}
	if c, ok := p.defs[ns]; ok {
		return c
	}
	c := p.compile(ns, b)
	// Storage errors are not cached: the next call retries.
	if c.err == nil || errors.Is(c.err, validation.ErrChaincodeUndefined) {
		p.defs[ns] = c
	}
	return c
}

func (p *PolicySource) compile(ns string, b *channelconfig.Bundle) *cachedDef {
	if ns == Namespace {
		pol, err := b.Policy(LifecycleEndorsementPolicyRef)
		if err != nil {
			return &cachedDef{err: fmt.Errorf("lifecycle: %w", err)}
		}
		return &cachedDef{val: &validation.ChaincodeDefinition{Name: Namespace, Endorsement: pol}}
	}
	def, rec, legacyPkg, err := readDefinition(p.state, ns)
	if errors.Is(err, ErrNotDefined) {
		return &cachedDef{err: fmt.Errorf("namespace %q: %w", ns, validation.ErrChaincodeUndefined)}
	}
	if err != nil {
		return &cachedDef{err: err}
	}
	pol, err := policy.NewApplicationPolicy(def.EndorsementPolicy, b.MSPManager, b.Policies)
	if err != nil {
		// A definition whose policy cannot compile makes its transactions
		// invalid rather than halting the channel.
		return &cachedDef{def: def, rec: rec, legacyPkg: legacyPkg, val: &validation.ChaincodeDefinition{Name: def.Name, Version: def.Version, Sequence: def.Sequence,
			Endorsement: rejectPolicy{fmt.Errorf("endorsement policy of %q does not compile: %v", ns, err)}}}
	}
	val := &validation.ChaincodeDefinition{Name: def.Name, Version: def.Version, Sequence: def.Sequence, Endorsement: pol,
		Collections: map[string]*validation.Collection{}}
	for _, cc := range def.Collections.GetConfig() {
		sc := cc.GetStaticCollectionConfig()
		if sc == nil {
			continue
		}
		col := &validation.Collection{Name: sc.GetName(), BlockToLive: sc.GetBlockToLive(),
			Member: evalByOrg(sc.GetMemberOrgsPolicy().GetSignaturePolicy().GetRule(),
				sc.GetMemberOrgsPolicy().GetSignaturePolicy().GetIdentities(), map[string]bool{p.localMSP: true})}
		if ep := sc.GetEndorsementPolicy(); ep != nil && ep.GetType() != nil {
			if col.Endorsement, err = policy.NewApplicationPolicy(ep, b.MSPManager, b.Policies); err != nil {
				col.Endorsement = rejectPolicy{fmt.Errorf("endorsement policy of collection %q does not compile: %v", sc.GetName(), err)}
			}
		}
		val.Collections[sc.GetName()] = col
	}
	return &cachedDef{def: def, rec: rec, legacyPkg: legacyPkg, val: val}
}

// Definition returns the committed definition of a chaincode, or an error
// wrapping ErrNotDefined. Its PackageID is the package this peer's org
// approved for the committed sequence; when there is none, PackageID is
// empty and PackageErr (a *PackageError) says why. The same pointer is
// returned until the definition, the channel config or this org's approval
// changes.
func (p *PolicySource) Definition(name string) (*Definition, error) {
	if name == Namespace {
		return nil, fmt.Errorf("%s is a system chaincode: %w", name, ErrNotDefined)
	}
	b := p.bundle()
	// One lock for the definition and the package: an Invalidate in
	// between cannot pair a stale definition with newer approvals.
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.lookupLocked(name, b)
	if c.err != nil {
		if errors.Is(c.err, validation.ErrChaincodeUndefined) {
			return nil, fmt.Errorf("chaincode %q: %w", name, ErrNotDefined)
		}
		return nil, c.err
	}
	if c.local != nil && c.localFinal {
		return c.local, nil
	}
	pkg, perr, final, err := p.resolvePackage(c, b)
	if err != nil {
		return nil, err
	}
	if c.local == nil || c.local.PackageID != pkg || errText(c.local.PackageErr) != errText(perr) {
		d := *c.def
		d.PackageID, d.PackageErr = pkg, perr
		c.local = &d
	}
	c.localFinal = final
	return c.local, nil
}

// resolvePackage finds the package this peer's org approved for c's
// committed sequence. perr explains an empty pkg; final says the answer
// holds until the cache is invalidated (a pending approval does not: its
// private data may arrive by reconciliation, which writes no block); err
// is a storage failure.
func (p *PolicySource) resolvePackage(c *cachedDef, b *channelconfig.Bundle) (pkg string, perr error, final bool, err error) {
	def := c.def
	fail := func(reason error, final bool) (string, error, bool, error) {
		return "", &PackageError{Channel: b.ChannelID, Chaincode: def.Name, Sequence: def.Sequence, MSPID: p.localMSP, Err: reason}, final, nil
	}
	coll := ImplicitCollection(p.localMSP)
	srcHash, err := p.state.GetHashedState(Namespace, coll, keyHash(SourceKey(def.Name, def.Sequence)))
	if err != nil {
		return "", nil, false, fmt.Errorf("lifecycle: read %s's package for %q: %w", p.localMSP, def.Name, err)
	}
	if srcHash == nil && c.legacyPkg != "" {
		// A definition committed when the package id was part of the
		// agreed record: every org approved that package, and peers ran it
		// whether or not their org approved. Keep doing so until this org
		// re-approves with a package of its own.
		return c.legacyPkg, nil, true, nil
	}
	apprHash, err := p.state.GetHashedState(Namespace, coll, keyHash(ApprovalKey(def.Name, def.Sequence)))
	if err != nil {
		return "", nil, false, fmt.Errorf("lifecycle: read %s's approval of %q: %w", p.localMSP, def.Name, err)
	}
	if apprHash == nil || !bytes.Equal(apprHash.Value, RecordHash(c.rec)) {
		return fail(ErrNotApproved, true)
	}
	if srcHash == nil {
		// Approved (before sources had their own key) without a package.
		return fail(ErrNoPackage, true)
	}
	v, err := p.state.GetPrivateData(Namespace, coll, SourceKey(def.Name, def.Sequence))
	if err != nil {
		return "", nil, false, fmt.Errorf("lifecycle: read %s's package for %q: %w", p.localMSP, def.Name, err)
	}
	if v == nil || !bytes.Equal(RecordHash(v.Value), srcHash.Value) {
		return fail(ErrApprovalPending, false)
	}
	src, err := decodeSource(v.Value)
	if err != nil {
		return "", nil, false, err
	}
	if id := src.GetLocalPackage().GetPackageId(); id != "" {
		return id, nil, true, nil
	}
	return fail(ErrNoPackage, true)
}

func keyHash(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:]
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// ChaincodeDefinition implements validation.PolicySource.
func (p *PolicySource) ChaincodeDefinition(ns string) (*validation.ChaincodeDefinition, error) {
	c := p.lookup(ns)
	return c.val, c.err
}

// KeyLevelPolicy implements validation.PolicySource.
func (p *PolicySource) KeyLevelPolicy(vp []byte) (validation.Policy, error) {
	return validation.CompileKeyLevelPolicy(vp, p.bundle().MSPManager)
}

// Collection implements validation.PolicySource.
func (p *PolicySource) Collection(ns, coll string) (*validation.Collection, error) {
	b := p.bundle()
	if id, ok := validation.ImplicitCollectionMSP(coll); ok {
		org, ok := orgByMSP(b, id)
		if !ok {
			return nil, fmt.Errorf("implicit collection %q: MSP %q is not on the channel: %w", coll, id, validation.ErrUnknownCollection)
		}
		col := &validation.Collection{Name: coll, Member: id == p.localMSP}
		if pol, ok := b.Policies.GetPolicy("/Channel/Application/" + org.Name + "/Endorsement"); ok {
			col.Endorsement = pol
		} else {
			pol, err := policy.NewSignaturePolicy(policy.SignedByMspMember(id), b.MSPManager)
			if err != nil {
				return nil, err
			}
			col.Endorsement = pol
		}
		return col, nil
	}
	c := p.lookup(ns)
	if c.err != nil {
		if errors.Is(c.err, validation.ErrChaincodeUndefined) {
			return nil, fmt.Errorf("collection %q of %q: %w", coll, ns, validation.ErrUnknownCollection)
		}
		return nil, c.err
	}
	col, ok := c.val.Collections[coll]
	if !ok {
		return nil, fmt.Errorf("collection %q of %q: %w", coll, ns, validation.ErrUnknownCollection)
	}
	return col, nil
}

// CollectionAccess returns what a proposal creator may do in the private
// data collections of the channel's chaincodes, for the simulator: the
// explicit collections of each definition (membership by the collection's
// member_orgs_policy) and every org's implicit collection (member: the org's
// own identities; anyone may write, as the org's endorsement policy guards
// writes; only members read).
func (p *PolicySource) CollectionAccess(creator msp.Identity) simulation.CollectionAccess {
	return &collectionAccess{p: p, creator: creator}
}

type collectionAccess struct {
	p       *PolicySource
	creator msp.Identity
}

func (a *collectionAccess) CollectionPermission(ns, coll string) (simulation.Permission, error) {
	b := a.p.bundle()
	if id, ok := validation.ImplicitCollectionMSP(coll); ok {
		if _, ok := orgByMSP(b, id); !ok {
			return simulation.Permission{}, fmt.Errorf("implicit collection %q: %w", coll, simulation.ErrUnknownCollection)
		}
		return simulation.NewPermission(a.creator != nil && a.creator.MSPID() == id, true, false), nil
	}
	c := a.p.lookup(ns)
	if c.err != nil || c.def == nil {
		return simulation.Permission{}, fmt.Errorf("collection %q of %q: %w", coll, ns, simulation.ErrUnknownCollection)
	}
	for _, cc := range c.def.Collections.GetConfig() {
		sc := cc.GetStaticCollectionConfig()
		if sc.GetName() != coll {
			continue
		}
		member := false
		if env := sc.GetMemberOrgsPolicy().GetSignaturePolicy(); env != nil && a.creator != nil {
			if pol, err := policy.NewSignaturePolicy(env, b.MSPManager); err == nil {
				member = policy.EvaluateIdentities(pol, []msp.Identity{a.creator}) == nil
			}
		}
		return simulation.NewPermission(member, sc.GetMemberOnlyRead(), sc.GetMemberOnlyWrite()), nil
	}
	return simulation.Permission{}, fmt.Errorf("collection %q of %q: %w", coll, ns, simulation.ErrUnknownCollection)
}

func orgByMSP(b *channelconfig.Bundle, id string) (*channelconfig.Org, bool) {
	if b.Application == nil {
		return nil, false
	}
	return appOrg(b, id)
}

// rejectPolicy fails every evaluation with a fixed reason.
type rejectPolicy struct{ err error }

func (r rejectPolicy) EvaluateSignedData([]*policy.SignedData) error { return r.err }

var _ validation.PolicySource = (*PolicySource)(nil)
