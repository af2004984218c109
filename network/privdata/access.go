package privdata

import (
	"errors"
	"fmt"
	"sync"

	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
)

// ProposalAccess implements simulation.CollectionAccess for one proposal
// (fabric-wire.md §6.3): the creator is a member of a collection iff the
// proposal's SignedData satisfies member_orgs_policy; a member reads and
// writes, a non-member reads unless member_only_read and writes unless
// member_only_write. Membership is evaluated once per collection.
type ProposalAccess struct {
	src     CollectionSource
	creator []*protoutil.SignedData

	mu    sync.Mutex
	cache map[[2]string]simulation.Permission
}

// NewProposalAccess returns the collection permissions of the creator of a
// proposal whose SignedData (signed proposal bytes, creator, signature) is sd.
func NewProposalAccess(src CollectionSource, sd []*protoutil.SignedData) *ProposalAccess {
	return &ProposalAccess{src: src, creator: sd, cache: map[[2]string]simulation.Permission{}}
}

// CollectionPermission implements simulation.CollectionAccess.
func (a *ProposalAccess) CollectionPermission(ns, coll string) (simulation.Permission, error) {
	k := [2]string{ns, coll}
	a.mu.Lock()
	p, ok := a.cache[k]
	a.mu.Unlock()
	if ok {
		return p, nil
	}
	c, err := Lookup(a.src, ns, coll)
	if errors.Is(err, ErrUnknownCollection) {
		return simulation.Permission{}, fmt.Errorf("collection %q of chaincode %q: %w", coll, ns, simulation.ErrUnknownCollection)
	}
	if err != nil {
		return simulation.Permission{}, err
	}
	p = simulation.NewPermission(c.IsMemberSigned(a.creator), c.MemberOnlyRead, c.MemberOnlyWrite)
	a.mu.Lock()
	a.cache[k] = p
	a.mu.Unlock()
	return p, nil
}

var _ simulation.CollectionAccess = (*ProposalAccess)(nil)
