package endorser

import (
	"context"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
)

// PrivateData is the private part of one endorsed simulation: what Fabric
// puts into the transient store and disseminates to eligible peers.
type PrivateData struct {
	Channel string
	TxID    string
	// EndorsedAt is the ledger height the simulation read.
	EndorsedAt uint64
	RWSet      *rwset.TxPvtReadWriteSet
	// Collections is the definition's collection configuration per namespace.
	Collections map[string]*pb.CollectionConfigPackage
}

// PrivateDataHandler receives private write sets after a successful
// simulation and before the proposal is endorsed; an error fails the
// endorsement, as a failed dissemination does in Fabric. On a peer it
// disseminates to member peers and keeps the data in the channel's
// transient store (network/privdata). Without a handler, an endorsement
// that writes private data fails: the data would otherwise be lost.
type PrivateDataHandler interface {
	HandlePrivateData(ctx context.Context, pd *PrivateData) error
}

// PrivateDataChannel is implemented by channels that resolve collections
// themselves (*peer.Channel, through network/privdata): simulation then
// uses their access rules instead of the endorser's own.
type PrivateDataChannel interface {
	// ProposalCollectionAccess returns the permissions of the creator of a
	// proposal whose SignedData is sd.
	ProposalCollectionAccess(sd []*protoutil.SignedData) simulation.CollectionAccess
	// HandlePrivateData disseminates and stores an endorsed private write
	// set.
	HandlePrivateData(ctx context.Context, txid string, endorsedAt uint64, pvt *rwset.TxPvtReadWriteSet, configs map[string]*pb.CollectionConfigPackage) error
}

// channelHandler routes private data to the channel it was simulated on,
// when that channel is a PrivateDataChannel.
type channelHandler struct{ b Backend }

func (h channelHandler) HandlePrivateData(ctx context.Context, pd *PrivateData) error {
	ch, ok := h.b.Channel(pd.Channel)
	if !ok {
		return errChannelGone(pd.Channel)
	}
	pc, ok := ch.(PrivateDataChannel)
	if !ok {
		return errNoPrivateData(pd.Channel)
	}
	return pc.HandlePrivateData(ctx, pd.TxID, pd.EndorsedAt, pd.RWSet, pd.Collections)
}

// namespaceAccess keeps a chaincode to its own namespace's collections.
type namespaceAccess struct {
	ns    string
	inner simulation.CollectionAccess
}

func (a namespaceAccess) CollectionPermission(ns, coll string) (simulation.Permission, error) {
	if ns != a.ns {
		return simulation.Permission{}, errForeignCollection(ns, coll)
	}
	return a.inner.CollectionPermission(ns, coll)
}
