package endorser

import (
	"fmt"
	"strings"
	"sync"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/simulation"
)

// ImplicitCollectionPrefix names the per-org collections every chaincode has.
const ImplicitCollectionPrefix = "_implicit_org_"

// collectionAccess decides the proposal creator's permissions on the
// collections of one chaincode definition (fabric-wire.md §6.3). Membership
// is evaluated once per collection on the already verified creator.
type collectionAccess struct {
	ns      string
	configs map[string]*pb.StaticCollectionConfig
	bundle  *channelconfig.Bundle
	creator msp.Identity

	mu    sync.Mutex
	cache map[string]simulation.Permission
}

func newCollectionAccess(ns string, pkg *pb.CollectionConfigPackage, bundle *channelconfig.Bundle, creator msp.Identity) *collectionAccess {
	ca := &collectionAccess{ns: ns, configs: map[string]*pb.StaticCollectionConfig{}, bundle: bundle, creator: creator, cache: map[string]simulation.Permission{}}
	for _, c := range pkg.GetConfig() {
		if sc := c.GetStaticCollectionConfig(); sc != nil {
			ca.configs[sc.GetName()] = sc
		}
	}
	return ca
}

// CollectionPermission implements simulation.CollectionAccess.
func (c *collectionAccess) CollectionPermission(ns, coll string) (simulation.Permission, error) {
	if ns != c.ns {
		// A chaincode reaches only its own namespace's collections.
		return simulation.Permission{}, fmt.Errorf("collection %q of chaincode %q: %w", coll, ns, simulation.ErrUnknownCollection)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.cache[coll]; ok {
		return p, nil
	}
	p, err := c.permission(coll)
	if err != nil {
		return simulation.Permission{}, err
	}
	c.cache[coll] = p
	return p, nil
}

func (c *collectionAccess) permission(coll string) (simulation.Permission, error) {
	if sc, ok := c.configs[coll]; ok {
		env := sc.GetMemberOrgsPolicy().GetSignaturePolicy()
		if env == nil {
			return simulation.Permission{}, fmt.Errorf("collection %q of chaincode %q has no member_orgs_policy", coll, c.ns)
		}
		pol, err := policy.NewSignaturePolicy(env, c.bundle.MSPManager)
		if err != nil {
			return simulation.Permission{}, fmt.Errorf("collection %q of chaincode %q: member policy: %w", coll, c.ns, err)
		}
		member := policy.EvaluateIdentities(pol, []msp.Identity{c.creator}) == nil
		return simulation.NewPermission(member, sc.GetMemberOnlyRead(), sc.GetMemberOnlyWrite()), nil
	}
	if mspID, ok := strings.CutPrefix(coll, ImplicitCollectionPrefix); ok {
		if c.bundle.Application != nil {
			for _, o := range c.bundle.Application.Orgs {
				if o.MSPID == mspID {
					// Implicit collections restrict neither reads nor writes.
					return simulation.NewPermission(c.creator.MSPID() == mspID, false, false), nil
				}
			}
		}
	}
	return simulation.Permission{}, fmt.Errorf("collection %q of chaincode %q: %w", coll, c.ns, simulation.ErrUnknownCollection)
}

func errForeignCollection(ns, coll string) error {
	return fmt.Errorf("collection %q of chaincode %q: %w", coll, ns, simulation.ErrUnknownCollection)
}

func errChannelGone(ch string) error { return fmt.Errorf("channel %q is no longer joined", ch) }

func errNoPrivateData(ch string) error {
	return fmt.Errorf("channel %q has no private data store", ch)
}
