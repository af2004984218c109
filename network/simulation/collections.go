package simulation

import (
	"errors"
	"fmt"
)

// ErrUnknownCollection is returned (wrapped) for a collection that the
// chaincode's definition does not declare.
var ErrUnknownCollection = errors.New("collection is not defined")

// Permission is what the proposal's creator may do in one private data
// collection (fabric-wire.md §6.3).
type Permission struct {
	// Member reports whether the creator satisfies the member_orgs_policy.
	Member bool
	// Read and Write follow member_only_read / member_only_write.
	Read  bool
	Write bool
}

// NewPermission derives Fabric's rule: a member may read and write; a
// non-member may read unless memberOnlyRead and write unless memberOnlyWrite.
func NewPermission(member, memberOnlyRead, memberOnlyWrite bool) Permission {
	return Permission{
		Member: member,
		Read:   member || !memberOnlyRead,
		Write:  member || !memberOnlyWrite,
	}
}

// CollectionAccess answers, for one proposal creator, which collections exist
// and what the creator may do in them. The private-data component implements
// it from the chaincode definition's collection configuration.
type CollectionAccess interface {
	// CollectionPermission returns the creator's permission on collection coll
	// of chaincode namespace ns, or an error wrapping ErrUnknownCollection when
	// ns declares no such collection.
	CollectionPermission(ns, coll string) (Permission, error)
}

// StaticCollections is a fixed CollectionAccess: namespace → collection →
// permission. Useful for tests and single-org tooling.
type StaticCollections map[string]map[string]Permission

// CollectionPermission implements CollectionAccess.
func (s StaticCollections) CollectionPermission(ns, coll string) (Permission, error) {
	p, ok := s[ns][coll]
	if !ok {
		return Permission{}, fmt.Errorf("collection %q of chaincode %q: %w", coll, ns, ErrUnknownCollection)
	}
	return p, nil
}

// noCollections is the default: a chaincode without collection configuration.
type noCollections struct{}

func (noCollections) CollectionPermission(ns, coll string) (Permission, error) {
	return Permission{}, fmt.Errorf("collection %q of chaincode %q: %w", coll, ns, ErrUnknownCollection)
}
