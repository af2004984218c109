package privdata

import (
	"github.com/saharanet/saharanet/network/msp"
)

// PeerInfo is another peer of a channel that private data may be exchanged
// with.
type PeerInfo struct {
	// Endpoint is the host:port of its private data service (usually the
	// peer's main gRPC listener).
	Endpoint string
	// Identity is the peer's serialized MSP identity, used to decide
	// whether it is eligible for a collection.
	Identity []byte
}

// PeerSource lists the other peers of a channel (never this peer).
type PeerSource interface {
	Peers(channel string) []PeerInfo
}

// StaticPeers is a fixed PeerSource for every channel.
type StaticPeers []PeerInfo

// Peers implements PeerSource.
func (s StaticPeers) Peers(string) []PeerInfo { return s }

type knownPeer struct {
	PeerInfo
	id msp.Identity
}

// resolvePeers deserializes and validates peers' identities; peers whose
// identity is not valid on the channel are left out.
func resolvePeers(ps []PeerInfo, d msp.IdentityDeserializer) []knownPeer {
	out := make([]knownPeer, 0, len(ps))
	for _, p := range ps {
		id, err := d.DeserializeIdentity(p.Identity)
		if err != nil || id.Validate() != nil {
			continue
		}
		out = append(out, knownPeer{PeerInfo: p, id: id})
	}
	return out
}
