package privdata

import (
	"slices"

	"github.com/saharanet/saharanet/network/msp"
)

// PeerInfo is another peer of a channel that private data may be exchanged
// with.
type PeerInfo struct {
	// Endpoint is the host:port of its private data service (usually the
	// peer's main gRPC listener).
	Endpoint string
	// Identity is the peer's serialized MSP identity, used to decide
	// whether it is eligible for a collection. Optional when MSPID is set.
	Identity []byte
	// MSPID is the peer's org, as configured. A peer known only by its org
	// is eligible for the collections its org stores (IsMemberOrg). That is
	// safe even when the configuration is wrong: the receiving peer refuses
	// a push for a collection its own org is not a member of, and pulls are
	// authorised on the signed request, not on this list.
	MSPID string
}

// PeerSource lists the other peers of a channel (never this peer).
type PeerSource interface {
	Peers(channel string) []PeerInfo
}

// StaticPeers is a fixed PeerSource for every channel.
type StaticPeers []PeerInfo

// Peers implements PeerSource.
func (s StaticPeers) Peers(string) []PeerInfo { return s }

// PeerSourceFunc adapts a function to PeerSource.
type PeerSourceFunc func(channel string) []PeerInfo

// Peers implements PeerSource.
func (f PeerSourceFunc) Peers(channel string) []PeerInfo { return f(channel) }

type knownPeer struct {
	PeerInfo
	mspID string
	id    msp.Identity // nil for peers known by org only
}

// eligible reports whether the peer may hold collection c's data.
func (p knownPeer) eligible(c *Collection) bool {
	if p.id != nil {
		return c.IsMemberIdentity(p.id)
	}
	return c.IsMemberOrg(p.mspID)
}

// resolvePeers deserializes and validates peers' identities; peers whose
// identity is not valid on the channel, or whose org is not on the channel,
// are left out.
func resolvePeers(ps []PeerInfo, info ChannelInfo) []knownPeer {
	out := make([]knownPeer, 0, len(ps))
	for _, p := range ps {
		if len(p.Identity) == 0 {
			if p.MSPID != "" && slices.Contains(info.MSPIDs, p.MSPID) {
				out = append(out, knownPeer{PeerInfo: p, mspID: p.MSPID})
			}
			continue
		}
		id, err := info.Deserializer.DeserializeIdentity(p.Identity)
		if err != nil || id.Validate() != nil || (p.MSPID != "" && p.MSPID != id.MSPID()) {
			continue
		}
		out = append(out, knownPeer{PeerInfo: p, mspID: id.MSPID(), id: id})
	}
	return out
}
